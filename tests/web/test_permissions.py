"""The role matrix: nobody reads or writes what they should not — in the permission functions,
in the pages and in the API alike.

Roles (the demo accounts): clerk (124001), clerk2 (124005), reviewer (青岛市司法局, both units),
bureau (all), evaluator (assigned 法律援助及12348业务费, a 124005 draft), anonymous.
Records: a 2023 draft of 124001, a 2023 draft of 124005, a published 2023 project of 124001.
Actions: view, edit, submit, approve (department), approve_final (bureau), return, publish —
each through three channels: the functions (``fn``), the pages (``page``) and the API (``api``).
For a transition the record is first put in the state the action starts from (a published
record stays published: no transition may touch it).
"""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jixiao.web.store import models as m
from jixiao.web.workflow import permissions, states
from jixiao.web.workflow.uploads import validate_upload
from tests.conftest import ACCOUNTS, GOALS

pytestmark = pytest.mark.django_db

ROLES = ("clerk", "clerk2", "reviewer", "bureau", "evaluator", "anonymous")
RECORDS = ("draft_124001", "draft_124005", "published")
Y, N = True, False

# role -> (draft_124001, draft_124005, published)
EXPECTED = {
    "view": {
        "clerk": (Y, N, Y),
        "clerk2": (N, Y, Y),
        "reviewer": (Y, Y, Y),
        "bureau": (Y, Y, Y),
        "evaluator": (N, Y, Y),
        "anonymous": (N, N, Y),
    },
    "edit": {
        "clerk": (Y, N, N),
        "clerk2": (N, Y, N),
        "reviewer": (N, N, N),
        "bureau": (N, N, N),
        "evaluator": (N, N, N),
        "anonymous": (N, N, N),
    },
    "submit": {
        "clerk": (Y, N, N),
        "clerk2": (N, Y, N),
        "reviewer": (N, N, N),
        "bureau": (N, N, N),
        "evaluator": (N, N, N),
        "anonymous": (N, N, N),
    },
    "approve": {
        "clerk": (N, N, N),
        "clerk2": (N, N, N),
        "reviewer": (Y, Y, N),
        "bureau": (N, N, N),
        "evaluator": (N, N, N),
        "anonymous": (N, N, N),
    },
    "approve_final": {
        "clerk": (N, N, N),
        "clerk2": (N, N, N),
        "reviewer": (N, N, N),
        "bureau": (Y, Y, N),
        "evaluator": (N, N, N),
        "anonymous": (N, N, N),
    },
    "return": {
        "clerk": (N, N, N),
        "clerk2": (N, N, N),
        "reviewer": (Y, Y, N),
        "bureau": (N, N, N),
        "evaluator": (N, N, N),
        "anonymous": (N, N, N),
    },
    "publish": {
        "clerk": (N, N, N),
        "clerk2": (N, N, N),
        "reviewer": (N, N, N),
        "bureau": (Y, Y, N),
        "evaluator": (N, N, N),
        "anonymous": (N, N, N),
    },
}
# transition action -> (status it starts from, the action code, the status it leads to)
TRANSITIONS = {
    "submit": (m.Status.DRAFT, "submit", m.Status.SUBMITTED),
    "approve": (m.Status.SUBMITTED, "approve", m.Status.DEPT_APPROVED),
    "approve_final": (m.Status.DEPT_APPROVED, "approve", m.Status.BUREAU_APPROVED),
    "return": (m.Status.SUBMITTED, "return", m.Status.RETURNED),
    "publish": (m.Status.BUREAU_APPROVED, "publish", m.Status.PUBLISHED),
}
CASES = [
    (action, role, record, channel)
    for action in EXPECTED
    for role in ROLES
    for record in RECORDS
    for channel in ("fn", "page", "api")
]


def user_for(role: str):
    if role == "anonymous":
        return AnonymousUser()
    return get_user_model().objects.get(username=role)


