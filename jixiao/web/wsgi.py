"""WSGI entry point: ``jixiao.web.wsgi:application`` (gunicorn, mod_wsgi, …)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
application = get_wsgi_application()

# the URL resolver and the API schema are built now, not on the first visitor's request
from jixiao.web.api.docs import warm  # noqa: E402

warm()
