"""Cutting a prose part into sections (:func:`read_prose`).

Each line is cleaned (``ctx.clean``: LaTeX fragments, page numbers) and classified: a heading
(``第X部分``, ``一、``, ``（一）``/``(一)``, ``1.``/``1、``, ``（1）``), a chart caption (``…结构图``,
``…变动情况图（单位：万元）``), or prose. Headings open sections nested by level. A numbered line
that carries a sentence (``1. 一般公共服务支出（类）…（项）。年初预算为…``, ``一、财政拨款收入：指…``)
is an *item*: its lead phrase is the heading and the whole paragraph is its text. Prose lines form
paragraphs; a line that ends without closing punctuation is continued by the next prose line (the
converter breaks paragraphs, sometimes with blank lines between). Every non-blank line is placed
into exactly one section (heading, text or figure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jixiao.ingest.context import ReadContext
from jixiao.ingest.narrative.stated import Segment, stated_numbers
from jixiao.ingest.text import Line
from jixiao.model.accounts import NarrativeSection

# -- line classes ------------------------------------------------------------------------------

_CN = "一二三四五六七八九十百零〇"
HEADINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^(第([{_CN}]+)部分)\s*")),
    (2, re.compile(rf"^(([{_CN}]+)[、．])\s*")),
    (3, re.compile(rf"^([（(]\s*([{_CN}]+)\s*[）)])\s*")),
    (4, re.compile(r"^((\d{1,2})\s*[.．、](?!\d)\s*)")),
    (5, re.compile(r"^([（(]\s*(\d{1,2})\s*[）)])\s*")),
)
_HEADING_FIRST = f"第{_CN}（("  # what HEADINGS can start with, besides digits
FIGURE = re.compile(r"(?:结构|变动情况|情况|对比|分布|趋势)?图\s*(?:[（(]单位[:：][^）)]*[）)])?$")
TERMINAL = "。！？!?；;：:"
HEADING_PUNCT = set("。！？!?；;，,：:")
LEAD_DELIMITERS = "：:。；;"


@dataclass(frozen=True, slots=True)
class _Heading:
    level: int
    ordinal: str
    prefix: str  # as printed, e.g. "1. " or "（一）"
    rest: str  # what follows the ordinal on the line
    force_item: bool = False

    @property
    def is_item(self) -> bool:
        """A numbered paragraph (the line goes on with prose) rather than a bare heading."""
        if self.level <= 1 or not self.rest:
            return False
        return self.force_item or len(self.rest) > 40 or not HEADING_PUNCT.isdisjoint(self.rest)


def _heading(text: str) -> _Heading | None:
    first = text[:1]
    # Every heading starts with one of these characters (\d is str.isdecimal): prose lines
    # are told apart without trying the five patterns.
    if not (first in _HEADING_FIRST or first.isdecimal()):
        return None
    for level, pattern in HEADINGS:
        m = pattern.match(text)
        if m and text[m.end() :].strip():
            return _Heading(level, m.group(2), text[: m.end()], text[m.end() :].strip())
        if m and level == 1:  # "第三部分" alone
            return _Heading(level, m.group(2), text, "")
    return None


def _is_figure(text: str) -> bool:
    return 4 <= len(text) <= 50 and bool(FIGURE.search(text)) and not any(c in "。，,；;" for c in text)


# -- building sections -------------------------------------------------------------------------


@dataclass(slots=True)
class _Builder:
    part: str
    heading: str
    title: str
    ordinal: str | None
    level: int
    path: tuple[str, ...]
    first: Line | None
    paragraphs: list[list[Segment]] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    item: bool = False
    prefix: str = ""  # the ordinal as printed ("1. "), for item headings

    def add_text(self, seg: Segment) -> None:
        last = self.paragraphs[-1] if self.paragraphs else None
        if last and not _ends_sentence(last[-1].text):
            last.append(seg)
        else:
            self.paragraphs.append([seg])
        self.lines.append(seg.line.number)


def _ends_sentence(text: str) -> bool:
    t = text.rstrip()
    return not t or t[-1] in TERMINAL


def read_prose(ctx: ReadContext, lines: list[Line], part: str) -> list[NarrativeSection]:
    """Cut a prose part into sections; place every non-blank line."""
    builders: list[_Builder] = []
    stack: list[_Builder] = []
    current: _Builder | None = None
    for ln in lines:
        if ln.blank:
            continue
        text = ctx.cell_text(ln.text, ln)
        ctx.place(ln)
        if not text:
            continue
        head = _heading(text)
        if head is not None:
            current = _open(part, head, ln, stack)
            builders.append(current)
            if current.item:
                current.add_text(Segment(ln, head.rest, _raw_base(ln.raw, head.rest)))
            continue
        if current is None:
            current = _Builder(part, part, part, None, 0, (part,), ln)
            builders.append(current)
            stack.append(current)
        if _is_figure(text):
            current.figures.append(text)
            current.lines.append(ln.number)
            if current.paragraphs and current.paragraphs[-1] and not _ends_sentence(current.paragraphs[-1][-1].text):
                current.paragraphs.append([])  # a caption ends the paragraph before it
            continue
        current.add_text(Segment(ln, text, _raw_base(ln.raw, text)))
    return [_finish(ctx, b) for b in builders]


def _open(part: str, head: _Heading, ln: Line, stack: list[_Builder]) -> _Builder:
    previous_sibling = None
    while stack and stack[-1].level >= head.level:
        popped = stack.pop()
        if popped.level == head.level:
            previous_sibling = popped
    if not head.is_item and previous_sibling is not None and previous_sibling.item and head.level > 1:
        # "（十）负责…组织实施工" / "作。…": a short line in a list of numbered paragraphs is
        # one of them, broken by the converter, not a bare heading.
        head = _Heading(head.level, head.ordinal, head.prefix, head.rest, force_item=True)
    if head.is_item:
        title = head.rest  # refined to the lead phrase once the paragraph is complete
        heading = f"{head.prefix}{title}"
    else:
        title = head.rest
        heading = f"{head.prefix}{head.rest}".strip()
    parent = stack[-1].path if stack else (part,)
    b = _Builder(part, heading, title, head.ordinal, head.level, (*parent, heading), ln, item=head.is_item)
    b.lines.append(ln.number)
    b.prefix = head.prefix
    stack.append(b)
    return b


def _raw_base(raw: str, text: str) -> int:
    probe = text[:6]
    i = raw.find(probe) if probe else -1
    return max(i, 0)


def _join(segments: list[Segment]) -> tuple[str, list[tuple[int, Segment]]]:
    out = ""
    placed: list[tuple[int, Segment]] = []
    for seg in segments:
        if (
            out
            and seg.text
            and out[-1].isascii()
            and out[-1].isalpha()
            and seg.text[0].isascii()
            and seg.text[0].isalpha()
        ):
            out += " "
        placed.append((len(out), seg))
        out += seg.text
    return out, placed


def _finish(ctx: ReadContext, b: _Builder) -> NarrativeSection:
    paragraphs = [p for p in b.paragraphs if p]
    text = ""
    spans: list[tuple[int, Segment]] = []
    for k, para in enumerate(paragraphs):
        if k:
            text += "\n"
        joined, placed = _join(para)
        spans.extend((len(text) + off, seg) for off, seg in placed)
        text += joined
    heading, title, path = b.heading, b.title, b.path
    if b.item:
        title = _lead(text.split("\n", 1)[0])
        heading = f"{b.prefix}{title}"
        path = (*b.path[:-1], heading)
    first = b.first
    source = ctx.source(first) if first is not None else ctx.source(None)
    numbers = stated_numbers(ctx, text, spans)
    return NarrativeSection(
        part=b.part,
        heading=heading,
        path=path,
        text=text,
        numbers=tuple(numbers),
        figures=tuple(b.figures),
        source=source,
        ordinal=b.ordinal,
        title=title,
        level=b.level,
        lines=tuple(dict.fromkeys(b.lines)),
        spans=tuple((off, seg.line.number) for off, seg in spans),
    )


AMOUNT_IN_LEAD = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元|%|％)")
LEAD_TAIL = re.compile(r"(?:全年|年初)?(?:预算|决算)?数?(?:为|是)?$")


def _lead(paragraph: str) -> str:
    """The lead phrase of a numbered paragraph: up to its first colon / full stop, else its
    first comma; a stated amount and the words announcing it are not part of the lead."""
    cut = min((i for i in (paragraph.find(c) for c in LEAD_DELIMITERS) if i >= 0), default=-1)
    if cut < 0 or cut > 80:
        comma = min((i for i in (paragraph.find(c) for c in "，,") if i >= 0), default=-1)
        cut = comma if 0 <= comma <= 80 else min(len(paragraph), 30)
        lead = paragraph[:cut]
        m = AMOUNT_IN_LEAD.search(lead)
        if m and m.start() > 0:
            lead = LEAD_TAIL.sub("", lead[: m.start()]) or lead[: m.start()]
        return lead.strip()
    return paragraph[:cut].strip()
