"""Reading a statement in prose: the numbers its sentences state, each with what it is.

The text is read as one stream of paragraphs: the lines of a hard-wrapped paragraph (a PDF
rendered to HTML breaks lines mid-word: ``1.5万`` / ``元``) are joined, a line that ends a
sentence or a heading starts a new paragraph. Matching runs on the normalised stream
(:mod:`jixiao.ingest.hanzi`: Simplified characters, no pinyin residue, ASCII signs); every
figure keeps its raw text and the line and column where it is printed.

Each sentence is read left to right as a sequence of tokens:

- an **item** of the “三公”经费 (因公出国（境）费, 公务用车购置及运行维护费 and its two parts,
  公务接待费, and 会议费 / 培训费 where a statement lists them alongside) or the “三公”经费
  themselves (their total, subject ``合计``); a figure belongs to the last subject named;
- a **year** (``2016年``, ``2021年度``), which the following figures belong to, unless it
  follows 比/较 (``较2021年度增加``: the year compared with);
- a **direction** (增加 / 增长 / 上升 / 减少 / 下降 / 降低 / 持平 / 无增减变化): the next number
  is a change (money) or a change in percent; what it is measured against (上年 or 预算) is
  read from the words between the subject and the direction;
- 占 (a share follows), 执行率 / 完成率 (an execution rate follows);
- a **number** with its unit (万元, 元, 亿元, 万, %, 辆, 批次, 人次 …), or without one;
- a **blank**: a slot word followed by its unit with no number (“占 %”, “减少 万元”), or a
  reason announced and not given (“主要原因是。”).

Dates, ordinals (``1、`` ``(1)``), document numbers (``〔2018〕130号``) and identifiers are
not figures. A change stated against 上年 belongs to the latest year the sentence names for
its subject (“2016年预算8万元，2015年预算12.5万元；对比减少4.35万元” is 2016's change).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from jixiao import numbers
from jixiao.ingest.context import ReadContext
from jixiao.ingest.hanzi import normalise
from jixiao.ingest.text import Line, parse_decimal
from jixiao.model.source import Source
from jixiao.model.statement import (
    AMOUNT,
    BLANK,
    BUDGET,
    CHANGE,
    CHANGE_PERCENT,
    COUNT,
    DOWN,
    FLAT,
    LAST_YEAR,
    MEETINGS,
    MONEY_UNITS,
    NUMBER,
    OVERSEAS,
    PERCENT,
    RATE,
    RECEPTION,
    SHARE,
    TOTAL,
    TRAINING,
    UP,
    VEHICLE,
    VEHICLE_PURCHASE,
    VEHICLE_RUNNING,
    VEHICLES,
    Paragraph,
    StatedFigure,
    Statement,
)

# -- the items of the “三公”经费, as their names are printed (after normalisation) --------------------
ITEMS: tuple[tuple[str, str], ...] = (  # (pattern, subject); tried in this order at each position
    (r"(?:公务用车|公务车辆|车辆)?购置(?:费)?(?:及|和|与)运行(?:维护|维修)?(?:费用|费|支出)?", VEHICLES),
    (r"(?:因公)?出国(?:\(境\))?(?:经费|费用|费)?", OVERSEAS),
    (r"(?:公务用车|公务车辆|车辆)购置(?:费用|费|支出)?", VEHICLE_PURCHASE),
    (r"(?:公务用车|公务车辆|公务车|车辆)运行(?:维护|维修)?(?:费用|费|支出)?", VEHICLE_RUNNING),
    (r"公务接待(?:费用|费|支出)?|接待费", RECEPTION),
    (r"公务用车", VEHICLE),
    (r"会议费", MEETINGS),
    (r"培训费", TRAINING),
    (r"[“\"']?三公[”\"']?(?:经费)?", TOTAL),
)

_COUNT_UNITS = "个百分点|百分点|批次|人次|团组|辆|台|个|人|户|公里|千米|次|批|项|名|套|家|所|处|平方米|㎡|天|件|份"
_TOKEN = re.compile(
    r"(?P<skip>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?|\d+\s*[-~至到]\s*\d+\s*月|\[\d{4}\]\d*号?"
    r"|[A-Za-z/_][A-Za-z0-9./_-]*\d[A-Za-z0-9./_-]*|—\s*\d+\s*—|第\s*\d+|\(\d{1,2}\)|(?:^|(?<=[\s:;,。]))\d{1,2}(?:、|\.(?!\d)))"
    r"|(?P<year>(?:\d{4}|20xx)\s*年(?:度)?)"
    r"|(?P<date>\d{1,2}\s*(?:月|日|号)(?:\d{1,2}\s*日)?)"
    r"|(?P<blank>(?:占比?|减少|增加|增长|下降|降低|上升)\s*(?:为)?\s*(?:万元|亿元|元|%))"
    r"|(?P<noreason>原因(?:主要)?(?:是|为)?\s*[:]?\s*(?=[。;]))"
    r"|(?P<dir>增加|增长|上升|上涨|提高|增幅|涨幅|减少|下降|降低|减幅|降幅|持平|无增减变化|无增减|无变化|没有变化)"
    r"|(?P<share>占(?:比|比例)?)"
    r"|(?P<rate>执行率|完成率|执行进度|支出进度)"
    rf"|(?P<num>(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)\s*(?P<unit>万元|亿元|元|万|%|{_COUNT_UNITS})?"
    r"|(?P<item>" + "|".join(f"(?:{p})" for p, _ in ITEMS) + ")"
    r"|(?P<open>\()|(?P<close>\))"
)
_ITEM_RES = tuple((re.compile(p), s) for p, s in ITEMS)
_UP_WORDS = ("增加", "增长", "上升", "上涨", "提高", "增幅", "涨幅")
_FLAT_WORDS = ("持平", "无增减变化", "无增减", "无变化", "没有变化")
_BASIS_BEFORE = re.compile(r"(?:比|较|与|和|对比|相比|相较于?|于|含)\s*$")
_LAST_YEAR_WORDS = re.compile(r"上年|去年|上一年|同期|同比|\d{4}\s*年|20xx")
_FINAL = re.compile(r"决算|实际|执行")
_NOT_EDITION = re.compile(r"(?:一般)?公共预算|预算(?:单位|部门|法|绩效|管理)|预决算")
_HEADING = re.compile(
    r"^\s*(?:第?[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[、.](?!\d)|\(\d{1,2}\))"
)
_SENTENCE_END = "。!?:"
_SUBJECT_STOP = re.compile(r"预算|年初|计划|共|合计|总计|为|执行|实际|已|截止|截至|全年|本年|\d")


@dataclass(frozen=True, slots=True)
class _Stream:
    """The body as one string of paragraphs (``\\n`` between them), normalised, with the
    raw text and, for every character, its line and column."""

    text: str  # normalised
    raw: str
    origin: tuple[int, ...]  # normalised index → raw index
    where: tuple[tuple[int, int], ...]  # raw index → (line, column)


def _stream(lines: list[Line]) -> _Stream:
    """Join the lines of hard-wrapped paragraphs (a text whose lines are short and of about
    the same length: a line as long as the others that does not end a sentence goes on in
    the next line); in any other text every line is a paragraph of its own."""
    raw_parts: list[str] = []
    where: list[tuple[int, int]] = []
    widths = sorted(len(ln.raw.strip()) for ln in lines if not ln.blank)
    median = widths[len(widths) // 2] if widths else 0
    wrapped = 0 < median <= 60
    prev_end = True
    for ln in lines:
        text = ln.raw.rstrip()
        stripped = text.lstrip()
        if not stripped:
            if not prev_end:
                raw_parts.append("\n")
                where.append((ln.number, 1))
            prev_end = True
            continue
        lead = len(text) - len(stripped)
        if where and (prev_end or _HEADING.match(normalise(stripped).text)) and raw_parts[-1] != "\n":
            raw_parts.append("\n")
            where.append((ln.number, 1))
        raw_parts.append(stripped)
        where.extend((ln.number, lead + k + 1) for k in range(len(stripped)))
        tail = normalise(stripped[-1]).text
        prev_end = not wrapped or tail in _SENTENCE_END or len(stripped) < 0.8 * median
    raw = "".join(raw_parts)
    norm = normalise(raw)
    return _Stream(norm.text, raw, norm.origin, tuple(where))


def read_statement(ctx: ReadContext, kind: str) -> Statement:
    """Read the lines of ``ctx`` as a statement of ``kind``; every line is placed (its figures
    are in the model, its words in a paragraph)."""
    body = ctx.lines  # (a web capture's metadata lines come blanked by the text reader)
    stream = _stream(body)
    paragraphs, spans = _paragraphs(ctx, stream)
    title, year, department = _title(paragraphs)
    figures = _figures(ctx, stream, spans, paragraphs, year)
    ctx.place(ln for ln in body if not ln.blank)
    editions = {f.edition for f in figures if f.what == AMOUNT and f.edition}
    if title and (title_edition := _edition(normalise(title).text)):
        editions.add(title_edition)
    edition = editions.pop() if len(editions) == 1 else ("mixed" if editions else None)
    return Statement(kind, title, year, department, edition, tuple(paragraphs), tuple(figures), ctx.source(1))


def _source(ctx: ReadContext, stream: _Stream, index: int) -> Source:
    line, column = stream.where[stream.origin[min(index, len(stream.origin) - 1)]]
    return ctx.source(line, column=column)


def _paragraphs(ctx: ReadContext, stream: _Stream) -> tuple[list[Paragraph], list[tuple[int, int, str | None]]]:
    """The paragraphs as printed, and for each its span in the normalised stream and heading."""
    out: list[Paragraph] = []
    spans: list[tuple[int, int, str | None]] = []
    heading: str | None = None
    start = 0
    for piece in stream.text.split("\n"):
        end = start + len(piece)
        if piece.strip():
            first, last = stream.origin[start], stream.origin[end - 1] + 1
            raw = stream.raw[first:last]
            lines = [stream.where[k][0] for k in range(first, last)]
            starts = tuple(k for k in range(1, len(lines)) if lines[k] != lines[k - 1])
            is_heading = bool(_HEADING.match(piece)) and len(piece) <= 40 and "。" not in piece
            out.append(Paragraph(heading, raw, _source(ctx, stream, start), starts))
            spans.append((start, end, heading))
            if is_heading:
                heading = raw
        start = end + 1
    return out, spans


_TITLE_WORDS = re.compile(r"说明|报告")
_YEAR = re.compile(r"(\d{4})\s*年")
_KIND_TAIL = re.compile(
    r"[“\"]?三公.*$|(?:项目支出|部门整体|财政)?.{0,12}?绩效.*$|部门(?:预算|决算).*$|(?:用)?一般公共预算.*$"
)


def _title(paragraphs: list[Paragraph]) -> tuple[str | None, int | None, str | None]:
    """The title (a short first paragraph that says what it is), the year, the body named."""
    title = None
    for p in paragraphs[:8]:
        norm = normalise(p.text).text
        if (
            len(norm) <= 60
            and "。" not in norm
            and _TITLE_WORDS.search(norm)
            and not _HEADING.match(norm)
            and ">" not in norm
        ):
            title = p.text
            break
    year = None
    for text in ([title] if title else []) + [p.text for p in paragraphs]:
        m = _YEAR.search(normalise(text).text)
        if m:
            year = int(m.group(1))
            break
    body = None
    if title:
        rest = re.sub(r"(?:\d{4}|20xx)\s*年(?:度)?", "", normalise(title).text)
        rest = _KIND_TAIL.sub("", rest).strip(" :")
        body = rest if len(rest) >= 2 else None
    return title, year, body


@dataclass(slots=True)
class _State:
    subject: str | None = None
    year: int | None = None
    pending: tuple[str, int] | None = None  # ("dir"|"share"|"rate", end index) awaiting a number
    direction: str | None = None
    against: str | None = None
    boundary: int = 0  # end of the last subject or figure: where the words of the next one begin
    flat: tuple[str | None, str | None] | None = None  # the (subject, against) just stated 持平
    hint: str | None = None  # the edition the heading above says (“…决算情况”)
    saved: list[tuple[str | None, int]] = field(default_factory=list)  # subjects outside open parentheses
    stated: int = 0  # figures stated so far in the sentence


def _figures(
    ctx: ReadContext,
    stream: _Stream,
    spans: list[tuple[int, int, str | None]],
    paragraphs: list[Paragraph],
    year: int | None,
) -> list[StatedFigure]:
    figures: list[StatedFigure] = []
    state = _State(year=year)
    text = stream.text
    for start, end, heading in spans:
        state.hint = _edition(normalise(heading).text) if heading else None
        sentence_start = start
        for k in range(start, end + 1):
            if k == end or text[k] == "。":
                if k > sentence_start:
                    found = list(_sentence(ctx, stream, sentence_start, min(k + 1, end), state))
                    figures.extend(_change_years(found))
                sentence_start = k + 1
    return _scopes(figures)


def _sentence(ctx: ReadContext, stream: _Stream, start: int, end: int, state: _State) -> Iterator[StatedFigure]:
    text = stream.text
    state.subject = None
    state.pending = None
    state.against = None
    state.flat = None
    state.boundary = start
    state.saved = []
    state.stated = 0
    clause_start = start
    for m in _TOKEN.finditer(text, start, end):
        group = m.lastgroup
        if group == "skip" or group == "date":
            continue
        if group == "open":
            state.saved.append((state.subject, state.stated))
            continue
        if group == "close":
            if state.saved:
                subject, stated = state.saved.pop()
                if state.stated > stated:  # figures in parentheses are parts: the sentence goes on with its subject
                    state.subject = subject
            continue
        if group == "year":
            before = text[state.boundary : m.start()]
            if not _BASIS_BEFORE.search(before) and not state.saved and "xx" not in m.group():
                state.year = int(m.group()[:4])
            continue
        if group == "item":
            state.subject = next(s for rx, s in _ITEM_RES if rx.fullmatch(m.group()))
            state.boundary = m.end()
            clause_start = _clause_start(text, start, m.start())
            continue
        if group == "noreason":
            yield _figure(ctx, stream, m, state, BLANK, None, "", text[clause_start : m.start()])
            continue
        if group == "blank":
            word = m.group()
            unit = re.search(r"万元|亿元|元|%", word).group()  # type: ignore[union-attr]
            yield _figure(ctx, stream, m, state, BLANK, None, unit, text[state.boundary : m.start()])
            state.boundary = m.end()
            continue
        if group == "dir":
            word = m.group()
            state.against = _against(text[state.boundary : m.start()], state.against)
            state.direction = FLAT if word in _FLAT_WORDS else UP if word in _UP_WORDS else DOWN
            if state.direction == FLAT:
                if state.flat != (state.subject, state.against):  # “持平，无增减变化”: one statement
                    yield _figure(ctx, stream, m, state, CHANGE, Decimal(0), "", word, direction=FLAT)
                state.flat = (state.subject, state.against)
                state.boundary = m.end()
                state.pending = None
            else:
                state.pending = ("dir", m.end())
            continue
        if group in ("share", "rate"):
            state.pending = (group, m.end())
            continue
        here = _clause_start(text, start, m.start())
        label = text[max(state.boundary, here) : m.start()]
        if m.group("unit") in MONEY_UNITS and (state.subject is None or here > clause_start):
            own = _own_subject(text[here : m.start()])
            if own:
                state.subject = own
                clause_start = here
        yield _number(ctx, stream, m, state, label)
        state.stated += 1
        state.flat = None
        state.boundary = m.end()


def _number(ctx: ReadContext, stream: _Stream, m: re.Match[str], state: _State, label: str) -> StatedFigure:
    text = stream.text
    unit = m.group("unit") or ""
    value = parse_decimal(m.group("num"))
    pending, state.pending = state.pending, None
    between = text[pending[1] : m.start()] if pending else ""
    if unit in MONEY_UNITS:
        if pending and pending[0] == "dir" and re.fullmatch(r"[\s了为约达是:]*", between):
            return _figure(ctx, stream, m, state, CHANGE, value, unit, label, direction=state.direction)
        return _figure(ctx, stream, m, state, AMOUNT, value, unit, label)
    if unit == "%":
        if pending and pending[0] == "rate" and re.fullmatch(r"[\s为是达到:]*", between):
            return _figure(ctx, stream, m, state, RATE, value, unit, label)
        if pending and pending[0] == "share" and re.fullmatch(r"[^,;。\d]{0,12}", between):
            return _figure(ctx, stream, m, state, SHARE, value, unit, label)
        if pending and pending[0] == "dir" and re.fullmatch(r"[\s了为率幅度约达是:]*", between):
            return _figure(ctx, stream, m, state, CHANGE_PERCENT, value, unit, label, direction=state.direction)
        return _figure(ctx, stream, m, state, PERCENT, value, unit, label)
    if unit.endswith("百分点"):  # a change of a percent, in points: kept, not a count
        return _figure(ctx, stream, m, state, PERCENT, value, unit, label)
    return _figure(ctx, stream, m, state, COUNT if unit else NUMBER, value, unit, label)


def _figure(
    ctx: ReadContext,
    stream: _Stream,
    m: re.Match[str],
    state: _State,
    what: str,
    value: Decimal | None,
    unit: str,
    label: str,
    *,
    direction: str | None = None,
) -> StatedFigure:
    raw = stream.raw[stream.origin[m.start()] : stream.origin[m.end() - 1] + 1]
    number = m.groupdict().get("num")
    places = numbers.places(number)
    label = label.strip(" ,;:()")
    edition = (_edition(label) or state.hint) if what == AMOUNT else None
    return StatedFigure(
        subject=state.subject,
        what=what,
        value=value,
        unit=unit,
        raw=raw,
        source=_source(ctx, stream, m.start()),
        year=state.year,
        direction=direction,
        against=(state.against or LAST_YEAR) if what in (CHANGE, CHANGE_PERCENT) else None,
        edition=edition,
        label=label,
        places=places,
    )


def _edition(words: str) -> str | None:
    """budget or final, when the words before an amount say so (预算 / 决算, 实际, 执行);
    the names of funds and bodies (一般公共预算, 预算单位) say nothing of it."""
    words = _NOT_EDITION.sub("", words)
    if "决算" in words:
        return "final"
    if "预算" in words:
        return "budget"
    return "final" if _FINAL.search(words) else None


def _clause_start(text: str, start: int, at: int) -> int:
    k = at
    while k > start and text[k - 1] not in ",;:":
        k -= 1
    return k


def _own_subject(label: str) -> str | None:
    """The words that open a clause before its first figure, as its subject
    (“办公楼运行经费预算1.1万元” → 办公楼运行经费); None when they are not a name."""
    head = _HEADING.sub("", label)
    head = re.sub(r"(?:\d{4}|20xx)\s*年(?:度)?|\d+\s*[-~至到]\s*\d+\s*月|本单位|本级|其中", "", head)
    m = _SUBJECT_STOP.search(head)
    if m is None:
        return None
    name = head[: m.start()].strip(" ,;:、.")
    if not 2 <= len(name) <= 24 or re.search(r"增|减|占|率|比|较", name) or name in _GENERIC:
        return None
    return name


_GENERIC = frozenset(
    {"支出", "经费", "资金", "费用", "金额", "经费支出", "资金支出", "项目资金", "总额", "调整", "年中"}
)


def _against(words: str, previous: str | None) -> str | None:
    if _LAST_YEAR_WORDS.search(words):
        return LAST_YEAR
    if "预算" in words:
        return BUDGET
    return previous if _BASIS_BEFORE.search(words) is None and previous else LAST_YEAR


def _change_years(found: list[StatedFigure]) -> list[StatedFigure]:
    """A change against 上年 belongs to the latest year its sentence names for its subject."""
    latest: dict[str | None, int] = {}
    for f in found:
        if f.what == AMOUNT and f.year is not None:
            latest[f.subject] = max(latest.get(f.subject, f.year), f.year)
    out = []
    for f in found:
        if f.what in (CHANGE, CHANGE_PERCENT) and f.against == LAST_YEAR and f.subject in latest:
            f = replace(f, year=latest[f.subject])
        out.append(f)
    return out


def _scopes(figures: list[StatedFigure]) -> list[StatedFigure]:
    """Number the listings: each amount of the total opens one; a figure belongs to the last
    listing of its year (else the last listing)."""
    out = []
    latest: dict[int | None, int] = {}
    last: int | None = None
    count = 0
    for f in figures:
        if f.what == AMOUNT and f.subject == TOTAL:
            count += 1
            latest[f.year] = last = count
        out.append(replace(f, scope=latest.get(f.year, last)))
    first: dict[int | None, int] = {}
    for f in out:
        if f.what == AMOUNT and f.subject == TOTAL and f.scope is not None:
            first.setdefault(f.year, f.scope)
    # a listing may name its items before its total (“A x，B y，合计 t”)
    return [replace(f, scope=first.get(f.year)) if f.scope is None else f for f in out]
