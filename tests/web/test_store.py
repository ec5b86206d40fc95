"""The store keeps the core model losslessly (run on SQLite and on PostgreSQL), the settings
pick the database from the environment, and the demo command builds a usable database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import connection

from jixiao.model import codec
from jixiao.model.document import Document
from jixiao.web.settings import parse_database_url
from jixiao.web.store import mapping
from jixiao.web.store import models as m
from tests.conftest import GOALS

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------- round trip


def test_projects_read_back_equal(imported, goals_doc):
    goals_sd, _ = imported
    rows = list(goals_sd.projects.order_by("position"))
    assert len(rows) == 10
    back = [mapping.project_to_model(p) for p in rows]
    assert back == list(goals_doc.goals.projects)
    assert back[8].name == "法律援助及12348业务费"
    assert back[8].budget == Decimal("378.50")
    assert len(back[8].indicators) == 9
    assert back[0].spending_plan == goals_doc.goals.projects[0].spending_plan


def test_self_evaluations_read_back_equal(imported, accounts_doc):
    _, accounts_sd = imported
    rows = list(m.SelfEvaluation.objects.filter(source_document=accounts_sd).order_by("position"))
    assert len(rows) == 12
    back = [mapping.selfeval_to_model(s) for s in rows]
    assert back == list(accounts_doc.accounts.self_evaluations)
    legal_aid = rows[10]
    assert legal_aid.total_raw == "99.75614267"
    assert legal_aid.total_value == Decimal("99.75614267")
    assert legal_aid.indicator_results.count() == 10
    assert legal_aid.unit.code == "124005"


def test_final_accounts_and_evaluations_read_back_equal(imported, accounts_doc):
    _, accounts_sd = imported
    fa = accounts_sd.final_accounts.get()
    assert mapping.final_accounts_to_model(fa) == accounts_doc.accounts
    evaluations = [mapping.evaluation_to_model(e) for e in fa.evaluations.order_by("position")]
    assert evaluations == list(accounts_doc.accounts.evaluations)
    finance = fa.evaluations.get(kind="finance")
    assert finance.title == "2022年度法律援助及12348热线项目支出财政绩效评价报告"


def test_whole_documents_read_back_equal(imported, goals_doc, accounts_doc):
    goals_sd, accounts_sd = imported
    assert mapping.document_from_store(goals_sd) == goals_doc
    assert mapping.document_from_store(accounts_sd) == accounts_doc
    assert codec.decode(m.SourceDocument.objects.get(pk=accounts_sd.pk).snapshot, Document) == accounts_doc
    assert bytes(m.SourceDocument.objects.get(pk=goals_sd.pk).raw) == GOALS.read_bytes()


def test_finding_counts_are_stored(imported, accounts_doc):
    _, accounts_sd = imported
    row = m.SourceDocument.objects.get(pk=accounts_sd.pk)
    assert row.finding_count == len(accounts_doc.findings) > 0
    assert row.error_count + row.warning_count + row.info_count == row.finding_count
    assert row.kind == "final_accounts" and row.year == 2022


def test_edited_rows_win_over_the_snapshot(imported):
    """The rows are the current state: an edited target is re-parsed by the core grammar."""
    goals_sd, _ = imported
    project = goals_sd.projects.get(position=8)
    indicator = project.indicators.order_by("position").first()
    indicator.target_raw = "≥95%"
    indicator.save()
    project.budget = Decimal("400.123456")
    project.save()
    back = mapping.project_to_model(m.Project.objects.get(pk=project.pk))
    assert back.budget == Decimal("400.123456")
    assert back.indicators[0].target.raw == "≥95%"
    assert back.indicators[0].target.ratio == Decimal("0.95")


def test_organisation_tree_from_the_documents(imported):
    bureau = m.Organisation.objects.get(kind="bureau")
    assert bureau.name == "青岛市财政局" and bureau.parent is None
    department = m.Organisation.objects.get(kind="department")
    assert department.name == "青岛市司法局" and department.parent == bureau
    units = {(u.code, u.name) for u in m.Organisation.objects.filter(kind="unit", parent=department)}
    assert units == {("124001", "青岛市司法局本级"), ("124005", "青岛市法律援助中心")}
    assert m.Organisation.objects.count() == 4
    # the 2022 forms name the department itself as 实施单位: they belong to its own-level unit
    assert m.SelfEvaluation.objects.filter(unit__code="124001").count() == 10


def test_accounts_first_then_goals_gives_the_same_tree(db, goals_doc, accounts_doc):
    mapping.import_document(accounts_doc, None)
    mapping.import_document(goals_doc, None)
    units = {(u.code, u.name) for u in m.Organisation.objects.filter(kind="unit")}
    assert units == {("124001", "青岛市司法局本级"), ("124005", "青岛市法律援助中心")}


def test_money_columns_are_decimal_not_float():
    for model in (m.Project, m.PlanPoint, m.SelfEvaluation, m.SelfEvalBudgetLine, m.SelfEvalIndicator):
        for field in model._meta.get_fields():
            assert field.get_internal_type() != "FloatField", f"{model.__name__}.{field.name}"


def test_database_vendor_matches_database_url():
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


# ---------------------------------------------------------------- settings


def test_database_url_selects_postgresql(tmp_path):
    db = parse_database_url("postgres://postgres:s%40cret@127.0.0.1:5432/jixiao_test?sslmode=disable", tmp_path)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "jixiao_test",
        "postgres",
        "s@cret",
        "127.0.0.1",
        "5432",
    )
    assert db["OPTIONS"] == {"sslmode": "disable"}


def test_no_database_url_means_sqlite_in_the_data_folder(tmp_path):
    db = parse_database_url(None, tmp_path)
    assert db == {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "jixiao.sqlite3")}


def test_unknown_database_url_is_refused(tmp_path):
    with pytest.raises(ValueError, match="mysql"):
        parse_database_url("mysql://root@localhost/jixiao", tmp_path)
    with pytest.raises(ValueError, match="name"):
        parse_database_url("postgres://postgres@127.0.0.1:5432/", tmp_path)


def test_settings_module_reads_the_environment(tmp_path):
    """A fresh interpreter: DATABASE_URL → PostgreSQL, and the secret key is generated once."""
    code = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps([s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], s.SECRET_KEY,"
        " s.LANGUAGE_CODE, s.TIME_ZONE, s.USE_TZ, s.DATA_UPLOAD_MAX_MEMORY_SIZE, s.TASKS['default']['BACKEND']]))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "JIXIAO_SECRET_KEY")}
    env |= {
        "DJANGO_SETTINGS_MODULE": "jixiao.web.settings",
        "JIXIAO_DATA": str(tmp_path),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/jixiao_x",
    }

    def run() -> list:
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
        )
        return json.loads(out.stdout)

    first = run()
    assert first[:2] == ["django.db.backends.postgresql", "jixiao_x"]
    assert first[3:] == ["zh-hans", "Asia/Shanghai", True, 20 * 1024 * 1024, "django_tasks_db.DatabaseBackend"]
    assert (tmp_path / "secret_key").read_text().strip() == first[2]
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert run()[2] == first[2]


# ---------------------------------------------------------------- demo


def test_demo_command_creates_accounts_and_data(capsys):
    call_command("jixiao_demo")
    out = capsys.readouterr().out
    from jixiao.web.store.demo import ACCOUNTS as DEMO

    assert {a.username for a in DEMO} == {"clerk", "clerk2", "reviewer", "bureau", "evaluator", "admin"}
    for account in DEMO:
        assert account.username in out and account.password in out
        user = authenticate(username=account.username, password=account.password)
        assert user is not None, account.username
        assert user.profile.role == account.role
    clerk = authenticate(username="clerk", password="jixiao-clerk-2026")
    assert str(clerk.profile.organisation) == "124001青岛市司法局本级"
    assert (
        authenticate(username="reviewer", password="jixiao-reviewer-2026").profile.organisation.name == "青岛市司法局"
    )
    assert authenticate(username="bureau", password="jixiao-bureau-2026").profile.organisation.name == "青岛市财政局"
    admin = authenticate(username="admin", password="jixiao-admin-2026")
    assert admin.is_superuser and admin.is_staff
    evaluator = authenticate(username="evaluator", password="jixiao-evaluator-2026")
    assert [p.name for p in evaluator.profile.assigned_projects.all()] == ["法律援助及12348业务费"]
    assert m.SourceDocument.objects.count() == 2
    assert m.Project.objects.count() == 10
    assert m.SelfEvaluation.objects.count() == 12
    assert m.Evaluation.objects.count() == 2
    # running it again changes nothing (idempotent)
    call_command("jixiao_demo")
    assert m.SourceDocument.objects.count() == 2
    assert m.Profile.objects.count() == len(DEMO)


def test_home_login_and_admin_answer(client, django_user_model):
    home = client.get("/")
    assert home.status_code == 200 and "jixiao 绩效" in home.content.decode()
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/admin/").status_code == 302  # to the admin login
    django_user_model.objects.create_superuser("root", password="jixiao-root-2026")
    assert client.login(username="root", password="jixiao-root-2026")
    assert client.get("/admin/store/project/").status_code == 200


def test_checks_on_stored_documents_equal_checks_on_the_read_ones(imported, goals_doc, accounts_doc):
    """Stored figures keep their written form (not the column's scale), so every check gives the
    same findings on the store as on the file — a padded 0.9589660300 once made 执行率 checks fire."""
    from jixiao.checks import run_checks
    from jixiao.web.store.mapping import document_from_store

    stored = [document_from_store(sd) for sd in imported]

    def key(report):
        return sorted((f.code, f.source.line, f.source.column, f.expected, f.actual) for f in report.findings)

    assert key(run_checks(stored)) == key(run_checks([goals_doc, accounts_doc]))
    form = document_from_store(imported[1]).accounts.self_evaluations[2]
    assert str(form.budget_lines[0].rate.value) == "0.95896603"
