"""The evaluator's workspace: the seed's finance evaluation of 法律援助及12348业务费 rebuilt through the API
by the demo accounts (the bureau creates it, the evaluator builds the indicator system from the template and
posts the measurements one by one) gives the score table the CLI computes from the measurement file; its
report comes out in DOCX and PDF; the commissioning bureau reviews it. Plus the page and the permissions."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from docx import Document as DocxDocument

from jixiao.rules.evaluation_workspace import plain_data
from jixiao.rules.schemefile import load_tree
from jixiao.web.evaluations.models import EvaluationWork
from jixiao.web.store import demo
from jixiao.web.store import models as m
from tests.conftest import ACCOUNTS

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
MEASUREMENTS = ROOT / "tests" / "data" / "legal-aid-2022-measurements.yaml"
# The evaluator's judgements where the file gives none (the CLI accepts the table's allowed tier score):
TIERS = {
    "资金分配合理性": "完全匹配",
    "对公众进行法律援助宣传": "好",
    "举办业务能力培训": "得到可持续发展",
    "法律援助机制健全性": "健全",
    "12348热线机制健全性": "健全",
}


@pytest.fixture(scope="module")
def cli_table():
    """``jixiao score 002 measurements --json``: the finance evaluation's computed table."""
    out = subprocess.run(
        [sys.executable, "-m", "jixiao", "score", str(ACCOUNTS), str(MEASUREMENTS), "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    found = [e for e in json.loads(out.stdout)["evaluations"] if e["scheme"] == "qingdao-legal-aid-2022"]
    assert len(found) == 1
    return found[0]


@pytest.fixture
def users(imported, django_user_model):
    demo.create_accounts()
    return {u.username: u for u in django_user_model.objects.all()}


def api(client, method, url, body=None):
    return getattr(client, method)(url, json.dumps(body) if body is not None else None, content_type="application/json")


def _text(value):
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def measurement_bodies() -> dict[str, dict]:
    """The measurement file's items as the evaluator posts them (numbers as text, no published score)."""
    out = {}
    for name, item in plain_data(load_tree(MEASUREMENTS).value)["items"].items():
        body = {}
        for k, v in item.items():
            if k == "published":
                continue
            if isinstance(v, list) and k != "checks":
                body[k] = [_text(x) for x in v]
            elif isinstance(v, (Decimal, int)) and not isinstance(v, bool):
                body[k] = _text(v)
            else:
                body[k] = v
        if name in TIERS:
            body["tier"] = TIERS[name]
        body["source"] = "2022年度法律援助及12348热线项目支出财政绩效评价报告"
        out[name] = body
    return out


def create(client, users) -> int:
    client.force_login(users["bureau"])
    project = users["evaluator"].profile.assigned_projects.get()
    report = m.Evaluation.objects.get(kind="finance")
    resp = api(
        client,
        "post",
        "/api/evaluation-work",
        {
            "kind": "finance",
            "title": "2022年度法律援助及12348业务费财政绩效评价",
            "year": 2022,
            "projects": [project.pk],
            "firm": "山东润德有限责任会计师事务所",
            "evaluators": ["evaluator"],
            "document_evaluation": report.pk,
        },
    )
    assert resp.status_code == 201, resp.content
    return resp.json()["id"]


def test_rebuilt_through_the_api_gives_the_cli_score_table(client, users, cli_table):
    pk = create(client, users)
    client.force_login(users["evaluator"])
    templates = api(client, "get", "/api/evaluation-work/templates").json()
    assert [t["name"] for t in templates["templates"]] == ["generic", "qingdao-legal-aid-2022"]
    assert {"name": "eval-check-points", "title": "检查点逐项扣分"} in templates["rules"]
    detail = api(client, "post", f"/api/evaluation-work/{pk}/scheme/template", {"template": "qingdao-legal-aid-2022"})
    assert detail.status_code == 200, detail.content
    assert [s["name"] for s in detail.json()["scheme"]["sections"]] == ["决策", "过程", "产出", "效益"]

    # weights must add up per level; standards can be edited
    node = f"/api/evaluation-work/{pk}/scheme/node"
    wrong = api(client, "post", node, {"path": ["过程", "资金管理", "预算执行率"], "values": {"weight": 3}})
    assert wrong.status_code == 422
    assert wrong.json()["error"] == "指标“过程”权重为 20，但其下级指标权重合计 21"
    bad_rule = api(client, "post", node, {"path": ["过程", "资金管理", "预算执行率"], "values": {"rule": "eval-x"}})
    assert bad_rule.status_code == 422 and "未知的评分规则“eval-x”" in bad_rule.json()["error"]
    standard = "预算执行率达100%，则得满分，每降低1%扣5%权重分，扣完为止。"
    ok = api(client, "post", node, {"path": ["过程", "资金管理", "预算执行率"], "values": {"standard": standard}})
    assert ok.status_code == 200

    # the measurements, one by one: each answers its computed score and working
    cli_items = {i["name"]: i for i in cli_table["items"]}
    bodies = measurement_bodies()
    assert len(bodies) == 35
    for name, body in bodies.items():
        resp = api(client, "put", f"/api/evaluation-work/{pk}/measurements/{name}", body)
        assert resp.status_code == 200, (name, resp.content)
        assert resp.json()["item"]["computed_score"] == cli_items[name]["computed_score"], name
    refused = api(client, "put", f"/api/evaluation-work/{pk}/measurements/预算执行率", {"checks": [True]})
    assert refused.status_code == 422
    assert refused.json()["error"] == "指标“预算执行率”使用规则 eval-linear-below，测量值中需要给出 actual"

    table = api(client, "get", f"/api/evaluation-work/{pk}/score").json()
    assert [(i["name"], i["computed_score"], i["published_score"], i["agrees"]) for i in table["items"]] == [
        (i["name"], i["computed_score"], i["published_score"], i["agrees"]) for i in cli_table["items"]
    ]
    assert table["sections"] == cli_table["sections"]
    assert (table["computed_total"], table["grade"], table["published_total"]) == ("90.63", "优", "92.13")
    assert (cli_table["computed_total"], cli_table["grade"]) == ("90.63", "优")
    row = next(i for i in table["items"] if i["name"] == "预算执行率")
    assert row["rule_label"] == "低于标杆按差距扣分" and "368.89/378.5" in row["actual"]

    # the report, from what was entered
    texts = {
        "overview": "项目由青岛市法律援助中心实施，用于法律援助案件补贴和12348热线运行。",
        "work": "前期准备、组织实施、分析评价、报告出具四个阶段。",
        "experience": "制度健全，资金使用合规。",
        "problems": "结案卷宗存在无部门领导签字的情况。",
        "suggestions": "加强卷宗归档管理。",
    }
    assert api(client, "put", f"/api/evaluation-work/{pk}/texts", texts).status_code == 200
    docx = client.get(f"/api/evaluation-work/{pk}/report.docx")
    assert docx.status_code == 200
    doc = DocxDocument(io.BytesIO(docx.content))
    paras = [p.text for p in doc.paragraphs]
    for heading in (
        "一、基本情况",
        "二、绩效评价工作开展情况",
        "三、综合评价情况及评价结论",
        "四、绩效评价指标分析",
        "五、主要经验及做法、存在的问题及原因分析",
        "六、有关建议",
    ):
        assert heading in paras
    body = "\n".join(paras)
    assert "得分 90.63 分，评价等级为“优”" in body and "加强卷宗归档管理。" in body
    assert "资金投入：法律援助及12348业务费 378.50 万元。" in body
    assert "〔待补充〕" not in body
    cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    assert {"90.63", "18.25", "28.73", "25.40"} <= cells
    pdf = client.get(f"/api/evaluation-work/{pk}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    # review by the commissioning body
    resp = api(client, "post", f"/api/evaluation-work/{pk}/transition", {"action": "submit"})
    assert resp.json()["status_label"] == "已提交"
    assert api(client, "put", f"/api/evaluation-work/{pk}/texts", {"work": "x"}).status_code == 403
    client.force_login(users["bureau"])
    assert api(client, "post", f"/api/evaluation-work/{pk}/transition", {"action": "return"}).status_code == 422
    resp = api(client, "post", f"/api/evaluation-work/{pk}/transition", {"action": "approve"})
    assert resp.json()["status_label"] == "财政局已审核"
    resp = api(client, "post", f"/api/evaluation-work/{pk}/transition", {"action": "publish"})
    assert resp.json()["status_label"] == "已公开"


def test_who_may_do_what(client, users):
    client.force_login(users["clerk"])
    assert api(client, "post", "/api/evaluation-work", {"title": "x", "year": 2022}).status_code == 403
    pk = create(client, users)
    client.force_login(users["clerk"])
    assert api(client, "get", f"/api/evaluation-work/{pk}").status_code == 404
    other = users["clerk2"]
    other.profile.role = m.Role.EVALUATOR
    other.profile.save()
    EvaluationWork.objects.get(pk=pk).evaluators.add(other)
    client.force_login(other)  # assigned to the evaluation but not to its project: can_evaluate says no
    resp = api(client, "post", f"/api/evaluation-work/{pk}/scheme/template", {"template": "generic"})
    assert resp.status_code == 403, resp.content.decode()
    client.force_login(users["evaluator"])
    resp = api(client, "post", f"/api/evaluation-work/{pk}/scheme/template", {"template": "generic"})
    assert resp.status_code == 200
    assert [(s["name"], s["weight"]) for s in resp.json()["scheme"]["sections"]] == [
        ("决策", 20),
        ("过程", 20),
        ("产出", 30),
        ("效益", 30),
    ]
    resp = api(client, "post", f"/api/evaluation-work/{pk}/transition", {"action": "submit"})
    assert resp.status_code == 422 and resp.json()["error"].startswith("以下指标尚未录入测量值：立项依据充分性、")


def test_the_page_enters_a_measurement_and_shows_the_working(client, users):
    pk = create(client, users)
    client.force_login(users["evaluator"])
    home = client.get("/").content.decode()
    assert "上传文件" not in home and "评价工作" in home
    client.post(f"/evaluation-work/{pk}/template/", {"template": "qingdao-legal-aid-2022"})
    resp = client.post(
        f"/evaluation-work/{pk}/measure/",
        {
            "indicator": "预算执行率",
            "actual": "97.47%",
            "actual_of": "368.89/378.5",
            "check_count": "0",
            "evidence": "预算执行率=(368.89/378.50)=97.47%",
            "source": "评价报告第1664行",
        },
        follow=True,
    )
    page = resp.content.decode()
    assert "已保存“预算执行率”的测量值。" in page
    assert "368.89/378.5 = 97.46%（报告写 97.47%）" in page
    assert "得 1.7461 分" in page or "1.75" in page
    table = page.split('id="score-table"')[1]  # rule codes only in the scheme text, Chinese names in the table
    assert '<span class="rule">低于标杆按差距扣分</span>' in table and "eval-linear-below" not in table
    # one compact line per indicator, each opening (<details>) to its form; the saved one is open again
    name = quote("预算执行率")
    assert resp.redirect_chain[-1][0] == f"/evaluation-work/{pk}/?open={name}#m-{name}"
    assert table.count('<details class="ind') == 35 and table.count('class="measure"') == 35
    assert re.search(r'<details class="ind[^"]*" id="m-预算执行率" open>', table)
    assert table.count(" open>") == 1 and "已录入 1 / 35 个" in table
    assert re.search(r'<details class="ind unmeasured[^"]*" id="m-资金到位率">', table)
    closed = client.get(f"/evaluation-work/{pk}/").content.decode()
    assert " open>" not in closed.split('id="score-table"')[1]
    client.force_login(users["bureau"])
    assert "上传文件" in client.get("/").content.decode()
