"""The arithmetic proof-reads what OCR read (issue 21): ``ocr-digit-uncertain``.

The reader records each doubtful digit with its other reading (``Document.ocr``, from
:mod:`jixiao.ingest.ocr.proof`). When the document's arithmetic identities (every error the
checks tag ``arithmetic``: totals, sums of rows, form formulas …) break with what was read
and fewer break with the other reading, the cell is reported with both readings — never
corrected: the document keeps what was read, and the arithmetic error is still reported.
A check like the others, so it works whatever was imported first.

A table cell with ink that OCR could not read (nothing, or figures no number is printed with:
``19.718.71``) leaves the identities that use it unknown. :func:`unread_settled` (a settler the
runner calls once the checks have run) finds them — the arithmetic errors that change when the cell is read as something
else — and reports ``ocr-cell-unreadable``, a reading doubt naming them, instead of those errors:
a correct table under a seal gets no error. Errors that do not depend on the cell are kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from jixiao.checks.registry import check, settles
from jixiao.findings import CATALOGUE, make_finding
from jixiao.ingest import read_text
from jixiao.ingest.context import ReadContext
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.source import Source

MAX_UNREAD = 12  # unreadable cells re-checked per document at most (two re-readings each)
STAND_INS = {True: ("0", "1"), False: ("1", "未识别")}  # a cell read as something else: figures / other


def _arithmetic_error(f: Finding) -> bool:
    return str(f.severity) == "error" and "arithmetic" in (CATALOGUE[f.code].tags if f.code in CATALOGUE else ())


def _arithmetic_errors(doc: Document) -> list[Finding]:
    from jixiao.checks.runner import run_checks

    return [f for f in run_checks([replace(doc, ocr=None)], include_reading=False).findings if _arithmetic_error(f)]


def broken_identities(doc: Document) -> int:
    """Arithmetic errors the checks find in ``doc`` (what the readers found is left out)."""
    return len(_arithmetic_errors(doc))


def _key(f: Finding) -> tuple:
    return (f.code, f.source, f.expected, f.actual)


def _reread(doc: Document, line: int, column: int, text: str) -> Document | None:
    """``doc`` read again with cell ``column`` of ``line`` (1-based) reading ``text``."""
    trace = doc.ocr
    assert trace is not None
    lines = trace.text.split("\n")
    if line > len(lines):
        return None
    cells = lines[line - 1].split("\t")
    if column > len(cells):
        return None
    cells[column - 1] = text
    changed = lines.copy()
    changed[line - 1] = "\t".join(cells)
    return read_text("\n".join(changed), doc.path, ctx=ReadContext(doc.path, []), pages=dict(trace.pages))


@settles
def unread_settled(found: list[Finding], docs: Sequence[Document]) -> list[Finding]:
    """``found`` with the arithmetic errors that depend on a cell OCR could not read replaced by
    one ``ocr-cell-unreadable`` per such cell (naming the identities it leaves unchecked)."""
    out = found
    for doc in docs:
        trace = doc.ocr
        if trace is None or not trace.unread:
            continue
        errors = [f for f in out if f.source.path == doc.path and _arithmetic_error(f)]
        unknown: set[tuple] = set()
        doubts = []
        for u in trace.unread[:MAX_UNREAD]:
            depends: list[Finding] = []
            for stand_in in STAND_INS[any(ch.isdigit() for ch in u.read)]:
                other = _reread(doc, u.line, u.column, stand_in)
                if other is None:
                    continue
                keys = {_key(f) for f in _arithmetic_errors(other)}
                depends.extend(f for f in errors if _key(f) not in keys and f not in depends)
            unknown.update(_key(f) for f in depends)
            titles = "、".join(
                dict.fromkeys(
                    f"{CATALOGUE[f.code].title}（第{f.source.page}页第{f.source.line}行，应为{f.expected}，读出{f.actual}）"
                    for f in depends
                )
            )
            doubts.append(
                make_finding(
                    "ocr-cell-unreadable",
                    Source(doc.path, line=u.line, page=u.page, column=u.column),
                    page=u.page,
                    line=u.line,
                    column=u.column,
                    read=f"（读作“{u.read}”）" if u.read else "",
                    unchecked=f"，未核对：{titles}" if titles else "",
                    actual=u.read,
                )
            )
        out = [f for f in out if not (f.source.path == doc.path and _arithmetic_error(f) and _key(f) in unknown)]
        out.extend(doubts)
    return out


@check("ocr-digit-uncertain")
def ocr_digit_uncertain(doc: Document) -> Iterator[Finding]:
    trace = doc.ocr
    if trace is None or not trace.doubts:
        return
    broken = broken_identities(doc)
    if broken == 0:
        return
    pages = dict(trace.pages)
    lines = trace.text.split("\n")
    for d in trace.doubts:
        if d.line > len(lines):
            continue
        cells = lines[d.line - 1].split("\t")
        if d.column > len(cells) or cells[d.column - 1] != d.read:
            continue
        cells[d.column - 1] = d.other
        changed = lines.copy()
        changed[d.line - 1] = "\t".join(cells)
        other = read_text("\n".join(changed), doc.path, ctx=ReadContext(doc.path, []), pages=pages)
        if broken_identities(other) < broken:
            yield make_finding(
                "ocr-digit-uncertain",
                Source(doc.path, line=d.line, page=d.page, column=d.column),
                page=d.page,
                line=d.line,
                column=d.column,
                read=d.read,
                other=d.other,
                confidence=str(d.confidence),
                actual=d.read,
                expected=d.other,
            )
