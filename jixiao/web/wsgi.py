"""WSGI entry point: ``jixiao.web.wsgi:application`` (gunicorn, mod_wsgi, …)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
application = get_wsgi_application()
