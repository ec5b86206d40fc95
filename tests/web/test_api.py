"""The JSON API: token and session authentication, reading and writing with the version check,
the one error shape in Chinese, parse / score / check of an upload, and the offline docs."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from jixiao.web.api.models import Token
from jixiao.web.store import models as m
from tests.conftest import ACCOUNTS, GOALS

pytestmark = pytest.mark.django_db


def token_for(username: str) -> str:
    out = io.StringIO()
    call_command("jixiao_token", username, stdout=out)
    return out.getvalue().strip()


def bearer(username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(username)}"}


def put(client: Client, url: str, body: dict, **kw):
    return client.put(url, json.dumps(body, ensure_ascii=False), content_type="application/json", **kw)


# ---------------------------------------------------------------- authentication


def test_token_command_and_bearer_auth(world):
    key = token_for("clerk")
    assert len(key) == 40
    token = Token.objects.get(prefix=key[:8])
    assert token.user.username == "clerk" and token.last_used is None
    assert key not in {getattr(token, f.attname) for f in Token._meta.fields}  # only its digest is stored
    r = Client().get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert r.json()["username"] == "clerk" and r.json()["role"] == "unit_clerk"
    assert r.json()["organisation"]["code"] == "124001"
    token.refresh_from_db()
    assert token.last_used is not None
    assert Client().get("/api/me").json() == {
        "authenticated": False,
        "username": None,
        "role": None,
        "organisation": None,
    }


def test_bad_token_is_refused_not_anonymous(world):
    r = Client().get("/api/projects", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401
    said = "令牌无效、已过期或已停用。"
    assert r.json() == {"ok": False, "error": said, "errors": [said], "status": 401}
    with pytest.raises(Exception, match="不存在"):
        call_command("jixiao_token", "nobody")


def test_a_revoked_or_expired_token_is_refused(world):
    from datetime import timedelta

    from django.utils import timezone

    key = token_for("clerk")
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {key}"}).json()["username"] == "clerk"
    out = io.StringIO()
    call_command("jixiao_token", "clerk", "--revoke", key[:8], stdout=out)
    assert "已停用 1" in out.getvalue()
    assert Client().get("/api/projects", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    other = token_for("clerk")
    Token.objects.filter(prefix=other[:8]).update(expires=timezone.now() - timedelta(seconds=1))
    assert Client().get("/api/projects", headers={"Authorization": f"Bearer {other}"}).status_code == 401


def test_token_writes_need_no_csrf_and_the_evaluator_sees_its_project(world):
    client = Client(enforce_csrf_checks=True)
    pk = world["draft_124001"]
    r = put(client, f"/api/projects/{pk}", {"version": 1, "goal": "令牌写入"}, headers=bearer("clerk"))
    assert r.status_code == 200, r.content
    assert r.json()["goal"] == "令牌写入" and r.json()["version"] == 2
    listed = Client().get("/api/projects", headers=bearer("evaluator")).json()
    assert [p["name"] for p in listed["results"]] == ["法律职业资格考试费", "法律援助及12348业务费"]


def test_lists_per_role(world):
    counts = {}
    for name in ("clerk", "clerk2", "reviewer", "bureau", "evaluator"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=name))
        counts[name] = client.get("/api/projects").json()["count"]
    counts["anonymous"] = Client().get("/api/projects").json()["count"]
    # 8 projects of 124001 (one published), 2 of 124005
    assert counts == {"clerk": 8, "clerk2": 3, "reviewer": 10, "bureau": 10, "evaluator": 2, "anonymous": 1}
    forms = Client().get("/api/self-evaluations").json()
    assert forms["count"] == 12
    assert forms["results"][0]["project_name"] == "法律培训费" and forms["results"][0]["total_raw"] == "100"


# ---------------------------------------------------------------- projects and indicators


def test_project_detail_and_update_with_version(world):
    client = Client()
    client.force_login(get_user_model().objects.get(username="clerk2"))
    pk = world["draft_124005"]
    d = client.get(f"/api/projects/{pk}").json()
    assert (d["name"], d["budget"], d["status"], d["version"], d["can_edit"]) == (
        "法律援助及12348业务费",
        "378.5",
        "draft",
        1,
        True,
    )
    assert d["allowed_actions"] == [{"code": "submit", "label": "提交", "target": "submitted", "needs_reason": False}]
    assert d["unit"]["code"] == "124005" and len(d["indicators"]) > 0
    r = put(client, f"/api/projects/{pk}", {"version": 1, "budget": "400.25", "purpose": "法律援助"})
    assert r.status_code == 200 and r.json()["budget"] == "400.25" and r.json()["version"] == 2
    r = put(client, f"/api/projects/{pk}", {"version": 1, "budget": "1"})
    assert r.status_code == 409
    assert r.json()["error"].startswith("保存失败：该记录已被他人修改（您编辑的是第 1 版，当前为第 2 版）")
    assert m.Project.objects.get(pk=pk).budget == m.Project.objects.get(pk=pk).budget.__class__("400.25")
    audit = client.get(f"/api/projects/{pk}/audit").json()
    assert [(a["user"], a["action"], a["changes"]) for a in audit] == [
        ("clerk2", "edit", {"budget": ["378.5", "400.25"], "purpose": [d["purpose"], "法律援助"]})
    ]


def test_validation_errors_are_chinese(world):
    client = Client()
    client.force_login(get_user_model().objects.get(username="clerk"))
    pk = world["draft_124001"]
    r = put(client, f"/api/projects/{pk}", {"budget": "abc"})
    assert r.status_code == 422
    body = r.json()
    assert body["ok"] is False and body["status"] == 422
    assert sorted(body["errors"]) == ["版本：缺少必填项", "预算数：不是有效的数字"]
    assert body["error"].startswith("提交的数据有误：")
    r = put(client, f"/api/projects/{pk}", {"version": 1, "name": " "})
    assert r.json()["error"] == "项目名称不能为空。"
    r = client.put(f"/api/projects/{pk}", "{not json", content_type="application/json")
    assert r.status_code in (400, 422) and r.json()["ok"] is False
    r = client.get("/api/no-such-endpoint")
    assert r.status_code == 404 and r.json()["error"] == "接口不存在：/api/no-such-endpoint"
    r = client.get("/api/projects/999999")
    assert r.status_code == 404 and r.json()["error"] == "未找到该记录。"


def test_indicator_update_parses_the_target_and_records_it(world):
    client = Client()
    client.force_login(get_user_model().objects.get(username="clerk"))
    pk = world["draft_124001"]
    indicators = client.get(f"/api/projects/{pk}/indicators").json()
    first = indicators[0]
    assert (first["name"], first["target_raw"]) == ("培训费支出标准", "≤550元（每人每天）")
    r = put(client, f"/api/indicators/{first['id']}", {"version": 1, "target_raw": "≥600元"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["target_raw"] == "≥600元" and body["target"]["raw"] == "≥600元" and body["project_version"] == 2
    r = put(client, f"/api/indicators/{first['id']}", {"version": 1, "target_raw": "≥700元"})
    assert r.status_code == 409
    r = client.post(
        f"/api/projects/{pk}/indicators",
        json.dumps({"version": 2, "level1": "产出指标", "level2": "数量指标", "name": "新指标", "target_raw": "≥5次"}),
        content_type="application/json",
    )
    assert r.status_code == 201 and r.json()["position"] == len(indicators)
    new_id = r.json()["id"]
    r = client.delete(f"/api/indicators/{new_id}?version=3")
    assert r.status_code == 200 and r.json()["project_version"] == 4
    actions = [(a["action"], sorted(a["changes"])) for a in client.get(f"/api/projects/{pk}/audit").json()]
    assert actions[-1] == ("edit", [f"indicators.{first['id']}.target_raw"])
    assert actions[-2][0] == "create" and f"indicators.{new_id}.name" in actions[-2][1]
    assert actions[0][0] == "edit" and f"indicators.{new_id}.name" in actions[0][1]
    # another unit's clerk can neither see nor change it
    other = Client()
    other.force_login(get_user_model().objects.get(username="clerk2"))
    assert put(other, f"/api/indicators/{first['id']}", {"version": 4, "target_raw": "x"}).status_code == 404


def test_transitions_through_the_api(world):
    pk = world["draft_124005"]
    clerk2 = bearer("clerk2")
    reviewer = bearer("reviewer")
    c = Client()
    r = c.post(
        f"/api/projects/{pk}/transitions/submit", {"version": 1}, content_type="application/json", headers=clerk2
    )
    assert r.status_code == 200 and r.json()["status"] == "submitted" and r.json()["status_label"] == "已提交"
    r = c.post(f"/api/projects/{pk}/transitions/return", {}, content_type="application/json", headers=reviewer)
    assert r.status_code == 400 and r.json()["error"] == "退回时必须填写退回理由。"
    r = c.post(
        f"/api/projects/{pk}/transitions/return",
        {"reason": "预算依据不足"},
        content_type="application/json",
        headers=reviewer,
    )
    assert r.status_code == 200 and r.json()["status"] == "returned"
    audit = c.get(f"/api/projects/{pk}/audit", headers=reviewer).json()
    assert [(a["action_label"], a["reason"]) for a in audit] == [("退回", "预算依据不足"), ("提交", "")]
    r = c.post(f"/api/widgets/{pk}/transitions/submit", {}, content_type="application/json", headers=clerk2)
    assert r.status_code == 404 and "未知的记录类型" in r.json()["error"]


# ---------------------------------------------------------------- self-evaluations and evaluations


def test_self_evaluation_read_score_and_write(world):
    form = m.SelfEvaluation.objects.get(project_name="法律援助及 12348 业务费")
    d = Client().get(f"/api/self-evaluations/{form.pk}").json()
    assert (d["total_raw"], d["unit"]["code"], d["can_edit"]) == ("99.75614267", "124005", False)
    score = Client().get(f"/api/self-evaluations/{form.pk}/score").json()
    assert score["kind"] == "self" and Decimal(score["published_total"]) == Decimal("99.75614267")
    assert score["agrees"] is True
    assert score["scheme"] == "mof-2020-10" and score["grade"] == "优"
    assert Client().get(f"/api/self-evaluations/{form.pk}/score?scheme=../x").status_code == 400
    # a published form is read-only, even for its clerk
    r = put(Client(), f"/api/self-evaluations/{form.pk}", {"version": 1, "phone": "1"}, headers=bearer("clerk2"))
    assert r.status_code == 403
    m.SelfEvaluation.objects.filter(pk=form.pk).update(status=m.Status.RETURNED)
    item = form.indicator_results.order_by("position", "id").first()
    r = put(
        Client(),
        f"/api/self-evaluations/{form.pk}/indicators/{item.pk}",
        {"version": 1, "actual_raw": "≥95%", "score_raw": "abc"},
        headers=bearer("clerk2"),
    )
    assert r.status_code == 422 and r.json()["error"] == "得分“abc”不是有效的数字。"
    r = put(
        Client(),
        f"/api/self-evaluations/{form.pk}/indicators/{item.pk}",
        {"version": 1, "actual_raw": "≥95%", "score_raw": "9.5"},
        headers=bearer("clerk2"),
    )
    assert r.status_code == 200 and r.json()["version"] == 2 and r.json()["actual_raw"] == "≥95%"
    item.refresh_from_db()
    assert str(item.score_value.normalize()) == "9.5" and item.actual["raw"] == "≥95%"


def test_evaluations(world):
    listed = Client().get("/api/evaluations").json()
    assert [(e["kind"], e["score"], e["grade"]) for e in listed] == [
        ("department", "98.75", None),
        ("finance", "92.13", "优"),
    ] or [(e["kind"], e["score"]) for e in listed] == [("department", "98.75"), ("finance", "92.13")]
    finance = Client().get(f"/api/evaluations/{listed[1]['id']}").json()
    assert finance["computed"]["computed_total"] == "92.13" and finance["computed"]["agrees"] is True


# ---------------------------------------------------------------- parse, score, check an upload


def upload(client: Client, endpoint: str, path, name: str | None = None, **kw):
    data = path.read_bytes() if hasattr(path, "read_bytes") else path
    return client.post(f"/api/{endpoint}", {"file": SimpleUploadedFile(name or path.name, data)}, **kw)


def test_parse_score_check_an_upload(world):
    auth = bearer("clerk")
    r = upload(Client(), "parse", GOALS, headers=auth)
    assert r.status_code == 200, r.content
    doc = r.json()["documents"][0]
    assert doc["kind"] == "goal_tables" and len(doc["projects"]) == 10
    assert doc["projects"][8]["name"] == "法律援助及12348业务费" and doc["projects"][8]["budget"] == "378.50"
    r = upload(Client(), "score", ACCOUNTS, headers=auth)
    results = r.json()["evaluations"]
    assert len(results) == 14
    legal_aid = next(x for x in results if x["kind"] == "self" and x["project"] == "法律援助及 12348 业务费")
    assert legal_aid["published_total"] == "99.75614267" and legal_aid["agrees"] is True
    assert [(x["kind"], x["computed_total"]) for x in results[-2:]] == [("department", "98.75"), ("finance", "92.13")]
    r = upload(Client(), "check", GOALS, headers=auth)
    body = r.json()
    assert body["summary"] == {"error": 3, "warning": 31, "info": 17}  # info: 16 + why it is a goal table
    assert all(f["message"] and f["severity"] in ("error", "warning", "info") for f in body["findings"])


def test_upload_refused_or_anonymous(world):
    r = upload(Client(), "parse", b"MZ\x90\x00", name="virus.exe", headers=bearer("clerk"))
    assert r.status_code == 400
    assert r.json()["error"] == "不支持的文件类型“.exe”：只接受 .txt、.pdf、.xlsx 文件。"
    r = upload(Client(), "check", GOALS)
    assert r.status_code == 401 and r.json()["error"].startswith("请先登录")
    r = Client().post("/api/parse", {}, headers=bearer("clerk"))
    assert r.status_code == 422 and r.json()["errors"] == ["文件：缺少必填项"]


def test_an_uploaded_workbook_is_named_by_its_own_name_never_a_server_path_issue_16(world, tmp_path):
    from jixiao.export.xlsx import write_workbook
    from jixiao.ingest import read_file

    book = write_workbook(read_file(GOALS), tmp_path / "book.xlsx")
    for endpoint in ("parse", "check"):
        r = upload(Client(), endpoint, book.read_bytes(), name="目标表.xlsx", headers=bearer("clerk"))
        assert r.status_code == 200, r.content
        text = r.content.decode()
        assert str(tmp_path) not in text and "jixiao-upload" not in text and "/tmp" not in text
    paths = {f["location"]["path"] for f in r.json()["findings"]}
    assert paths == {"目标表.xlsx"}


def test_an_upload_over_the_core_limits_is_refused_in_chinese_issue_16(world):
    import io
    import zipfile

    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
    r = upload(Client(), "parse", packed.getvalue(), name="bomb.xlsx", headers=bearer("clerk"))
    assert r.status_code == 400 and "压缩炸弹" in r.json()["error"], r.content


# ---------------------------------------------------------------- docs


def test_docs_are_served_without_a_cdn(world):
    r = Client().get("/api/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "jixiao API" in html
    index = html[html.index('id="api-index"'):html.index('id="swagger-ui"')]  # readable before any script ran
    assert "/api/projects/{pk}" in index and "当前用户与角色" in index
    assert "cdn" not in html.lower() and "https://" not in html and "http://" not in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        assert f"/api/docs/assets/{asset}" in html
        got = Client().get(f"/api/docs/assets/{asset}")
        assert got.status_code == 200 and got.content
    assert Client().get("/api/docs/assets/..%2Fsettings.py").status_code == 404
    spec = Client().get("/api/openapi.json").json()
    assert spec["info"]["title"] == "jixiao API"
    for p in ("/api/projects/{pk}", "/api/indicators/{pk}", "/api/self-evaluations/{pk}", "/api/parse", "/api/check"):
        assert p in spec["paths"], p


def test_docs_schema_built_once_and_assets_compressed(world):
    import gzip
    import time

    from jixiao.web.api.api import api
    from jixiao.web.api.docs import NINJA_STATIC, warm

    warm()
    first = api.get_openapi_schema(path_prefix="/api/")
    assert api.get_openapi_schema(path_prefix="/api/") is first  # computed once, then reused
    started = time.perf_counter()
    spec = Client().get("/api/openapi.json").json()
    elapsed = time.perf_counter() - started
    assert spec["paths"].keys() == first["paths"].keys()
    assert elapsed < 0.3, f"/api/openapi.json took {elapsed:.3f} s with the schema cached"
    plain = (NINJA_STATIC / "swagger-ui-bundle.js").read_bytes()
    got = Client().get("/api/docs/assets/swagger-ui-bundle.js", headers={"Accept-Encoding": "gzip, br"})
    assert got["Content-Encoding"] == "gzip" and gzip.decompress(got.content) == plain
    assert len(got.content) < len(plain) / 2
    assert Client().get("/api/docs/assets/swagger-ui-bundle.js").content == plain


def test_admin_user_list_offers_the_token_action(world):
    from django.contrib.auth import get_user_model

    from jixiao.web.api.models import Token

    admin = Client()
    admin.force_login(get_user_model().objects.get(username="admin"))
    page = admin.get("/admin/auth/user/").content.decode()
    assert "为所选用户创建接口令牌" in page
    clerk2 = get_user_model().objects.get(username="clerk2")
    r = admin.post("/admin/auth/user/", {"action": "create_tokens", "_selected_action": [clerk2.pk]}, follow=True)
    told = r.content.decode()
    key = told.split("只显示这一次）：", 1)[1].split("<", 1)[0].strip()
    assert Token.objects.filter(user=clerk2).exists()
    assert Client().get("/api/me", headers={"Authorization": f"Bearer {key}"}).json()["username"] == "clerk2"
    listing = admin.get("/admin/api/token/").content.decode()
    assert key[:8] in listing and key not in listing
