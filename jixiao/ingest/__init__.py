"""Reading documents into the model.

``read_file(path)`` → :class:`~jixiao.model.Document`. A PDF (by suffix or ``%PDF`` magic
bytes) is first turned into tab-separated text lines with a page per line
(:mod:`jixiao.ingest.pdf`); then the same readers apply. Readers are registered by document
kind in :data:`READERS`; the kind is recognised from the text (:mod:`jixiao.ingest.detect`).
Reading never raises on bad input: problems become findings, and every line that no
reader could place is kept as raw text.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from jixiao.ingest import detect
from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import decode, split_lines
from jixiao.model.budget import BudgetDisclosure
from jixiao.model.document import Document, FinalAccounts, RawText
from jixiao.model.goals import GoalTables
from jixiao.model.source import Source

Reader = Callable[[ReadContext], "GoalTables | FinalAccounts | BudgetDisclosure | None"]


def _readers() -> dict[str, Reader]:
    from jixiao.ingest.budget import read_budget
    from jixiao.ingest.final_accounts import read_final_accounts
    from jixiao.ingest.goal_tables import read_goal_tables

    return {"goal_tables": read_goal_tables, "final_accounts": read_final_accounts, "budget": read_budget}


def read_file(path: str | Path) -> Document:
    p = Path(path)
    if p.suffix.lower() in (".xlsx", ".xlsm"):  # Excel templates and plain workbooks (jixiao.excel)
        from jixiao.excel import read_workbook

        return read_workbook(p)
    try:
        data = p.read_bytes()
    except OSError as e:
        ctx = ReadContext(str(path), [])
        ctx.report("file-unreadable", Source(str(path)), reason=e.strerror or str(e))
        return _document(ctx, "unknown", None, None)
    return read_bytes(data, str(path))


def read_bytes(data: bytes, path: str = "<input>") -> Document:
    from jixiao.ingest.pdf import is_pdf, read_pdf_bytes

    if is_pdf(data, path):  # a PDF by its magic bytes or its suffix
        return read_pdf_bytes(data, path)
    ctx = ReadContext(path, [])
    if not data.strip():
        ctx.report("file-empty", Source(path))
        return _document(ctx, "unknown", None, None)
    decoded = decode(data)
    if decoded.binary:
        ctx.report("file-binary", Source(path))
        return _document(ctx, "unknown", None, None)
    if decoded.encoding == "gb18030":
        ctx.report("encoding-fallback", Source(path), encoding="GB18030/GBK")
    elif decoded.encoding == "utf-8(replace)":
        ctx.report(
            "encoding-invalid",
            Source(path),
            detail=f"共{decoded.bad_bytes}处，第一处在第{decoded.first_bad_offset}字节",
        )
    return read_text(decoded.text, path, ctx=ctx, encoding=decoded.encoding)


def read_text(
    text: str,
    path: str = "<input>",
    *,
    ctx: ReadContext | None = None,
    encoding: str | None = None,
    pages: dict[int, int] | None = None,
) -> Document:
    """Read decoded text. ``pages`` maps line numbers to page numbers when the text came out
    of a paged source (a PDF), so that every location carries its page."""
    with _collector_paused():
        return _read_text(text, path, ctx, encoding, pages)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a text is read.

    Reading makes hundreds of thousands of small objects (a Line per line, a Source per cell)
    and no reference cycles, so the collector, triggered again and again by the allocations,
    walks ever more live objects and frees nothing: a quarter of the time on a 5 MB goal
    book. Reference counting still frees everything as usual. The collector is resumed only
    if it was running when the read began (with reads overlapping in threads, the read that
    paused it resumes it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_text(
    text: str, path: str, ctx: ReadContext | None, encoding: str | None, pages: dict[int, int] | None
) -> Document:
    lines = split_lines(text)
    if ctx is None:
        ctx = ReadContext(path, lines, pages)
    else:
        ctx.lines = lines
        ctx.pages = pages or ctx.pages
    kind = detect.kind(lines)
    if kind == "unknown":
        ctx.report("document-kind-unknown", Source(path, line=1))
        return _document(ctx, kind, encoding, None)
    body = _readers()[kind](ctx)
    return _document(ctx, kind, encoding, body)


def _document(ctx: ReadContext, kind: str, encoding: str | None, body) -> Document:
    unplaced = []
    for line in ctx.unplaced():
        unplaced.append(RawText(line.raw, ctx.source(line)))
        ctx.report("unplaced-text", line, text=line.text[:60])
    return Document(
        path=ctx.path,
        kind=kind,
        encoding=encoding,
        line_count=len(ctx.lines),
        goals=body if isinstance(body, GoalTables) else None,
        accounts=body if isinstance(body, FinalAccounts) else None,
        unplaced=tuple(unplaced),
        findings=tuple(ctx.findings),
        placed=frozenset(ctx.placed),
        budget=body if isinstance(body, BudgetDisclosure) else None,
    )
