"""The year's 绩效自评表 drafted from the seed goal tables (seed 000) and examples/monitoring.

Expected figures are worked by hand from the seed's 预算数 and 指标值 and the example reports'
executed amounts and progress values (read here, not copied), with the 10号 / 101号 formulas.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.ingest import read_file
from jixiao.model.selfeval import Figure
from jixiao.model.source import Source
from jixiao.model.target import ValueKind
from jixiao.monitor.engine import find_project
from jixiao.monitor.selfeval_draft import draft_self_evaluation, fill_scores, latest_progress, share_points
from jixiao.monitor.yamlfile import read_reports
from jixiao.rules.result import shown

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "000_9e54d6a05597118f.txt"
MONITORING = ROOT / "examples" / "monitoring"
D = Decimal


@pytest.fixture(scope="module")
def goals():
    return read_file(SEED).goals


@pytest.fixture(scope="module")
def reports():
    out = []
    for name in ("qingdao-2023-06.yaml", "qingdao-2023-1-7.yaml"):
        out += read_reports(MONITORING / name).reports
    return out


def _project(goals, name):
    return next(p for p in goals.projects if p.name == name)


def _reports_of(goals, reports, project):
    return [r for r in reports if find_project(goals.projects, r) is project]


def _indicator(form, name):
    return next(i for i in form.indicators if i.name == name)


def test_share_points_adds_up_exactly():
    assert share_points(D(50), 3) == [D("16.67"), D("16.67"), D("16.66")]
    assert sum(share_points(D(50), 6)) == D(50)
    assert share_points(D(10), 1) == [D(10)]
    assert share_points(D(10), 0) == []


def test_draft_under_10_from_june_monitoring(goals, reports):
    project = _project(goals, "法律培训费")
    mine = _reports_of(goals, reports, project)
    assert [r.checkpoint.label for r in mine] == ["6月底"]
    draft = draft_self_evaluation(project, mine, "mof-2020-10", year=goals.year, department="青岛市司法局")
    form = draft.form
    assert (form.project, form.unit, form.year, form.goal_expected) == (
        "法律培训费", "青岛市司法局本级", 2023, project.goal)

    # budget block: 预算数 of the goal table, executed amount of the 6月底 report, 10 points × B/A
    total = form.total_line
    assert total.initial.value == total.adjusted.value == project.budget
    assert total.executed.value == mine[0].executed
    assert total.weight.value == 10
    assert total.score.value == shown(D(10) * mine[0].executed / project.budget)
    assert [line.name for line in form.budget_lines] == ["年度资金总额", "其中：当年财政拨款"]

    # 10号 has no 成本 一级: the 成本 indicator goes under 产出 (its 一级 becomes the 二级)
    cost = _indicator(form, "培训费支出标准")
    assert (cost.level1, cost.level2) == ("产出指标", "成本指标")
    outputs = [i for i in form.indicators if i.level1 == "产出指标"]
    assert len(outputs) == 6 and sum(i.weight.value for i in outputs) == 50
    assert sum(i.weight.value for i in form.indicators) + total.weight.value == 100

    # actual values are the June progress; ≥3次 with 1次 → 分值 × 1/3
    times = _indicator(form, "组织培训次数")
    june = {r.name: r for r in mine[0].indicators}
    assert times.target.raw == "≥3次" and times.actual.raw == june["组织培训次数"].progress.raw == "1次"
    assert times.score.value == shown(times.weight.value * D(1) / D(3))

    # the 得分 cells, 小计 and 总分 are the computed scores: every item agrees with its cell
    assert all(item.agrees for item in draft.result.items)
    assert form.total.value == sum(i.score.value for i in form.indicators) + total.score.value
    assert shown(draft.result.computed_total) == form.total.value
    assert any("6月底" in n for n in draft.notes)


def test_draft_under_101_keeps_cost_and_its_weights(goals, reports):
    project = _project(goals, "法律援助及12348业务费")
    mine = _reports_of(goals, reports, project)
    draft = draft_self_evaluation(project, mine, "mof-2021-101", year=2023)
    form = draft.form
    by_level = {}
    for i in form.indicators:
        by_level[i.level1] = by_level.get(i.level1, D(0)) + i.weight.value
    assert by_level == {"成本指标": 20, "产出指标": 40, "效益指标": 20, "满意度指标": 10}
    # 101号 execution tiers: 150 of 378.50 is below 60% → 0
    assert form.total_line.executed.value == mine[0].executed
    assert mine[0].executed / project.budget < D("0.6")
    assert form.total_line.score.value == 0
    assert all(item.agrees for item in draft.result.items)


def test_no_monitoring_leaves_actuals_for_the_clerk(goals):
    project = _project(goals, "法律职业资格考试费")
    draft = draft_self_evaluation(project, (), "mof-2020-10", year=2023)
    assert all(i.actual.kind is ValueKind.EMPTY for i in draft.form.indicators)
    assert draft.form.total_line.executed is None
    assert any("待填写" in n and "全年执行数" in n for n in draft.notes)
    assert any(project.indicators[0].name in n for n in draft.notes if n.startswith("监控报告中没有"))


def test_final_accounts_amount_wins_over_monitoring(goals, reports):
    project = _project(goals, "警用服装费")
    mine = _reports_of(goals, reports, project)
    draft = draft_self_evaluation(project, mine, "mof-2020-10", executed=project.budget)
    assert draft.form.total_line.executed.value == project.budget
    assert draft.form.total_line.score.value == 10
    assert not any("累计执行数" in n for n in draft.notes)


def test_latest_checkpoint_gives_the_actual(goals, reports):
    project = _project(goals, "法律培训费")
    june = _reports_of(goals, reports, project)[0]
    row = june.indicators[1]
    later = dataclasses.replace(
        june, checkpoint=dataclasses.replace(june.checkpoint, month=10, label="10月底"),
        indicators=(dataclasses.replace(row, progress=dataclasses.replace(row.progress, raw="3次", number=D(3))),),
    )
    found = latest_progress([later, june])
    assert found["组织培训次数"][0].checkpoint.label == "10月底"
    assert found["培训费支出标准"][0].checkpoint.label == "6月底"


def test_an_override_is_kept_and_counted(goals, reports):
    project = _project(goals, "法律培训费")
    draft = draft_self_evaluation(project, _reports_of(goals, reports, project), "mof-2020-10")
    form = draft.form
    at = [i.name for i in form.indicators].index("组织培训次数")
    typed = dataclasses.replace(form.indicators[at], score=Figure("5", D(5), Source("")))
    edited = dataclasses.replace(form, indicators=(*form.indicators[:at], typed, *form.indicators[at + 1:]))
    kept, result = fill_scores(edited, "mof-2020-10", keep=[at])
    assert kept.indicators[at].score.value == 5
    assert kept.total.value == form.total.value - form.indicators[at].score.value + 5
    assert result.items[at + 1].agrees is False  # the computed score still stands beside it
    recomputed, _ = fill_scores(edited, "mof-2020-10")
    assert recomputed.indicators[at].score.value == form.indicators[at].score.value


def test_a_fresh_draft_gives_no_points_to_rows_still_to_fill(goals):
    """Without monitoring, no indicator row scores before its actual is entered."""
    project = _project(goals, "法律职业资格考试费")
    draft = draft_self_evaluation(project, (), "mof-2020-10", year=2023)
    scores = [(i.name, i.score.value if i.score else None) for i in draft.form.indicators]
    assert scores and all(v == 0 for _, v in scores), scores
