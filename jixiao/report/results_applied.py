"""评价结果应用情况 ("results-applied"): per evaluated project its grade, the result-application
decision, the problems still open and the change of next year's budget.

One row per evaluated project: 序号 | 项目 | 实施单位 | 评价报告 | 得分 | 等级 | 应用决定 | 本年预算 |
决定安排金额 | 理由 | 未整改问题 | 下年度预算 | 较本年增减; a summary line counts the decisions, and a
row whose next year's budget rises although the grade is 中 or 差 is marked (the check
``cross-year-budget-raised-low-grade`` says the same on the documents).

The view-model is :class:`ResultsAppliedView`. The web builds it from its evaluation records, their
result decisions, the open problem records and next year's projects (``jixiao.web.rectification``);
the registry's builder takes read documents: each evaluation report of a final-accounts document,
its decision by the shipped rule (``jixiao.rules.applications``) with every problem the report states
counted open (a document knows no rectification), and next year's budget from a target-tables
document of the following year (projects matched as in the cross-year checks).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.checks.documents import match_name
from jixiao.checks.results_applied import LOW_GRADES
from jixiao.ingest.evaluation.problems import evaluation_problems
from jixiao.model.document import Document
from jixiao.model.names import project_key
from jixiao.numbers import plain
from jixiao.report.forms import Cell, Grid, NotFound, Page, Para, head, money_cell, register_formats, text
from jixiao.report.registry import report_kind
from jixiao.rules.applications import load_rule


@dataclass(frozen=True, slots=True)
class ResultRow:
    project: str
    unit: str
    evaluation: str  # the report's title
    score: Decimal | None
    grade: str  # "" when none
    decision: str  # 保持 / 调减 / 整改后安排 / 取消 / 待定 …
    budget: Decimal | None  # this year's budget (the base of the decision)
    amount: Decimal | None  # the amount the decision gives next year
    reason: str
    open_problems: tuple[str, ...]  # titles of the problems not yet rectified
    next_budget: Decimal | None  # next year's budget of the same project (None: not found)

    @property
    def change(self) -> Decimal | None:
        """Next year's budget less this year's (None when either is unknown)."""
        if self.next_budget is None or self.budget is None:
            return None
        return self.next_budget - self.budget

    @property
    def raised_low(self) -> bool:
        """A 中 / 差 project whose next year's budget rises."""
        return self.grade in LOW_GRADES and (self.change or 0) > 0


@dataclass(frozen=True, slots=True)
class ResultsAppliedView:
    title: str
    scope: str  # the bureau, a department, 全部
    year: int | None  # the evaluated year
    today: dt.date
    money_unit: str
    rows: tuple[ResultRow, ...]

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(r.decision for r in self.rows))


def results_applied_view(rows: Sequence[ResultRow], scope: str, year: int | None, today: dt.date) -> ResultsAppliedView:
    return ResultsAppliedView("评价结果应用情况", scope, year, today, "万元", tuple(rows))


@report_kind("results-applied", "评价结果应用情况")
def build(docs: Sequence[Document], today: dt.date | None = None, rule: str = "default") -> ResultsAppliedView:
    today = today or dt.date.today()
    chosen = load_rule(rule)
    rows, year = [], None
    for doc in docs:
        accounts = doc.accounts
        if accounts is None:
            continue
        for ev in accounts.evaluations:
            found = evaluation_problems(ev)
            year = year or found.year or accounts.year
            name = found.project or ev.project or ""
            budget = _this_years_budget(doc, name)
            decision = chosen.decide(ev.grade, budget, len(found.problems))
            rows.append(ResultRow(
                project=name, unit=found.unit or "", evaluation=found.evaluation,
                score=ev.total.score if ev.total is not None else None, grade=ev.grade or "",
                decision=decision.decision, budget=budget, amount=decision.amount, reason=decision.reason,
                open_problems=tuple(p.title for p in found.problems),
                next_budget=_next_years_budget(docs, (found.year or accounts.year or 0) + 1, name),
            ))
    if not rows:
        raise NotFound("没有评价报告，无法列出评价结果应用情况")
    return results_applied_view(rows, "全部", year, today)


def _this_years_budget(doc: Document, name: str) -> Decimal | None:
    assert doc.accounts is not None
    forms = doc.accounts.self_evaluations
    j = match_name(project_key(name), [project_key(f.project) for f in forms])
    line = forms[j].total_line if j is not None else None
    return line.initial.value if line is not None and line.initial is not None else None


def _next_years_budget(docs: Sequence[Document], year: int, name: str) -> Decimal | None:
    projects = [p for d in docs if d.goals is not None and d.goals.year == year for p in d.goals.projects]
    j = match_name(project_key(name), [project_key(p.name) for p in projects])
    return projects[j].budget if j is not None else None


HEADERS = ("序号", "项目", "实施单位", "评价报告", "得分", "等级", "应用决定", "本年预算", "决定安排金额", "理由",
           "未整改问题", "下年度预算", "较本年增减")
WIDTHS = (4.0, 12.0, 10.0, 16.0, 6.0, 5.0, 8.0, 9.0, 9.0, 20.0, 16.0, 9.0, 9.0)


def _grid(view: ResultsAppliedView) -> Grid:
    rows: list[tuple[Cell, ...]] = [tuple(head(h) for h in HEADERS)]
    for k, r in enumerate(view.rows, 1):
        css = "raised" if r.raised_low else ""
        open_text = "；".join(f"{i}.{t}" for i, t in enumerate(r.open_problems, 1)) or "无"
        rows.append((
            text(k, align="center"), text(r.project), text(r.unit), text(r.evaluation),
            Cell(plain(r.score), r.score, align="num") if r.score is not None else text(""),
            text(r.grade, align="center"), text(r.decision, align="center"), money_cell(r.budget), money_cell(r.amount),
            text(r.reason), text(open_text), money_cell(r.next_budget), money_cell(r.change, css=css),
        ))
    return Grid(rows=tuple(rows), widths=WIDTHS, header_rows=1, css="small")


def layout(view: ResultsAppliedView) -> list[Page]:
    counts = "；".join(f"{d}{n}个" for d, n in view.counts.items())
    parts: list[Grid | Para] = [_grid(view)]
    raised = [r.project for r in view.rows if r.raised_low]
    if raised:
        parts.append(Para(f"评价等级为中或差而下年度预算增加的项目：{'、'.join(raised)}", level=3, css="raised"))
    return [Page(
        title=view.title,
        sheet="评价结果应用",
        parts=tuple(parts),
        subtitle=f"（{view.year}年度评价）" if view.year else None,
        meta_left=view.scope,
        meta_right=f"单位：{view.money_unit}　统计日期：{view.today.isoformat()}",
        landscape=True,
        notes=(f"共{len(view.rows)}个评价项目：{counts}。未整改问题：尚未整改完成（待整改、整改中、逾期）的问题；"
               "较本年增减：下年度预算减本年预算。",),
    )]


register_formats("results-applied", "results_applied.html", layout)
