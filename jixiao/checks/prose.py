"""Checks on prose wherever it stands: what one sentence says against what another sentence of
the same document says, for defects a careful reader finds without any table.

The texts are every paragraph the document holds (:func:`prose_texts`): those of
:func:`jixiao.checks.wording.texts` (决算 sections, notes, forms, target tables, a statement in
prose, unplaced lines), the statements read from the parts of a document, and the sections of a
部门预算. On them:

* **Money declared wholly paid** (``2179万元目前已全部拨付``, ``资金已全额到位``, ``已全部支出``)
  while another sentence of the same document, naming the same whole amount, states a smaller
  amount paid the same way (``项目资金共2179万元…已完成拨付2113.63万元``): an error. The two must
  use the same verb family — paid/allocated (拨付、下达), arrived (到位), spent (支出、使用、支付);
  money that has fully arrived and is partly spent is no contradiction; nor are two statements at
  two different dates (``截至6月30日已拨付…`` and ``截至12月31日已全部拨付``).
* **Counts that do not add up** (:mod:`jixiao.checks.prose_counts`).
* **A direction word contradicted by its reason**: ``比2023年预算执行数减少2.98%。主要原因是：宣传
  事务一般行政管理事务经费增加。`` — the reason sentence that follows a change names the money
  (经费, 支出, 资金, 预算, 安排) moving the other way, and names no other movement: a warning. Only
  the item's own money counts (the words before 经费 are empty or printed before the change):
  ``收入减少，主要原因是单位自有资金增加`` and a reason about last year (``上年一次性支出增加``) are
  sound reasoning and are left alone.
* **A doubled function character** (``主要是是``, ``的的``, ``与与``): the two characters must be
  two words of one character each when the sentence is segmented (jieba, its own dictionary,
  no network): ``为了了解`` (为了|了解), ``现在在做`` (现在|在), ``不了了之``, ``的的确确`` and
  reduplicated words (常常, 人人, 看看) are words and are left alone. A visible typo: a warning.
* **A section printed twice** (:mod:`jixiao.checks.prose_repeats`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from jixiao.checks.registry import check
from jixiao.checks.wording import Text, texts
from jixiao.findings import make_finding
from jixiao.model.accounts import NarrativeSection
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.source import Source
from jixiao.model.statement import Paragraph, Statement

# -- every text of a document, once ---------------------------------------------------------------------


def _section_locator(section: NarrativeSection, start: int) -> Callable[[int], Source]:
    return lambda i: section.source.at(line=section.line_at(start + i) or section.source.line)


def section_texts(section: NarrativeSection, where: str) -> Iterator[Text]:
    """The paragraphs of a narrative section, each able to say on which line a character is."""
    offset = 0
    for paragraph in section.text.split("\n"):
        yield Text(paragraph, where, _section_locator(section, offset), part=section.part)
        offset += len(paragraph) + 1


def _paragraph_text(p: Paragraph) -> Text:
    return Text(p.text, p.heading or "正文", p.at)


def prose_texts(doc: Document) -> Iterator[Text]:
    """Every paragraph of the document: :func:`texts`, the statements of its parts, a budget's sections."""
    yield from texts(doc)
    for body in doc.all_bodies():
        if isinstance(body, Statement) and body is not doc.statement:
            yield from (_paragraph_text(p) for p in body.paragraphs)
    if doc.budget is not None:
        for section in doc.budget.sections:
            yield from section_texts(section, section.heading or section.part or "说明")


def excerpt(text: str, start: int, end: int, margin: int = 8) -> str:
    return text[max(0, start - margin) : min(len(text), end + margin)].replace("\n", "")


# -- amounts declared wholly paid -----------------------------------------------------------------------

NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
MONEY = r"\s*(万元|亿元|元)"
FAMILIES = {
    "拨付": "拨付",
    "下达": "拨付",
    "拨款": "拨付",
    "到位": "到位",
    "支出": "支出",
    "使用": "支出",
    "支付": "支出",
}
VERB = "|".join(FAMILIES)
# 2179万元目前已全部拨付 / 资金2179万元已全额拨付到位 / 已全部支出 (the amount before, in the same clause)
WHOLLY = re.compile(NUM + MONEY + r"[^，,。；;\d]{0,16}?(?:全部|全额|足额)(?:拨付|下达|拨款)?(" + VERB + r")")
# 已完成拨付2113.63万元 / 实际到位资金334.67万元 / 已支出1,200万元 (not 全部: that is the other side)
PAID = re.compile(r"(?<!全部)(?<!全额)(?<!足额)(" + VERB + r")(?:了|资金|金额|额|数)?(?:为|达|共|计)?\s*" + NUM + MONEY)
NOT_PAID = re.compile(r"计划|预计|将|需|应|尚未|未|待|拟|预算|安排")


