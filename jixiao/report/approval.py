"""绩效目标批复表 ("approval-table"): the targets as approved, with the review's opinions.

The layout follows the 批复表 attached to a 预算批复 (项目支出绩效目标批复表): the title with the
year, the 批复文号 and "单位：万元" line; per project 项目名称 / 项目编码, 预算单位, 批复金额 with
其中：财政资金 / 其他资金, 资金用途 and 绩效目标; the indicator rows 一级 / 二级 / 三级 / 绩效指标描述 /
指标值 / 指标值确定依据 with one more column, 审核意见 (the reviewer's opinion on that indicator,
"符合要求" when none); below the indicators the opinion on the whole table (审核意见), the review
score and grade when scored, and the approving body (批复单位) with the date (批复日期).

The view-model is :class:`ApprovalView` (one or more :class:`ApprovalTable`). The web builds it
from a frozen approval and its review (``jixiao.web.review.approval_report``); the registry's builder
takes read target tables and prints them as a 批复表 still to be approved (no opinions, no body,
no date), so the CLI and the web print the same form in HTML, PDF, XLSX and DOCX.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.model.document import Document
from jixiao.report.forms import (
    Cell,
    Grid,
    NotFound,
    Page,
    head,
    money_cell,
    nested_spans,
    register_formats,
    select,
    spans,
    text,
)
from jixiao.report.registry import report_kind

NO_OPINION = "符合要求"


@dataclass(frozen=True, slots=True)
class ApprovedIndicator:
    level1: str
    level2: str
    name: str  # 三级指标
    description: str
    target: str  # 指标值 as approved (raw text)
    basis: str  # 指标值确定依据
    opinion: str  # the review's opinion on this indicator ("" = none)


@dataclass(frozen=True, slots=True)
class ApprovalTable:
    """One project's 批复表."""

    project: str
    code: str
    unit: str  # 预算单位
    money_unit: str
    amount: Decimal | None  # 批复金额 (预算数 as approved)
    fiscal_funds: Decimal | None
    other_funds: Decimal | None
    purpose: str
    goal: str
    indicators: tuple[ApprovedIndicator, ...]
    opinion: str  # the review's opinion on the whole table ("" = none)
    score: Decimal | None  # the review score, when the table was scored
    grade: str  # its grade ("" when not scored)


@dataclass(frozen=True, slots=True)
class ApprovalView:
    title: str  # "2023年度项目支出绩效目标批复表"
    year: int | None
    number: str  # 批复文号 ("" when none)
    approver: str  # 批复单位 ("" on a table still to be approved)
    approved_on: dt.date | None  # 批复日期
    tables: tuple[ApprovalTable, ...]


def approval_title(year: int | None) -> str:
    return f"{year}年度项目支出绩效目标批复表" if year else "项目支出绩效目标批复表"


@report_kind("approval-table", "绩效目标批复表")
def build(docs: Sequence[Document], project: str | None = None) -> ApprovalView:
    """The target tables of ``docs`` (``project``: name or code, ``None`` → all) as a 批复表 to approve."""
    books = [d.goals for d in docs if d.goals is not None]
    if not books:
        raise NotFound("没有可用的绩效目标表文档")
    chosen = select([p for b in books for p in b.projects], project, lambda p: (p.name, p.code))
    tables = tuple(
        ApprovalTable(
            project=p.name, code=p.code or "", unit=f"{p.unit.code or ''}{p.unit.name}" if p.unit else "",
            money_unit=p.money_unit or "万元", amount=p.budget, fiscal_funds=p.fiscal_funds, other_funds=p.other_funds,
            purpose=p.purpose or "", goal=p.goal or "",
            indicators=tuple(ApprovedIndicator(i.level1, i.level2, i.name, i.description, i.target.raw, i.basis or "",
                                               "") for i in p.indicators),
            opinion="", score=None, grade="",
        )
        for p in chosen
    )
    return ApprovalView(approval_title(books[0].year), books[0].year, "", "", None, tables)


# ---------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------

WIDTHS = (9.0, 10.0, 15.0, 15.0, 12.0, 12.0, 20.0)  # 7 columns


def table_grid(t: ApprovalTable, view: ApprovalView) -> Grid:
    rows: list[tuple[Cell, ...]] = [
        (head("项目名称"), text(t.project, colspan=3), head("项目编码"), text(t.code, colspan=2)),
        (head("预算单位"), text(t.unit, colspan=6)),
        (head("批复金额"), money_cell(t.amount, colspan=2), head("其中：财政资金"), money_cell(t.fiscal_funds),
         head("其他资金"), money_cell(t.other_funds)),
        (head("资金用途"), text(t.purpose, colspan=6)),
        (head("绩效目标"), text(t.goal, colspan=6)),
        (head("一级指标"), head("二级指标"), head("三级指标"), head("绩效指标描述"), head("指标值"),
         head("指标值确定依据"), head("审核意见")),
    ]
    l1 = spans([i.level1 for i in t.indicators])
    l2 = nested_spans([(i.level1, i.level2) for i in t.indicators])
    for k, ind in enumerate(t.indicators):
        cells: list[Cell] = []
        if l1[k]:
            cells.append(text(ind.level1, rowspan=l1[k], align="center"))
        if l2[k]:
            cells.append(text(ind.level2, rowspan=l2[k], align="center"))
        opinion = ind.opinion or (NO_OPINION if view.approver else "")
        cells += [text(ind.name), text(ind.description), text(ind.target, align="center"), text(ind.basis),
                  text(opinion, css="opinion" if ind.opinion else "")]
        rows.append(tuple(cells))
    rows.append((head("审核意见"), text(t.opinion or (NO_OPINION if view.approver else ""), colspan=6)))
    if t.score is not None:
        rows.append((head("审核评分"), Cell(f"{t.score}分", t.score, align="num", colspan=2),
                     head("审核等级"), text(t.grade, colspan=3)))
    date = view.approved_on.strftime("%Y年%m月%d日") if view.approved_on else ""
    rows.append((head("批复单位"), text(view.approver, colspan=3), head("批复日期"), text(date, colspan=2)))
    return Grid(rows=tuple(rows), widths=WIDTHS)


def layout(view: ApprovalView) -> list[Page]:
    pages = []
    for t in view.tables:
        notes = () if view.approver else ("注：本表尚未批复（批复单位、日期和审核意见待填）。",)
        pages.append(Page(
            title=view.title,
            sheet=t.project,
            parts=(table_grid(t, view),),
            meta_left=f"批复文号：{view.number}" if view.number else t.unit,
            meta_right=f"单位：{t.money_unit}",
            notes=notes,
        ))
    return pages


register_formats("approval-table", "approval.html", layout)
