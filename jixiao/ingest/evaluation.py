"""Reading an evaluation report (部门评价 / 财政评价 报告) into an :class:`Evaluation`.

The caller hands over the report's lines, from its title (a line ending in 评价报告 with a
评价单位 line below it) to the next report or the end of the file. The reader walks them
once and sorts every non-blank line into one of these blocks:

- the cover: title, ``评价单位：``, ``被评价单位：``, the cover date ``2023 年 5 月``;
- small tables: the section summary (``评价指标类别 / 所赋分值 / 评价得分 / 得分率 / 评述与等级``),
  which a finance report prints twice (摘要 and 评价结论: both are read, the last is the
  report's, differences are findings), and two-column money tables (``项目分类 / 金额（万元）``);
- the score table (附件1): a title ending in 评分表 followed by a ``一级指标 …`` header; its
  pages repeat title and header, carry printed page numbers inside their first cell, and
  shift cells (see :func:`_assign_levels`);
- a signature: a signer line above a full date (``青岛市司法局`` / ``2023年5月12日``);
- prose: headings (numbered ``一、`` ``（一）`` ``1.`` ``（1）`` ``①``) and paragraphs; lines
  the converter broke inside a sentence are joined again.

Everything else the report says is then read from the prose: grade bands, evaluation
stages, the department report's section scores and total, the conclusion sentence, and every
sentence that states an indicator's score. Nothing is recomputed or corrected: values are
kept as printed and anything odd becomes a finding.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import Line, needs_cleaning, parse_decimal
from jixiao.model.evaluation import (
    Evaluation,
    GradeBand,
    Paragraph,
    ScoreItem,
    ScoreStatement,
    SectionScore,
    SpendingItem,
    SpendingTable,
    Stage,
)
from jixiao.model.source import Source

NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
GRADES = "优良中差"
DEFAULT_LEVEL1 = frozenset({"决策", "过程", "产出", "效益"})  # the 一级 indicators of 财政绩效评价

_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》〈〉【】、"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
_COVER_KEY = re.compile(r"^(评价单位|被评价单位|委托单位)\s*[：:]\s*(.*)$")
_MONTH_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月$")
_FULL_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_YEAR = re.compile(r"^(\d{4})\s*年")
_LABEL = re.compile(rf"(.+?)\s*[（(]\s*({NUM})\s*分\s*[)）]")
_HEADINGS = [
    (1, re.compile(r"^[一二三四五六七八九十]+\s*、")),
    (2, re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]")),
    (3, re.compile(r"^\d{1,2}\s*[.、．](?!\d)")),
    (4, re.compile(r"^[（(]\s*\d{1,2}\s*[)）]")),
    (5, re.compile(r"^[①-⑳]")),
]
_HEADING_FIRST = "一二三四五六七八九十（("  # what _HEADINGS can start with, besides digits and ①-⑳
_CLOSING = "。；;：:！？!?"  # a line ending in one of these ends its paragraph
_STAGE = re.compile(
    r"^(?:\d{1,2}\s*[.、．]\s*)?([^（(]+?)\s*[（(]\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[-－—–~～至]+\s*"
    r"(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*[)）]"
)
_DATE_PARTS = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ITEM_SENTENCE = re.compile(
    rf"([^，。；,;：:]+?)指标共\s*({NUM})\s*分\s*[，,]\s*得\s*({NUM})\s*分\s*(?:[，,]\s*扣\s*({NUM})\s*分)?"
)
_DEPT_SECTION = re.compile(rf"分值为\s*({NUM})\s*分\s*[，,]\s*评价得分\s*({NUM})\s*分\s*[，,]\s*得分率\s*({NUM})\s*%")
_TOTAL = re.compile(
    rf"((?:部门|本项目|项目)?绩效评价得分)\s*(?:为\s*)?[“\"]?({NUM})[”\"]?\s*分\s*[，,、]\s*(?:评价)?等级为\s*"
    rf"[“\"]?([{GRADES}])"
)
# 得 first and the look-behind after it (the same as "(?<!评价)得"): a pattern that starts
# with a literal character is searched for much faster.
_GOT = re.compile(rf"得(?<!评价得)\s*({NUM})\s*分(?![率值])")
_GRADE_WORD = re.compile(rf"为\s*[“\"]?([{GRADES}])[”\"]?")
_CLAUSE_END = re.compile(r"[；;、。，,：:]")
_SPACES = re.compile(r"\s+")
_SPACE = re.compile(r"\s")
_COMMA = re.compile(r"[，,]")
_TITLE_STOP = re.compile(r"[，,：:=《]")
_SIGNER_STOP = re.compile(r"[。，,：:；;]")
_TOTAL_ROW_NAME = re.compile(r"结果|合计|总计|总分")
_TOTAL_ROW = re.compile(r"^(合计|总计)")
_NUMBERED = re.compile(r"^\s*\d{1,2}\s*[、.．]")
_NUMBER_PREFIX = re.compile(r"^\s*\d{1,2}\s*[、.．]\s*")
_FIRST_PHRASE = re.compile(r"[^。=＝，,：:（(≥>≤<$\s]+")
_BAND_INCLUSIVE = (re.compile(rf"含\s*({NUM})"), re.compile(rf"({NUM})\s*分?\s*[（(]\s*含\s*[)）]"))
_PROJECT_PREFIX = re.compile(r"^项目")
_SECTION_SUFFIX = re.compile(r"(情况|指标)$")
_BAND_ABOVE = re.compile(rf"({NUM})\s*分?\s*以上")
_ANY_NUM = re.compile(NUM)
_EXPLAINED_SCORE = re.compile(rf"该项指标得\s*({NUM})\s*分")
_EXPLAINED_DEDUCTION = re.compile(rf"扣\s*({NUM})\s*分")
_EXPLAINED_RATE = re.compile(rf"得分率为?\s*({NUM})\s*%")


# -- small helpers -----------------------------------------------------------------------


def squeeze(text: str) -> str:
    """Remove the spaces a converter puts around CJK text (``2022 年度`` → ``2022年度``)."""
    if not _SPACE.search(text):  # no whitespace at all: nothing to remove (and the look-arounds are slow)
        return text
    return _SPACES.sub(" ", _SPACE_NEAR_CJK.sub("", text)).strip()


def _label(text: str) -> tuple[str, Decimal | None]:
    """``决策 (20分)`` → (``决策``, 20); text without a score suffix → (text, None)."""
    m = _LABEL.fullmatch(text.strip())
    if not m:
        return squeeze(text), None
    return squeeze(m.group(1)), parse_decimal(m.group(2))


def _states_total(text: str) -> re.Match[str] | None:
    """The total score and grade a sentence states (see ``_TOTAL``)."""
    # _TOTAL cannot match without the words 绩效评价得分; looking for them first spares the
    # slow search (the pattern starts with an optional group) in nearly every sentence.
    return _TOTAL.search(text) if "绩效评价得分" in text else None


def _percent(text: str) -> Decimal | None:
    """``91.25%`` → 0.9125; anything else → None."""
    t = text.strip().replace(" ", "")
    if not t.endswith("%"):
        return None
    value = parse_decimal(t[:-1])
    return None if value is None else value / 100


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else parse_decimal(text)


def _date(text: str) -> dt.date | None:
    m = _DATE_PARTS.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _heading_level(text: str) -> int | None:
    """The numbering level of a heading, or None for a paragraph.

    A numbered line is a heading when it is short and reads like a title (no comma, colon,
    formula, or quoted document name); ``1、资金到位率=…`` is a numbered paragraph.
    """
    if text == "摘要":
        return 0
    first = text[:1]
    # Every numbering starts with one of these characters (\d is str.isdecimal): most lines
    # are prose and are told apart without trying the five patterns.
    if not (first in _HEADING_FIRST or first.isdecimal() or "①" <= first <= "⑳"):
        return None
    for level, pattern in _HEADINGS:
        if pattern.match(text):
            if level <= 2:  # 一、 / （一） open a section even when a sentence follows
                return None if len(text) > 60 or _COMMA.search(text) else level
            if len(text) > 40 or _TITLE_STOP.search(text):
                return None
            if "。" in text.rstrip("。"):
                return None
            return level
    return None


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in text.split("。") if s.strip()]


def _bare_section(heading: str) -> str:
    """``（一）项目决策情况。`` → ``决策``."""
    t = squeeze(heading)
    for _, pattern in _HEADINGS:
        t = pattern.sub("", t, count=1)
    t = t.strip(" 。.：:")
    t = _PROJECT_PREFIX.sub("", t)
    t = _SECTION_SUFFIX.sub("", t)
    return t


def _statement_name(sentence: str) -> str:
    """The indicator a ``…，得 N 分`` sentence is about: its first phrase."""
    t = _NUMBER_PREFIX.sub("", sentence)
    m = _FIRST_PHRASE.match(t)
    return squeeze(m.group(0)) if m else ""


# -- the reader --------------------------------------------------------------------------


@dataclass
class _Section:
    rows: list[SectionScore] = field(default_factory=list)
    total: SectionScore | None = None


@dataclass
class _Pending:
    lines: list[Line]
    text: str
    heading: bool
    path: tuple[str, ...]


class _ReportReader:
    def __init__(self, ctx: ReadContext, lines: list[Line]):
        self.ctx = ctx
        self.lines = lines
        self.title = ""
        self.title_chars = ""  # the title without whitespace (see is_title)
        self.raw_title = ""
        self.cover: dict[str, tuple[str, Line]] = {}
        self.report_date: str | None = None
        self.signed_by: str | None = None
        self.signed_date: str | None = None
        self.paragraphs: list[Paragraph] = []
        self.section_tables: list[_Section] = []
        self.spending: list[SpendingTable] = []
        self.items: list[ScoreItem] = []
        self.table_title: str | None = None
        self.table_total: tuple[Decimal | None, Decimal | None, Source] | None = None
        self.pending: _Pending | None = None
        self.path: list[tuple[int, str]] = []
        self.headings: tuple[str, ...] = ()  # the headings of self.path (kept with it)
        # score-table state
        self.prev_levels = ["", "", "", ""]
        self.prev_weights: list[Decimal | None] = [None, None]
        self.page: int | None = None

    # -- sources and cells ----------------------------------------------------------
    def src(self, ln: Line, **kw: object) -> Source:
        return self.ctx.source(ln, **kw)

    def cells(self, ln: Line, table: str | None = None) -> tuple[list[str], int | None]:
        """Cleaned cells (trailing empty cells dropped) and a printed page number if one was found."""
        out: list[str] = []
        page = None
        for col, raw in enumerate(ln.cells, start=1):
            text = raw.strip()
            if not needs_cleaning(text):  # the usual case: clean_at would only strip the cell
                out.append(text)
                continue
            c = self.ctx.clean_at(raw, ln, table=table, column=col)
            if c.page is not None:
                page = c.page
            out.append(c.text)
        while out and not out[-1]:
            out.pop()
        return out, page

    # -- driver ---------------------------------------------------------------------
    def read(self) -> Evaluation | None:
        start = self.read_cover()
        if start is None:
            return None
        i = start
        n = len(self.lines)
        while i < n:
            ln = self.lines[i]
            if ln.blank:
                i += 1
                continue
            texts = [t for _, t in ln.nonempty()]  # once per line, for the tests below
            if self.is_score_table_title(i):
                self.flush()
                i = self.read_score_table(i)
            elif self.is_section_header(texts):
                self.flush()
                i = self.read_section_table(i)
            elif self.is_spending_header(texts):
                self.flush()
                i = self.read_spending_table(i)
            elif self.is_signature(i):
                self.flush()
                i = self.read_signature(i)
            elif len(texts) > 1:
                self.flush()  # an unknown table row: left unplaced, kept raw by the context
                i += 1
            else:
                self.read_prose(ln)
                i += 1
        self.flush()
        return self.build()

    # -- cover ----------------------------------------------------------------------
    def read_cover(self) -> int | None:
        first = None
        for k, ln in enumerate(self.lines):  # the first line with text once page numbers are removed
            if ln.blank:
                continue
            cleaned = squeeze(self.ctx.clean(ln.text, self.src(ln)).text)
            if cleaned:
                first = k
                break
            self.ctx.place(ln)  # only a printed page number: reported by clean(), nothing to lose
        if first is None:
            return None
        head = self.lines[first]
        self.raw_title = head.text
        self.title = cleaned
        self.title_chars = "".join(self.title.split())
        self.ctx.place(head)
        i = first + 1
        seen = 0
        while i < len(self.lines) and seen < 6:
            ln = self.lines[i]
            if ln.blank:
                i += 1
                continue
            text = ln.text
            m = _COVER_KEY.match(text)
            if m and m.group(1) not in self.cover:
                self.cover[m.group(1)] = (squeeze(m.group(2)), ln)
            elif _MONTH_DATE.match(text) and self.report_date is None:
                self.report_date = text
            else:
                break
            self.ctx.place(ln)
            seen += 1
            i += 1
        return i

    # -- prose ----------------------------------------------------------------------
    def read_prose(self, ln: Line) -> None:
        text = self.ctx.cell_text(ln.text, ln)
        if not text:
            self.ctx.place(ln)
            return
        level = 0 if self.is_title(text) else _heading_level(text)
        p = self.pending
        if p is not None and not p.heading and level is None and p.text[-1:] not in _CLOSING:
            p.lines.append(ln)
            p.text += text
            return
        self.flush()
        if level is not None:
            self.path = [(lv, h) for lv, h in self.path if lv < level] + [(level, text)]
            self.headings = tuple(h for _, h in self.path)
        self.pending = _Pending([ln], text, level is not None, self.headings)

    def is_title(self, text: str) -> bool:
        """The report's title repeated (e.g. above the abstract)."""
        # squeeze() only removes or collapses whitespace, so only a line with the title's
        # non-space characters can match: a cheap test that spares nearly every line the regexes.
        # (text is stripped, so its first character is the first of its non-space characters)
        return (
            text[:1] == self.title_chars[:1]
            and "".join(text.split()) == self.title_chars
            and squeeze(text) == self.title
        )

    def flush(self) -> None:
        p = self.pending
        if p is None:
            return
        self.pending = None
        first, last = p.lines[0], p.lines[-1]
        self.paragraphs.append(Paragraph(p.text, p.heading, p.path, self.src(first), last.number))
        self.ctx.place(p.lines)

    # -- signature ------------------------------------------------------------------
    def is_signature(self, i: int) -> bool:
        text = self.lines[i].text
        # (a full date ends in 日 and the text is stripped: the cheap test spares most lines the regex)
        return text.endswith("日") and bool(_FULL_DATE.match(text)) and len(self.lines[i].nonempty()) == 1

    def read_signature(self, i: int) -> int:
        ln = self.lines[i]
        self.signed_date = ln.text
        self.ctx.place(ln)
        last = self.paragraphs[-1] if self.paragraphs else None
        if (
            last is not None
            and not last.heading
            and last.last_line == last.source.line
            and len(last.text) <= 30
            and not _SIGNER_STOP.search(last.text)
        ):
            self.paragraphs.pop()
            self.signed_by = squeeze(last.text)
        return i + 1

    # -- section summary tables -----------------------------------------------------
    @staticmethod
    def is_section_header(texts: list[str]) -> bool:
        """``texts``: the line's non-empty cells."""
        return len(texts) >= 4 and "得分率" in texts and any("分值" in t for t in texts)

    @staticmethod
    def is_section_row(ln: Line) -> bool:
        texts = [t for _, t in ln.nonempty()]
        return len(texts) >= 4 and parse_decimal(texts[1]) is not None

    def read_section_table(self, i: int) -> int:
        header = self.lines[i]
        self.ctx.place(header)
        table = _Section()
        name = "评价结论"
        i += 1
        while i < len(self.lines):
            ln = self.lines[i]
            if ln.blank:
                nxt = next((k for k in range(i, len(self.lines)) if not self.lines[k].blank), None)
                if nxt is None or not self.is_section_row(self.lines[nxt]):
                    break
                i = nxt
                continue
            if not self.is_section_row(ln):
                break
            cells = [t for t in self.cells(ln, name)[0] if t]
            src = self.src(ln, table=name, row=len(table.rows) + 1)
            row = SectionScore(
                name=squeeze(cells[0]),
                weight=self.ctx.number(cells[1], src.at(column=2)),
                score=self.ctx.number(cells[2], src.at(column=3)),
                rate=_percent(cells[3]),
                grade=cells[4] if len(cells) > 4 else None,
                raw=" | ".join(cells),
                source=src,
                raw_rate=cells[3],
            )
            if _percent(cells[3]) is None:
                self.ctx.report("number-malformed", src.at(column=4), text=cells[3], actual=cells[3])
            if len(cells) > 5:
                detail = f"评分汇总表此行有{len(cells)}个单元格（应为5个）：{row.raw}"
                self.ctx.report("cell-shifted", src, detail=detail)
            if _TOTAL_ROW_NAME.search(row.name):
                table.total = row
            else:
                table.rows.append(row)
            self.ctx.place(ln)
            i += 1
        self.section_tables.append(table)
        return i

    # -- two-column money tables ----------------------------------------------------
    @staticmethod
    def is_spending_header(texts: list[str]) -> bool:
        """``texts``: the line's non-empty cells."""
        return len(texts) == 2 and "金额" in texts[1]

    def read_spending_table(self, i: int) -> int:
        header_line = self.lines[i]
        header = tuple(t for _, t in header_line.nonempty())
        self.ctx.place(header_line)
        unit = re.search(r"[（(]\s*(.+?)\s*[)）]", header[1])
        rows: list[SpendingItem] = []
        i += 1
        while i < len(self.lines):
            ln = self.lines[i]
            texts = [t for t in self.cells(ln, header[0])[0] if t]
            if len(texts) != 2 or parse_decimal(texts[1]) is None:
                break
            src = self.src(ln, table=header[0], row=len(rows) + 1)
            rows.append(SpendingItem(squeeze(texts[0]), parse_decimal(texts[1]), texts[1], src))
            self.ctx.place(ln)
            i += 1
        self.spending.append(SpendingTable(header, unit.group(1) if unit else None, tuple(rows), self.src(header_line)))
        return i

    # -- the score table (附件1) ------------------------------------------------------
    def is_table_title(self, ln: Line) -> bool:
        t = ln.text
        return t.endswith("评分表") and len(ln.nonempty()) == 1 and not t.startswith("附件") and len(t) <= 60

    @staticmethod
    def is_table_header(ln: Line) -> bool:
        first = ln.nonempty()
        return bool(first) and first[0][1].startswith("一级指标")

    def is_score_table_title(self, i: int) -> bool:
        if not self.is_table_title(self.lines[i]):
            return False
        nxt = next((ln for ln in self.lines[i + 1 : i + 6] if not ln.blank), None)
        return nxt is not None and self.is_table_header(nxt)

    def read_score_table(self, i: int) -> int:
        headers = 0
        while i < len(self.lines):
            ln = self.lines[i]
            if ln.blank:
                i += 1
                continue
            if self.is_table_title(ln):
                if self.table_title is None:
                    self.table_title = squeeze(ln.text)
                self.ctx.place(ln)
            elif self.is_table_header(ln):
                headers += 1
                self.page = None
                if headers > 1:
                    self.ctx.report("table-header-repeated", ln, table=self.table_title or "评分表")
                self.ctx.place(ln)
            elif ln.nonempty() and _TOTAL_ROW.match(ln.nonempty()[0][1]):
                self.read_table_total(ln)
                return i + 1
            elif len(ln.nonempty()) <= 1:
                return i  # prose again: the table ended without a 合计 row
            else:
                self.read_score_row(ln)
            i += 1
        return i

    def read_table_total(self, ln: Line) -> None:
        cells, _ = self.cells(ln, self.table_title)
        numbers = [(k, parse_decimal(t)) for k, t in enumerate(cells) if parse_decimal(t) is not None]
        src = self.src(ln, table=self.table_title)
        weight = score = None
        if len(numbers) >= 2:
            weight, score = numbers[0][1], numbers[-1][1]
        elif len(numbers) == 1:
            k, value = numbers[0]
            if k <= 5:
                weight = value
            else:
                score = value
            read_as = "权重" if k <= 5 else "得分"
            self.ctx.report("cell-shifted", src, detail=f"评分表合计行只有一个数字“{cells[k]}”，按其位置读作{read_as}")
        else:
            self.ctx.report("evaluation-row-unparsed", src, text=ln.text)
        self.table_total = (weight, score, src)
        self.ctx.place(ln)

    def known_level1(self) -> set[str]:
        names = {r.name for t in self.section_tables for r in t.rows}
        return set(DEFAULT_LEVEL1) | names

    def read_score_row(self, ln: Line) -> None:
        table = self.table_title
        cells, page = self.cells(ln, table)
        if page is not None:
            self.page = page
        src = self.src(ln, table=table, row=len(self.items) + 1, page=self.page)
        anchor = _weight_anchor(cells)
        if anchor is None:
            self.ctx.report("evaluation-row-unparsed", src, text=ln.text)
            return
        notes: list[str] = []
        given = _assign_levels(cells[:anchor], self.known_level1(), notes)
        if given is None:
            self.ctx.report("evaluation-row-unparsed", src, text=ln.text)
            return
        tail = _split_tail(cells[anchor + 1 :], notes)
        if tail is None:
            self.ctx.report("evaluation-row-unparsed", src, text=ln.text)
            return
        explanation, benchmark, standard, basis, raw_score, raw_rate = tail
        levels, weights, inherited = self.carry(given, notes)
        recovered: tuple[int, ...] = ()
        if not levels[3]:
            levels[3], recovered = self.recover_name(explanation, src)
        if not levels[2]:
            self.ctx.report("evaluation-indicator-name-missing", src, level="三", detail="三级指标空缺，留空")
        if notes:
            self.ctx.report("cell-shifted", src, detail="评分表" + "；".join(notes))
        rate = _percent(raw_rate)
        if raw_rate and rate is None:
            self.ctx.report("number-malformed", src.at(column=anchor + 7), text=raw_rate, actual=raw_rate)
        self.items.append(
            ScoreItem(
                level1=levels[0],
                level2=levels[1],
                level3=levels[2],
                level4=levels[3],
                weight=self.ctx.number(cells[anchor], src.at(column=anchor + 1)),
                explanation=explanation,
                benchmark=benchmark,
                standard=standard,
                basis=basis,
                score=self.ctx.number(raw_score, src.at(column=anchor + 6)),
                rate=rate,
                raw_score=raw_score,
                raw_rate=raw_rate,
                source=src,
                raw_weight=cells[anchor],
                level1_weight=weights[0],
                level2_weight=weights[1],
                inherited=inherited,
                recovered=recovered,
                raw=ln.raw,
            )
        )
        self.ctx.place(ln)

    def carry(self, given: list[str], notes: list[str]) -> tuple[list[str], list[Decimal | None], tuple[int, ...]]:
        """Fill blank level cells from the rows above, but never below a level that changed."""
        levels: list[str] = []
        weights: list[Decimal | None] = [None, None]
        inherited: list[int] = []
        changed = False
        for k in range(4):
            text = given[k]
            if k == 0 and text:
                text = self.split_merged_level1(text, given, notes)
            if text:
                name, weight = _label(text)
                if name != self.prev_levels[k]:
                    changed = True
                levels.append(name)
                if k < 2:
                    weights[k] = weight
            elif k < 3 and not changed:
                levels.append(self.prev_levels[k])
                if k < 2:
                    weights[k] = self.prev_weights[k]
                if self.prev_levels[k]:
                    inherited.append(k + 1)
            else:
                levels.append("")
        self.prev_levels = list(levels)
        self.prev_weights = list(weights)
        return levels, weights, tuple(inherited)

    @staticmethod
    def split_merged_level1(text: str, given: list[str], notes: list[str]) -> str:
        """``产出(34分) 产出质量(14分)``: a 一级 cell holding a second label."""
        labels = list(_LABEL.finditer(text))
        if len(labels) < 2:
            return text
        first = labels[0].group(0).strip()
        extra = text[labels[0].end() :].strip()
        if given[1]:
            notes.append(f"一级指标单元格“{text}”多出“{extra}”，二级指标按本行的“{given[1]}”读取")
        else:
            given[1] = extra
            notes.append(f"一级指标单元格“{text}”含有二级指标“{extra}”，已拆分")
        return first

    def recover_name(self, explanation: str, src: Source) -> tuple[str, tuple[int, ...]]:
        """A row without a 四级 name: take the indicator the explanation starts with.

        Candidates are the indicator names the report's text states scores for; failing
        that, the words before ``评价参照`` (``案件办结率评价参照…``). Either way a finding says so.
        """
        names = sorted({s.name for s in self.text_statements() if s.name}, key=len, reverse=True)
        body = re.sub(r"^考察", "", explanation)
        found = next((n for n in names if body.startswith(n)), None)
        if found is None:
            m = re.match(r"^(.{2,20}?)评价参照", body)
            found = squeeze(m.group(1)) if m else None
        if found:
            detail = f"已根据指标解释“{explanation[:30]}”读作“{found}”"
            self.ctx.report("evaluation-indicator-name-missing", src, level="四", detail=detail)
            return found, (4,)
        self.ctx.report("evaluation-indicator-name-missing", src, level="四", detail="无法从指标解释推断，留空")
        return "", ()

    def text_statements(self) -> list[ScoreStatement]:
        """The ``item`` statements of the prose read so far (as :func:`_item_statements` finds
        them, but without looking for the other kinds)."""
        known = self.known_level1()
        found: list[ScoreStatement] = []
        for p in self.paragraphs:
            if not p.heading:
                found.extend(_item_sentences(p, p.path[-1] if p.path else "", known))
        return [s for s in found if s.kind == "item"]

    # -- assembling -----------------------------------------------------------------
    def build(self) -> Evaluation:
        ctx = self.ctx
        title_src = self.src(next(ln for ln in self.lines if not ln.blank))
        evaluator = self.cover.get("评价单位", ("", None))[0] or None
        evaluated = self.cover.get("被评价单位", ("", None))[0] or None
        kind = _kind(self.title, evaluator)
        year_m = _YEAR.match(self.title)
        sections, total, abstract = self.section_scores(title_src)
        conclusion, stated_total = self.conclusion(title_src)
        if total is None:
            total = stated_total
        elif stated_total is not None:
            self.compare_total(total, stated_total)
        grade = total.grade if total else None
        bands = _grade_bands(ctx, self.paragraphs, self.title)
        statements = _item_statements(self.paragraphs, {s.name for s in sections} | set(DEFAULT_LEVEL1))
        self.report_missing(title_src, evaluator, evaluated, bands, total)
        weight_total, score_total, total_src = self.table_total or (None, None, None)
        return Evaluation(
            kind=kind,
            title=self.title,
            project=_project(self.title, evaluated),
            evaluator=evaluator,
            evaluated_unit=evaluated,
            report_date=self.report_date,
            signed_date=self.signed_date,
            stages=_stages(self.paragraphs),
            grade_bands=tuple(sorted(((b.grade, b.lower) for b in bands), key=lambda b: b[1], reverse=True)),
            sections=tuple(sections),
            total=total,
            grade=grade,
            conclusion=conclusion,
            score_table=tuple(self.items),
            score_table_total=score_total,
            paragraphs=tuple(self.paragraphs),
            source=title_src,
            raw_title=self.raw_title,
            year=int(year_m.group(1)) if year_m else None,
            signed_by=self.signed_by,
            grade_band_lines=tuple(bands),
            abstract_sections=tuple(abstract),
            statements=tuple(statements),
            spending=tuple(self.spending),
            score_table_title=self.table_title,
            score_table_weight_total=weight_total,
            score_table_total_source=total_src,
        )

    def section_scores(self, where: Source) -> tuple[list[SectionScore], SectionScore | None, list[SectionScore]]:
        """The report's section scores: the last summary table, else the department sentences."""
        tables = [t for t in self.section_tables if t.rows or t.total]
        if tables:
            last = tables[-1]
            abstract: list[SectionScore] = []
            for earlier in tables[:-1]:
                abstract.extend(earlier.rows + ([earlier.total] if earlier.total else []))
                self.compare_tables(earlier, last)
            return last.rows, last.total, abstract
        return _department_sections(self.paragraphs), None, []

    def compare_tables(self, earlier: _Section, last: _Section) -> None:
        def key(t: _Section) -> dict[str, SectionScore]:
            return {r.name: r for r in t.rows + ([t.total] if t.total else [])}

        a, b = key(earlier), key(last)
        for name in sorted(set(a) | set(b)):
            x, y = a.get(name), b.get(name)
            if x is None or y is None:
                where = (x or y).source  # type: ignore[union-attr]
                detail = f"“{name}”只出现在{'前' if y is None else '后'}一张表中"
                self.ctx.report(
                    "evaluation-summary-mismatch", where, subject=self.title, what="评分汇总表", detail=detail
                )
            elif (x.weight, x.score, x.rate, x.grade) != (y.weight, y.score, y.rate, y.grade):
                detail = f"“{name}”第{x.source.line}行为“{x.raw}”，第{y.source.line}行为“{y.raw}”"
                self.ctx.report(
                    "evaluation-summary-mismatch",
                    y.source,
                    subject=self.title,
                    what="评分汇总表",
                    detail=detail,
                    expected=x.raw,
                    actual=y.raw,
                )

    def conclusion(self, where: Source) -> tuple[str | None, SectionScore | None]:
        """The last sentence stating the total score and grade; earlier ones must agree with it."""
        found: list[tuple[str, re.Match[str], Source]] = []
        for p in self.paragraphs:
            if "绩效评价得分" not in p.text:  # what _states_total looks for first: most paragraphs are not split
                continue
            for s in _sentences(p.text):
                m = _states_total(s)
                if m:
                    found.append((s + "。", m, p.source))
        if not found:
            return None, None
        sentence, m, src = found[-1]
        for other, om, osrc in found[:-1]:
            if (om.group(2), om.group(3)) != (m.group(2), m.group(3)):
                self.ctx.report(
                    "evaluation-summary-mismatch",
                    src,
                    subject=self.title,
                    what="评价结论",
                    detail=f"第{osrc.line}行“{other}”与第{src.line}行“{sentence}”",
                    expected=other,
                    actual=sentence,
                )
        stated = SectionScore(squeeze(m.group(1)), None, parse_decimal(m.group(2)), None, m.group(3), sentence, src)
        return sentence, stated

    def compare_total(self, total: SectionScore, stated: SectionScore) -> None:
        if (total.score, total.grade) != (stated.score, stated.grade):
            detail = f"评分汇总表为{total.score}分、{total.grade}，结论句为{stated.score}分、{stated.grade}"
            self.ctx.report(
                "evaluation-summary-mismatch",
                stated.source,
                subject=self.title,
                what="总得分与等级",
                detail=detail,
                expected=total.raw,
                actual=stated.raw,
            )

    def report_missing(self, where: Source, evaluator, evaluated, bands, total) -> None:
        missing = []
        if not evaluator:
            missing.append("评价单位")
        if not evaluated:
            missing.append("被评价单位")
        if not self.report_date:
            missing.append("评价日期")
        if not bands:
            missing.append("评价等级标准")
        if total is None:
            missing.append("评价得分")
        mentions_table = any("评分表" in p.text for p in self.paragraphs)
        if mentions_table and not self.items:
            missing.append("评分表")
        for name in missing:
            self.ctx.report("evaluation-field-missing", where, subject=self.title, field=name)


