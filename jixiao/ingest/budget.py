"""Reading a budget disclosure (部门预算 / 单位预算公开).

The document is cut into parts by its headings, never by position: the cover (``上海市普陀区
2026年区级部门预算`` / ``预算主管部门：…`` or ``预算单位：…``), the table of contents, the
prose parts (主要职能, 机构设置, 名词解释, 预算编制说明, 其他相关情况说明, a project's
经费情况说明), and the tables. Tables are found by title in any order with the 决算 table
machinery (:func:`jixiao.ingest.disclosure_tables.read_tables`), given the budget titles;
a table over several pages is one table (repeated header rows are skipped), an empty table
keeps its note, a table the template does not know is kept as read and reported.

:func:`evidence` says how sure the text is a budget disclosure (the detection asks it).
"""

from __future__ import annotations

import re

from jixiao.ingest import budget_narrative, narrative
from jixiao.ingest.context import ReadContext
from jixiao.ingest.disclosure_tables import normal_title, read_tables
from jixiao.ingest.hanzi import simplified_characters
from jixiao.ingest.registry import Detection, document_kind
from jixiao.ingest.text import Line
from jixiao.model.accounts import Table
from jixiao.model.budget import BudgetDisclosure, BudgetTable, BudgetTableKind, Edition
from jixiao.model.goals import Department

K = BudgetTableKind
# Most specific first, on the title without spaces, quotes, brackets, ordinal, year and edition.
TITLES: tuple[tuple[BudgetTableKind, re.Pattern[str]], ...] = (
    (K.THREE_PUBLIC, re.compile(r"三公.{0,3}经费.*表$")),
    (K.GENERAL_BASIC, re.compile(r"一般公共预算(财政拨款)?基本支出.*表$")),
    (K.GOV_FUND, re.compile(r"政府性基金预算(财政拨款)?(收入)?支出.*表$")),
    (K.STATE_CAPITAL, re.compile(r"国有资本经营预算(财政拨款)?(收入)?支出.*表$")),
    (K.GENERAL, re.compile(r"一般公共预算(财政拨款)?支出.*表$")),
    (K.FISCAL_SUMMARY, re.compile(r"财政拨款收(入)?支(出)?(预算)?(总表|总体情况表)$")),
    (K.SUMMARY, re.compile(r"(财务|部门)?收(入)?支(出)?(预算)?(总表|总体情况表)$")),
    (K.INCOME, re.compile(r"收入(预算)?(总?表|总体情况表)$")),
    (K.EXPENDITURE, re.compile(r"支出(预算)?(总?表|总体情况表)$")),
)
_CN = "一二三四五六七八九十"
_LEAD = re.compile(rf"^(?:表?[0-9]+[.．、:：]?|表?[{_CN}]+[.．、:：]|[(（][{_CN}0-9]+[)）])")
VIEW = re.compile(r"\s*[(（][^()（）]{1,12}(科目|分类)[)）]$")
COVER = re.compile(r"(\d{4})\s*年度?.{0,12}?(部门|单位)预算")
BODY = re.compile(r"^(预算主管部门|主管部门|预算单位|部门名称|单位名称)\s*[:：]\s*(.+)$")
PART_WORDS = ("主要职能", "机构设置", "名词解释", "预算编制说明", "其他相关情况说明", "经费情况说明", "情况说明")
_ORDINAL = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[0-9]+[、.．]|[(（])")


def budget_table_kind(title: str) -> BudgetTableKind | None:
    """The kind of a budget table title; ``OTHER`` for a budget table the template lacks."""
    title = VIEW.sub("", title.strip())  # "…情况表(功能科目)": the classification view in brackets
    if not title.endswith("表") or "决算" in title or "…" in title or len(title) > 60:
        return None
    t = _LEAD.sub("", normal_title(title))
    if not ("预算" in t or "总表" in t or "经费" in t or "总体情况表" in t):
        return None
    for kind, pattern in TITLES:
        if pattern.search(t):
            return kind
    return K.OTHER if "预算" in t and len(t) <= 40 else None


def evidence(text: str) -> Detection:
    """``budget`` with a confidence 0–1: a cover naming 部门预算/单位预算, a 预算编制说明 or
    预算公开, and budget table titles; a 决算 table title rules it out."""
    reasons = []
    head = text[:3000]
    if m := COVER.search(head):
        reasons.append(f"封面“{m.group(0)}”")
    if "预算编制说明" in text or "预算公开" in text:
        reasons.append("预算编制说明/预算公开")
    kinds = set()
    for raw in text.split("\n"):
        t = raw.strip().split("\t")[0].strip()
        if t.endswith("表") and (k := budget_table_kind(t)) is not None and k != K.OTHER:
            kinds.add(k)
    if len(kinds) >= 2:
        reasons.append(f"{len(kinds)}种预算公开表")
    if "决算表" in text or "决算总表" in text:
        return Detection(0.0, tuple(reasons), ("不含决算表",))
    score = 0.4 * bool(COVER.search(head)) + 0.2 * ("预算编制说明" in text or "预算公开" in text)
    score += 0.4 * (len(kinds) >= 2)
    missing = tuple(
        label
        for label, seen in (("封面“…年部门/单位预算”", bool(COVER.search(head))),
                            ("预算编制说明/预算公开", "预算编制说明" in text or "预算公开" in text),
                            ("两种以上预算公开表", len(kinds) >= 2))
        if not seen
    )  # fmt: skip
    return Detection(round(score, 2), tuple(reasons), missing)


