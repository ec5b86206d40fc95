"""Prose parts of a 部门决算: sections, the numbers they state, and named facts.

Approach
--------
1. **Sections** (:func:`read_prose`). Each line is cleaned (``ctx.clean``: LaTeX fragments,
   page numbers) and classified: a heading (``第X部分``, ``一、``, ``（一）``/``(一)``,
   ``1.``/``1、``, ``（1）``), a chart caption (``…结构图``, ``…变动情况图（单位：万元）``), or
   prose. Headings open sections nested by level. A numbered line that carries a sentence
   (``1. 一般公共服务支出（类）…（项）。年初预算为…``, ``一、财政拨款收入：指…``) is an
   *item*: its lead phrase is the heading and the whole paragraph is its text. Prose lines
   form paragraphs; a line that ends without closing punctuation is continued by the next
   prose line (the converter breaks paragraphs, sometimes with blank lines between).
   Every non-blank line is placed into exactly one section (heading, text or figure).
2. **Stated numbers**: every number in a section's text, with its unit, its label (the words
   since the previous punctuation mark or number), its position in the text, and the line
   it is printed at; ``Source.column`` is the 1-based character offset of the number in
   the raw line (not a cell index). Years and dates are kept with unit ``日期``;
   ordinals of headings never reach the text, so they are not numbers.
3. **Facts** (:func:`extract_facts`): sections of the 情况说明 are found by their title
   (``收入支出决算总体情况``, ``政府采购支出情况`` …), never by position, and sentence
   patterns written on the template's wording (``完成年初预算的<n>%``) pick numbers out of
   them. A fact carries the stated number's value, unit and line. A known sentence that
   does not match gives ``narrative-fact-unmatched``; a known section that is absent gives
   ``narrative-section-missing``. Values are kept as printed: a decrease stays positive
   and its direction word (减少) is the fact's label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import Line, parse_decimal
from jixiao.model.accounts import Fact, NarrativeSection, StatedNumber

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
class _Segment:
    line: Line
    text: str  # cleaned text that went into the section text
    raw_base: int  # where that text starts in line.raw (for columns)


@dataclass(slots=True)
class _Builder:
    part: str
    heading: str
    title: str
    ordinal: str | None
    level: int
    path: tuple[str, ...]
    first: Line | None
    paragraphs: list[list[_Segment]] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    item: bool = False
    prefix: str = ""  # the ordinal as printed ("1. "), for item headings

    def add_text(self, seg: _Segment) -> None:
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
                current.add_text(_Segment(ln, head.rest, _raw_base(ln.raw, head.rest)))
            continue
        if current is None:
            current = _Builder(part, part, part, None, 0, (part,), ln)
            builders.append(current)
            stack.append(current)
        if _is_figure(text):
            current.figures.append(text)
            current.lines.append(ln.number)
            if current.paragraphs and not _ends_sentence(current.paragraphs[-1][-1].text):
                current.paragraphs.append([])  # a caption ends the paragraph before it
            continue
        current.add_text(_Segment(ln, text, _raw_base(ln.raw, text)))
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


def _join(segments: list[_Segment]) -> tuple[str, list[tuple[int, _Segment]]]:
    out = ""
    placed: list[tuple[int, _Segment]] = []
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
    spans: list[tuple[int, _Segment]] = []
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
    numbers = _stated_numbers(ctx, text, spans)
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


# -- stated numbers ----------------------------------------------------------------------------

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


def _stated_numbers(ctx: ReadContext, text: str, spans: list[tuple[int, _Segment]]) -> list[StatedNumber]:
    out: list[StatedNumber] = []
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


def _segment_at(spans: list[tuple[int, _Segment]], position: int) -> tuple[int, _Segment | None]:
    found: tuple[int, _Segment | None] = (0, None)
    for off, seg in spans:
        if off > position:
            break
        found = (off, seg)
    return found


def _column(seg: _Segment, offset: int, raw_number: str) -> int | None:
    """1-based character offset of the number in the line's raw text."""
    nth = seg.text[: max(offset, 0)].count(raw_number)
    i = seg.raw_base - 1
    for _ in range(nth + 1):
        i = seg.line.raw.find(raw_number, i + 1)
        if i < 0:
            return None
    return i + 1