# -- score-table rows ----------------------------------------------------------------------


def _weight_anchor(cells: list[str]) -> int | None:
    """The index of the weight cell: a number from 0 to 100 followed by the (text) explanation."""
    for k, text in enumerate(cells[:-1]):
        value = parse_decimal(text)
        nxt = cells[k + 1]
        if value is not None and 0 <= value <= 100 and nxt and parse_decimal(nxt) is None:
            return k
    return None


def _level_class(text: str, known_level1: set[str]) -> str:
    if not text:
        return "empty"
    labels = list(_LABEL.finditer(text))
    name = squeeze(labels[0].group(1)) if labels else squeeze(text)
    if name in known_level1:
        return "level1"
    if labels:
        return "level2"
    return "name"


def _assign_levels(cells: list[str], known_level1: set[str], notes: list[str]) -> list[str] | None:
    """Put the cells before the weight into levels one to four.

    Four cells map one to one. Fewer cells mean a level is missing: the last cell is the
    四级 name, and the first ones are placed by what they look like: a known 一级 name
    (决策, 产出 …), a ``名称(N分)`` label (二级), or a plain name (三级). A blank result
    means "take it from the row above" (see ``carry``). Returns None when the row has more
    non-empty level cells than four.
    """
    k = len(cells)
    if k > 4:
        surplus = k - 4
        empties = [j for j, t in enumerate(cells) if not t]
        if len(empties) < surplus:
            return None
        drop = set(empties[:surplus])
        cells = [t for j, t in enumerate(cells) if j not in drop]
        notes.append(f"指标栏多出{surplus}个空单元格，已忽略")
        return cells
    if k == 4:
        return list(cells)
    if k == 0:
        return ["", "", "", ""]
    last = cells[-1]
    first = [_level_class(t, known_level1) for t in cells[:-1]]
    if k == 1:
        out = ["", "", "", last]
    elif k == 2:
        a = cells[0]
        out = {
            "level1": [a, "", "", last],
            "level2": ["", a, "", last],
            "empty": ["", "", "", last],
            "name": ["", "", a, last],
        }[first[0]]
    else:
        a, b = cells[0], cells[1]
        if first[0] == "level1" or (first[0] == "empty" and first[1] in ("level2", "empty")):
            out = [a, b, "", last]
        elif first[0] == "empty":
            out = ["", "", b, last]
        else:
            out = ["", a, b, last]
    shown = "、".join(f"“{t}”" for t in cells if t)
    placed = "、".join(f"{'一二三四'[j]}级" for j in range(4) if out[j])
    if shown:
        notes.append(f"指标栏只有{k}个单元格（{shown}），按{placed}读取，其余层级沿用上一行或留空")
    else:
        notes.append(f"指标栏只有{k}个单元格且全空，各层级沿用上一行")
    return out


