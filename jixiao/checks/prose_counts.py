"""Counts in prose added up like amounts: how many projects, items, vehicles, person-times or
batches a sentence states as a total and as its parts.

Within one sentence (the words in parentheses are read on their own, as the parts they name):

* **start + added (− removed) = total**: ``实施项目共15个，年初批复预算8个项目…年中增加8个项目`` —
  a total (共 / 共计 / 合计 / 总计 / 累计 N个), a count at the start (年初 / 初始 / 原有 / 原计划) and
  one or more counts added (新增 / 增加 / 追加 / 调增 / 补充) or removed (减少 / 取消 / 调减 / 撤销 /
  终止 / 核减) of the same thing (the same unit, and nouns ending the same way: 项目 ~ 实施项目);
* **其中 parts that exceed their total**: ``共15个项目，其中新建项目9个、续建项目8个`` — only
  parts that are disjoint by their wording: levels of a hierarchy (一级指标3个、二级指标9个、三级
  指标12个), a part as large as the whole, and thresholds (…以上 / 超过…) are not a partition; a
  listing that names fewer than the whole is not judged (the rest may be unnamed);
* **含 a part larger than its whole**: ``年中增加8个项目（含转列项目9个）``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from jixiao.checks.prose import prose_texts
from jixiao.checks.registry import check
from jixiao.checks.wording import Text
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.finding import Finding

UNITS = "个|项|辆|人次|批次|家|名|户|所|台|套|件|批|团组"
HAN = r"[\u4e00-\u9fff]"
# a count: 8个项目 / 项目8个 (the noun after the unit, else the words before the number)
COUNT = re.compile(rf"(?<![\d.第])(\d+)\s*({UNITS})(?![\d元万%])({HAN}{{0,6}})")
TOTAL_WORD = re.compile(r"(?:共计|共有|共|合计|总计|总共|累计)\s*$")
START_WORDS = re.compile(r"年初|初始|原有|原计划|期初")
ADD_WORDS = re.compile(r"(?:新增|增加|追加|调增|补充)(?:了)?\s*$")
REMOVE_WORDS = re.compile(r"(?:减少|取消|调减|撤销|终止|核减)(?:了)?\s*$")
LEVELS = re.compile(r"[一二三四五六]级")
THRESHOLDS = re.compile(r"以上|以下|超过|不足|不少于|不低于|达到|及以上|低于|高于")
NOUN_STOP = re.compile(r"[的和与及、]|资金|预算|万|元|金额|经费|共|合计|其中|分别")


@dataclass(frozen=True, slots=True)
class Count:
    value: int
    unit: str
    noun: str  # 项目, 行政村 … ("" when not said)
    start: int
    end: int
    raw: str


def _noun_after(words: str) -> str:
    cut = NOUN_STOP.search(words)
    return words[: cut.start()] if cut else words


def _noun_before(text: str, start: int, floor: int) -> str:
    words = re.search(rf"({HAN}{{1,8}})(?:共计|共有|共|合计|总计|总共|累计)?\s*$", text[floor:start])
    if not words:
        return ""
    name = re.sub(r"(?:共计|共有|共|合计|总计|总共|累计)$", "", words.group(1))
    return name[-4:]


def _same(a: Count, b: Count) -> bool:
    """Counts of the same thing: the same unit and a noun ending the same way (项目 ~ 新建项目); a
    count without its noun (男性8名 against 在职人员共15名: 男性 ≠ 人员) is not taken for a part."""
    return a.unit == b.unit and bool(a.noun) and bool(b.noun) and a.noun[-2:] == b.noun[-2:]


def _masked(sentence: str) -> tuple[str, list[tuple[int, int]]]:
    """The sentence with the words inside parentheses blanked (offsets kept), and the spans blanked."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[（(][^（()）]*[)）]", sentence)]
    chars = list(sentence)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars), spans


def counts_in(text: str, floor: int = 0) -> list[Count]:
    out = []
    for m in COUNT.finditer(text):
        noun = _noun_after(m.group(3)) or _noun_before(text, m.start(), floor)
        out.append(Count(int(m.group(1)), m.group(2), noun, m.start(), m.end(), m.group(1) + m.group(2) + noun))
    return out