# -- facts ------------------------------------------------------------------------------------

_SLOT = re.compile(r"<(~?)([\w.]+)(?::([^>]+))?>")
NUM_GROUP = r"\d[\d,]*(?:\.\d+)?"


@lru_cache(maxsize=256)
def _compile(template: str) -> tuple[re.Pattern[str], tuple[tuple[str, str, str], ...]]:
    """``"比全年预算<~change:减少|增加><change>万元"`` → regex and (group, key, kind) slots."""
    slots: list[tuple[str, str, str]] = []
    out = ""
    pos = 0
    for k, m in enumerate(_SLOT.finditer(template)):
        out += template[pos : m.start()]
        group = f"g{k}"
        if m.group(1):
            out += f"(?P<{group}>{m.group(3) or '[^，。；]+?'})"
            slots.append((group, m.group(2), "word"))
        else:
            out += f"(?P<{group}>{NUM_GROUP})"
            slots.append((group, m.group(2), "number"))
        pos = m.end()
    out += template[pos:]
    return re.compile(out), tuple(slots)


@dataclass(slots=True)
class _Facts:
    ctx: ReadContext
    out: list[Fact] = field(default_factory=list)

    def apply(
        self,
        sec: NarrativeSection,
        template: str,
        prefix: str = "",
        *,
        optional: bool = False,
        subject: str | None = None,
        classification: tuple[str, ...] = (),
    ) -> re.Match[str] | None:
        rx, slots = _compile(template)
        m = rx.search(sec.text)
        if m is None:
            if not optional:
                keys = "、".join(prefix + key for _, key, kind in slots if kind == "number") or prefix
                self.unmatched(sec, keys, subject or _readable(template))
            return None
        self.emit(sec, m, slots, prefix, subject, classification)
        return m

    def emit(self, sec, m, slots, prefix, subject, classification) -> None:
        words = {key: (m.group(g), m.start(g)) for g, key, kind in slots if kind == "word"}
        numbered = {key for _, key, kind in slots if kind == "number"}
        for g, key, kind in slots:
            if kind == "number":
                word = words.get(key, (None, 0))[0]
                self.out.append(
                    _fact(self.ctx, sec, prefix + key, m.start(g), m.group(g), word, subject, classification)
                )
            elif key not in numbered:
                word, start = words[key]
                label = m.string[m.start() : start].strip(LABEL_STRIP) or key.rsplit(".", 1)[-1]
                source = _word_source(self.ctx, sec, start, word)
                self.out.append(Fact(prefix + key, None, None, word, source, label, subject, classification, word))

    def unmatched(self, sec: NarrativeSection, fact: str, subject: str) -> None:
        self.ctx.report("narrative-fact-unmatched", sec.source, subject=subject, section=sec.heading, fact=fact)


def _word_source(ctx: ReadContext, sec: NarrativeSection, position: int, word: str):
    """The line (and column of the first occurrence there) of a word at ``position``."""
    line = sec.line_at(position)
    if line is None:
        return sec.source
    source = ctx.source(line)
    raw = ctx.lines[line - 1].raw if 0 < line <= len(ctx.lines) else ""
    column = raw.find(word) + 1 if word else 0
    return source.at(column=column) if column > 0 else source


def _readable(template: str) -> str:
    return _SLOT.sub("…", template).replace("?", "").replace("\\", "")


