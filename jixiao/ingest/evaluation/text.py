"""The words and numbers of an evaluation report: squeezing converter spaces, score labels,
percentages, dates, headings and sentences (shared by the report, score-table and prose readers)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import Line, needs_cleaning, parse_decimal
from jixiao.model.grades import GRADES as GRADE_WORDS

NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
GRADES = "".join(GRADE_WORDS)  # one character class of the four grades
DEFAULT_LEVEL1 = frozenset({"决策", "过程", "产出", "效益"})  # the 一级 indicators of 财政绩效评价
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’《》〈〉【】、"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")
LABEL = re.compile(rf"(.+?)\s*[（(]\s*({NUM})\s*分\s*[)）]")
_HEADINGS = [
    (1, re.compile(r"^[一二三四五六七八九十]+\s*、")),
    (2, re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]")),
    (3, re.compile(r"^\d{1,2}\s*[.、．](?!\d)")),
    (4, re.compile(r"^[（(]\s*\d{1,2}\s*[)）]")),
    (5, re.compile(r"^[①-⑳]")),
]
_HEADING_FIRST = "一二三四五六七八九十（("  # what _HEADINGS can start with, besides digits and ①-⑳
_DATE_PARTS = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_TOTAL = re.compile(
    rf"((?:部门|本项目|项目)?绩效评价得分)\s*(?:为\s*)?[“\"]?({NUM})[”\"]?\s*分\s*[，,、]\s*(?:评价)?等级为\s*"
    rf"[“\"]?([{GRADES}])"
)
_SPACES = re.compile(r"\s+")
_SPACE = re.compile(r"\s")
_COMMA = re.compile(r"[，,]")
_TITLE_STOP = re.compile(r"[，,：:=《]")
_NUMBER_PREFIX = re.compile(r"^\s*\d{1,2}\s*[、.．]\s*")
_FIRST_PHRASE = re.compile(r"[^。=＝，,：:（(≥>≤<$\s]+")
_PROJECT_PREFIX = re.compile(r"^项目")
_SECTION_SUFFIX = re.compile(r"(情况|指标)$")


def squeeze(text: str) -> str:
    """Remove the spaces a converter puts around CJK text (``2022 年度`` → ``2022年度``)."""
    if not _SPACE.search(text):  # no whitespace at all: nothing to remove (and the look-arounds are slow)
        return text
    return _SPACES.sub(" ", _SPACE_NEAR_CJK.sub("", text)).strip()


def label(text: str) -> tuple[str, Decimal | None]:
    """``决策 (20分)`` → (``决策``, 20); text without a score suffix → (text, None)."""
    m = LABEL.fullmatch(text.strip())
    if not m:
        return squeeze(text), None
    return squeeze(m.group(1)), parse_decimal(m.group(2))


def states_total(text: str) -> re.Match[str] | None:
    """The total score and grade a sentence states (see ``_TOTAL``)."""
    # _TOTAL cannot match without the words 绩效评价得分; looking for them first spares the
    # slow search (the pattern starts with an optional group) in nearly every sentence.
    return _TOTAL.search(text) if "绩效评价得分" in text else None


def percent(text: str) -> Decimal | None:
    """``91.25%`` → 0.9125; anything else → None."""
    t = text.strip().replace(" ", "")
    if not t.endswith("%"):
        return None
    value = parse_decimal(t[:-1])
    return None if value is None else value / 100


def dec(text: str | None) -> Decimal | None:
    return None if text is None else parse_decimal(text)


def parse_date(text: str) -> dt.date | None:
    m = _DATE_PARTS.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def heading_level(text: str) -> int | None:
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


def sentences(text: str) -> list[str]:
    return [s.strip() for s in text.split("。") if s.strip()]


def bare_section(heading: str) -> str:
    """``（一）项目决策情况。`` → ``决策``."""
    t = squeeze(heading)
    for _, pattern in _HEADINGS:
        t = pattern.sub("", t, count=1)
    t = t.strip(" 。.：:")
    t = _PROJECT_PREFIX.sub("", t)
    t = _SECTION_SUFFIX.sub("", t)
    return t


def statement_name(sentence: str) -> str:
    """The indicator a ``…，得 N 分`` sentence is about: its first phrase."""
    t = _NUMBER_PREFIX.sub("", sentence)
    m = _FIRST_PHRASE.match(t)
    return squeeze(m.group(0)) if m else ""


def bare_heading(heading: str) -> str:
    t = squeeze(heading)
    for _, pattern in _HEADINGS:
        t = pattern.sub("", t, count=1)
    return t.strip(" 。.")


def clean_cells(ctx: ReadContext, ln: Line, table: str | None = None) -> tuple[list[str], int | None]:
    """Cleaned cells (trailing empty cells dropped) and a printed page number if one was found."""
    out: list[str] = []
    page = None
    for col, raw in enumerate(ln.cells, start=1):
        text = raw.strip()
        if not needs_cleaning(text):  # the usual case: clean_at would only strip the cell
            out.append(text)
            continue
        c = ctx.clean_at(raw, ln, table=table, column=col)
        if c.page is not None:
            page = c.page
        out.append(c.text)
    while out and not out[-1]:
        out.pop()
    return out, page
