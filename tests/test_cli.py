"""The CLI: thin commands over the library, with the design.md JSON contract and exit codes."""

import json

from typer.testing import CliRunner

from jixiao.cli.app import app
from tests.conftest import ACCOUNTS, DATA, GOALS

runner = CliRunner()
MEASUREMENTS = DATA / "legal-aid-2022-measurements.yaml"


def test_parse_json_final_accounts():
    result = runner.invoke(app, ["parse", str(ACCOUNTS), "--json"])
    assert result.exit_code == 0
    (doc,) = json.loads(result.output)["documents"]
    assert doc["kind"] == "final_accounts" and doc["year"] == 2022
    assert doc["department"] == {"name": "青岛市司法局", "code": None}
    assert [t["number"] for t in doc["tables"]][:2] == ["公开01表", "公开02表"]
    assert len(doc["self_evaluations"]) == 12 and len(doc["evaluations"]) == 2
    assert doc["self_evaluations"][10]["total"]["raw"] == "99.75614267"
    assert doc["tables"][0]["entries"][0]["amounts"][0]["value"] == "91455.09"
    assert doc["tables"][0]["entries"][0]["source"]["line"] == 108


def test_score_json_contract():
    result = runner.invoke(app, ["score", str(ACCOUNTS), str(MEASUREMENTS), "--json"])
    assert result.exit_code == 0, result.output
    evaluations = json.loads(result.output)["evaluations"]
    assert [e["kind"] for e in evaluations] == ["self"] * 12 + ["department", "finance"]
    first = evaluations[0]
    assert set(first) >= {"kind", "project", "unit", "year", "scheme", "computed_total", "published_total",
                          "grade", "published_grade", "agrees", "items"}
    assert set(first["items"][0]) >= {"name", "weight", "target", "actual", "computed_score", "published_score"}
    police = next(e for e in evaluations if e["project"] == "警用服装费")
    assert police["computed_total"] == "99.50" and police["published_total"] == "99.5" and police["agrees"] is True
    finance = evaluations[-1]
    assert finance["scheme"] == "qingdao-legal-aid-2022"
    assert finance["published_total"] == "92.13" and finance["computed_total"] == "90.63"
    assert finance["agrees"] is False and finance["grade"] == "优"


def test_score_with_another_scheme():
    result = runner.invoke(app, ["score", str(ACCOUNTS), "--scheme", "mof-2021-101", "--json"])
    assert result.exit_code == 0
    police = next(e for e in json.loads(result.output)["evaluations"] if e["project"] == "警用服装费")
    assert police["scheme"] == "mof-2021-101" and police["computed_total"] == "98.75"


def test_score_bad_scheme_is_a_chinese_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nkind: self\nweights: [1, 2\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(ACCOUNTS), "--scheme", str(bad)])
    assert result.exit_code == 2 and "第" in result.output and "行" in result.output


def test_check_exit_status_and_json():
    result = runner.invoke(app, ["check", str(GOALS), str(ACCOUNTS), "--json"])
    payload = json.loads(result.output)
    assert set(payload) == {"findings", "summary"}
    assert result.exit_code == (1 if payload["summary"]["error"] else 0)
    f = payload["findings"][0]
    assert set(f) == {"code", "severity", "message", "subject", "location", "expected", "actual"}


def test_check_select_and_ignore():
    result = runner.invoke(app, ["check", str(ACCOUNTS), "--json", "--select", "rounding-gap"])
    codes = {f["code"] for f in json.loads(result.output)["findings"]}
    assert codes == {"rounding-gap"}
    result = runner.invoke(app, ["check", str(ACCOUNTS), "--json", "--ignore", "arithmetic,read"])
    codes = {f["code"] for f in json.loads(result.output)["findings"]}
    assert "rounding-gap" not in codes and "latex-fragment" not in codes


def test_catalogue_json():
    result = runner.invoke(app, ["catalogue", "--json"])
    kinds = {k["code"]: k for k in json.loads(result.output)["kinds"]}
    assert kinds["rounding-gap"]["severity"] == "info" and "尾数误差" in kinds["rounding-gap"]["title"]


def test_report_command_writes_every_format(tmp_path):
    for fmt in ("html", "xlsx", "pdf"):
        out = tmp_path / f"goal.{fmt}"
        result = runner.invoke(app, ["report", str(GOALS), "--kind", "goal-table", "--format", fmt,
                                     "-o", str(out), "--project", "法治专项业务费"])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    assert "208.40" in (tmp_path / "goal.html").read_text(encoding="utf-8")