def _fact(ctx, sec, key, start, raw, word, subject, classification) -> Fact:
    number = next((n for n in sec.numbers if n.position == start), None)
    if number is not None:
        return Fact(
            key, number.value, number.unit, number.raw, number.source, word or number.label, subject, classification
        )
    line = sec.line_at(start)
    source = ctx.source(line) if line else sec.source
    return Fact(key, parse_decimal(raw), None, raw, source, word or "", subject, classification)


# Section title (full match on the heading without ordinal) → sentence templates.
CHANGE = "<~{k}:增加|减少><{k}>万元"
GROWTH = "<~{k}:增长|下降|减少|降低><{k}>%"
SECTION_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"收入支出决算总体情况", (
        "收入?、?支出?总计<totals.income_expenditure>万元",
        CHANGE.format(k="totals.change"),
        GROWTH.format(k="totals.growth_pct"),
    )),
    (r"收入决算情况", ("本年收入合计<income.total>万元",)),
    (r"支出决算情况", ("本年支出合计<expenditure.total>万元",)),
    (r"财政拨款收入支出决算总体情况", (
        "财政拨款收入?、?支出?总计<fiscal.total>万元",
        CHANGE.format(k="fiscal.change"),
        GROWTH.format(k="fiscal.growth_pct"),
    )),
    (r"一般公共预算财政拨款支出决算总体情况", (
        "一般公共预算财政拨款支出<general_budget.total>万元",
        "占本年支出合计的<general_budget.share_of_expenditure>%",
        CHANGE.format(k="general_budget.change"),
        GROWTH.format(k="general_budget.growth_pct"),
    )),
    (r"一般公共预算财政拨款支出决算具体情况", (
        "年初预算为<general_budget.initial_budget>万元",
        "支出决算为<general_budget.actual>万元",
        "完成年初预算的<general_budget.completion_pct>%",
    )),
    (r"一般公共预算财政拨款基本支出决算情况", (
        "基本支出(?:决算)?为?<basic.total>万元",
        "人员经费为?<basic.personnel>万元",
        "公用经费为?<basic.public>万元",
    )),
    (r"“?三公”?经费支出决算总体情况", (
        "全年预算为<three_public.budget>万元",
        "支出决算为<three_public.actual>万元",
        "比全年预算<~three_public.change:减少|增加><three_public.change>万元",
        "完成全年预算的<three_public.completion_pct>%",
    )),
    (r"机关运行经费支出情况", (
        "机关运行经费支出为?<admin_costs.total>万元",
        "比(?:上年|\\d{4}年度?)(?:决算数?)?<~admin_costs.change:减少|增加><admin_costs.change>万元",
        "，<~admin_costs.change_pct:减少|增加|增长|下降|降低><admin_costs.change_pct>%",
    )),
    (r"政府采购支出情况", (
        "政府采购(?:支出总额|金额(?:[（(]以合同签订为准[）)])?为)<procurement.total>万元",
        "货物(?:支出|采购金额)<procurement.goods>万元",
        "工程(?:支出|采购金额)<procurement.works>万元",
        "服务(?:支出|采购金额)<procurement.services>万元",
        ("授予", "授予中小企业合同金额<procurement.sme>万元，占政府采购支出总额的<procurement.sme.share>%"),
        ("授予",
         "授予小微企业合同金额<procurement.small_micro>万元，占政府采购支出总额的<procurement.small_micro.share>%"),
        ("授予", "货物采购授予中小企业合同金额占货物支出金额的<procurement.goods.sme_share>%"),
        ("授予", "工程采购授予中小企业合同金额占工程支出金额的<procurement.works.sme_share>%"),
        ("授予", "服务采购授予中小企业合同金额占服务支出金额的<procurement.services.sme_share>%"),
        ("预留", "面向中小企业预留政府采购项目预算金额<procurement.sme_reserved>万元"),
        ("预留", "面向小微企业预留政府采购项目预算金额<procurement.small_micro_reserved>万元"),
    )),
    (r"国有资产占(?:有使)?用情况", (
        "共有车辆<assets.vehicles>辆",
        "以上设备[^；。]*?<assets.equipment_over_1m>台[（(]套[）)]",
    )),
    (r"预算绩效管理工作开展情况", (
        "涵盖项目<performance.self_eval.projects>个",
        "涉及预算资金<performance.self_eval.funds>万元",
        "占部门预算项目支出总额的<performance.self_eval.share>%",
        "等<performance.dept_eval.projects>个项目开展了部门评价，涉及预算资金<performance.dept_eval.funds>万元",
    )),
    (r"预算绩效管理情况", (  # Shanghai's template: one paragraph on targets, monitoring and self-evaluation
        "编报绩效目标的\\d{4}年度项目<performance.targets.projects>个，涉及预算金额<performance.targets.funds>万元",
        "绩效跟踪评价的\\d{4}年度项目<performance.monitoring.projects>个，涉及预算金额<performance.monitoring.funds>万元",
        "绩效自评的\\d{4}年度项目<performance.self_eval.projects>个，涉及预算金额<performance.self_eval.funds>万元",
        "平均得分<performance.self_eval.average_score>分",
        "发现问题<performance.self_eval.problems>个",
    )),
    (r"市级预算项目绩效自评结果", (
        "自评的<performance.self_eval.total>个项目中",
        "等<performance.self_eval.forms>个项目的绩效自评表",
    )),
)  # fmt: skip

