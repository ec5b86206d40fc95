"""The world the workflow, permission and API tests share (loaded once per test module).

Both seeds imported as by the demo (2023 goal tables as drafts, 2022 final accounts published),
the demo accounts, and one project set to published (``法律职业资格考试费`` of 124001).
Each test still runs in its own transaction (``db`` fixture), so its changes are rolled back.
"""

from __future__ import annotations

from django.core.management import call_command

from tests.conftest import ACCOUNTS, GOALS

DRAFT_124001 = "法律培训费"  # a 2023 draft of 124001 青岛市司法局本级
DRAFT_124005 = "法律援助及12348业务费"  # a 2023 draft of 124005 青岛市法律援助中心 (assigned to the evaluator)
PUBLISHED_124001 = "法律职业资格考试费"  # a 2023 project of 124001, set to published here
PASSWORDS = {
    "clerk": "jixiao-clerk-2026",
    "clerk2": "jixiao-clerk2-2026",
    "reviewer": "jixiao-reviewer-2026",
    "bureau": "jixiao-bureau-2026",
    "evaluator": "jixiao-evaluator-2026",
    "admin": "jixiao-admin-2026",
}


def load_world(goals_doc, accounts_doc) -> dict[str, int]:
    from jixiao.web.store import demo
    from jixiao.web.store import models as m
    from jixiao.web.store.mapping import import_document

    import_document(goals_doc, GOALS.read_bytes(), status=m.Status.DRAFT)
    import_document(accounts_doc, ACCOUNTS.read_bytes(), status=m.Status.PUBLISHED)
    demo.create_accounts()
    m.Project.objects.filter(name=PUBLISHED_124001).update(status=m.Status.PUBLISHED)
    return {
        "draft_124001": m.Project.objects.get(name=DRAFT_124001).pk,
        "draft_124005": m.Project.objects.get(name=DRAFT_124005).pk,
        "published": m.Project.objects.get(name=PUBLISHED_124001).pk,
    }


def unload_world() -> None:
    call_command("flush", interactive=False, verbosity=0)