@dataclass(frozen=True, slots=True)
class Amount:
    value: Decimal  # in 万元
    raw: str
    family: str
    text: Text
    start: int
    sentence: str = ""


def _wan(raw: str, unit: str) -> Decimal | None:
    try:
        value = Decimal(raw.replace(",", ""))
    except InvalidOperation:
        return None
    return value / 10000 if unit == "元" else value * 10000 if unit == "亿元" else value


def _sentence(text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(c, 0, pos) for c in "。；;\n") + 1
    ends = [i for i in (text.find(c, pos) for c in "。；;\n") if i >= 0]
    return start, (min(ends) if ends else len(text))


@check("amount-wholly-paid-contradicts")
def check_wholly_paid(doc: Document) -> Iterator[Finding]:
    all_texts = list(prose_texts(doc))
    wholes: list[Amount] = []
    for t in all_texts:
        for m in WHOLLY.finditer(t.text):
            value = _wan(m.group(1), m.group(2))
            if value:
                a, b = _sentence(t.text, m.start())
                wholes.append(Amount(value, m.group(1) + m.group(2), FAMILIES[m.group(3)], t, m.start(), t.text[a:b]))
    if not wholes:
        return
    seen: set[tuple[Decimal, Decimal]] = set()
    for t in all_texts:
        for m in PAID.finditer(t.text):
            start, end = _sentence(t.text, m.start())
            clause = t.text[max(start, m.start() - 12) : m.start()]
            paid = _wan(m.group(2), m.group(3))
            if paid is None or NOT_PAID.search(clause):
                continue
            sentence = t.text[start:end]
            for whole in wholes:
                if FAMILIES[m.group(1)] != whole.family or not paid < whole.value:
                    continue
                named = [_wan(n.group(1), n.group(2)) for n in re.finditer(NUM + MONEY, sentence)]
                if whole.value not in named or (whole.value, paid) in seen:
                    continue  # the sentence must name the same whole amount: the same money
                if _dates(sentence) and _dates(whole.sentence) and _dates(sentence) != _dates(whole.sentence):
                    continue  # two different dates: paid in part then, in full now
                seen.add((whole.value, paid))
                said = excerpt(whole.text.text, whole.start, whole.start + len(whole.raw), 12)
                yield make_finding(
                    "amount-wholly-paid-contradicts",
                    whole.text.locate(whole.start),
                    subject=whole.raw,
                    text=said,
                    other=excerpt(t.text, m.start(), m.end(), 12),
                    line=_line(t.locate(m.start())),
                    expected=whole.raw,
                    actual=m.group(2) + m.group(3),
                )


DATE = re.compile(
    r"(?:(?:19|20)\d{2}\s*年)?\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|年底|年末|上半年|\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月"
)


def _dates(sentence: str) -> frozenset[str]:
    return frozenset(re.sub(r"\s+", "", d) for d in DATE.findall(sentence))


def _line(src: Source) -> str:
    return f"第{src.line}行" if src.line is not None else "另一处"


# -- a direction word and its reason --------------------------------------------------------------------

CHANGE = re.compile(
    r"(?:比|较|与)[^。；;，,]{0,20}?(增加|增长|上升|提高|减少|下降|降低)[^。；;，,]{0,24}?(?=[。；;，,])"
)
REASON = re.compile(
    r"[。；;，,]?\s*(?:其中)?\s*(?:[，,]\s*)?(?:主要)?原因(?:主要)?(?:是|为|在于)\s*[:：]?\s*([^。；;\n]{2,60})"
)
MOVES = re.compile(r"增加|增长|上升|提高|增多|扩大|减少|下降|降低|减少了|压减|缩减|调减|调增|新增|取消|结束|完成|到期")
BASE_PERIOD = re.compile(r"上年|去年|上一年|同期|(?:19|20)\d{2}\s*年")
UP_WORDS = ("增加", "增长", "上升", "提高", "增多", "扩大", "调增", "新增")
MONEY_MOVES = re.compile(r"(?:经费|支出|资金|预算|安排|费用|拨款)(增加|增长|上升|提高|增多|减少|下降|降低)")


