"""The workflow: the full cycle on a real project, the audit trail, the version check, the
transition views and the template tags."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import Client, RequestFactory

from jixiao.web.store import models as m
from jixiao.web.workflow import audit, states
from jixiao.web.workflow.audit import Conflict, record_change, save_with_version

pytestmark = pytest.mark.django_db
S = m.Status


def user(name: str):
    return get_user_model().objects.get(username=name)


def logged_in(name: str) -> Client:
    client = Client()
    client.force_login(user(name))
    return client


def trail(obj) -> list[tuple[str, str, dict, str]]:
    return [
        (e.user.username if e.user else None, e.action, e.changes, e.reason)
        for e in audit.entries_for(obj).order_by("when", "id")
    ]


def test_transition_table_is_the_documented_workflow():
    table = [(a.code, a.source, a.target, a.actor, a.needs_reason) for a in states.TRANSITIONS]
    assert table == [
        ("submit", "draft", "submitted", "unit_clerk", False),
        ("submit", "returned", "submitted", "unit_clerk", False),
        ("return", "submitted", "returned", "department_reviewer", True),
        ("approve", "submitted", "dept_approved", "department_reviewer", False),
        ("return", "dept_approved", "returned", "finance_bureau", True),
        ("approve", "dept_approved", "bureau_approved", "finance_bureau", False),
        ("publish", "bureau_approved", "published", "finance_bureau", False),
    ]
    assert states.actions_from(S.PUBLISHED) == []


def test_full_cycle_on_the_legal_aid_project(world):
    """clerk2 submits 法律援助及12348业务费; reviewer returns it with a reason; clerk2 edits and
    resubmits; reviewer approves; bureau approves and publishes; the public sees it."""
    p = m.Project.objects.get(pk=world["draft_124005"])
    assert (p.name, p.budget, p.status, p.version) == ("法律援助及12348业务费", Decimal("378.50"), S.DRAFT, 1)
    clerk2, reviewer, bureau = user("clerk2"), user("reviewer"), user("bureau")

    assert [a.label for a in states.allowed_transitions(clerk2, p)] == ["提交"]
    states.transition(clerk2, p, "submit")
    assert (p.status, p.version) == (S.SUBMITTED, 2)
    assert [a.code for a in states.allowed_transitions(reviewer, p)] == ["return", "approve"]
    assert states.allowed_transitions(clerk2, p) == []

    with pytest.raises(states.TransitionError) as err:
        states.transition(reviewer, p, "return", reason="  ")
    assert (err.value.message, err.value.status) == ("退回时必须填写退回理由。", 400)
    states.transition(reviewer, p, "return", reason="绩效指标“办理法律援助案件数”缺少指标值依据")
    assert (p.status, p.version) == (S.RETURNED, 3)

    save_with_version(p, 3, user=clerk2, budget=Decimal("380.00"))
    assert [a.label for a in states.allowed_transitions(clerk2, p)] == ["重新提交"]
    states.transition(clerk2, p, "submit")
    states.transition(reviewer, p, "approve")
    assert p.status == S.DEPT_APPROVED
    assert [a.label for a in states.allowed_transitions(bureau, p)] == ["退回", "财政局审核通过"]
    states.transition(bureau, p, "approve")
    states.transition(bureau, p, "publish")
    assert (p.status, p.version, p.budget) == (S.PUBLISHED, 8, Decimal("380.000000"))

    assert trail(p) == [
        ("clerk2", "submit", {"status": ["draft", "submitted"]}, ""),
        ("reviewer", "return", {"status": ["submitted", "returned"]}, "绩效指标“办理法律援助案件数”缺少指标值依据"),
        ("clerk2", "edit", {"budget": ["378.5", "380"]}, ""),
        ("clerk2", "submit", {"status": ["returned", "submitted"]}, ""),
        ("reviewer", "approve", {"status": ["submitted", "dept_approved"]}, ""),
        ("bureau", "approve", {"status": ["dept_approved", "bureau_approved"]}, ""),
        ("bureau", "publish", {"status": ["bureau_approved", "published"]}, ""),
    ]
    r = Client().get(f"/api/projects/{p.pk}")
    assert r.status_code == 200 and r.json()["budget"] == "380"


def test_wrong_state_and_unknown_action(world):
    p = m.Project.objects.get(pk=world["draft_124001"])
    with pytest.raises(states.TransitionError) as err:
        states.transition(user("bureau"), p, "publish")
    assert (err.value.message, err.value.status) == ("当前状态为“草稿”，不能执行“公开”。", 409)
    with pytest.raises(states.TransitionError) as err:
        states.transition(user("clerk"), p, "destroy")
    assert err.value.message == "未知的操作“destroy”。"
    with pytest.raises(states.TransitionError) as err:
        states.transition(user("clerk2"), p, "submit")
    assert (err.value.message, err.value.status) == ("您无权对该记录执行“提交”。", 403)
    assert m.AuditEntry.objects.count() == 0


def test_stale_transition_is_refused(world):
    p = m.Project.objects.get(pk=world["draft_124001"])
    with pytest.raises(states.TransitionError) as err:
        states.transition(user("clerk"), p, "submit", seen_version=0)
    assert err.value.status == 409
    assert "已被他人修改" in err.value.message and "第 0 版" in err.value.message
    p.refresh_from_db()
    assert p.status == S.DRAFT


def test_two_editors_cannot_overwrite_each_other(world):
    pk = world["draft_124001"]
    first, second = m.Project.objects.get(pk=pk), m.Project.objects.get(pk=pk)
    assert first.version == second.version == 1
    save_with_version(first, first.version, user=user("clerk"), goal="第一人的目标")
    with pytest.raises(Conflict) as err:
        save_with_version(second, second.version, user=user("clerk"), goal="第二人的目标")
    assert err.value.message == (
        "保存失败：该记录已被他人修改（您编辑的是第 1 版，当前为第 2 版）。"
        "为避免覆盖他人的修改，本次未保存；请刷新页面，查看最新内容后重新修改。"
    )
    stored = m.Project.objects.get(pk=pk)
    assert (stored.goal, stored.version) == ("第一人的目标", 2)
    assert [e[1] for e in trail(stored)] == ["edit"]
    with pytest.raises(Conflict):
        save_with_version(stored, "not-a-number", goal="x")


def test_record_change_keeps_only_changed_fields(world):
    p = m.Project.objects.get(pk=world["draft_124001"])
    before = audit.snapshot_fields(p, ["name", "budget", "goal"])
    assert before["name"] == "法律培训费"
    assert record_change(user("clerk"), p, before, dict(before)) is None
    entry = record_change(user("clerk"), p, before, {**before, "budget": Decimal("1.5")}, reason="调整预算")
    assert entry.changes == {"budget": [before["budget"], "1.5"]}
    assert (entry.object_type, entry.object_id, entry.reason) == ("store.project", str(p.pk), "调整预算")
    rows = audit.describe(entry)
    assert rows == [{"field": "budget", "label": "预算数", "before": before["budget"], "after": "1.5"}]


def test_transition_view_and_audit_partial(world):
    pk = world["draft_124001"]
    client = logged_in("clerk")
    r = client.post(f"/workflow/project/{pk}/submit/", {"version": 1, "next": f"/projects/{pk}/"})
    assert r.status_code == 302 and r["Location"] == f"/projects/{pk}/"
    assert m.Project.objects.get(pk=pk).status == S.SUBMITTED
    # an outside `next` is not followed
    reviewer = logged_in("reviewer")
    r = reviewer.post(f"/workflow/project/{pk}/return/", {"version": 2, "next": "https://evil.example/"})
    assert r.status_code == 303 and r["Location"] == "/"  # no reason: refused, back with a message
    r = reviewer.post(f"/workflow/project/{pk}/return/", {"version": 2, "reason": "请补充依据", "next": "/"})
    assert r.status_code == 302
    r = reviewer.get(f"/workflow/project/{pk}/audit/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "操作记录" in html and "退回" in html and "请补充依据" in html and "已提交" in html and "已退回" in html
    r = Client().get(f"/workflow/project/{pk}/audit/")  # the internal trail: never public, a login prompt
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    assert '<a class="brand"' in html or "<html" not in html  # the partial (htmx) or a page in the layout
    page = reviewer.get(f"/workflow/project/{pk}/audit/").content.decode()
    assert '<a class="brand"' in page and "请补充依据" in page  # opened as a page: inside the site's layout
    assert reviewer.get(f"/workflow/nothing/{pk}/audit/").status_code == 404
    assert reviewer.get(f"/workflow/project/{pk}/submit/").status_code == 405


def test_transition_view_with_htmx(world):
    pk = world["draft_124005"]
    client = logged_in("clerk2")
    r = client.post(f"/workflow/project/{pk}/submit/", {"version": 1}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and r["HX-Refresh"] == "true"
    assert "已提交" in r.content.decode()
    r = client.post(f"/workflow/project/{pk}/submit/", {"version": 2}, headers={"HX-Request": "true"})
    assert r.status_code == 409
    assert "当前状态为“已提交”，不能执行“提交”。" in r.content.decode()


def test_template_tags_render_allowed_actions_and_trail(world):
    p = m.Project.objects.get(pk=world["draft_124001"])
    request = RequestFactory().get(f"/projects/{p.pk}/")
    request.user = user("clerk")
    tpl = Template("{% load workflow %}{% workflow_actions record %}{% audit_trail record %}")
    html = tpl.render(Context({"record": p, "request": request, "csrf_token": "tok"}))
    assert "草稿" in html and "第 1 版" in html
    assert f'action="/workflow/project/{p.pk}/submit/"' in html and ">提交</button>" in html
    assert 'name="csrfmiddlewaretoken" value="tok"' in html
    assert "暂无操作记录。" in html
    states.transition(user("clerk"), p, "submit")
    request.user = user("reviewer")
    html = tpl.render(Context({"record": p, "request": request, "csrf_token": "tok"}))
    assert ">退回</button>" in html and ">主管部门审核通过</button>" in html and 'name="reason" required' in html
    assert "clerk" in html and "提交" in html
    request.user = user("clerk")
    html = tpl.render(Context({"record": p, "request": request, "csrf_token": "tok"}))
    assert "<form" not in html  # read-only for its author now


def test_self_evaluation_workflow(world):
    form = m.SelfEvaluation.objects.get(project_name="法律援助及 12348 业务费")
    m.SelfEvaluation.objects.filter(pk=form.pk).update(status=S.DRAFT)
    form.refresh_from_db()
    states.transition(user("clerk2"), form, "submit")
    states.transition(user("reviewer"), form, "approve")
    assert form.status == S.DEPT_APPROVED
    assert [e[1] for e in trail(form)] == ["submit", "approve"]
    assert audit.entries_for(form).first().object_type == "store.selfevaluation"


def test_records_without_workflow():
    evaluation = m.Evaluation(kind="finance", title="t")
    assert states.allowed_transitions(None, evaluation) == []
    with pytest.raises(states.TransitionError) as err:
        states.transition(None, evaluation, "submit")
    assert err.value.message == "该记录没有审核流程。"


def test_audit_changes_are_readable_item_by_item():
    entry = m.AuditEntry(
        object_type="store.project",
        changes={
            "indicators": [["产出指标/数量指标/培训次数：≥3次（计划标准）", "产出指标/质量指标/合格率：100%（）"],
                           ["产出指标/数量指标/培训次数：≥4次（计划标准）", "产出指标/质量指标/合格率：100%（）"]],
            "budget": ["10", "12"],
            "status": ["draft", "submitted"],
        },
    )  # fmt: skip
    rows = {r["label"]: (r["before"], r["after"]) for r in audit.describe(entry)}
    assert rows["绩效指标"] == ("删除：产出指标/数量指标/培训次数：≥3次（计划标准）", "新增：产出指标/数量指标/培训次数：≥4次（计划标准）")
    assert rows["状态"] == ("草稿", "已提交") and rows["预算数"] == ("10", "12")
    assert not [label for label in rows if label.isascii()]  # no English key reaches the page
