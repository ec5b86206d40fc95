"""Django for the web tests: settings, a throw-away data folder, the seeds in the store.

The web tests run twice under ``make test``: on SQLite (in memory) and on PostgreSQL when
``DATABASE_URL`` is set (pytest-django creates and drops ``test_<name>``); see docs/web.md.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
if "JIXIAO_DATA" not in os.environ:
    os.environ["JIXIAO_DATA"] = tempfile.mkdtemp(prefix="jixiao-test-data-")
    atexit.register(shutil.rmtree, os.environ["JIXIAO_DATA"], ignore_errors=True)
os.environ.setdefault("JIXIAO_SECRET_KEY", "jixiao-tests-only-not-secret")

import django

django.setup()

import pytest  # noqa: E402

from tests.conftest import ACCOUNTS, GOALS  # noqa: E402


@pytest.fixture
def imported(db, goals_doc, accounts_doc):
    """Both seeds imported into the store: ``(goals SourceDocument, accounts SourceDocument)``."""
    from jixiao.web.store.mapping import import_document

    return import_document(goals_doc, GOALS.read_bytes()), import_document(accounts_doc, ACCOUNTS.read_bytes())


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, goals_doc, accounts_doc):
    """The workflow world (tests/web/workflow_world.py) loaded once per module and removed after it."""
    from tests.web.workflow_world import load_world, unload_world

    with django_db_blocker.unblock():
        ids = load_world(goals_doc, accounts_doc)
    yield ids
    with django_db_blocker.unblock():
        unload_world()


@pytest.fixture
def builds(settings, tmp_path, monkeypatch):
    """Reports kept in a fresh folder (``pages/report_files.py``); every build listed as
    (document id or owner, kind, format)."""
    from jixiao.web.pages import report_files

    settings.REPORTS_ROOT = tmp_path
    seen: list[tuple[object, str, str]] = []
    monkeypatch.setattr(report_files, "BUILD_HOOKS", [lambda *build: seen.append(build)])
    return seen
