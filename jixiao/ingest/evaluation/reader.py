"""The walk through an evaluation report: cover, prose, signature and the small tables, each
line sorted into its block once; the score table is read by
:class:`~jixiao.ingest.evaluation.score_table.ScoreTableReader`, the facts of the prose by
:mod:`jixiao.ingest.evaluation.prose`; :meth:`_ReportReader.build` puts the report together and
compares what it states twice."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.ingest.context import ReadContext
from jixiao.ingest.evaluation.prose import (
    department_sections,
    evaluation_kind,
    grade_bands,
    item_sentences,
    item_statements,
    project_name,
    stages,
)
from jixiao.ingest.evaluation.score_table import ScoreTableReader
from jixiao.ingest.evaluation.text import (
    DEFAULT_LEVEL1,
    clean_cells,
    heading_level,
    percent,
    sentences,
    squeeze,
    states_total,
)
from jixiao.ingest.text import Line, parse_decimal
from jixiao.model.evaluation import Evaluation, Paragraph, ScoreStatement, SectionScore, SpendingItem, SpendingTable
from jixiao.model.source import Source

_COVER_KEY = re.compile(r"^(评价单位|被评价单位|委托单位)\s*[：:]\s*(.*)$")
_MONTH_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月$")
_FULL_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_YEAR = re.compile(r"^(\d{4})\s*年")
_CLOSING = "。；;：:！？!?"  # a line ending in one of these ends its paragraph
_SIGNER_STOP = re.compile(r"[。，,：:；;]")
_TOTAL_ROW_NAME = re.compile(r"结果|合计|总计|总分")


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
        self.pending: _Pending | None = None
        self.path: list[tuple[int, str]] = []
        self.headings: tuple[str, ...] = ()  # the headings of self.path (kept with it)
        self.table = ScoreTableReader(ctx, lines, self.known_level1, self.text_statements)

    # -- sources and cells ----------------------------------------------------------
    def src(self, ln: Line, *, table: str | None = None, row: int | None = None) -> Source:
        return self.ctx.source(ln, table=table, row=row)

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
            if self.table.starts_at(i):
                self.flush()
                i = self.table.read(i)
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
        level = 0 if self.is_title(text) else heading_level(text)
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
            cells = [t for t in clean_cells(self.ctx, ln, name)[0] if t]
            src = self.src(ln, table=name, row=len(table.rows) + 1)
            row = SectionScore(
                name=squeeze(cells[0]),
                weight=self.ctx.number(cells[1], src.at(column=2)),
                score=self.ctx.number(cells[2], src.at(column=3)),
                rate=percent(cells[3]),
                grade=cells[4] if len(cells) > 4 else None,
                raw=" | ".join(cells),
                source=src,
                raw_rate=cells[3],
            )
            if percent(cells[3]) is None:
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
            texts = [t for t in clean_cells(self.ctx, ln, header[0])[0] if t]
            if len(texts) != 2 or parse_decimal(texts[1]) is None:
                break
            src = self.src(ln, table=header[0], row=len(rows) + 1)
            rows.append(SpendingItem(squeeze(texts[0]), parse_decimal(texts[1]), texts[1], src))
            self.ctx.place(ln)
            i += 1
        self.spending.append(SpendingTable(header, unit.group(1) if unit else None, tuple(rows), self.src(header_line)))
        return i

    def known_level1(self) -> set[str]:
        names = {r.name for t in self.section_tables for r in t.rows}
        return set(DEFAULT_LEVEL1) | names

    def text_statements(self) -> list[ScoreStatement]:
        """The ``item`` statements of the prose read so far (as :func:`item_statements` finds
        them, but without looking for the other kinds)."""
        known = self.known_level1()
        found: list[ScoreStatement] = []
        for p in self.paragraphs:
            if not p.heading:
                found.extend(item_sentences(p, p.path[-1] if p.path else "", known))
        return [s for s in found if s.kind == "item"]

    # -- assembling -----------------------------------------------------------------
    def build(self) -> Evaluation:
        ctx = self.ctx
        title_src = self.src(next(ln for ln in self.lines if not ln.blank))
        evaluator = self.cover.get("评价单位", ("", None))[0] or None
        evaluated = self.cover.get("被评价单位", ("", None))[0] or None
        kind = evaluation_kind(self.title, evaluator)
        year_m = _YEAR.match(self.title)
        sections, total, abstract = self.section_scores(title_src)
        conclusion, stated_total = self.conclusion(title_src)
        if total is None:
            total = stated_total
        elif stated_total is not None:
            self.compare_total(total, stated_total)
        grade = total.grade if total else None
        bands = grade_bands(ctx, self.paragraphs, self.title)
        statements = item_statements(self.paragraphs, {s.name for s in sections} | set(DEFAULT_LEVEL1))
        self.report_missing(title_src, evaluator, evaluated, bands, total)
        weight_total, score_total, total_src = self.table.total or (None, None, None)
        return Evaluation(
            kind=kind,
            title=self.title,
            project=project_name(self.title, evaluated),
            evaluator=evaluator,
            evaluated_unit=evaluated,
            report_date=self.report_date,
            signed_date=self.signed_date,
            stages=stages(self.paragraphs),
            grade_bands=tuple(sorted(((b.grade, b.lower) for b in bands), key=lambda b: b[1], reverse=True)),
            sections=tuple(sections),
            total=total,
            grade=grade,
            conclusion=conclusion,
            score_table=tuple(self.table.items),
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
            score_table_title=self.table.title,
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
        return department_sections(self.paragraphs), None, []

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
            if "绩效评价得分" not in p.text:  # what states_total looks for first: most paragraphs are not split
                continue
            for s in sentences(p.text):
                m = states_total(s)
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
        if mentions_table and not self.table.items:
            missing.append("评分表")
        for name in missing:
            self.ctx.report("evaluation-field-missing", where, subject=self.title, field=name)


def read_report(ctx: ReadContext, lines: list[Line]) -> Evaluation | None:
    """Read one evaluation report from its title line to the next report or the end."""
    return _ReportReader(ctx, lines).read()
