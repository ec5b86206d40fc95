"""Reading documents into the model.

``read_file(path)`` / ``read_bytes(data, path)`` → :class:`~jixiao.model.Document`. What the
file is, is decided in one registry (:mod:`jixiao.ingest.registry`): first its format — an
Excel workbook by suffix (:mod:`jixiao.ingest.xlsx`), a PDF by suffix or ``%PDF`` magic bytes
(:mod:`jixiao.ingest.pdf`, turned into tab-separated text lines with a page per line), else
text — then, for text, its kind from the evidence each registered kind declares
(:func:`~jixiao.ingest.registry.detect`), read by that kind's reader. Reading never raises on
bad input: problems become findings, and every line that no reader could place is kept as raw
text.
"""

from __future__ import annotations

import errno
import gc
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jixiao.ingest.context import ReadContext
from jixiao.ingest.errors import original_text, os_reason
from jixiao.ingest.limits import LIMITS, megabytes
from jixiao.ingest.parts import read_parts
from jixiao.ingest.registry import UNKNOWN, Format, Recognition, detect, find_kind, format_for, register_format
from jixiao.ingest.text import Line, decode, out_of_range, split_lines
from jixiao.model.budget import BudgetDisclosure
from jixiao.model.department import DepartmentTargets
from jixiao.model.document import Document, FinalAccounts, Part, RawText
from jixiao.model.goals import GoalTables
from jixiao.model.selfeval import SelfEvaluationForms
from jixiao.model.source import Source
from jixiao.model.statement import Statement
from jixiao.numbers import MAX_DIGITS, brief

__all__ = ["document", "read_bytes", "read_file", "read_text", "unreadable"]
MAGIC_BYTES = 1024  # how much of a file's start a format may look at


def read_file(path: str | Path) -> Document:
    """Read a document from a file (never raises; a file that cannot be read is a finding)."""
    p = Path(path)
    try:
        info = p.stat()
        if not stat.S_ISREG(info.st_mode):  # a folder, a named pipe, a device: never opened
            raise OSError(errno.EISDIR if stat.S_ISDIR(info.st_mode) else errno.ENXIO, "not a regular file")
        if info.st_size > LIMITS.file_bytes:
            return unreadable(
                str(path),
                f"文件大小 {megabytes(info.st_size)}，超过上限 {megabytes(LIMITS.file_bytes)}（JIXIAO_MAX_FILE_MB）",
            )
        data = p.read_bytes()
    except OSError as e:
        return unreadable(str(path), os_reason(e), original_text(e))
    return read_bytes(data, str(path))


def unreadable(path: str, reason: str, original: str | None = None) -> Document:
    """A document of kind unknown whose only finding says, in Chinese, why the file cannot be read."""
    ctx = ReadContext(path, [])
    ctx.report("file-unreadable", Source(path), reason=reason, original=original)
    return document(ctx, UNKNOWN, None, None)


def read_bytes(data: bytes, path: str = "<input>") -> Document:
    """Read the bytes of a file, by the format that claims them (``path`` names the file)."""
    return format_for(path, data[:MAGIC_BYTES]).read(data, path)


