"""The jixiao web app (Django): the store, pages, workflow and API over the core model.

``python -m jixiao.web <manage.py arguments>`` runs Django's management commands with
``jixiao.web.settings``; ``jixiao serve`` starts the server. See docs/web.md.
"""

from __future__ import annotations

import os

SETTINGS_MODULE = "jixiao.web.settings"


def setup() -> None:
    """Configure Django with the jixiao settings (for scripts and the CLI)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django

    django.setup()
