"""The reading context shared by every reader of one file.

Readers report findings and mark the lines whose content they placed into the model.
At the end every non-blank line that no reader placed is kept as raw text with an
``unplaced-text`` finding, so nothing in the input is ever lost silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from jixiao.findings import Finding, make_finding
from jixiao.ingest.text import Cleaned, Line, clean_cell, needs_cleaning, out_of_range, parse_decimal
from jixiao.model.source import Source


class ReadContext:
    def __init__(self, path: str, lines: list[Line], pages: dict[int, int] | None = None):
        self.path = path
        self.lines = lines
        self.findings: list[Finding] = []
        self.placed: set[int] = set()
        # line number → page number, for text that came out of a paged source (a PDF): every
        # Source made for such a line carries its page too
        self.pages: dict[int, int] = pages or {}

    # -- locations ------------------------------------------------------------------
    def source(
        self,
        line: int | Line | None = None,
        *,
        page: int | None = None,
        table: str | None = None,
        row: int | None = None,
        column: int | None = None,
    ) -> Source:
        # Explicit keywords rather than **kw: this is called for nearly every cell read.
        number = line.number if isinstance(line, Line) else line
        if page is None and self.pages:
            page = self.pages.get(number)  # type: ignore[arg-type]
        return Source(self.path, number, page, table, row, column)

    def page_of(self, number: int) -> int | None:
        """The page of a line number (None for text that came without pages). With it a hot
        loop builds ``Source(ctx.path, number, page, …)`` directly, the same Source that
        :meth:`source` makes, without a call per cell."""
        return self.pages.get(number) if self.pages else None

    # -- findings -------------------------------------------------------------------
    def report(self, code: str, where: int | Line | Source | None = None, **kw: object) -> Finding:
        src = where if isinstance(where, Source) else self.source(where)
        if self.pages and src.page is None and src.line in self.pages:
            src = src._replace(page=self.pages[src.line])
        f = make_finding(code, src, **kw)  # type: ignore[arg-type]
        self.findings.append(f)
        return f

    # -- placing lines --------------------------------------------------------------
    def place(self, *lines: int | Line | Iterable[int | Line]) -> None:
        placed = self.placed
        for item in lines:
            if isinstance(item, Line):
                placed.add(item.number)
            elif isinstance(item, int):
                placed.add(item)
            else:
                placed.update([sub.number if isinstance(sub, Line) else sub for sub in item])

    def unplaced(self) -> list[Line]:
        return [ln for ln in self.lines if not ln.blank and ln.number not in self.placed]

    # -- cells ----------------------------------------------------------------------
    def clean(self, raw: str, source: Source) -> Cleaned:
        """Clean one cell and report what the clean-up changed."""
        c = clean_cell(raw)
        if c.page_marker or c.latex:
            self._report_cleaning(raw, c, source)
        return c

    def clean_at(
        self,
        raw: str,
        line: int | Line | None,
        *,
        page: int | None = None,
        table: str | None = None,
        row: int | None = None,
        column: int | None = None,
    ) -> Cleaned:
        """``clean(raw, source(line, …))``, but the Source is built only when the clean-up
        has something to report: most cells need none, and this is the readers' hot path."""
        c = clean_cell(raw)
        if c.page_marker or c.latex:
            source = self.source(line, page=page, table=table, row=row, column=column)
            self._report_cleaning(raw, c, source)
        return c

    def cell_text(
        self,
        raw: str,
        line: int | Line | None,
        *,
        page: int | None = None,
        table: str | None = None,
        row: int | None = None,
        column: int | None = None,
    ) -> str:
        """``clean_at(raw, line, …).text``, for readers that need only the text."""
        text = raw.strip()
        if not needs_cleaning(text):  # most cells: clean_cell would return just the stripped text
            return text
        return self.clean_at(raw, line, page=page, table=table, row=row, column=column).text

    def _report_cleaning(self, raw: str, c: Cleaned, source: Source) -> None:
        if c.page_marker:
            self.report("page-number-in-cell", source, marker=c.page_marker, actual=raw.strip())
        for fragment, replacement in c.latex:
            self.report("latex-fragment", source, fragment=fragment, replacement=replacement)

    def number(self, text: str, source: Source, *, required: bool = False):
        """A cell as Decimal; a non-empty cell that is not a number gives a finding."""
        value = parse_decimal(text)
        if value is None and out_of_range(text):
            return None  # reported once per cell when the read ends (ingest.document)
        if value is None and text.strip() and text.strip() not in ("-", "—", "－", "/"):
            self.report("number-malformed", source, text=text.strip(), actual=text.strip())
        elif value is None and required:
            self.report("number-malformed", source, text=text.strip() or "（空）")
        return value


@lru_cache(maxsize=8192)
def _parse_target(raw: str, role: str | None):
    """The grammar is pure and its results immutable; documents repeat values such as
    "100%" and "≥90%" hundreds of times, so parse each distinct text once."""
    from jixiao.grammar import parse_target

    return parse_target(raw, role=role)


def read_target(
    ctx: ReadContext,
    raw: str,
    source: Source,
    subject: str | None = None,
    role: str | None = None,
    unjudged: frozenset[str] = frozenset(),
):
    """Parse a 指标值 (``role="target"``) or 实际完成值 (``role="actual"``) cell and report what
    the grammar could not settle. ``unjudged`` names problems the caller knows the cell cannot
    show (a unit printed in a column of its own that the excerpt cut off)."""
    parsed = _parse_target(raw, role)
    for problem in parsed.problems:
        if problem.code in unjudged:
            continue
        ctx.report(problem.code, source, subject=subject, actual=raw.strip() or None, **problem.params)
    return parsed.value
