"""Checks on the wording of a document as a whole: every text the model holds, with its place.

:func:`texts` walks a document and yields each piece of text with a way to locate a
character in it: narrative sections paragraph by paragraph (``NarrativeSection.line_at``
gives the printed line), evaluation paragraphs, self-evaluation form texts (goals,
deviation explanations, notes; a form field without its own line points at the form's
title line), table notes, target-table purposes, goals and indicator descriptions, and
lines no reader could place. On those texts:

* **Comparison words** (大于/小于/等于/高于/低于/超过/少于/多于, ``A与B持平``, ``比B增加/减少…``,
  ``由X增加到Y``) are checked against the numbers the same paragraph states for the two sides:
  a side is found by its name (``决算数`` → the nearest earlier amount whose label contains
  决算, ``年初预算数`` → 年初预算; a side naming another period such as 上年 only matches a
  label that names it too). Amounts are compared with amounts, rates with rates. Only numbers
  after the previous comparison's sentence count (a list of items is read item by item); a
  ``比…`` or ``与…持平`` looks within its own sentence, and a number labelled as a difference
  (``比全年预算减少52.59万元``) is never taken for a side. A side that cannot be found, or two
  different amounts for one side, means no finding — the check only speaks when the text
  itself gives both numbers.
* **Template text** (placeholders, fill-in instructions, a document that is all template) is
  checked in :mod:`jixiao.checks.template_text` over these same texts.
* **Year**: the document's year must be the year where the document names itself: a
  ``YYYY年度部门决算`` (or 部门预算 in target tables; not ``…决算数``, an amount of that year)
  with another year and no 与/较/比/上 just before it; a 情况说明 paragraph that opens the
  template way (``YYYY年度收、支总计…``, ``YYYY年度财政拨款…``) with another year and does not
  say 相比 in its first sentence; a self-evaluation form or evaluation report of another year;
  a target date earlier than the target table's year.
* **Tables** of the final accounts: each of the nine kinds present (``table-missing``) and in
  order A or order B of rules.md §4.1 (``table-out-of-order``). Duplicates are reported by
  the reader (``table-duplicate``).
* **Percent sign**: a share, growth or completion rate (``占…的``, ``占比``, ``增长``, ``下降``,
  ``完成…预算的``, ``…率为``) followed by a bare number and then only punctuation, the end of
  the text, 左右/以上/以下 or 的 — so ``增长8,974.40万元``, ``增长9.02个百分点`` and ``9.02 %``
  are not reported.
* **Doubled punctuation** ``。。 ，， ；； 、、 ：： ！！ ？？`` (``……`` and ``——`` are
  punctuation marks in their own right and are not reported).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.ingest.hanzi import simplified
from jixiao.model.accounts import NarrativeSection, Table, TableKind
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.source import Source
from jixiao.model.target import ValueKind


@dataclass(frozen=True, slots=True)
class Text:
    """A piece of text and where it is: ``locate(offset)`` → the Source of that character."""

    text: str
    where: str  # what the text is, for messages ("情况说明", "评价报告")
    locate: Callable[[int], Source]
    is_note: bool = False  # a printed 注 of a form or table (template instructions belong there)
    part: str = ""  # the part of the final accounts (for the year check)


def _fixed(source: Source) -> Callable[[int], Source]:
    return lambda _offset: source


def _in_section(section: NarrativeSection, start: int) -> Callable[[int], Source]:
    """Where the character at an offset of the paragraph starting at ``start`` of ``section`` is."""
    return lambda i: section.source.at(line=section.line_at(start + i) or section.source.line)


def texts(doc: Document) -> Iterator[Text]:
    yield from _accounts_texts(doc)
    yield from _goal_texts(doc)
    if doc.statement is not None:  # a statement in prose: its paragraphs as printed
        for paragraph in doc.statement.paragraphs:
            yield Text(paragraph.text, paragraph.heading or "正文", paragraph.at)
    for raw in doc.unplaced:
        yield Text(raw.text, "未归类文本", _fixed(raw.source))


def _accounts_texts(doc: Document) -> Iterator[Text]:
    acc = doc.accounts
    if acc is None:
        return
    for section in acc.sections:
        offset = 0
        for paragraph in section.text.split("\n"):
            start = offset
            yield Text(
                paragraph, "情况说明" if "情况说明" in section.part else section.part or "正文",
                _in_section(section, start),
                part=section.part,
            )
            offset += len(paragraph) + 1
    for table in acc.tables:
        for note in table.notes:
            yield Text(note, f"表“{table.title}”的注", _fixed(table.source), is_note=True)
    for form in acc.self_evaluations:
        where = f"自评表“{form.project}”"
        for value in (form.goal_expected, form.goal_actual, form.low_score_explanation):
            if value:
                yield Text(value, where, _fixed(form.source))
        for ind in form.indicators:
            if ind.deviation:
                yield Text(ind.deviation, where, _fixed(ind.source))
        for note in form.notes:
            yield Text(note, where + "的注", _fixed(form.source), is_note=True)
    summary = acc.self_evaluation_summary
    if summary is not None:
        for note in summary.notes:
            yield Text(note, "自评情况汇总表的注", _fixed(summary.source), is_note=True)
        for remark in summary.remarks:
            yield Text(remark, "自评情况汇总表", _fixed(summary.source))
    for ev in acc.evaluations:
        for p in ev.paragraphs:
            yield Text(p.text, f"评价报告“{ev.title}”", _fixed(p.source))


def _goal_texts(doc: Document) -> Iterator[Text]:
    if doc.goals is None:
        return
    for project in doc.goals.projects:
        where = f"项目“{project.name}”"
        for value in (project.purpose, project.goal):
            if value:
                yield Text(value, where, _fixed(project.source))
        for ind in project.indicators:
            if ind.description:
                yield Text(ind.description, where, _fixed(ind.source))


def _at(t: Text, offset: int) -> Source:
    return t.locate(offset)


def excerpt(text: str, start: int, end: int, margin: int = 12) -> str:
    return text[max(0, start - margin) : min(len(text), end + margin)]


# -- numbers with their labels ----------------------------------------------------------------------------

NUMBER = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万元|亿元|元|%|％)?")
DELIMITERS = "，。；：、,;:（）()\n"


@dataclass(frozen=True, slots=True)
class Stated:
    value: Decimal
    unit: str  # "money" (万元) | "%" | "" (no unit written)
    label: str
    start: int
    end: int


def stated_numbers(text: str) -> list[Stated]:
    out: list[Stated] = []
    last_end = 0
    for m in NUMBER.finditer(text):
        unit = m.group(2)
        if unit is None:
            last_end = m.end()
            continue
        try:
            value = Decimal(m.group(1).replace(",", ""))
        except InvalidOperation:
            continue
        head = text[last_end : m.start()]
        cut = max(head.rfind(c) for c in DELIMITERS)
        label = head[cut + 1 :] if cut >= 0 else head
        out.append(Stated(value, "%" if unit in ("%", "％") else "money", label, m.start(), m.end()))
        last_end = m.end()
    return out


# -- comparison words ----------------------------------------------------------------------------------------

ANY_COMPARISON = re.compile(r"大于|高于|超过|多于|小于|低于|少于|等于|持平|比|由|从")
GREATER = ("大于", "高于", "超过", "多于")
LESS = ("小于", "低于", "少于")
EQUAL = ("等于",)
COMPARE = re.compile(r"(大于|高于|超过|多于|小于|低于|少于|等于)")
PERIODS = ("上年", "去年", "上期", "同期", "以前年度", "下年", "明年")
UP = ("增加", "增长", "上升", "提高", "多", "超支")
DOWN = ("减少", "下降", "降低", "少", "节约", "节省")
CHANGE_FROM = re.compile(
    r"(?<![对相])比(?![率例重较])([\u4e00-\u9fa5“”]{1,12}?)(增加|增长|上升|提高|减少|下降|降低|节约|节省|超支)"
)
FROM_TO = re.compile(
    r"(?:由|从)\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|%)?\s*(增加|增长|上升|提高|减少|下降|降低)(?:到|至|为)\s*(\d[\d,]*(?:\.\d+)?)"
)
LEVEL = re.compile(r"与([\u4e00-\u9fa5“”]{1,12}?)(基本)?持平")
CHANGE_LABEL = re.compile(r"比|较|相比|(?:增加|减少|增长|下降|上升|降低|提高|节约|节省|超支|差额|相差)了?$")
OPERAND_BEFORE = re.compile(r"([\u4e00-\u9fa5“”]{1,12})$")
OPERAND_AFTER = re.compile(r"^([\u4e00-\u9fa5“”]{1,12}?)(?=的|，|。|；|,|;|主要|原因|$|\s)")


def _core(operand: str) -> str:
    core = re.sub(r"^(?:其|该|本项|该项|实际|本年度|本年|当年|今年)", "", operand)
    core = re.sub(r"(?:数|金额|数额|额)$", "", core)
    return core


def resolve(operand: str, numbers: list[Stated], before: int, unit: str, floor: int = 0) -> Stated | None:
    """The amount stated for ``operand`` between ``floor`` and ``before``, or None.

    None when no label names it, or when two different amounts do (the sentence does not
    say which one it compares)."""
    core = _core(operand)
    if len(core) < 2:
        return None
    hits = [
        n for n in numbers
        if floor <= n.start < before and n.unit == unit and core in n.label and not _is_change(n)
    ]
    if not hits or len({n.value for n in hits}) > 1:
        return None
    period = next((p for p in PERIODS if p in core), None)
    if period is None and any(p in hits[-1].label for p in PERIODS):
        return None
    return hits[-1]


def _is_change(n: Stated) -> bool:
    """A difference (比全年预算减少52.59万元), not the level of a quantity."""
    return bool(CHANGE_LABEL.search(n.label))


def _unit_of(operand_a: str, operand_b: str) -> str:
    return "%" if "率" in operand_a + operand_b or "比例" in operand_a + operand_b else "money"


def _verdict(word: str, a: Decimal, b: Decimal) -> bool:
    if word in GREATER or word in UP:
        return a > b
    if word in LESS or word in DOWN:
        return a < b
    return a == b


def comparison_problems(text: str) -> Iterator[tuple[int, int, str, str, Stated, str, Stated]]:
    """(start, end, phrase, left name, left, right name, right) for each contradicted comparison."""
    if not ANY_COMPARISON.search(text):
        return
    a: Stated | None
    b: Stated | None
    for m in FROM_TO.finditer(text):
        unit = {"%": "%", "万元": "money"}.get(m.group(2) or "", "")
        try:
            a = Stated(Decimal(m.group(1).replace(",", "")), unit, "起点", m.start(1), m.end(1))
            b = Stated(Decimal(m.group(4).replace(",", "")), unit, "终点", m.start(4), m.end(4))
        except InvalidOperation:
            continue
        if not _verdict(m.group(3), b.value, a.value):
            yield m.start(), m.end(), m.group(0), "终点", b, "起点", a
    numbers = stated_numbers(text)
    if len(numbers) < 2:
        return
    floor = 0  # numbers of an earlier comparison's sentences are not this comparison's
    for m in COMPARE.finditer(text):
        before = OPERAND_BEFORE.search(text[: m.start()])
        after = OPERAND_AFTER.search(text[m.end() :])
        if before and after:
            a_name, b_name = before.group(1), after.group(1)
            unit = _unit_of(a_name, b_name)
            a = resolve(a_name, numbers, m.start(), unit, floor)
            b = resolve(b_name, numbers, m.start(), unit, floor)
            if a is not None and b is not None and a is not b and not _verdict(m.group(1), a.value, b.value):
                yield m.start(), m.end(), a_name + m.group(1) + b_name, a_name, a, b_name, b
        floor = _sentence_end(text, m.end())
    for m in CHANGE_FROM.finditer(text):
        start = _sentence_start(text, m.start())
        subject = [n for n in numbers if start <= n.start and n.end <= m.start() and n.unit == "money"]
        base = resolve(m.group(1), numbers, m.start(), "money", start)
        if not subject or base is None or subject[-1] is base:
            continue
        a = subject[-1]
        if not _verdict(m.group(2), a.value, base.value):
            yield m.start(), m.end(), m.group(0), a.label or "该数", a, m.group(1), base
    for m in LEVEL.finditer(text):
        if m.group(2):
            continue  # 基本持平: roughly equal by the author's own judgement
        start = _sentence_start(text, m.start())
        left = OPERAND_BEFORE.search(text[: m.start()])
        a = resolve(left.group(1), numbers, m.start(), "money", start) if left else None
        if a is None:
            subject = [n for n in numbers if start <= n.start and n.end <= m.start() and n.unit == "money"]
            a = subject[-1] if subject else None
        base = resolve(m.group(1), numbers, m.start(), "money", start)
        if a is not None and base is not None and a is not base and a.value != base.value:
            yield m.start(), m.end(), m.group(0), a.label or "该数", a, m.group(1), base


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in "。；\n") + 1


def _sentence_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(c, pos) for c in "。；\n") if i >= 0]
    return min(ends) + 1 if ends else len(text)


def _show(n: Stated) -> str:
    return f"{n.value}{ {'%': '%', 'money': '万元'}.get(n.unit, '') }"


@check("comparison-word-contradicts", applies_to="any")
def check_comparison_words(doc: Document) -> Iterator[Finding]:
    for t in texts(doc):
        if t.is_note:
            continue
        for start, _end, phrase, left, a, right, b in comparison_problems(t.text):
            yield make_finding(
                "comparison-word-contradicts", _at(t, start), subject=phrase, phrase=phrase, left=left,
                a=_show(a), right=right, b=_show(b), expected=f"{left}{_show(a)}，{right}{_show(b)}", actual=phrase,
            )


# -- the document's year ---------------------------------------------------------------------------------------

OWN_NAME = {"final_accounts": r"(?:部门|单位)决算(?!数)", "goal_tables": r"(?:部门|单位)(?:预算|绩效目标)(?!数)"}
# how the 情况说明's paragraphs about the document's own year open (2022年度收、支总计…)
OWN_YEAR_OPENING = re.compile(
    r"\s*((?:19|20)\d{2})年度(?=收|支|本年|财政拨款|一般公共预算|政府性基金|国有资本|“三公”|机关运行|政府采购|本部门|部门)"
)
# the date a final-accounts document reports at: the end of its own year (截至2024年12月31日, 截止到2024年底)
CLOSING_DATE = re.compile(r"(?:截至|截止(?:到|至)?)\s*((?:19|20)\d{2})\s*年\s*(?:12\s*月\s*31\s*日|底|末|年末)")
CLOSING_DATE_KINDS = frozenset({"final_accounts"})
BEFORE_YEAR = re.compile(r"(?:与|较|比|上|同|去|对比|相比|截至|截止)[^，。；]{0,3}$")


def _year_findings_in_text(t: Text, year: int, own: re.Pattern[str], closing: bool) -> Iterator[Finding]:
    for m in CLOSING_DATE.finditer(t.text) if closing else ():
        clause = t.text[_clause_start(t.text, m.start()) : m.start()]
        if int(m.group(1)) != year and not re.search(r"与|较|比|相比|上年|同期|上一年|以前", clause):
            yield make_finding("year-mismatch", _at(t, m.start()), subject=t.where, where=t.where + "中的截止日期",
                               text=m.group(0), year=year, expected=str(year), actual=m.group(1))
    for m in own.finditer(t.text):
        if int(m.group(1)) == year or BEFORE_YEAR.search(t.text[max(0, m.start() - 6) : m.start()]):
            continue
        yield make_finding("year-mismatch", _at(t, m.start()), subject=t.where, where=t.where, text=m.group(0),
                           year=year, expected=str(year), actual=m.group(1))
    if "情况说明" in t.part:
        opening = OWN_YEAR_OPENING.match(t.text)
        first_sentence = t.text[: t.text.find("。") + 1 or None]
        if opening and int(opening.group(1)) != year and not re.search(r"相比|比较|同比|上年", first_sentence):
            yield make_finding("year-mismatch", _at(t, opening.start(1)), subject=t.where, where="情况说明段首",
                               text=opening.group(0), year=year, expected=str(year), actual=opening.group(1))


# a heading or a line of the table of contents of a budget naming a budget of its year:
# “四、2020年预算编制范围”, “第二部分 2021年部门预算报表” (not 预算执行 / 预算数: last year's figures)
BUDGET_HEADING = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．])"
    r"[^。；，,:：\d与比较同上]{0,20}?((?:19|20)\d{2})\s*年度?\s*(?:部门|单位)?预算(?!执行|调整|完成|数|批复|安排)"
)


def budget_heading_years(text: str, year: int) -> Iterator[tuple[str, str]]:
    """(heading, the year it names) for each heading line of a budget text naming a budget of another year."""
    for line in simplified(text).split("\n"):
        m = BUDGET_HEADING.match(line)
        if m and int(m.group(1)) != year and len(line.strip()) <= 60:
            yield line.strip(), m.group(1)


def _budget_year(doc: Document, year: int) -> Iterator[Finding]:
    """A budget's headings and table of contents name the budget's own year."""
    heads: list[tuple[str, Source]] = [(t.text, t.locate(0)) for t in texts(doc)]
    if doc.budget is not None:
        for section in doc.budget.sections:
            heads.append((section.heading, section.source))
            heads.extend((ln, section.source) for ln in section.text.split("\n") if section.part == "目录")
    seen: set[str] = set()
    for text, source in heads:
        for heading, found in budget_heading_years(text, year):
            if heading not in seen:
                seen.add(heading)
                yield _year_finding(source, heading, "标题（目录）", heading, year, found)


@check("year-mismatch", applies_to="any")
def check_year(doc: Document) -> Iterator[Finding]:
    year = doc.year
    if year is not None and doc.kind == "budget":
        yield from _budget_year(doc, year)
    if year is None or doc.kind not in OWN_NAME:
        return
    own = re.compile(r"((?:19|20)\d{2})\s*年度?\s*" + OWN_NAME[doc.kind])
    for t in texts(doc):
        if not t.is_note:
            yield from _year_findings_in_text(t, year, own, doc.kind in CLOSING_DATE_KINDS)
    acc = doc.accounts
    if acc is not None:
        seen_parts: set[str] = set()
        for section in acc.sections:
            for heading in (section.part, section.heading):
                if heading in seen_parts:
                    continue
                seen_parts.add(heading)
                for m in own.finditer(heading):
                    if int(m.group(1)) != year:
                        yield _year_finding(section.source, heading, "标题", m.group(0), year, m.group(1))
        for form in acc.self_evaluations:
            if form.year is not None and form.year != year:
                where = f"自评表“{form.project}”的年度"
                yield _year_finding(form.source, form.project, where, f"{form.year}年度", year, form.year)
        for ev in acc.evaluations:
            if ev.year is not None and ev.year != year:
                where = f"评价报告“{ev.title}”的评价年度"
                yield _year_finding(ev.source, ev.title, where, f"{ev.year}年度", year, ev.year)
    if doc.goals is not None:
        for project in doc.goals.projects:
            for ind in project.indicators:
                target = ind.target
                if target.kind == ValueKind.DATE and target.date is not None and target.date.year < year:
                    where = f"指标“{ind.name}”的完成时间"
                    yield _year_finding(ind.source, ind.name, where, target.raw, year, target.date.year)


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in "。；，,\n") + 1


def _year_finding(source: Source, subject: str, where: str, text: str, year: int, found: object) -> Finding:
    return make_finding(
        "year-mismatch", source, subject=subject, where=where, text=text, year=year, expected=str(year), actual=found
    )


# -- the nine tables ---------------------------------------------------------------------------------------------

TABLE_NAMES = {
    TableKind.SUMMARY: "收入支出决算总表",
    TableKind.INCOME: "收入决算表",
    TableKind.EXPENDITURE: "支出决算表",
    TableKind.FISCAL_SUMMARY: "财政拨款收入支出决算总表",
    TableKind.GENERAL_BUDGET: "一般公共预算财政拨款支出决算表",
    TableKind.GENERAL_BUDGET_BASIC: "一般公共预算财政拨款基本支出决算（明细）表",
    TableKind.GOV_FUND: "政府性基金预算财政拨款收入支出决算表",
    TableKind.STATE_CAPITAL: "国有资本经营预算财政拨款收入支出决算表",
    TableKind.THREE_PUBLIC: "财政拨款“三公”经费支出决算表",
}
_COMMON = (TableKind.SUMMARY, TableKind.INCOME, TableKind.EXPENDITURE, TableKind.FISCAL_SUMMARY,
           TableKind.GENERAL_BUDGET, TableKind.GENERAL_BUDGET_BASIC)
ORDER_A = (*_COMMON, TableKind.GOV_FUND, TableKind.STATE_CAPITAL, TableKind.THREE_PUBLIC)
ORDER_B = (*_COMMON, TableKind.THREE_PUBLIC, TableKind.GOV_FUND, TableKind.STATE_CAPITAL)


def _in_order(kinds: list[TableKind], order: tuple[TableKind, ...]) -> bool:
    positions = [order.index(k) for k in kinds]
    return positions == sorted(positions)


@check("table-missing", "tables-absent", "table-out-of-order", applies_to="final_accounts")
def check_tables_present(doc: Document) -> Iterator[Finding]:
    acc = doc.accounts
    if acc is None:
        return
    if not acc.tables:  # a whole set absent (an excerpt, tables in an attachment): one note, not nine alarms
        yield make_finding("tables-absent", acc.source)
        return
    first: dict[TableKind, Table] = {}
    for table in acc.tables:
        first.setdefault(table.kind, table)
    for kind in ORDER_A:
        if kind not in first:
            yield make_finding("table-missing", acc.source, subject=TABLE_NAMES[kind])
    kinds = list(first)
    if kinds and not _in_order(kinds, ORDER_A) and not _in_order(kinds, ORDER_B):
        for previous, kind in pairwise(kinds):
            if ORDER_A.index(kind) < ORDER_A.index(previous):
                table = first[kind]
                yield make_finding(
                    "table-out-of-order", table.source, subject=table.title,
                    detail=f"排在“{first[previous].title}”之后，模板中应在其前", actual=table.title,
                )
                break


# -- percentages without % and doubled punctuation -------------------------------------------------------------

SHARE_LEAD = (
    r"(?:占比|占[^，。；、\d%]{1,20}?的|增长|下降|增幅为?|降幅为?|比重为?|完成(?:年初|全年)?预算的"
    r"|[\u4e00-\u9fa5]率为|[\u4e00-\u9fa5]率达到?|百分比为)"
)
NOT_A_SHARE = r"(?=[ \t]*(?:$|\n|[，。；、,;）)]|左右|以上|以下|的))"  # nothing after it: no %, no unit
BARE_SHARE = re.compile(SHARE_LEAD + r"\s*(\d+(?:\.\d+)?)" + NOT_A_SHARE)
DOUBLED = re.compile(r"([。，；、：！？,;])\1+")


@check("percent-sign-missing", applies_to="any")
def check_percent_sign(doc: Document) -> Iterator[Finding]:
    for t in texts(doc):
        for m in BARE_SHARE.finditer(t.text):
            yield make_finding("percent-sign-missing", _at(t, m.start(1)), subject=t.where, text=m.group(0),
                               number=m.group(1), actual=m.group(0), expected=m.group(0) + "%")


@check("punctuation-doubled", applies_to="any")
def check_doubled_punctuation(doc: Document) -> Iterator[Finding]:
    for t in texts(doc):
        for m in DOUBLED.finditer(t.text):
            yield make_finding("punctuation-doubled", _at(t, m.start()), subject=t.where,
                               text=excerpt(t.text, m.start(), m.end(), 8), mark=m.group(0), actual=m.group(0))
