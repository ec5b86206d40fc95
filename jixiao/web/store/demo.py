"""The demo database: the bundled documents and one account per role (fixed passwords).

Used by ``python -m jixiao.web jixiao_demo`` and ``jixiao serve --demo``. Idempotent: files
already imported are skipped and the accounts are reset to the passwords below. The 2023
goal tables come in as drafts (work in progress for the units), the 2022 final accounts
with their self-evaluations as published (what the public sees).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from jixiao.ingest import read_bytes
from jixiao.web.store import mapping
from jixiao.web.store import models as m

EXAMPLES_DIR = Path(__file__).resolve().parents[3] / "examples"
STATUS_BY_KIND = {"goal_tables": m.Status.DRAFT, "final_accounts": m.Status.PUBLISHED}
EVALUATOR_PROJECT = "法律援助及12348业务费"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    organisation: str | None  # organisation code, else name; None for none
    description: str  # Chinese, shown at start and in the README


ACCOUNTS = (
    DemoAccount("clerk", "jixiao-clerk-2026", m.Role.UNIT_CLERK, "124001", "单位填报人：124001 青岛市司法局本级"),
    DemoAccount("clerk2", "jixiao-clerk2-2026", m.Role.UNIT_CLERK, "124005", "单位填报人：124005 青岛市法律援助中心"),
    DemoAccount(
        "reviewer", "jixiao-reviewer-2026", m.Role.DEPARTMENT_REVIEWER, "青岛市司法局", "主管部门审核人：青岛市司法局"
    ),
    DemoAccount("bureau", "jixiao-bureau-2026", m.Role.FINANCE_BUREAU, "青岛市财政局", "财政局：青岛市财政局（全部）"),
    DemoAccount(
        "evaluator", "jixiao-evaluator-2026", m.Role.EVALUATOR, None, f"评价人员：分配项目“{EVALUATOR_PROJECT}”"
    ),
    DemoAccount("admin", "jixiao-admin-2026", m.Role.ADMIN, None, "系统管理员（超级用户，/admin/）"),
)


def import_examples(directory: Path = EXAMPLES_DIR) -> list[str]:
    """Import every ``*.txt`` of ``directory`` not imported yet; the names imported."""
    done = []
    for path in sorted(directory.glob("*.txt")):
        if m.SourceDocument.objects.filter(file_name=path.name).exists():
            continue
        data = path.read_bytes()
        doc = read_bytes(data, path.name)
        mapping.import_document(doc, data, status=STATUS_BY_KIND.get(doc.kind, m.Status.DRAFT))
        done.append(path.name)
    return done


def attach_measurements(directory: Path = EXAMPLES_DIR) -> list[str]:
    """Store each measurement file (``*measurements*.yaml``) with the evaluations whose title it names.

    The file's text is kept in ``Evaluation.measurements``: the pages score from the database, never
    from this folder. Returns one Chinese line per evaluation updated."""
    from jixiao.rules.measurements import load_measurements
    from jixiao.rules.schemefile import SchemeError

    done = []
    for path in sorted(directory.glob("*measurements*.y*ml")):
        text = path.read_text(encoding="utf-8")
        try:
            found = load_measurements(path, text=text)
        except SchemeError as e:
            done.append(f"测量值文件无法使用：{e}")
            continue
        for row in m.Evaluation.objects.all():
            if found.names(row.title) and row.measurements != text:
                row.measurements = text
                row.save(update_fields=["measurements"])
                done.append(f"已保存测量值：{path.name} → {row.title}")
    return done


def _organisation(key: str | None) -> m.Organisation | None:
    if key is None:
        return None
    return m.Organisation.objects.filter(code=key).first() or m.Organisation.objects.filter(name=key).first()


@transaction.atomic
def create_accounts() -> list[DemoAccount]:
    """Create (or reset) the demo accounts; each gets a profile with its role and organisation."""
    users = get_user_model()
    for account in ACCOUNTS:
        user, _ = users.objects.get_or_create(username=account.username)
        user.set_password(account.password)
        user.is_superuser = user.is_staff = account.role == m.Role.ADMIN
        user.is_active = True
        user.save()
        profile, _ = m.Profile.objects.get_or_create(user=user, defaults={"role": account.role})
        profile.role = account.role
        profile.organisation = _organisation(account.organisation)
        profile.save()
        if account.role == m.Role.EVALUATOR:
            project = m.Project.objects.filter(name=EVALUATOR_PROJECT).order_by("-year", "id").first()
            profile.assigned_projects.set([project] if project else [])
    return list(ACCOUNTS)


def accounts_table() -> str:
    """The accounts as printed at start (and pasted into the README)."""
    lines = ["演示账号（仅用于本机演示）：", f"  {'用户名':<10}{'密码':<24}角色"]
    lines += [f"  {a.username:<13}{a.password:<26}{a.description}" for a in ACCOUNTS]
    return "\n".join(lines)
