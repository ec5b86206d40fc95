"""The text layer: decoding bytes, splitting lines into cells, cleaning converter debris.

Seed text came out of a PDF converter: tabs separate cells; page numbers such as
``- 85 -`` land inside cells; ``$\\geq*$`` and ``\\times`` fragments replace symbols;
numbers carry thousands separators. Everything here keeps the raw text and reports
each repair as a note the caller turns into a finding.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from jixiao.numbers import in_range

# -- decoding ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "gb18030", or "utf-8(replace)"
    binary: bool = False
    bad_bytes: int = 0
    first_bad_offset: int | None = None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean: not a text file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return len(head) > 0 and controls / len(head) > 0.05


def decode(data: bytes) -> Decoded:
    """UTF-8 (with or without BOM), then GB18030 (a superset of GBK), then UTF-8 with
    replacement characters so that nothing is dropped."""
    if looks_binary(data):
        return Decoded("", "binary", binary=True)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return Decoded(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError:
            pass
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_error:
        first_bad = utf8_error.start
    try:
        return Decoded(data.decode("gb18030"), "gb18030")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    return Decoded(text, "utf-8(replace)", bad_bytes=text.count("\ufffd"), first_bad_offset=first_bad)


# -- lines and cells ---------------------------------------------------------------------


class Line:
    """One line of the decoded text. ``number`` is 1-based; ``cells`` split on tabs and
    keep their raw text (use :func:`clean_cell` to read one). Immutable by convention;
    ``blank``, ``cells``, ``text`` and the non-empty cells are computed once (this is the
    readers' hot path: several readers look at every line, some more than once)."""

    __slots__ = ("_cells", "_nonempty", "_text", "blank", "number", "raw")

    def __init__(self, number: int, raw: str):
        self.number = number
        self.raw = raw
        self.blank = not raw or raw.isspace()  # (isspace: the same test as `not raw.strip()`, no copy)
        self._cells: tuple[str, ...] | None = None
        self._text: str | None = None
        self._nonempty: tuple[tuple[int, str], ...] | None = None

    @property
    def cells(self) -> tuple[str, ...]:
        """The tab-separated cells, raw (a tuple, split once)."""
        if self._cells is None:
            self._cells = tuple(self.raw.split("\t"))
        return self._cells

    @property
    def text(self) -> str:
        """The line with tabs and surrounding space removed (for headings and prose)."""
        if self._text is None:
            raw = self.raw
            if "\t" not in raw:  # a single cell: the usual case in prose
                self._text = raw.strip()
            else:
                stripped = [c.strip() for c in self.cells]
                self._text = " ".join([c for c in stripped if c])
        return self._text

    def nonempty(self) -> list[tuple[int, str]]:
        """(1-based column, stripped text) of every non-empty cell."""
        if self._nonempty is None:
            stripped = [(i, c.strip()) for i, c in enumerate(self.cells, start=1)]
            self._nonempty = tuple([(col, text) for col, text in stripped if text])
        return list(self._nonempty)  # a new list: callers may change theirs

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Line) and (self.number, self.raw) == (other.number, other.raw)

    def __hash__(self) -> int:
        return hash((self.number, self.raw))

    def __repr__(self) -> str:
        return f"Line({self.number}, {self.raw!r})"


def split_lines(text: str) -> list[Line]:
    # splitlines() would also split on \x0c, \x1c… and shift line numbers; split on \n only.
    raws = text.split("\n")
    if "\r" in text:  # CRLF line ends (stripping each line only when there are any)
        raws = [raw.rstrip("\r") for raw in raws]
    return list(map(Line, range(1, len(raws) + 1), raws))


# -- cleaning ----------------------------------------------------------------------------

PAGE_MARKER = re.compile(r"(?:^|\s)[-－—–]\s*(\d{1,4})\s*[-－—–](?=\s|$)")
# -- page numbers: one rule for every reader (the PDF's margin furniture, a footer in a text line) --

_WORDED = (
    re.compile(r"第(\d{1,4})页(?:[,，、/|]?共(\d{1,4})页)?"),
    re.compile(r"page(\d{1,4})(?:(?:of|/)(\d{1,4}))?", re.IGNORECASE),
)
_BARE = (
    re.compile(r"[-—–−―~]+(\d{1,4})[-—–−―~]+"),
    re.compile(r"(\d{1,4})/(\d{1,4})"),
    re.compile(r"(\d{1,4})"),  # a lone number: a page number only where its place on the page says so
)


class PageLabel(NamedTuple):
    number: int
    total: int | None
    worded: bool  # 第…页 / Page …: says itself that it is a page number
    lone: bool = False  # a bare number with no mark at all ("5")


def page_label(text: str) -> PageLabel | None:
    """The page number a line prints, when the whole line is one (any spacing, full-width
    digits and punctuation); None otherwise."""
    flat = "".join(unicodedata.normalize("NFKC", text).split())
    for worded, forms in ((True, _WORDED), (False, _BARE)):
        for form in forms:
            m = form.fullmatch(flat)
            if m is None:
                continue
            number = int(m.group(1))
            total = int(m.group(2)) if m.lastindex and m.lastindex >= 2 and m.group(2) else None
            if number < 1 or (total is not None and number > total):
                return None
            return PageLabel(number, total, worded, lone=form is _BARE[-1])
    return None