@document_kind("budget", "部门预算", evidence, threshold=0.6, book=True)
def read_budget(ctx: ReadContext) -> BudgetDisclosure:
    lines = ctx.lines
    title, edition, body, year = _cover(ctx, lines)
    headings = [i for i, ln in enumerate(lines) if _is_part_heading(ln)]
    toc = next((i for i, ln in enumerate(lines) if ln.text.replace(" ", "") in ("目录", "目次")), None)
    body_start = next((i for i in headings if toc is None or i > toc), len(lines))
    starts = [i for i in range(body_start, len(lines)) if _maybe_title(lines[i])]
    t_start = starts[0] if starts else len(lines)
    t_end = next((i for i in headings if i > t_start), len(lines))
    found = read_tables(ctx, _aligned_totals(ctx, lines[t_start:t_end]), budget_table_kind, whole_amounts=True)
    tables = [_budget_table(ctx, t) for t in found]
    sections = []
    if toc is not None:
        sections.extend(narrative.read_prose(ctx, lines[toc:body_start], "目录"))
    bounds = sorted({*[i for i in headings if i >= body_start and not t_start <= i < t_end], t_start, t_end})
    for k, i in enumerate(bounds):
        if i >= len(lines) or i == t_start:
            continue
        end = bounds[k + 1] if k + 1 < len(bounds) else len(lines)
        ctx.place(lines[i])
        sections.extend(narrative.read_prose(ctx, lines[i + 1 : end], lines[i].text))
    facts = budget_narrative.extract_facts(sections, year)
    return BudgetDisclosure(
        edition=edition,
        department=Department(body) if body else None,
        year=year,
        title=title,
        tables=tuple(tables),
        sections=tuple(sections),
        facts=tuple(facts),
        source=ctx.source(1),
    )


def _cover(ctx: ReadContext, lines: list[Line]) -> tuple[str | None, Edition | None, str | None, int | None]:
    head = [ln for ln in lines[:40] if not ln.blank][:6]
    title = body = year = edition = None
    for ln in head:
        t = simplified_characters(ln.text).replace(" ", "")  # a mirror's Traditional cover reads the same
        if title is None and (m := COVER.search(t)):
            title, year = t, int(m.group(1))
            edition = Edition.DEPARTMENT if m.group(2) == "部门" else Edition.UNIT
            ctx.place(ln)
        elif body is None and (m := BODY.match(t)):
            body = m.group(2)
            if edition is None:
                edition = Edition.UNIT if "单位" in m.group(1) else Edition.DEPARTMENT
            ctx.place(ln)
    return title, edition, body, year


def _is_part_heading(ln: Line) -> bool:
    t = ln.text
    if not t or len(t) > 40 or "…" in t or "\t" in ln.raw.strip() or _ORDINAL.match(t):
        return False
    return t.endswith(PART_WORDS) and not t.endswith(("包括", "说明：", "职能："))


def _maybe_title(ln: Line) -> bool:
    t = ln.text
    return t.endswith("表") and budget_table_kind(t) is not None


TOTAL_WORDS = ("合计", "总计")


def _aligned_totals(ctx: ReadContext, lines: list[Line]) -> list[Line]:
    """A 合计 row whose label cell spans the code and name columns can come out of the PDF
    with fewer cells than the table's other rows; its amounts belong to the rightmost
    columns, so the row is padded after the label (reported as ``cell-shifted``)."""
    out: list[Line] = []
    width = 0
    for ln in lines:
        cells = ln.cells
        if _maybe_title(ln):
            width = 0
        elif len(cells) > width:
            width = len(cells)
        first = cells[0].strip() if cells else ""
        if first in TOTAL_WORDS and 1 < len(cells) < width and any(c.strip() for c in cells[1:]):
            missing = width - len(cells)
            ln = Line(ln.number, "\t".join([cells[0], *[""] * missing, *cells[1:]]))
            ctx.report("cell-shifted", ln, detail=f"“{first}”行比表头少{missing}列（合并单元格），金额按右对齐读取")
        out.append(ln)
    return out


def _budget_table(ctx: ReadContext, t: Table) -> BudgetTable:
    kind = t.kind if isinstance(t.kind, BudgetTableKind) else K.OTHER
    if kind == K.OTHER:
        ctx.report("budget-table-unknown", t.source, subject=t.title)
    note = next((n for n in t.notes if _says_empty(n)), None)
    unit = (t.money_unit or "").strip() or None
    return BudgetTable(kind, t.title, t.department, unit, t.columns, t.entries, t.notes, note, t.source)


def _says_empty(note: str) -> bool:
    return "空表" in note or "无数据" in note or ("故本表" in note and ("无" in note or "没有" in note))