@check("reason-contradicts-direction")
def check_reason_direction(doc: Document) -> Iterator[Finding]:
    for t in prose_texts(doc):
        for m in CHANGE.finditer(t.text):
            reason = REASON.match(t.text, m.end())
            if reason is None:
                continue
            words = MOVES.findall(reason.group(1))
            money = list(MONEY_MOVES.finditer(reason.group(1)))
            if len(words) != 1 or len(money) != 1 or BASE_PERIOD.search(reason.group(1)):
                continue  # several movements (人员减少、项目增加), or last year's own movement: not judged
            head = reason.group(1)[: money[0].start()].strip(" ：:")
            if head and head not in t.text[: m.start()]:
                continue  # the money of something else (自有资金增加 → 财政拨款减少) may well move the other way
            stated_up = m.group(1) in UP_WORDS
            reason_up = money[0].group(1) in UP_WORDS
            if stated_up != reason_up:
                yield make_finding(
                    "reason-contradicts-direction",
                    t.locate(m.start(1)),
                    subject=t.where,
                    text=excerpt(t.text, m.start(1), reason.end(), 10),
                    word=m.group(1),
                    reason=reason.group(1).strip(),
                    expected=m.group(1),
                    actual=money[0].group(1),
                )


# -- a doubled function character ----------------------------------------------------------------------

FUNCTION_CHARS = "是的了在和与及或对从向被把将为也都就而但并且所"
DOUBLED_CHAR = re.compile(f"([{FUNCTION_CHARS}])\\1")
WINDOW = 24  # characters of context either side that the segmentation sees


@lru_cache(maxsize=4096)
def _segment(sentence: str) -> tuple[str, ...]:
    """The words of a sentence (jieba's dictionary, loaded the first time it is needed)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.ERROR)
    return tuple(jieba.lcut(sentence, HMM=False))


def doubled_function_chars(text: str) -> Iterator[tuple[int, str]]:
    """(offset, character) of each function character printed twice as two words of its own."""
    for m in DOUBLED_CHAR.finditer(text):
        # the sentence around the pair, within a bounded window (no work growing with the text's length)
        low, high = max(0, m.start() - WINDOW), min(len(text), m.end() + WINDOW)
        start, end = _sentence(text[low:high], m.start() - low)
        start, end = low + start, low + end
        words = _segment(text[start:end])
        pos = start
        for k, w in enumerate(words):
            if pos == m.start() and w == m.group(1) and k + 1 < len(words) and words[k + 1] == m.group(1):
                yield m.start(), m.group(1)
                break
            pos += len(w)


@check("character-doubled")
def check_doubled_characters(doc: Document) -> Iterator[Finding]:
    for t in prose_texts(doc):
        for offset, char in doubled_function_chars(t.text):
            src = t.locate(offset)
            yield make_finding(
                "character-doubled",
                src,
                subject=t.where,
                where=f"{t.where}{_line(src) if src.line else ''}",
                text=excerpt(t.text, offset, offset + 2, 6),
                word=char,
                actual=char * 2,
                expected=char,
            )


# -- one paragraph comparing with two different bases ---------------------------------------------------

BASIS = re.compile(
    r"(?:比|较|与)\s*((?:19|20)\d{2})\s*年(?:度)?(?:当年)?(预算执行数|预算执行|执行数|决算数|决算|预算数|预算)"
)


@check("comparison-basis-mixed")
def check_comparison_basis(doc: Document) -> Iterator[Finding]:
    """A paragraph that compares this year's figures with last year's budget in one place and with
    last year's execution (执行数, 决算) in another: the changes it prints are not comparable with
    each other. Info: each change may be right against its own basis; the reader is told which
    differ (a template asks for one basis throughout a paragraph)."""
    for t in prose_texts(doc):
        bases: dict[str, dict[str, tuple[int, str]]] = {}
        for m in BASIS.finditer(t.text):
            kind = "执行数" if re.search(r"执行|决算", m.group(2)) else "预算"
            bases.setdefault(m.group(1), {}).setdefault(kind, (m.start(), m.group(0)))
        for year, found in bases.items():
            if len(found) == 2:
                yield make_finding(
                    "comparison-basis-mixed",
                    t.locate(min(at for at, _ in found.values())),
                    subject=t.where,
                    where=t.where,
                    year=year,
                    text=found["执行数"][1],
                    other=found["预算"][1],
                )