def test_report_command_errors_are_chinese(tmp_path):
    result = runner.invoke(app, ["report", str(GOALS), "--kind", "no-such-report"])
    assert result.exit_code == 2 and "没有报告类型" in result.output
    result = runner.invoke(app, ["report", str(GOALS), "--kind", "goal-table", "--project", "不存在的项目",
                                 "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "错误" in result.output


# -- the exit-status contract (README): 0 clean, 1 findings of error severity, 2 not done, with the reason ---------


def _jixiao(*args: str, cwd=None):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "jixiao", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_usage_errors_are_chinese_with_status_2():
    for args, said in (
        (["parse"], "缺少参数 FILE..."),
        (["parse", "--foo", "x"], "没有选项 --foo"),
        (["nope"], "没有命令“nope”"),
    ):
        out = _jixiao(*args)
        assert out.returncode == 2, args
        assert said in out.stderr and "Error" not in out.stderr and "Usage" not in out.stderr, out.stderr


def test_parse_exits_1_when_the_reading_found_errors(tmp_path):
    out = runner.invoke(app, ["parse", str(GOALS)])
    assert out.exit_code == 0  # the goal tables read with warnings and notes only
    unknown = tmp_path / "x.txt"
    unknown.write_text("这不是任何绩效文档。\n只有两行。\n", encoding="utf-8")
    out = runner.invoke(app, ["parse", str(unknown)])
    assert out.exit_code == 1  # document-kind-unknown is an error: reported, so parse says so in its status


def test_score_says_why_nothing_was_scored_issue_16(tmp_path):
    unknown = tmp_path / "x.txt"
    unknown.write_text("这不是任何绩效文档。\n只有两行。\n", encoding="utf-8")
    for path, said in ((unknown, "没有可评分的绩效自评表或评价报告"), (tmp_path / "none.txt", "文件不存在")):
        out = _jixiao("score", str(path))
        assert out.returncode == 2 and said in out.stderr and "Traceback" not in out.stderr, out.stderr


def test_report_list_needs_no_file():
    out = runner.invoke(app, ["report", "--list"])
    assert out.exit_code == 0 and "disclosure" in out.output


def test_report_output_checked_before_work(tmp_path):
    out = runner.invoke(app, ["report", str(ACCOUNTS), "--kind", "disclosure", "-o", str(tmp_path / "no" / "a.html")])
    assert out.exit_code == 2 and "不存在" in out.output and "Traceback" not in out.output
    out = runner.invoke(app, ["report", str(ACCOUNTS), "--kind", "disclosure", "--format", "pdf", "-o",
                              str(tmp_path / "a.html")])  # fmt: skip
    assert out.exit_code == 2 and "不符" in out.output and not (tmp_path / "a.html").exists()


def test_report_format_follows_the_suffix(tmp_path):
    target = tmp_path / "check.xlsx"
    out = runner.invoke(app, ["report", str(GOALS), "--kind", "check-report", "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert target.read_bytes()[:2] == b"PK"


def test_monitor_refuses_a_goal_table_as_monitoring_data(tmp_path):
    out = runner.invoke(app, ["monitor", str(GOALS)])
    assert out.exit_code == 2 and "--goals" in out.output and "YAML" not in out.output
    report = DATA.parent.parent / "examples" / "monitoring" / "qingdao-2023-06.yaml"
    out = runner.invoke(app, ["monitor", str(report), "--table", "monitoring-project", "-o", str(tmp_path / "x" / "m.pdf")])
    assert out.exit_code == 2 and "不存在" in out.output


def test_the_command_line_starts_without_loading_the_core_or_heavy_libraries():
    """`jixiao --help` must be quick: a command loads what it needs when it runs (issue 20, start-up)."""
    import subprocess
    import sys

    probe = (
        "import sys, jixiao.cli.app as a; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'polars','pdfplumber','pypdfium2','weasyprint','openpyxl','docx','django','matplotlib','yaml'} "
        "or m.startswith(('jixiao.ingest','jixiao.checks','jixiao.rules','jixiao.report','jixiao.web','jixiao.monitor'))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_score_reads_standalone_forms_of_other_provinces():
    from tests.conftest import shared_path

    path = shared_path("corpus/text/04_hebei-langfang_project-selfeval_2019.txt")
    out = runner.invoke(app, ["score", str(path), "--json"])
    assert out.exit_code == 0, out.output
    (form,) = json.loads(out.stdout)["evaluations"]
    assert form["kind"] == "self" and form["project"] == "办公宿舍楼、食堂及餐厅暖通改造经费"
    execution = next(i for i in form["items"] if "预算执行" in i["name"] or "资金" in i["name"])
    assert execution["published_score"] == "9"  # the form prints 9 for 10 × 37.24 ÷ 43.2