INCOME_NAMES = {
    "财政拨款收入": "fiscal", "上级补助收入": "superior_grant", "事业收入": "operations",
    "经营收入": "business", "附属单位上缴收入": "affiliates", "其他收入": "other",
}  # fmt: skip
EXPENDITURE_NAMES = {
    "基本支出": "basic", "项目支出": "project", "经营支出": "business",
    "上缴上级支出": "to_superior", "对附属单位补助支出": "to_affiliates",
}  # fmt: skip
VEHICLE_NAMES = {
    "领导干部用车": "leaders", "机要通信用车": "confidential", "应急保障用车": "emergency",
    "执法执勤用车": "law_enforcement", "特种专业技术用车": "special_technical",
    "离退休干部用车": "retirees", "其他用车": "other",
}  # fmt: skip
GRADES = {"优": "excellent", "良": "good", "中": "fair", "差": "poor", "合格": "pass", "不合格": "fail"}
THREE_PUBLIC_ITEMS = (("出国", "abroad"), ("公务用车", "vehicles"), ("接待", "reception"))
THREE_PUBLIC_COMMON = (
    "全年预算为<budget>万元",
    "支出决算为<actual>万元",
    "比全年预算<~change:减少|增加><change>万元",
    "完成全年预算的<completion_pct>%",
)
THREE_PUBLIC_EXTRA = {
    "abroad": ("团组<groups>个", "累计<person_times>人次"),
    "vehicles": (
        "购置费支出<purchase>万元",
        "购置公务用车<purchased>辆",
        "运行维护费支出<operation>万元",
        "保有量为?<held>辆",
    ),
    "reception": (
        "国内接待费支出<domestic>万元",
        "国内接待费支出[^；]*?接待<domestic_batches>批次、<domestic_person_times>人次",
        "外事接待<foreign_affairs_batches>批次、<foreign_affairs_person_times>人次",
        "国（境）外接待费支出<abroad>万元",
        "国（境）外接待费支出[^；。]*?接待<abroad_batches>批次、<abroad_person_times>人次",
    ),
}
ITEM_NAME = re.compile(r"^(.+?)[（(]类[）)](.+?)[（(]款[）)](.+?)[（(]项[）)]$")
REQUIRED_SECTIONS = (
    "收入支出决算总体情况", "收入决算情况", "支出决算情况", "财政拨款收入支出决算总体情况",
    "一般公共预算财政拨款支出决算总体情况", "一般公共预算财政拨款支出决算结构情况",
    "一般公共预算财政拨款支出决算具体情况", "一般公共预算财政拨款基本支出决算情况",
    "“三公”经费支出决算总体情况", "“三公”经费支出决算具体情况",
)  # fmt: skip