def _split_tail(tail: list[str], notes: list[str]) -> tuple[str, str, str, str, str, str] | None:
    """指标解释, 标杆值, 评分标准, 评分依据, 得分, 得分率 from the cells after the weight."""
    if not tail:
        return None
    if len(tail) >= 2 and _percent(tail[-1]) is not None and parse_decimal(tail[-2]) is not None:
        middle, score, rate = tail[:-2], tail[-2], tail[-1]
    elif parse_decimal(tail[-1]) is not None:
        middle, score, rate = tail[:-1], tail[-1], ""
        notes.append("没有得分率单元格")
    else:
        return None
    if len(middle) < 4:
        notes.append(f"说明栏只有{len(middle)}个单元格（应为4个），缺少的栏目留空")
        middle = middle + [""] * (4 - len(middle))
    elif len(middle) > 4:
        notes.append(f"说明栏有{len(middle)}个单元格（应为4个），多出的内容并入评分依据")
        middle = [*middle[:3], " ".join(middle[3:])]
    return middle[0], middle[1], middle[2], middle[3], score, rate


# -- facts read from the prose ---------------------------------------------------------------


def _kind(title: str, evaluator: str | None) -> str:
    if "财政绩效评价" in title or "财政评价" in title:
        return "finance"
    if evaluator and re.search(r"事务所|公司|财政局|财政厅|财政部|咨询|会计", evaluator):
        return "finance"
    return "department" if evaluator else "unknown"