def client_for(role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(user_for(role))
    return client


def page_url(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


def expected(action: str, role: str, record: str) -> bool:
    return EXPECTED[action][role][RECORDS.index(record)]


# ---------------------------------------------------------------- the matrix


@pytest.mark.parametrize(("action", "role", "record", "channel"), CASES)
def test_matrix(world, action, role, record, channel):
    project = m.Project.objects.get(pk=world[record])
    allowed = expected(action, role, record)
    if action == "view":
        _check_view(project, role, channel, allowed)
    elif action == "edit":
        _check_edit(project, role, channel, allowed)
    else:
        _check_transition(project, role, channel, action, allowed)


def _check_view(project, role, channel, allowed):
    if channel == "fn":
        assert permissions.can_view(user_for(role), project) is allowed
        assert permissions.visible(user_for(role), m.Project.objects.filter(pk=project.pk)).exists() is allowed
    elif channel == "api":
        r = client_for(role).get(f"/api/projects/{project.pk}")
        assert r.status_code == (200 if allowed else (401 if role == "anonymous" else 404)), r.content
        listed = [p["id"] for p in client_for(role).get("/api/projects").json()["results"]]
        assert (project.pk in listed) is allowed
        if allowed:
            assert r.json()["name"] == project.name
        else:
            assert r.json()["ok"] is False and project.name not in r.content.decode()
    else:
        url = page_url("pages:project", project.pk)
        r = client_for(role).get(url)
        if allowed:
            assert r.status_code == 200
            assert project.name in r.content.decode()
        else:
            assert r.status_code in (302, 403, 404)
            if r.status_code == 302:
                assert "login" in r["Location"]


def _check_edit(project, role, channel, allowed):
    if channel == "fn":
        assert permissions.can_edit(user_for(role), project) is allowed
    elif channel == "api":
        r = client_for(role).put(
            f"/api/projects/{project.pk}",
            {"version": project.version, "purpose": "矩阵测试修改"},
            content_type="application/json",
        )
        project.refresh_from_db()
        if allowed:
            assert r.status_code == 200, r.content
            assert project.purpose == "矩阵测试修改" and project.version == 2
        else:
            assert r.status_code in (401, 403, 404), r.content
            assert r.json()["ok"] is False
            assert project.purpose != "矩阵测试修改" and project.version == 1
    else:
        url = page_url("pages:project_edit", project.pk)
        client = client_for(role)
        r = client.get(url)
        if allowed:
            assert r.status_code == 200
        else:
            assert r.status_code in (302, 403, 404)
            r = client.post(url, {"version": project.version, "name": "被篡改的名称"})
            assert r.status_code in (302, 403, 404)
            project.refresh_from_db()
            assert project.name != "被篡改的名称" and project.version == 1


def _check_transition(project, role, channel, action, allowed):
    source, code, target = TRANSITIONS[action]
    if project.status != m.Status.PUBLISHED:
        m.Project.objects.filter(pk=project.pk).update(status=source)
    project.refresh_from_db()
    before = project.status
    reason = "矩阵测试：请补充指标值依据" if code == "return" else None
    user = user_for(role)
    if channel == "fn":
        assert (code in [a.code for a in states.allowed_transitions(user, project)]) is allowed
        if allowed:
            states.transition(user, project, code, reason=reason)
        else:
            with pytest.raises(states.TransitionError) as err:
                states.transition(user, project, code, reason=reason)
            assert err.value.status in (403, 409) and err.value.message
    elif channel == "api":
        body = {"version": project.version, **({"reason": reason} if reason else {})}
        r = client_for(role).post(
            f"/api/projects/{project.pk}/transitions/{code}", body, content_type="application/json"
        )
        if allowed:
            assert r.status_code == 200, r.content
            assert r.json()["status"] == target
        else:
            assert r.status_code in (401, 403, 404, 409), r.content
            assert r.json()["ok"] is False and r.json()["error"]
    else:
        body = {"version": project.version, "next": "/", **({"reason": reason} if reason else {})}
        r = client_for(role).post(f"/workflow/project/{project.pk}/{code}/", body)
        if allowed:
            assert r.status_code == 302
        else:
            assert r.status_code in (302, 303, 403, 404)
    project.refresh_from_db()
    assert project.status == (target if allowed else before)
    entries = m.AuditEntry.objects.filter(object_type="store.project", object_id=str(project.pk), action=code)
    assert entries.exists() is allowed
    if allowed:
        entry = entries.order_by("-id").first()
        assert entry.changes == {"status": [str(source), str(target)]}
        assert entry.user.username == role
        assert entry.reason == (reason or "")


# ---------------------------------------------------------------- the other records


def test_self_evaluations_published_are_public_and_assigned_form_is_visible(world):
    forms = m.SelfEvaluation.objects.order_by("id")
    assert forms.count() == 12
    assert all(permissions.can_view(AnonymousUser(), f) for f in forms)
    m.SelfEvaluation.objects.filter(unit__code="124005").update(status=m.Status.DRAFT)
    legal_aid = m.SelfEvaluation.objects.get(project_name="法律援助及 12348 业务费")
    other = m.SelfEvaluation.objects.get(project_name="公共法律服务中心运行费")
    assert not permissions.can_view(AnonymousUser(), legal_aid)
    assert not permissions.can_view(user_for("clerk"), legal_aid)
    assert permissions.can_view(user_for("clerk2"), legal_aid)
    # the evaluator's assignment is the 2023 project of the same name: "法律援助及12348业务费" (spaces ignored)
    assert permissions.can_view(user_for("evaluator"), legal_aid)
    assert permissions.can_evaluate(user_for("evaluator"), legal_aid)
    assert not permissions.can_view(user_for("evaluator"), other)
    assert not permissions.can_evaluate(user_for("evaluator"), other)
    assert not permissions.can_evaluate(user_for("clerk2"), legal_aid)


@pytest.mark.parametrize("role", ROLES)
def test_visible_agrees_with_can_view_on_every_record(world, role):
    m.SelfEvaluation.objects.filter(unit__code="124005").update(status=m.Status.SUBMITTED)
    user = user_for(role)
    for model in (m.Project, m.SelfEvaluation, m.Evaluation, m.FinalAccounts, m.SourceDocument, m.Organisation):
        rows = list(model.objects.order_by("pk"))
        assert rows, model
        shown = set(permissions.visible(user, model.objects.all()).values_list("pk", flat=True))
        assert shown == {r.pk for r in rows if permissions.can_view(user, r)}, (role, model.__name__)


def test_final_accounts_public_only_when_all_forms_published(world):
    fa = m.FinalAccounts.objects.get()
    evaluations = list(m.Evaluation.objects.order_by("id"))
    assert [e.kind for e in evaluations] == ["department", "finance"]
    assert permissions.can_view(AnonymousUser(), fa)
    assert all(permissions.can_view(AnonymousUser(), e) for e in evaluations)
    m.SelfEvaluation.objects.filter(project_name="警用服装费").update(status=m.Status.RETURNED)
    fa.refresh_from_db()
    assert not permissions.can_view(AnonymousUser(), fa)
    assert not permissions.can_view(user_for("clerk"), fa)  # department-wide: not a unit's clerk
    assert permissions.can_view(user_for("reviewer"), fa)
    assert permissions.can_view(user_for("bureau"), fa)
    # the evaluation reports concern 124005: its clerk and the reviewer still see them, clerk does not
    assert permissions.can_view(user_for("clerk2"), evaluations[0])
    assert not permissions.can_view(user_for("clerk"), evaluations[0])
    assert permissions.can_view(user_for("evaluator"), evaluations[0])  # 法律援助及12348业务费
    # 法律援助及12348热线 is the same project under its other name: linked on import (a guess a person may correct)
    assert evaluations[1].project_link == m.Link.GUESS
    assert permissions.can_view(user_for("evaluator"), evaluations[1])


def test_source_documents(world):
    goals = m.SourceDocument.objects.get(kind="goal_tables")
    accounts = m.SourceDocument.objects.get(kind="final_accounts")
    assert permissions.can_view(AnonymousUser(), accounts)  # every form published
    assert not permissions.can_view(AnonymousUser(), goals)  # drafts inside
    assert not permissions.can_view(user_for("clerk"), goals)  # holds 124005's drafts too
    assert permissions.can_view(user_for("reviewer"), goals)
    assert permissions.can_view(user_for("bureau"), goals)


def test_superuser_does_everything(world):
    admin = user_for("admin")
    draft = m.Project.objects.get(pk=world["draft_124005"])
    assert permissions.can_view(admin, draft) and permissions.can_edit(admin, draft)
    for code in ("submit", "approve", "approve", "publish"):
        assert code in [a.code for a in states.allowed_transitions(admin, draft)]
        states.transition(admin, draft, code)
    assert draft.status == m.Status.PUBLISHED and draft.version == 5


def test_inactive_user_loses_access(world):
    clerk = user_for("clerk")
    clerk.is_active = False
    clerk.save()
    draft = m.Project.objects.get(pk=world["draft_124001"])
    assert not permissions.can_view(clerk, draft)
    assert not permissions.can_edit(clerk, draft)
    assert states.allowed_transitions(clerk, draft) == []


def test_submitted_record_is_read_only_for_its_clerk(world):
    clerk = user_for("clerk")
    draft = m.Project.objects.get(pk=world["draft_124001"])
    assert permissions.can_edit(clerk, draft)
    states.transition(clerk, draft, "submit")
    assert not permissions.can_edit(clerk, draft)
    r = client_for("clerk").put(
        f"/api/projects/{draft.pk}", {"version": draft.version, "goal": "改"}, content_type="application/json"
    )
    assert r.status_code == 403
    assert r.json() == {
        "ok": False,
        "error": "该记录当前状态为“已提交”，已提交的记录不能修改。",
        "errors": ["该记录当前状态为“已提交”，已提交的记录不能修改。"],
        "status": 403,
    }


# ---------------------------------------------------------------- security


def test_passwords_are_hashed(world):
    clerk = user_for("clerk")
    assert clerk.password.startswith(("pbkdf2_sha256$", "argon2", "bcrypt", "scrypt"))
    assert "jixiao-clerk-2026" not in clerk.password
    assert clerk.check_password("jixiao-clerk-2026")


def test_csrf_enforced_for_session_requests(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user_for("clerk"))
    pk = world["draft_124001"]
    r = client.put(f"/api/projects/{pk}", {"version": 1, "goal": "无 CSRF"}, content_type="application/json")
    assert r.status_code == 403
    assert r.json()["error"].startswith("CSRF 校验失败")
    r = client.post(f"/workflow/project/{pk}/submit/", {"version": 1})
    assert r.status_code == 403
    assert m.Project.objects.get(pk=pk).status == m.Status.DRAFT
    # with the token from a page, the same request passes
    client.get("/api/docs")
    token = client.cookies["csrftoken"].value
    r = client.put(
        f"/api/projects/{pk}",
        {"version": 1, "goal": "带 CSRF"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert r.status_code == 200, r.content
    assert m.Project.objects.get(pk=pk).goal == "带 CSRF"


# ---------------------------------------------------------------- uploads


def _xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    out = io.BytesIO()
    wb = Workbook()
    wb.active["A1"] = "项目名称"
    wb.save(out)
    return out.getvalue()


def test_upload_accepts_the_seeds_and_a_workbook():
    validate_upload(SimpleUploadedFile(GOALS.name, GOALS.read_bytes()))
    validate_upload(SimpleUploadedFile(ACCOUNTS.name, ACCOUNTS.read_bytes()))
    validate_upload(SimpleUploadedFile("表.xlsx", _xlsx_bytes()))
    validate_upload(SimpleUploadedFile("a.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"))
    validate_upload("目标表".encode("gb18030"), name="gbk.txt")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "不支持的文件类型“.exe”：只接受 .txt、.pdf、.xlsx 文件。"),
        ("script.py", b"print(1)", "不支持的文件类型“.py”：只接受 .txt、.pdf、.xlsx 文件。"),
        ("noext", b"abc", "不支持的文件类型“（无扩展名）”：只接受 .txt、.pdf、.xlsx 文件。"),
        ("empty.txt", b"", "文件为空。"),
        ("elf.txt", b"\x7fELF\x02\x01\x01", "文件内容是可执行程序，拒绝接收。"),
        ("bin.txt", b"abc\x00\x01\x02", "文件扩展名为 .txt，但内容不是文本。"),
        ("fake.pdf", b"hello, not a pdf", "文件扩展名为 .pdf，但内容不是 PDF 文件。"),
        ("fake.xlsx", b"hello", "文件扩展名为 .xlsx，但内容不是 Excel 工作簿。"),
        ("zip.xlsx", b"PK\x03\x04garbage", "Excel 工作簿已损坏，无法打开。"),
        ("win.exe.txt", b"MZ\x90\x00\x03", "文件内容是可执行程序，拒绝接收。"),
    ],
)
def test_upload_refused(name, data, message):
    with pytest.raises(ValidationError) as err:
        validate_upload(SimpleUploadedFile(name, data))
    assert err.value.messages == [message]


def test_upload_size_limit(settings):
    settings.UPLOAD_LIMIT_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as err:
        validate_upload(SimpleUploadedFile("big.txt", "绩效".encode() * 200_000))
    assert err.value.messages == ["文件过大（1.1 MB）：上传文件不得超过 1 MB。"]


def test_upload_refuses_macro_workbook():
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/vbaProject.bin", b"\x00macro")
    with pytest.raises(ValidationError) as err:
        validate_upload(SimpleUploadedFile("m.xlsx", out.getvalue()))
    assert "宏" in err.value.messages[0]
