"""The arithmetic proof-reads what OCR read (issue 21): ``ocr-digit-uncertain``.

The reader records each doubtful digit with its other reading (``Document.ocr``, from
:mod:`jixiao.ingest.ocr.proof`). When the document's arithmetic identities (every error the
checks tag ``arithmetic``: totals, sums of rows, form formulas …) break with what was read
and fewer break with the other reading, the cell is reported with both readings — never
corrected: the document keeps what was read, and the arithmetic error is still reported.
A check like the others, so it works whatever was imported first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from jixiao.checks.registry import check
from jixiao.findings import CATALOGUE, make_finding
from jixiao.ingest import read_text
from jixiao.ingest.context import ReadContext
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.source import Source


def broken_identities(doc: Document) -> int:
    """Arithmetic errors the checks find in ``doc`` (what the readers found is left out)."""
    from jixiao.checks.runner import run_checks

    return sum(
        1
        for f in run_checks([replace(doc, ocr=None)], include_reading=False).findings
        if str(f.severity) == "error" and "arithmetic" in (CATALOGUE[f.code].tags if f.code in CATALOGUE else ())
    )


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
