"""The checks count the broken identities of a document for the OCR proof-reader
(:mod:`jixiao.ingest.ocr.proof`): a doubtful digit whose other reading makes more of them
hold is reported, never corrected."""

from __future__ import annotations

from jixiao.findings import CATALOGUE
from jixiao.ingest.ocr.proof import register_counter
from jixiao.model.document import Document


def broken_identities(doc: Document) -> int:
    """Arithmetic errors the checks find in ``doc`` (what the readers found is left out)."""
    from jixiao.checks.runner import run_checks

    return sum(
        1
        for f in run_checks([doc], include_reading=False).findings
        if str(f.severity) == "error" and "arithmetic" in (CATALOGUE[f.code].tags if f.code in CATALOGUE else ())
    )


register_counter(broken_identities)
