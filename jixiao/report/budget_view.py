"""The budget disclosure package (部门预算 / 单位预算公开) — report kind ``budget``.

The same machinery as the 部门决算 package, generalised to a table set and a narrative: the
tables are laid out by :mod:`jixiao.report.disclosure_layout` (收支总表 and 财政拨款收支总表
two-sided, the 三公 table columns only, the others coded by 科目), in the order and with the
units the model holds them (元 as printed; 万元 in the 三公 table); the 预算编制说明 is written
from the tables by :mod:`jixiao.report.budget_narrative`; the view is a
:class:`~jixiao.report.disclosure_view.DisclosureView`, so the HTML/PDF
(:mod:`jixiao.report.disclosure`) and XLSX/DOCX (:mod:`jixiao.report.disclosure_office`)
renderers draw it unchanged — they are registered for this kind below.
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.model.budget import BudgetDisclosure, BudgetTable, BudgetTableKind, Edition
from jixiao.model.document import Document
from jixiao.report import disclosure, disclosure_office
from jixiao.report.budget_narrative import prior_from_published, write_budget_narrative
from jixiao.report.disclosure_layout import TableLayout, coded, columns_only, two_sided
from jixiao.report.disclosure_view import DisclosureView
from jixiao.report.registry import renderer, report_kind

KIND = "budget"
K = BudgetTableKind


def budget_layout(table: BudgetTable) -> TableLayout:
    """The official layout of a budget table, chosen by its kind."""
    if table.kind in (K.SUMMARY, K.FISCAL_SUMMARY) and table.side("收入") and table.side("支出"):
        return two_sided(table)
    if table.kind == K.THREE_PUBLIC or not any(e.code or e.name for e in table.rows):
        return columns_only(table)
    return coded(table)


def edition_name(budget: BudgetDisclosure) -> str:
    return "单位预算" if budget.edition == Edition.UNIT else "部门预算"


def build_budget(doc: Document) -> DisclosureView:
    """The package of a read budget disclosure; last year's budget (for the changes) is taken
    from the document's own published narrative and listed with its provenance."""
    budget = doc.budget
    if budget is None:
        raise ValueError("没有可用的预算文档")
    department = budget.department.name if budget.department else ""
    name = edition_name(budget)
    prior = prior_from_published(budget)
    sections, gaps = write_budget_narrative(budget, prior, department)
    year = budget.year
    return DisclosureView(
        title=f"{department}{year or ''}年度{name}",
        department=department,
        year=year,
        money_unit="元",
        tables=tuple(budget_layout(t) for t in budget.tables),
        narrative_title=f"{year or ''}年{name}编制说明",
        sections=sections,
        charts=(),
        inputs=prior.inputs,
        gaps=gaps,
        source_path=doc.source_name(),
        document_name=name,
        cover=(
            budget.title or f"{year or ''}年度{department}{name}",
            f"{'预算单位' if budget.edition == Edition.UNIT else '预算主管部门'}：{department}",
        ),
        tables_part="",
        narrative_part="",
        narrative_first=True,
        tables_heading=f"{year or ''}年{name}表",
        provenance_note=(
            "以上各表的数字取自{path}所载预算表，金额单位以各表所注为准；编制说明中的金额由报表金额"
            "折算为万元（四舍五入保留两位小数），占比和增减幅度均由程序计算。\n上年预算数取自原文的说明，逐项注明来源："
        ),
    )


@report_kind(KIND, "部门预算公开（预算表及编制说明）")
def build(docs: Sequence[Document]) -> DisclosureView:
    doc = next((d for d in docs if d.kind == "budget" and d.budget is not None), None)
    if doc is None:
        raise ValueError("没有可用的预算文档")
    return build_budget(doc)


# The formats are the disclosure package's own renderers: they draw any DisclosureView.
renderer(KIND, "html")(disclosure.to_html)
renderer(KIND, "pdf")(disclosure.to_pdf)
renderer(KIND, "xlsx")(disclosure_office.to_xlsx)
renderer(KIND, "docx")(disclosure_office.to_docx)
