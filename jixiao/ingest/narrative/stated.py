"""The numbers a section's text states (:func:`stated_numbers`).

Every number in the text, with its unit, its label (the words since the previous punctuation mark
or number), its position in the text, and the line it is printed at; ``Source.column`` is the
1-based character offset of the number in the raw line (not a cell index). Years and dates are
kept with unit ``日期``; ordinals of headings never reach the text, so they are not numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import Line, parse_decimal
from jixiao.model.accounts import StatedNumber


@dataclass(slots=True)
class Segment:
    """A piece of a line's cleaned text placed into a section's text."""

    line: Line
    text: str  # cleaned text that went into the section text
    raw_base: int  # where that text starts in line.raw (for columns)


UNITS = (
    "台（套）", "台(套)", "个百分点", "平方公里", "平方米", "万人次", "万元", "亿元", "万人", "人次", "批次",
    "个月", "小时", "公里", "元", "%", "％", "个", "辆", "人", "项", "次", "分", "件", "门", "种", "天",
    "家", "名", "户", "篇", "场", "份", "套", "台", "倍", "年", "月", "日", "吨", "册", "所", "座", "期", "间",
)  # fmt: skip
_UNIT_RX = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
NUMBER = re.compile(
    # The lookahead only says what every match starts with (a digit or a comparison sign);
    # it lets the engine skip other positions quickly (the text is scanned once per section).
    r"(?=[\d≥≤<>])"
    r"(?<![\d.,])(?:"
    r"(?P<date>(?P<year>(?:19|20)\d{2})年(?:度|\d{1,2}月(?:\d{1,2}日)?)?)"
    r"|(?:(?P<cmp>[≥≤<>])\s*)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])"
    rf"(?:[”\"’]?\s*(?P<unit>{_UNIT_RX}))?"
    r")"
)
LABEL_STOPS = "，。；：:;,!！?？\n"
LABEL_STRIP = ' 、“”"‘’·—-'
DIRECTION_WORDS = ("增加", "减少", "增长", "下降", "降低", "提高", "上升", "节约", "节省")


def stated_numbers(ctx: ReadContext, text: str, spans: list[tuple[int, Segment]]) -> list[StatedNumber]:
    out: list[StatedNumber] = []
    value: Decimal | None
    prev_end = 0
    prev_label = ""
    for m in NUMBER.finditer(text):
        if m.group("date"):
            start, raw, value, unit = m.start("date"), m.group("date"), Decimal(m.group("year")), "日期"
        else:
            start, raw = m.start("num"), m.group("num")
            value = parse_decimal(raw)
            if value is None:
                continue
            unit = m.group("unit")
            unit = "%" if unit == "％" else unit
        label, listed = _label(text, prev_end, m.start())
        if listed and out:
            label = prev_label
        seg_off, seg = _segment_at(spans, start)
        if seg is None:
            source = ctx.source(None)
        else:
            column = _column(seg, start - seg_off, raw)
            source = ctx.source(seg.line, column=column or None)
        out.append(
            StatedNumber(raw, value, unit, label, start, source, m.group("cmp") if not m.group("date") else None)
        )
        prev_end, prev_label = m.end(), label
    return out


def _label(text: str, prev_end: int, start: int) -> tuple[str, bool]:
    """The words naming a number; ``listed`` when only 、/和 separate it from the previous one."""
    window = text[prev_end:start]
    cut = max(map(window.rfind, LABEL_STOPS))  # the last stop in the window, -1 if none
    phrase = _balanced(window[cut + 1 :].strip(LABEL_STRIP))
    if not phrase:
        gap = window.strip(' “”"')
        return "", cut < 0 and gap in ("、", "和", "及", "与", "或", "至", "-", "~", "～", "—")
    if len(phrase) > 20 and "、" in phrase and len(phrase.rsplit("、", 1)[1]) >= 2:
        phrase = phrase.rsplit("、", 1)[1]  # the last name of a long enumeration
    for word in DIRECTION_WORDS:
        if phrase.endswith(word):
            return word, False
    return phrase, False


def _balanced(phrase: str) -> str:
    """Drop a bracket whose partner lies outside the phrase: ``（含外事接待`` → ``含外事接待``."""
    while phrase and phrase[0] in "）)":
        phrase = phrase[1:].strip(LABEL_STRIP)
    if phrase and phrase[0] in "（(" and not any(c in phrase for c in "）)"):
        phrase = phrase[1:].strip(LABEL_STRIP)
    while phrase and phrase[-1] in "（(":
        phrase = phrase[:-1].strip(LABEL_STRIP)
    return phrase


def _segment_at(spans: list[tuple[int, Segment]], position: int) -> tuple[int, Segment | None]:
    found: tuple[int, Segment | None] = (0, None)
    for off, seg in spans:
        if off > position:
            break
        found = (off, seg)
    return found


def _column(seg: Segment, offset: int, raw_number: str) -> int | None:
    """1-based character offset of the number in the line's raw text."""
    nth = seg.text[: max(offset, 0)].count(raw_number)
    i = seg.raw_base - 1
    for _ in range(nth + 1):
        i = seg.line.raw.find(raw_number, i + 1)
        if i < 0:
            return None
    return i + 1
