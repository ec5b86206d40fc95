"""The view of the 部门决算 disclosure package (部门决算公开) that every format draws, and its
builder — report kind ``disclosure`` (see :mod:`jixiao.report.disclosure` for the formats).

Kept apart from the renderers so that each renderer module (HTML/PDF, XLSX/DOCX) imports the
view and none imports another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from jixiao.model.accounts import TableKind
from jixiao.model.document import Document
from jixiao.report.disclosure_cells import cell, tables_by_kind
from jixiao.report.disclosure_charts import Chart, change_chart, structure_chart
from jixiao.report.disclosure_inputs import Input, NarrativeInputs, inputs_from_published_text
from jixiao.report.disclosure_layout import TableLayout, layout
from jixiao.report.disclosure_narrative import (
    Section,
    class_parts,
    expenditure_parts,
    general_total,
    income_parts,
    write_narrative,
)
from jixiao.report.registry import report_kind

KIND = "disclosure"
TABLE_ORDER = tuple(TableKind)  # 01 … 09


@dataclass(frozen=True, slots=True)
class DisclosureView:
    """Everything a disclosure package (部门决算, and the 部门预算 of :mod:`jixiao.report.budget_view`)
    shows, ready to draw.

    ``tables`` are the tables found, in the order 01 … 09, each laid out as on the form;
    ``sections`` the generated 情况说明 (一 … 九), a section's ``chart`` naming one of
    ``charts``; ``inputs`` every value that did not come from the tables, with its
    provenance; ``gaps`` what the narrative could not state because an input was missing.
    """

    title: str  # "青岛市司法局2022年度部门决算"
    department: str
    year: int | None
    money_unit: str
    tables: tuple[TableLayout, ...]
    narrative_title: str  # "2022年度部门决算情况说明"
    sections: tuple[Section, ...]
    charts: tuple[Chart, ...]
    inputs: tuple[Input, ...]
    gaps: tuple[str, ...]
    source_path: str
    # What the package is called and how its parts are headed (the budget package sets them;
    # see :mod:`jixiao.report.budget_view`):
    document_name: str = "部门决算"  # the cover: "{department}{document_name}"
    cover: tuple[str, ...] = ()  # the cover's lines as printed; () → "{year}年度", "{department}{document_name}"
    tables_part: str = "第二部分"  # the part headings ("" for none)
    narrative_part: str = "第三部分"
    narrative_first: bool = False  # the narrative before the tables (the budget's order)
    tables_heading: str = ""  # "" → "{year}年度部门决算表"
    provenance_note: str = (
        "以上九张表的数字取自{path}所载报表；情况说明中的金额取自报表，占比、增减幅度、完成率均由程序计算"
        "（四舍五入保留两位小数）。\n报表未包含的数据如下，逐项注明来源："
    )

    # 第一部分 部门概况 and 第四部分 名词解释 (the package made from entered data; () = not shown)
    overview: tuple[Section, ...] = ()
    glossary: tuple[Section, ...] = ()

    def chart(self, key: str | None) -> Chart | None:
        return next((c for c in self.charts if c.key == key), None)

    @property
    def tables_title(self) -> str:
        return self.tables_heading or f"{self.year or ''}年度部门决算表"

    @property
    def cover_lines(self) -> tuple[str, ...]:
        return self.cover or (f"{self.year or ''}年度", f"{self.department}{self.document_name}")

    @property
    def tables_heading_line(self) -> str:
        return f"{self.tables_part}　{self.tables_title}" if self.tables_part else self.tables_title

    @property
    def narrative_heading_line(self) -> str:
        return f"{self.narrative_part}　{self.narrative_title}" if self.narrative_part else self.narrative_title

    @property
    def source_note(self) -> str:
        return self.provenance_note.format(path=self.source_path)


def _charts(doc: Document, inputs: NarrativeInputs) -> tuple[Chart, ...]:
    tables = tables_by_kind(doc)
    prior = inputs.prior
    py = prior.year if prior else None
    note = f"{py}年数据：{prior.provenance}" if prior else ""
    income_total = cell(tables.get(TableKind.SUMMARY), "总计", side="收入")
    spent_total = cell(tables.get(TableKind.SUMMARY), "总计", side="支出")
    fiscal_in = cell(tables.get(TableKind.FISCAL_SUMMARY), "总计", side="收入")
    fiscal_out = cell(tables.get(TableKind.FISCAL_SUMMARY), "总计", "合计", side="支出")
    p_total = prior.total if prior else None
    p_fiscal = prior.fiscal_total if prior else None
    p_general = prior.general_budget if prior else None
    _, income = income_parts(tables)
    _, spent = expenditure_parts(tables)
    return (
        change_chart(
            "totals_change",
            "收、支决算总计变动情况图（单位：万元）",
            doc.year,
            py,
            [("收入总计", p_total, income_total), ("支出总计", p_total, spent_total)],
            note,
        ),
        structure_chart("income_structure", "本年收入决算结构图", income),
        structure_chart("expenditure_structure", "本年支出决算结构图", spent),
        change_chart(
            "fiscal_change",
            "财政拨款收、支决算总计变动情况图（单位：万元）",
            doc.year,
            py,
            [("财政拨款收入总计", p_fiscal, fiscal_in), ("财政拨款支出总计", p_fiscal, fiscal_out)],
            note,
        ),
        change_chart(
            "general_change",
            "一般公共预算财政拨款支出决算变动情况图（单位：万元）",
            doc.year,
            py,
            [("一般公共预算财政拨款支出", p_general, general_total(tables))],
            note,
        ),
        structure_chart(
            "general_structure",
            "一般公共预算财政拨款支出决算结构图",
            [(f"{n}（类）", v) for n, v in class_parts(tables)],
        ),
    )


def build_disclosure(doc: Document, inputs: NarrativeInputs | None = None) -> DisclosureView:
    """The disclosure view of a final-accounts document; ``inputs`` default to none at all."""
    inputs = inputs or NarrativeInputs()
    acc = doc.accounts
    found = tables_by_kind(doc)
    tables = tuple(layout(found[k]) for k in TABLE_ORDER if k in found)
    sections, gaps = write_narrative(doc, inputs)
    year = doc.year
    department = doc.department.name if doc.department else ""
    return DisclosureView(
        title=f"{department}{year or ''}年度部门决算",
        department=department,
        year=year,
        money_unit=(acc.money_unit if acc else None) or "万元",
        tables=tables,
        narrative_title=f"{year or ''}年度部门决算情况说明",
        sections=sections,
        charts=_charts(doc, inputs),
        inputs=inputs.all(),
        gaps=gaps,
        source_path=doc.source_name(),
    )


@report_kind(KIND, "部门决算公开（九张表、情况说明及图表）")
def build(docs: Sequence[Document]) -> DisclosureView:
    doc = next((d for d in docs if d.kind == "final_accounts" and d.accounts is not None), None)
    if doc is None:
        raise ValueError("没有可用的部门决算文档")
    return build_disclosure(doc, inputs_from_published_text(doc))
