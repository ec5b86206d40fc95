"""整改情况表 ("rectification"): every problem, its owner, measures, deadline, status and verification.

One row per problem: 序号 | 项目 | 责任单位 | 问题来源 | 问题 | 整改措施要求 | 整改期限 | 整改状态 |
整改情况及佐证 | 核实意见; overdue problems (逾期) are marked; a summary line counts the statuses.

The view-model is :class:`RectificationView`. The web store builds it from its problem records
(:func:`rectification_view`); the registry's builder takes read documents and lists the problems
their evaluation reports state (all 待整改: a document knows no rectification), so the CLI and the
web print the same table in HTML, PDF, XLSX and DOCX.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from jixiao.ingest.evaluation.problems import evaluation_problems
from jixiao.model.document import Document
from jixiao.model.rectification import OVERDUE, PENDING, STATUSES, effective_status
from jixiao.report.forms import Cell, Grid, NotFound, Page, Para, head, register_formats, text
from jixiao.report.registry import report_kind


@dataclass(frozen=True, slots=True)
class RectificationRow:
    """One problem as the table prints it; ``status`` is the effective status (逾期 when past due)."""

    project: str
    unit: str
    source: str  # 评价报告《…》 / 审核发现 / 运行监控红灯 / 抽查复核
    category: str  # 决策类 / 绩效目标类
    problem: str
    detail: str
    measures: str
    deadline: dt.date | None
    status: str
    evidence: str
    opinion: str  # the verifier's opinion


@dataclass(frozen=True, slots=True)
class RectificationView:
    title: str
    scope: str  # the unit, department or 全部
    year: int | None
    today: dt.date
    rows: tuple[RectificationRow, ...]

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(1 for r in self.rows if r.status == s) for s in STATUSES}

    @property
    def overdue(self) -> tuple[RectificationRow, ...]:
        return tuple(r for r in self.rows if r.status == OVERDUE)


def rectification_view(rows: Sequence[RectificationRow], scope: str, year: int | None,
                       today: dt.date) -> RectificationView:
    return RectificationView("整改情况表", scope, year, today, tuple(rows))


@report_kind("rectification", "整改情况表")
def build(docs: Sequence[Document], today: dt.date | None = None) -> RectificationView:
    today = today or dt.date.today()
    rows = []
    year = None
    for doc in docs:
        accounts = getattr(doc, "accounts", None)
        for ev in accounts.evaluations if accounts is not None else ():
            found = evaluation_problems(ev)
            year = year or found.year
            for p in found.problems:
                rows.append(RectificationRow(
                    project=found.project or "", unit=found.unit or "", source=f"评价报告《{found.evaluation}》",
                    category="/".join(p.category), problem=p.title, detail=p.detail, measures="；".join(p.measures),
                    deadline=None, status=effective_status(PENDING, None, today), evidence="", opinion=""))
    if not rows:
        raise NotFound("没有评价报告所列的问题")
    return rectification_view(rows, "全部", year, today)


HEADERS = ("序号", "项目", "责任单位", "问题来源", "问题", "整改措施要求", "整改期限", "整改状态", "整改情况及佐证",
           "核实意见")
WIDTHS = (4.0, 12.0, 12.0, 12.0, 24.0, 18.0, 8.0, 7.0, 18.0, 14.0)


def _grid(view: RectificationView) -> Grid:
    rows: list[tuple[Cell, ...]] = [tuple(head(h) for h in HEADERS)]
    for k, r in enumerate(view.rows, 1):
        problem = f"{r.category}：{r.problem}" if r.category else r.problem
        css = "overdue" if r.status == OVERDUE else ""
        rows.append((text(k, align="center"), text(r.project), text(r.unit), text(r.source), text(problem),
                     text(r.measures), text(r.deadline.isoformat() if r.deadline else "", align="center", css=css),
                     text(r.status, align="center", css=css), text(r.evidence), text(r.opinion)))
    return Grid(rows=tuple(rows), widths=WIDTHS, header_rows=1, css="small")


def layout(view: RectificationView) -> list[Page]:
    counts = "；".join(f"{s}{n}个" for s, n in view.counts.items() if n)
    parts: list[Grid | Para] = [_grid(view)]
    if view.overdue:
        parts.append(Para(f"逾期未整改的问题：{len(view.overdue)}个", level=3, css="overdue"))
    return [Page(
        title=view.title,
        sheet="整改情况",
        parts=tuple(parts),
        subtitle=f"（{view.year}年度评价）" if view.year else None,
        meta_left=view.scope,
        meta_right=f"统计日期：{view.today.isoformat()}",
        landscape=True,
        notes=(f"共{len(view.rows)}个问题：{counts or '无'}。逾期：整改期限已过仍未整改完成的问题。",),
    )]


register_formats("rectification", "rectification.html", layout)