def extract_facts(ctx: ReadContext, sections: list[NarrativeSection]) -> list[Fact]:
    """Named facts from the 情况说明 sections, found by title and template wording."""
    explained = [s for s in sections if "说明" in s.part and "目录" not in s.part]
    if not explained:
        return []
    facts = _Facts(ctx)
    for title_rx, templates in SECTION_RULES:
        sec = _find(explained, title_rx)
        if sec is None:
            if _plain(title_rx) in REQUIRED_SECTIONS:
                ctx.report("narrative-section-missing", explained[0].source, subject=_plain(title_rx))
            continue
        if _states_none(sec):
            continue  # "本年度无“三公”经费财政拨款支出": the section has no numbers to read
        for template in templates:
            if isinstance(template, tuple):  # (marker word, template): a wording that uses that word
                marker, template = template
                if marker not in sec.text:
                    continue
            facts.apply(sec, template)
    _shares(facts, _find(explained, r"收入决算情况"), "income", "收入", INCOME_NAMES)
    _shares(facts, _find(explained, r"支出决算情况"), "expenditure", "支出", EXPENDITURE_NAMES)
    _classes(facts, _find(explained, r"一般公共预算财政拨款支出决算结构情况"))
    _budget_items(facts, explained, _find(explained, r"一般公共预算财政拨款支出决算具体情况"))
    _three_public_items(facts, explained, _find(explained, r"“?三公”?经费支出决算具体情况"))
    _performance_grades(facts, _find(explained, r"预算绩效管理情况"))
    _vehicles(facts, _find(explained, r"国有资产占(?:有使)?用情况"))
    _self_evaluations(facts, explained, _find(explained, r"市级预算项目绩效自评结果"))
    _evaluated_project(facts, _find(explained, r"部门评价结果"), "performance.department_evaluation")
    _evaluated_project(facts, _find(explained, r"财政评价结果"), "performance.finance_evaluation")
    return facts.out


def _plain(title_rx: str) -> str:
    return title_rx.replace("?", "")


def _find(sections: list[NarrativeSection], title_rx: str) -> NarrativeSection | None:
    """The first section whose title is ``title_rx``; Shanghai's template adds ``说明`` to the
    titles (``收入支出决算总体情况说明``) and has one 三公 section without 总体/具体."""
    rx = re.compile(title_rx)
    found = next((s for s in sections if _title_matches(rx, s.title.strip())), None)
    if found is None and title_rx in THREE_PUBLIC_WHOLE:
        rx = re.compile(r"(?:财政拨款)?“?三公”?经费支出决算情况")
        found = next((s for s in sections if _title_matches(rx, s.title.strip())), None)
    return found


def _title_matches(rx: re.Pattern[str], title: str) -> bool:
    return bool(rx.fullmatch(title) or (title.endswith("说明") and rx.fullmatch(title[:-2])))


THREE_PUBLIC_WHOLE = (r"“?三公”?经费支出决算总体情况", r"“?三公”?经费支出决算具体情况")
NONE_STATED = re.compile(r"(?:无|没有)[^。，；\d]{0,30}(?:支出|收入)。?$")


def _states_none(sec: NarrativeSection) -> bool:
    """A section whose whole text says there was none (``…2024年度无“三公”经费财政拨款支出。``)."""
    text = sec.text.strip()
    return len(text) <= 80 and bool(NONE_STATED.search(text))


def _children(sections: list[NarrativeSection], parent: NarrativeSection) -> list[NarrativeSection]:
    n = len(parent.path)
    return [s for s in sections if len(s.path) > n and s.path[:n] == parent.path and s.part == parent.part]