def _project(title: str, unit: str | None) -> str | None:
    t = re.sub(r"^\d{4}\s*年度?", "", title)
    if unit and t.startswith(unit):
        t = t[len(unit) :]
    t = re.sub(r"(?:项目)?(?:支出)?(?:财政)?(?:绩效)?评价报告$", "", t)
    return t or None


def _stages(paragraphs: list[Paragraph]) -> tuple[Stage, ...]:
    out = []
    for p in paragraphs:
        m = _STAGE.match(p.text) if "日" in p.text else None  # a stage states dates (a slow pattern)
        if m:
            start, end = squeeze(m.group(2)), squeeze(m.group(3))
            out.append(Stage(squeeze(m.group(1)), start, end, _date(start), _date(end), p.text, p.source))
    return tuple(out)


def _band_lower(clause: str) -> Decimal | None:
    """The inclusive lower bound a clause such as ``80~90 分(含 80 分)`` gives."""
    if "分" not in clause:
        return None
    for pattern in _BAND_INCLUSIVE:
        m = pattern.search(clause)
        if m:
            return parse_decimal(m.group(1))
    if "以下" in clause and _ANY_NUM.search(clause):
        return Decimal(0)
    m = _BAND_ABOVE.search(clause)
    return parse_decimal(m.group(1)) if m else None


