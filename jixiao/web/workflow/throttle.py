"""Login attempts limited: after ``MAX_FAILURES`` failed logins for one username from one IP
within ``WINDOW``, further attempts (even with the right password) are refused until the window
has passed.

How it is wired (no view has to cooperate):

- Django's ``user_login_failed`` signal records each failure (:class:`LoginFailure` rows, in the
  database so that every server process sees them); ``user_logged_in`` clears them;
- :class:`ThrottleGate`, an authentication backend put first in ``AUTHENTICATION_BACKENDS`` by
  ``install()`` (the app's ``ready()``), raises ``PermissionDenied`` while the limit is reached,
  which makes ``django.contrib.auth.authenticate`` fail for every login form (the admin's too);
- the gate also puts the Chinese message ``BLOCKED_MESSAGE`` into Django's messages, so any
  login page that shows messages tells the user why; :class:`ThrottledAuthenticationForm` /
  the pages' login view (``authentication_form``) shows it as the form's own error instead
  (and does not even try the password).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

MAX_FAILURES = 5
WINDOW = dt.timedelta(minutes=15)
BLOCKED_MESSAGE = "登录失败次数过多，请15分钟后再试。"
GATE = "jixiao.web.workflow.throttle.ThrottleGate"


def client_ip(request: Any) -> str:
    """The client's address (``REMOTE_ADDR``; behind a proxy, the proxy must set it)."""
    meta = getattr(request, "META", None) or {}
    return str(meta.get("REMOTE_ADDR") or "unknown")[:64]


def _username(credentials: dict[str, Any]) -> str:
    from django.contrib.auth import get_user_model

    field = get_user_model().USERNAME_FIELD
    return str(credentials.get(field) or credentials.get("username") or "")[:150].strip().lower()


def failures(username: str, ip: str) -> int:
    from jixiao.web.workflow.models import LoginFailure

    since = timezone.now() - WINDOW
    return LoginFailure.objects.filter(username=username.strip().lower(), ip=ip, when__gte=since).count()


def is_blocked(username: str, ip: str) -> bool:
    return bool(username) and failures(username, ip) >= MAX_FAILURES


def record_failure(username: str, ip: str) -> None:
    from jixiao.web.workflow.models import LoginFailure

    if username:
        LoginFailure.objects.create(username=username.strip().lower(), ip=ip)
        LoginFailure.objects.filter(when__lt=timezone.now() - 4 * WINDOW).delete()  # keep the table small


def clear(username: str, ip: str) -> None:
    from jixiao.web.workflow.models import LoginFailure

    LoginFailure.objects.filter(username=username.strip().lower(), ip=ip).delete()


class ThrottleGate:
    """An authentication backend that authenticates nobody: it only refuses blocked attempts.

    ``get_user`` is the model backend's, so that a session whose backend was recorded as the
    gate (``Client.force_login`` takes the first backend) still finds its user.
    """

    def authenticate(self, request: Any, **credentials: Any) -> None:
        if request is not None and is_blocked(_username(credentials), client_ip(request)):
            _tell(request)
            raise PermissionDenied(BLOCKED_MESSAGE)
        return None

    def get_user(self, user_id: Any) -> Any:
        from django.contrib.auth.backends import ModelBackend

        return ModelBackend().get_user(user_id)


def _tell(request: Any) -> None:
    """Show the Chinese message on whatever login page is used (through the messages framework)."""
    from django.contrib import messages

    if getattr(request, "_messages", None) is not None and not getattr(request, "_jixiao_blocked_told", False):
        request._jixiao_blocked_told = True
        messages.error(request, BLOCKED_MESSAGE)


def _on_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    if request is not None:
        record_failure(_username(credentials), client_ip(request))


def _on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None:
        clear(user.get_username(), client_ip(request))


def install() -> None:
    """Connect the signals and put the gate first among the authentication backends."""
    user_login_failed.connect(_on_failed, dispatch_uid="jixiao-login-failed")
    user_logged_in.connect(_on_logged_in, dispatch_uid="jixiao-logged-in")
    backends = list(getattr(settings, "AUTHENTICATION_BACKENDS", ["django.contrib.auth.backends.ModelBackend"]))
    if GATE not in backends:
        settings.AUTHENTICATION_BACKENDS = [GATE, *backends]


class ThrottledAuthenticationForm(AuthenticationForm):
    """Django's login form, with the Chinese message when the limit is reached."""

    def clean(self) -> dict[str, Any]:
        username = _username({"username": self.cleaned_data.get("username")})
        if self.request is not None and is_blocked(username, client_ip(self.request)):
            raise ValidationError(BLOCKED_MESSAGE, code="throttled")
        return super().clean()