def _shares(facts: _Facts, sec: NarrativeSection | None, prefix: str, suffix: str, names: dict[str, str]) -> None:
    """``财政拨款收入91,455.09万元，占95.23%`` → income.fiscal, income.fiscal.share."""
    if sec is None:
        return
    rx, _ = _compile(f"<~name:[^，；：。、]+?{suffix}><amount>万元，占<share>%")
    found = False
    for m in rx.finditer(sec.text):
        name = m.group("g0")
        slug = names.get(name, name)
        found = True
        facts.out.append(_fact(facts.ctx, sec, f"{prefix}.{slug}", m.start("g1"), m.group("g1"), None, name, ()))
        facts.out.append(_fact(facts.ctx, sec, f"{prefix}.{slug}.share", m.start("g2"), m.group("g2"), None, name, ()))
    if not found:
        facts.unmatched(sec, f"{prefix}.*", f"……{suffix}…万元，占…%")


def _classes(facts: _Facts, sec: NarrativeSection | None) -> None:
    """``一般公共服务（类）支出380.16万元，占0.42%`` → general_budget.class.1.amount / .share."""
    if sec is None:
        return
    rx, _ = _compile("<~name:[^，；：。、]+?>[（(]类[）)](?:支出)? ?<amount> ?万元，占<share>%")
    found = 0
    for m in rx.finditer(sec.text):
        found += 1
        name = m.group("g0")
        key = f"general_budget.class.{found}"
        facts.out.append(_fact(facts.ctx, sec, f"{key}.amount", m.start("g1"), m.group("g1"), None, name, ()))
        facts.out.append(_fact(facts.ctx, sec, f"{key}.share", m.start("g2"), m.group("g2"), None, name, ()))
    if not found:
        facts.unmatched(sec, "general_budget.class.*", "……（类）支出…万元，占…%")


def _budget_items(facts: _Facts, sections: list[NarrativeSection], sec: NarrativeSection | None) -> None:
    """Each ``N. 类（类）款（款）项（项）。年初预算为…`` paragraph."""
    if sec is None:
        return
    for item in _children(sections, sec):
        if not (item.ordinal or "").isdigit():
            continue
        m = ITEM_NAME.match(item.title)
        classification = tuple(g.strip() for g in m.groups()) if m else ()
        prefix = f"general_budget.item.{item.ordinal}."
        kw = {"subject": item.title, "classification": classification}
        if "年初预算" not in item.text and "全年预算为" in item.text:  # Shanghai: the full-year budget only
            facts.apply(item, "全年预算为<full_year_budget>万元", prefix, **kw)
            facts.apply(item, "支出决算为<actual>万元", prefix, **kw)
            facts.apply(item, "完成全年预算数?的<completion_pct>%", prefix, optional=True, **kw)
            continue
        facts.apply(item, "年初预算为<initial>万元", prefix, **kw)
        facts.apply(item, "支出决算为<actual>万元", prefix, **kw)
        facts.apply(item, "完成年初预算的<completion_pct>%", prefix, optional=True, **kw)


def _three_public_items(facts: _Facts, sections: list[NarrativeSection], sec: NarrativeSection | None) -> None:
    if sec is None or _states_none(sec):
        return
    seen = set()
    for item in _children(sections, sec):
        slug = next((s for word, s in THREE_PUBLIC_ITEMS if word in item.title), None)
        if slug is None or slug in seen:
            continue
        seen.add(slug)
        prefix = f"three_public.{slug}."
        for template in (*THREE_PUBLIC_COMMON, *THREE_PUBLIC_EXTRA[slug]):
            facts.apply(item, template, prefix, subject=item.title)
    for word, slug in THREE_PUBLIC_ITEMS:
        if slug not in seen:
            facts.unmatched(sec, f"three_public.{slug}.*", word)