def is_page_footer(text: str) -> bool:
    """A cell or line that is a page's footer and nothing else (第 1 页，共 2 页 / - 3 - / 1/5 / Page 2 of 9);
    a lone number is not (without its place on the page it may be an amount)."""
    label = page_label(text)
    return label is not None and not label.lone


_LATEX = [
    (re.compile(r"\\geq\s*\*?|\\ge\b\s*\*?"), "≥"),
    (re.compile(r"\\leq\s*\*?|\\le\b\s*\*?"), "≤"),
    (re.compile(r"\\times"), "×"),
    (re.compile(r"\\%"), "%"),
    (re.compile(r"\\cdot"), "·"),
    (re.compile(r"\\left|\\right"), ""),
]
_DOLLAR = re.compile(r"\$([^$]*)\$")
_BARE_COMMAND = re.compile(r"\\[A-Za-z]+\s*\*?|\\%")
_NEEDS_CLEANING = re.compile(r"[-－—–\\$＞＜＝\u3000<>]")


class Cleaned(NamedTuple):
    """A cleaned cell (a NamedTuple: immutable, and cheap to create for every cell read)."""

    text: str
    page_marker: str | None = None  # e.g. "- 85 -"
    page: int | None = None
    latex: tuple[tuple[str, str], ...] = ()  # (fragment, replacement)


def needs_cleaning(text: str) -> bool:
    """False when :func:`clean_cell` would only strip the text: it has none of the characters
    that page numbers, LaTeX fragments and full-width signs are made of."""
    return _NEEDS_CLEANING.search(text) is not None


def clean_cell(raw: str) -> Cleaned:
    """Strip a cell; remove an embedded page number; turn LaTeX fragments into symbols;
    unify full-width comparison signs and spaces. Returns what was changed."""
    text = raw.strip()
    if not _NEEDS_CLEANING.search(text):  # the common case, and the readers' hot path
        return Cleaned(text)
    page_marker = None
    page = None
    m = PAGE_MARKER.search(text)
    if m:
        page_marker = m.group(0).strip()
        page = int(m.group(1))
        text = (text[: m.start()] + " " + text[m.end() :]).strip()
    latex: list[tuple[str, str]] = []
    if "\\" in text or "$" in text:

        def _unlatex(fragment: str) -> str:
            out = fragment
            for pattern, repl in _LATEX:
                out = pattern.sub(repl, out)
            return out.replace("*", "").strip() if out != fragment else out

        def _dollar(m: re.Match[str]) -> str:
            inner = _unlatex(m.group(1))
            latex.append((m.group(0), inner))
            return inner

        def _bare(m: re.Match[str]) -> str:  # a command outside $…$: replace just the token
            token = m.group(0)
            replacement = _unlatex(token)
            if replacement != token:
                latex.append((token.strip(), replacement))
            return replacement

        new = _DOLLAR.sub(_dollar, text)
        if "\\" in new:
            new = _BARE_COMMAND.sub(_bare, new)
        text = re.sub(r"\s+", " ", new).strip()
    text = text.replace("＞", ">").replace("＜", "<").replace("＝", "=").replace("\u3000", " ")
    text = text.replace(">=", "≥").replace("<=", "≤")
    return Cleaned(text, page_marker, page, tuple(latex))


# -- numbers -----------------------------------------------------------------------------

_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_decimal(text: str) -> Decimal | None:
    """``"91,455.09"`` → ``Decimal("91455.09")``; ``""``, ``"-"``, prose and a number out of
    range (:func:`jixiao.numbers.in_range`, see :func:`out_of_range`) → ``None``.

    Thousands separators are accepted only in well-formed groups of three, so a cell such
    as ``"1,2"`` is not silently read as 12.
    """
    t = text.strip()
    # Most cells read this way are prose: a number starts with a sign or a digit (\d is
    # exactly str.isdecimal), so anything else is rejected without the regex.
    if not t or (t[0] not in "+-" and not t[0].isdecimal()):
        return None
    return _parse_number(t)


@lru_cache(maxsize=4096)
def _parse_number(t: str) -> Decimal | None:
    """:func:`parse_decimal` of stripped text that starts like a number. Readers test the same
    cell more than once and documents repeat amounts, so each distinct text is parsed once
    (a Decimal is immutable: sharing it is safe)."""
    value = _written_number(t)
    return value if value is not None and in_range(value) else None


def _written_number(t: str) -> Decimal | None:
    t = t.replace(" ", "")
    if not _NUMBER.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        return None


def is_number(text: str) -> bool:
    return parse_decimal(text) is not None


def out_of_range(text: str) -> bool:
    """A cell written as a number that :func:`parse_decimal` refuses because it is out of range
    (more than ``MAX_DIGITS`` digits before or after the point): kept as text, reported."""
    t = text.strip()
    if not t or (t[0] not in "+-" and not t[0].isdecimal()):
        return False
    value = _written_number(t)
    return value is not None and not in_range(value)


def join_wrapped(parts: list[str]) -> str:
    """The lines of a wrapped table cell as one text: joined without a space between Chinese
    characters or figures, with one only between two Latin letters (the PDF reader's text layer
    and the OCR of a scanned cell join them alike)."""
    text = ""
    for part in parts:
        if not part:
            continue
        if text and _latin(text[-1]) and _latin(part[0]):
            text += " "
        text += part
    return text


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()