def read_text_bytes(data: bytes, path: str = "<input>") -> Document:
    """The text format: decode the bytes (UTF-8, else GB18030) and read the text."""
    ctx = ReadContext(path, [])
    if len(data) > LIMITS.text_bytes:
        return unreadable(
            path, f"文本文件大小 {megabytes(len(data))}，超过上限 {megabytes(LIMITS.text_bytes)}（JIXIAO_MAX_TEXT_MB）"
        )
    if not data.strip():
        ctx.report("file-empty", Source(path))
        return document(ctx, UNKNOWN, None, None)
    decoded = decode(data)
    if decoded.binary:
        ctx.report("file-binary", Source(path))
        return document(ctx, UNKNOWN, None, None)
    if decoded.encoding == "gb18030":
        ctx.report("encoding-fallback", Source(path), encoding="GB18030/GBK")
    elif decoded.encoding == "utf-8(replace)":
        line = data.count(b"\n", 0, decoded.first_bad_offset or 0) + 1  # the line split_lines numbers
        ctx.report(
            "encoding-invalid",
            Source(path, line=line),
            detail=f"共{decoded.bad_bytes}处，第一处在第{line}行（第{decoded.first_bad_offset}字节）",
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
    header = capture_header(lines)
    if header:  # a web capture's SOURCE:/NOTE: block: metadata about the page, not the document's text
        lines = [Line(n, "") for n in range(1, header + 1)] + lines[header:]
    if ctx is None:
        ctx = ReadContext(path, lines, pages)
    else:
        ctx.lines = lines
        ctx.pages = pages or ctx.pages
    if header:
        ctx.report("capture-header", Source(path, line=1), last=header)
    recognition = detect(lines)
    _report_recognition(ctx, path, recognition)
    kind = recognition.kind
    if kind == UNKNOWN:
        return document(ctx, kind, encoding, None)
    body = find_kind(kind).read(ctx)
    parts = read_parts(ctx, kind)
    return document(ctx, kind, encoding, body, parts)


CAPTURE_FIELD = re.compile(r"^(?:SOURCE|NOTE|URL|TITLE|FETCHED|来源|网址|说明)\s*[:：]")


def capture_header(lines: list[Line]) -> int:
    """How many leading lines are a web capture's metadata block (``SOURCE: <address>`` first,
    then ``NOTE:``-style fields, ended by a blank line); 0 when the text starts with the document."""
    if not lines or not re.match(r"^(?:SOURCE|URL)\s*[:：]\s*\S+", lines[0].raw):
        return 0
    n = 1
    while n < len(lines) and n < 20 and CAPTURE_FIELD.match(lines[n].raw):
        n += 1
    return n


def _report_recognition(ctx: ReadContext, path: str, recognition: Recognition) -> None:
    """Say why a kind was chosen (info), or, for an unknown document, which kind came closest and
    what it lacked (error)."""
    best = recognition.best
    if recognition.kind != UNKNOWN and best is not None:
        kind = find_kind(recognition.kind)
        ctx.report(
            "document-kind-detected", Source(path, line=1), kind=kind.title,
            evidence="、".join(best.detection.evidence[:6]) or "（无）",
            confidence=f"{best.detection.confidence:.0%}",
        )  # fmt: skip
        return
    if best is None or best.detection.confidence <= 0:
        ctx.report("document-kind-unknown", Source(path, line=1), closest="没有任何一类文档的特征")
        return
    kind = find_kind(best.kind)
    found = "、".join(best.detection.evidence[:4]) or "无"
    missing = "、".join(best.detection.missing[:4]) or "无"
    closest = f"最接近{kind.title}（已见：{found}；未见：{missing}）"
    ctx.report("document-kind-unknown", Source(path, line=1), closest=closest)


def recognise(text: str) -> Recognition:
    """Which kind a text is and why (the evidence of every candidate), without reading it."""
    return detect(split_lines(text))


def document(ctx: ReadContext, kind: str, encoding: str | None, body, parts: tuple[Part, ...] = ()) -> Document:
    """The document of a finished read: the body a kind's reader returned, every line no
    reader placed kept as raw text (with a finding), and the findings of the read."""
    _report_out_of_range(ctx)
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
        forms=body if isinstance(body, SelfEvaluationForms) else None,
        budget=body if isinstance(body, BudgetDisclosure) else None,
        statement=body if isinstance(body, Statement) else None,
        parts=parts,
        department_targets=body if isinstance(body, DepartmentTargets) else None,
    )


_LONG_DIGITS = re.compile(rf"\d{{{MAX_DIGITS + 1}}}")


def _report_out_of_range(ctx: ReadContext) -> None:
    """Every cell written as a number too long to compute with: read as text by every reader
    (:func:`~jixiao.ingest.text.parse_decimal` refuses it), reported here once per cell."""
    seen = {(f.source.line, f.source.column) for f in ctx.findings if f.code == "number-out-of-range"}
    lines_seen = {line for line, column in seen if column is None}
    for line in ctx.lines:
        if line.blank or not _LONG_DIGITS.search(line.raw):
            continue
        for column, cell in enumerate(line.raw.split("\t"), 1):
            if (line.number, column) in seen or line.number in lines_seen or not out_of_range(cell):
                continue
            ctx.report(
                "number-out-of-range", ctx.source(line, column=column),
                number=brief(cell), limit=MAX_DIGITS, actual=brief(cell),
            )  # fmt: skip


register_format(Format("text", (), lambda head: True, read_text_bytes))  # the last resort: any bytes are tried