def _vehicles(facts: _Facts, sec: NarrativeSection | None) -> None:
    """``机要通信用车6辆`` … → assets.vehicles.confidential …"""
    if sec is None:
        return
    rx, _ = _compile("<~name:[^，、；：。]+?用车><count>辆")
    found = False
    for m in rx.finditer(sec.text):
        name = m.group("g0")
        slug = next((s for word, s in VEHICLE_NAMES.items() if name.endswith(word)), name)
        found = True
        facts.out.append(_fact(facts.ctx, sec, f"assets.vehicles.{slug}", m.start("g1"), m.group("g1"), None, name, ()))
    if not found:
        facts.unmatched(sec, "assets.vehicles.*", "……用车…辆")


def _self_evaluations(facts: _Facts, sections: list[NarrativeSection], sec: NarrativeSection | None) -> None:
    """Grade counts and the per-project summaries (``N. X项目绩效自评综述：…``)."""
    if sec is None:
        return
    rx, _ = _compile("<count>个项目自评等级为<~grade:优|良|中|差|合格|不合格>")
    found = False
    for m in rx.finditer(sec.text):
        grade = m.group("g1")
        found = True
        key = f"performance.grade.{GRADES.get(grade, grade)}"
        facts.out.append(_fact(facts.ctx, sec, key, m.start("g0"), m.group("g0"), grade, None, ()))
    if not found:
        facts.unmatched(sec, "performance.grade.*", "…个项目自评等级为…")
    listed = _listed_projects(sec.text)
    for item in _children(sections, sec):
        if not (item.ordinal or "").isdigit() or "自评综述" not in item.title:
            continue
        name = _project_name(item.title, listed)
        prefix = f"performance.project.{item.ordinal}."
        facts.apply(item, "自评得分为“?<score>”?分", prefix, subject=name)
        facts.apply(item, "预算数?为<budget>万元", prefix, subject=name)
        facts.apply(item, "执行数为<executed>万元", prefix, subject=name)
        facts.apply(item, "完成预算的<execution_pct>%", prefix, subject=name)


def _performance_grades(facts: _Facts, sec: NarrativeSection | None) -> None:
    """Shanghai's wording: ``绩效评级为“优”的项目1个`` → performance.grade.excellent = 1."""
    if sec is None:
        return
    rx, _ = _compile("绩效评级为“<~grade:优|良|中|差|合格|不合格>”的项目<count>个")
    for m in rx.finditer(sec.text):
        grade = m.group("g0")
        key = f"performance.grade.{GRADES.get(grade, grade)}"
        facts.out.append(_fact(facts.ctx, sec, key, m.start("g1"), m.group("g1"), grade, None, ()))


def _listed_projects(text: str) -> set[str]:
    m = re.search(r"“([^”]+)”等\d+个项目的绩效自评表", text)
    return {p.strip() for p in re.split(r"[、，,]", m.group(1))} if m else set()


def _project_name(title: str, listed: set[str]) -> str:
    """``X项目绩效自评综述`` → X; the list of published forms settles whether 项目 is part
    of the name (``市司法局指挥中心建设项目``) or the template's connector."""
    name = re.sub(r"绩效自评综述$", "", title).strip()
    short = re.sub(r"项目$", "", name).strip()
    if name in listed or not short:
        return name
    return short


def _evaluated_project(facts: _Facts, sec: NarrativeSection | None, prefix: str) -> None:
    """The project an evaluation result names (``“法律援助及12348业务费”项目``), its score
    and grade."""
    if sec is None:
        return
    m = re.search(r"“([^”]+)”项目", sec.text)
    name = None
    if m:
        name = m.group(1)
        source = _word_source(facts.ctx, sec, m.start(1), name)
        facts.out.append(Fact(f"{prefix}.project", None, None, name, source, "项目", name, (), name))
    else:
        facts.unmatched(sec, f"{prefix}.project", "“…”项目")
    facts.apply(sec, "得分为“?<score>”?分", f"{prefix}.", subject=name)
    facts.apply(sec, "等级为“?<~grade:优|良|中|差|合格|不合格>", f"{prefix}.", subject=name)