def _grade_bands(ctx: ReadContext, paragraphs: list[Paragraph], title: str) -> list[GradeBand]:
    bands: dict[str, GradeBand] = {}
    for p in paragraphs:
        for m in _GRADE_WORD.finditer(p.text):
            before = p.text[: m.start()]
            cut = max((c.end() for c in _CLAUSE_END.finditer(before)), default=0)
            clause = before[cut:]
            lower = _band_lower(clause)
            if lower is None:
                continue
            grade = m.group(1)
            raw = (clause + m.group(0)).strip()
            if grade in bands and bands[grade].lower != lower:
                ctx.report(
                    "evaluation-summary-mismatch",
                    p.source,
                    subject=title,
                    what="评价等级标准",
                    detail=f"“{bands[grade].raw}”与“{raw}”",
                    expected=bands[grade].raw,
                    actual=raw,
                )
            bands.setdefault(grade, GradeBand(grade, lower, raw, p.source))
    return list(bands.values())


def _department_sections(paragraphs: list[Paragraph]) -> list[SectionScore]:
    out = []
    for p in paragraphs:
        m = _DEPT_SECTION.search(p.text)
        if m and p.path:
            out.append(
                SectionScore(
                    name=_bare_section(p.path[-1]),
                    weight=parse_decimal(m.group(1)),
                    score=parse_decimal(m.group(2)),
                    rate=_percent(m.group(3) + "%"),
                    grade=None,
                    raw=m.group(0),
                    source=p.source,
                    raw_rate=m.group(3) + "%",
                )
            )
    return out


