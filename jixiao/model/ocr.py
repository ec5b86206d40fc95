"""What a reading by OCR leaves for the checks to proof-read (issue 21).

A digit OCR read with little confidence, whose second choice is another digit, gives another
reading of its cell (:class:`OcrDoubt`). The reader records the doubts and the text it read
(:class:`OcrTrace`); the checks (``jixiao.checks.ocr_proof``) re-read the text with each other
reading and report the doubts whose other reading makes more of the arithmetic hold. A table
cell that could not be read at all (:class:`OcrUnread`) makes the identities that use it
unknown: the checks report it as a reading doubt instead of their errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class OcrDoubt:
    line: int  # 1-based line number in the text
    page: int
    column: int  # 1-based cell
    read: str
    other: str
    confidence: Decimal  # of the doubtful digit, two places (a Decimal: the web store keeps it as text)


@dataclass(frozen=True, slots=True)
class OcrUnread:
    """A table cell with ink that OCR could not read: nothing read, or figures not shaped like a
    number (``19.718.71``, ``5,279.12!``). The identities that use it cannot be checked."""

    line: int  # 1-based line number in the text
    page: int
    column: int  # 1-based cell
    read: str  # what was read ("" when nothing)


@dataclass(frozen=True, slots=True)
class OcrTrace:
    text: str  # the text the readers read, every page's lines
    pages: tuple[tuple[int, int], ...]  # (line number, page) for every line
    doubts: tuple[OcrDoubt, ...]  # least sure first
    unread: tuple[OcrUnread, ...] = ()  # table cells with ink that could not be read