def _clause_before(text: str, pos: int) -> str:
    start = max(text.rfind(c, 0, pos) for c in "，,；;：:。") + 1
    return text[start:pos]


def sentences(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for m in re.finditer(r"[。；;\n]", text + "\n"):
        if m.start() > start:
            yield start, text[start : m.start()]
        start = m.end()


@dataclass(frozen=True, slots=True)
class Mismatch:
    at: int  # offset of the total in the text
    what: str
    items: str
    expected: int
    actual: str


def count_mismatches(text: str) -> Iterator[Mismatch]:
    for offset, sentence in sentences(text):
        masked, spans = _masked(sentence)
        counts = counts_in(masked)
        yield from (_shift(m, offset) for m in _additions(masked, counts))
        yield from (_shift(m, offset) for m in _partition(masked, counts))
        for a, b in spans:  # 含 a part larger than its whole: the count just before the parentheses
            whole = next((c for c in reversed(counts) if c.end <= a and not masked[c.end : a].strip()), None)
            inner = sentence[a + 1 : b - 1]
            part = next(iter(counts_in(inner)), None) if inner.startswith(("含", "包含", "包括")) else None
            if whole and part and _same(whole, part) and part.value > whole.value:
                yield Mismatch(
                    offset + whole.start, f"“{whole.raw}”所含部分", f"其中含{part.raw}", part.value, whole.raw
                )


def _shift(m: Mismatch, offset: int) -> Mismatch:
    return Mismatch(m.at + offset, m.what, m.items, m.expected, m.actual)


def _additions(masked: str, counts: list[Count]) -> Iterator[Mismatch]:
    totals = [c for c in counts if TOTAL_WORD.search(masked[: c.start])]
    for total in totals:
        same = [c for c in counts if c is not total and _same(total, c)]
        start = [c for c in same if START_WORDS.search(_clause_before(masked, c.start))]
        added = [c for c in same if ADD_WORDS.search(masked[max(0, c.start - 8) : c.start])]
        removed = [c for c in same if REMOVE_WORDS.search(masked[max(0, c.start - 8) : c.start])]
        if len(start) != 1 or not added or start[0] in added or start[0] in removed:
            continue
        expected = start[0].value + sum(c.value for c in added) - sum(c.value for c in removed)
        if expected != total.value:
            items = "、".join(
                [f"年初{start[0].raw}"] + [f"增加{c.raw}" for c in added] + [f"减少{c.raw}" for c in removed]
            )
            yield Mismatch(total.start, f"{total.noun or ''}个数", items, expected, total.raw)


def _partition(masked: str, counts: list[Count]) -> Iterator[Mismatch]:
    k = masked.find("其中")
    if k < 0:
        return
    before = [c for c in counts if c.end <= k]
    total = next((c for c in reversed(before) if TOTAL_WORD.search(masked[: c.start]) or c is before[-1]), None)
    tail = masked[k:]
    if total is None or LEVELS.search(tail) or THRESHOLDS.search(tail):
        return
    parts = [c for c in counts if c.start > k and _same(total, c)]
    if len(parts) < 2 or any(c.value >= total.value for c in parts):
        return
    summed = sum(c.value for c in parts)
    if summed > total.value:
        yield Mismatch(
            total.start, f"{total.noun or ''}个数", "其中" + "、".join(c.raw for c in parts), summed, total.raw
        )


@check("statement-count-mismatch")
def check_counts(doc: Document) -> Iterator[Finding]:
    for t in prose_texts(doc):
        yield from _findings(t)


def _findings(t: Text) -> Iterator[Finding]:
    for m in count_mismatches(t.text):
        src = t.locate(m.at)
        where = f"{t.where}第{src.line}行：" if src.line is not None else f"{t.where}："
        yield make_finding(
            "statement-count-mismatch",
            src,
            subject=m.what,
            where=where,
            what=m.what,
            items=m.items,
            expected=str(m.expected),
            actual=m.actual,
        )