def _item_statements(paragraphs: list[Paragraph], section_names: set[str]) -> list[ScoreStatement]:
    """Every sentence that states a score, in order (see :class:`ScoreStatement`)."""
    out: list[ScoreStatement] = []
    last_item: ScoreStatement | None = None
    for p in paragraphs:
        if p.heading:
            continue
        section = p.path[-1] if p.path else ""
        found = _item_sentences(p, section, section_names)
        out.extend(found)
        for st in found:
            last_item = st if st.kind == "item" else last_item
        if _DEPT_SECTION.search(p.text) or _states_total(p.text):
            continue
        if "该项指标" in p.text:
            out.append(_explanation(p, section, last_item))
            continue
        if found:
            continue
        out.extend(_got_sentences(p, section))
    return out


def _item_sentences(p: Paragraph, section: str, section_names: set[str]) -> list[ScoreStatement]:
    """``…指标共 N 分，得 M 分``: the statements of kind ``item`` (or ``section``) of a paragraph."""
    # The sentence pattern needs the words 指标共; looking for them first skips a slow
    # scan (a lazy run tried at every position) of the many paragraphs without them.
    if "指标共" not in p.text:
        return []
    out = []
    for m in _ITEM_SENTENCE.finditer(p.text):
        name = squeeze(m.group(1))
        bare = _bare_section(name)
        kind = "section" if bare in section_names else "item"
        out.append(
            ScoreStatement(
                kind=kind,
                name=bare if kind == "section" else name,
                weight=_dec(m.group(2)),
                score=_dec(m.group(3)),
                deduction=_dec(m.group(4)),
                rate=None,
                section=section,
                raw=m.group(0),
                source=p.source,
            )
        )
    return out


