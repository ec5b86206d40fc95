"""Django settings for the jixiao web app, read from the environment.

Environment:

- ``JIXIAO_DATA`` — the data folder (default ``./data``): the SQLite database
  ``jixiao.sqlite3``, the generated ``secret_key`` and uploaded files live there.
- ``DATABASE_URL`` — ``postgres://user:password@host:port/name`` selects PostgreSQL
  (psycopg 3); without it the SQLite file in the data folder is used.
- ``JIXIAO_SECRET_KEY`` — the secret key; without it one is generated once into
  ``<data>/secret_key`` (mode 600) and reused, so it is never committed.
- ``JIXIAO_DEBUG`` (``1``/``0``), ``JIXIAO_ALLOWED_HOSTS`` (comma-separated),
  ``JIXIAO_HTTPS`` (``1`` marks cookies Secure and trusts HTTPS only; off for the
  loopback demo which runs on plain http).

Apps: ``store`` (the data), ``pages`` (what people see and enter), ``workflow`` (states,
permissions, audit trail), ``api`` (django-ninja); failed logins are counted by django-axes
(``AXES_*`` below, :mod:`jixiao.web.workflow.lockout`).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit

DATA_DIR = Path(os.environ.get("JIXIAO_DATA", "data")).resolve()
SQLITE_NAME = "jixiao.sqlite3"


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def parse_database_url(url: str | None, data_dir: Path) -> dict[str, object]:
    """The ``DATABASES["default"]`` entry for ``DATABASE_URL`` (or the SQLite file when unset).

    Accepts ``postgres://`` and ``postgresql://`` (user, password, host, port, name, and
    ``?sslmode=…``-style options) and ``sqlite:///absolute/path``. Anything else raises
    ``ValueError`` — a misconfigured server must not silently fall back to SQLite.
    """
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(data_dir / SQLITE_NAME)}
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": unquote(parts.path) or str(data_dir / SQLITE_NAME)}
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError(f"DATABASE_URL: unsupported scheme {parts.scheme!r} (postgres:// or sqlite:// expected)")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ValueError("DATABASE_URL: the database name is missing (postgres://user@host:port/NAME)")
    options = {}
    for pair in filter(None, parts.query.split("&")):
        key, _, value = pair.partition("=")
        options[unquote(key)] = unquote(value)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def _secret_key(data_dir: Path) -> str:
    """``JIXIAO_SECRET_KEY``, else the key stored in the data folder (generated on first use)."""
    if key := os.environ.get("JIXIAO_SECRET_KEY"):
        return key
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(key + "\n")
    return key


SECRET_KEY = _secret_key(DATA_DIR)
DEBUG = _flag("JIXIAO_DEBUG")
HTTPS = _flag("JIXIAO_HTTPS")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("JIXIAO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()
]

# The other web parts: installed once their package exists (they are built alongside).

INSTALLED_APPS = [
    "jixiao.web.workflow",
    "jixiao.web.pages",
    "jixiao.web.api",
    "jixiao.web.monitoring",
    "jixiao.web.rectification",
    "jixiao.web.evaluations",
    "jixiao.web.review",
    "jixiao.web.attachments",
    "jixiao.web.store",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "jixiao.web.workflow.apps.AxesConfig",  # django-axes, with Chinese names in the admin
    "django_htmx",
    "django_tasks",
    "jixiao.web.workflow.apps.TasksConfig",  # django_tasks_db, with a Chinese name in the admin
]

# django-axes' backend comes first: it refuses a locked-out username+address before any password check.
AUTHENTICATION_BACKENDS = [
    "jixiao.web.workflow.lockout.LockoutBackend",  # axes.backends.AxesStandaloneBackend
    "django.contrib.auth.backends.ModelBackend",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files from the app itself, under gunicorn too
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "jixiao.web.pages.errors.HtmxSessionMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lock-out into jixiao.web.workflow.lockout's page
]
CSRF_FAILURE_VIEW = "jixiao.web.pages.errors.csrf_failure"

ROOT_URLCONF = "jixiao.web.urls"
WSGI_APPLICATION = "jixiao.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": parse_database_url(os.environ.get("DATABASE_URL"), DATA_DIR)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several people saving at once: wait for the write lock instead of failing at once.
    # WAL: readers never wait for a writer, and a writer never waits for readers.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
    Path(str(DATABASES["default"]["NAME"])).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed logins (django-axes): counted per username AND address (a user locked from one address
# still logs in from another); locked after 5 failures for 15 minutes, doubled for each further
# failure while locked (at most a day); the lock-out page is the login page with the Chinese reason.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = "jixiao.web.workflow.lockout.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True  # each pair keeps its own expiry (cool-offs differ per pair)
AXES_USERNAME_CALLABLE = "jixiao.web.workflow.lockout.username"
AXES_LOCKOUT_CALLABLE = "jixiao.web.workflow.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_MESSAGE = "登录失败次数过多：该账号在此地址已被暂时锁定，请稍后再试。"
AXES_PERMALOCK_MESSAGE = "登录失败次数过多：该账号在此地址已被锁定，请联系系统管理员解锁。"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)  # behind a proxy, the proxy must set REMOTE_ADDR

LOGIN_URL = "pages:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Results the pages compute (checks, scores, charts) are shared by all server processes through
# this cache, keyed by what they are computed from (jixiao/web/pages/analysis.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "TIMEOUT": 24 * 3600,
        # results and rendered page blocks (pages/fragments.py); Django culls a third when full
        "OPTIONS": {"MAX_ENTRIES": 10000},
    }
}
# Generated reports kept per record version (pages/report_files.py): built on the first download and
# rebuilt by the workers after a change. Several machines: a folder every app server and worker shares.
REPORTS_ROOT = Path(os.environ.get("JIXIAO_REPORTS") or DATA_DIR / "reports").resolve()

STATIC_ROOT = DATA_DIR / "static"  # `collectstatic` target for a production web server
# WhiteNoise serves the apps' static files straight from the package (no collectstatic step needed)
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = False
MEDIA_ROOT = DATA_DIR / "uploads"
MEDIA_URL = "/media/"

# Uploads: bodies and files above 20 MB are refused; smaller files stay in memory
# (they are read, never executed or served back as files).
UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_LIMIT_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_LIMIT_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
FILE_UPLOAD_PERMISSIONS = 0o600
# Evidence files (佐证材料) of measurements and problems: stored by SHA-256 under the data folder.
EVIDENCE_ROOT = MEDIA_ROOT / "evidence"
EVIDENCE_LIMIT_BYTES = 20 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from our own static files — no inline script,
# no eval, nothing from another site; inline style attributes stay allowed (the official forms'
# layouts use them); pictures may be inline SVG/PNG data (charts).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 3600
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if h not in ("*",)]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