def _explanation(p: Paragraph, section: str, item: ScoreStatement | None) -> ScoreStatement:
    rest = p.text[p.text.rfind("该项指标") :]
    score = _EXPLAINED_SCORE.match(rest)
    deduction = _EXPLAINED_DEDUCTION.search(rest)
    rate = _EXPLAINED_RATE.search(rest)
    name = item.name if item is not None and item.section == section else _bare_heading(section)
    return ScoreStatement(
        kind="explanation",
        name=name,
        weight=None,
        score=_dec(score.group(1)) if score else None,
        deduction=_dec(deduction.group(1)) if deduction else None,
        rate=_percent(rate.group(1) + "%") if rate else None,
        section=section,
        raw=rest,
        source=p.source,
    )


def _bare_heading(heading: str) -> str:
    t = squeeze(heading)
    for _, pattern in _HEADINGS:
        t = pattern.sub("", t, count=1)
    return t.strip(" 。.")


def _got_sentences(p: Paragraph, section: str) -> list[ScoreStatement]:
    """``…，得 1 分``: one statement per sentence (numbered paragraphs are one statement)."""
    numbered = _NUMBERED.match(p.text)
    pieces = [p.text] if numbered else _sentences(p.text)
    out = []
    for piece in pieces:
        for m in _GOT.finditer(piece):
            out.append(
                ScoreStatement(
                    kind="sentence",
                    name=_statement_name(piece),
                    weight=None,
                    score=_dec(m.group(1)),
                    deduction=None,
                    rate=None,
                    section=section,
                    raw=piece,
                    source=p.source,
                )
            )
    return out


def read_report(ctx: ReadContext, lines: list[Line]) -> Evaluation | None:
    """Read one evaluation report from its title line to the next report or the end."""
    return _ReportReader(ctx, lines).read()
