"""The target-value grammar: 指标值 and 实际完成值 text → :class:`TargetValue`.

A cell such as ``≥3次``, ``≤550元（每人每天）``, ``2023年10月底`` or ``有效提升`` becomes a typed
:class:`~jixiao.model.target.TargetValue` that keeps its raw text. What the grammar cannot
settle is returned as :class:`Problem` values (codes from :mod:`jixiao.findings`); the
caller turns them into findings with a location. :func:`parse_target` never raises.

Accepted forms (see docs/grammar.md for examples)::

    value     := [label] [lead] quantity [trail] [rest]
               | [label] [lead] date [bound] [rest]
               | [lead] statement
    lead      := ≥ > = ≤ < | 不低于 不少于 不小于 至少 (≥) | 不高于 不超过 不多于 不大于 最多 控制在 (≤)
               | 大于 超过 高于 多于 (>) | 小于 低于 少于 (<) | 达到 达 (≥) | 等于 (=)
    quantity  := number [unit] [/per] [(qualifier)]  |  number /per unit      (≥500/月次)
    trail     := 以上 及以上 (≥) | 以下 以内 之内 内 及以下 (≤)
    date      := YYYY年[M月[D日]] | YYYY-M-D | YYYY.M.D | YYYY/M/D
    bound     := 底 末 (end) | 前 之前 以前 (before)

Decisions:

* ``raw`` is ``text.strip()``. Parsing works on a normalised copy: full-width digits, letters
  and signs become half-width (``％``→``%``, ``＞``→``>``), ``≧ ⩾ ≮``→``≥``, ``≦ ⩽ ≯``→``≤``,
  ``>=``/``> =``→``≥``, ``<=``→``≤``, LaTeX ``\\geq``/``\\leq``/``\\%`` become symbols, runs of
  white space become one space and a trailing ``。`` is dropped. ``label`` and ``prose`` are
  taken from that copy.
* ``number`` is the number as written (``Decimal("71.40")``); ``ratio`` is the share as a
  fraction for ``%`` (n/100) and ``‰`` (n/1000), and for a bare decimal between 0 and 1 such as
  ``≥0.85`` (a share written as a fraction; unit stays ``None`` and no unit problem is raised).
* A number whose unit is a time span (小时, 天, 日, 周, 个月, 年, 工作日 …) without a rate is a
  ``DURATION`` (``≤2小时``, ``6 个月``, ``2年``); ``≥9个/小时`` is a ``NUMBER`` with ``per`` 小时.
* Dates: ``date`` is the first day of the written period, except with the bound "end"
  (月底/年底/末), where it is the last day: ``2023年10月底`` → 2023-10-31, precision "month",
  bound "end". ``2023年12月10日前`` → 2023-12-10, precision "day", bound "before", and, when no
  sign is written, comparison ≤ (words ``前``). A date without a year is not guessed.
* A leading label is accepted only before a comparison (sign or word) or a colon:
  ``咨询满意度 ≥ 90%`` → label 咨询满意度; ``延长文物寿命, 5年内无需维修`` stays text.
* Text that runs on after a value is ``prose`` (problem ``target-prose-mixed``). The prose is
  compared with the value: a unit written only in the prose is taken over and reported
  (``target-unit-from-prose``: ``≤140全年发放办案补贴140万元`` → 140 万元); a share agrees with a
  percentage in the prose (``≥0.85 … 85%``); digits that ran together with the prose are
  detected when the prose restates the value (``≥6000012348人…60000人次`` → 60000 人次 with
  ``target-ambiguous`` naming both readings); a prose number that differs is ``target-ambiguous``;
  a prose comparison word of the opposite direction is ``target-sign-conflict``.
* Two complete values in one cell (``100% 无``) are ``target-ambiguous``: the first is read, the
  second kept in ``prose``; the caller decides how to split the columns.
* Unit missing: a bare number with a comparison (``≥600``) gets ``target-unit-missing``. A bare
  number without comparison (``16000``) is how 实际完成值 are written (the unit is the
  target's), so it gets no problem unless the caller says ``role="target"``; with
  ``role="actual"`` no unit problem is raised at all.
* Statements without digits are ``QUALITATIVE`` when they use the vocabulary of achievement,
  improvement or compliance (完成, 合格, 无, 有效提升, 按规定…, 及时…, 控制在…内); ``N小时在岗``
  style service-hours claims are qualitative too (no number is extracted). Everything else is
  ``TEXT`` and always carries a problem (``target-unparsed``, or ``target-ambiguous`` for a
  range such as ``3-5个`` or a date without a year) — text is never silently accepted. Chinese
  numerals (``执业三年以上``) are not read as numbers.
* Empty text and placeholders ``- — / 无数据`` are ``EMPTY`` with no problem: whether a value
  is required is the caller's decision.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from jixiao.grammar.units import (
    AROUND_THE_CLOCK,
    CHINESE_QUANTITY,
    DATE,
    DATE_BEFORE,
    DATE_END,
    DURATION_UNITS,
    EMPTY_MARKS,
    LABEL_COLON,
    LE,
    LEAD_AT_END,
    LEAD_WORDS,
    NUMBER,
    PLACEHOLDER,
    PRODUCT,
    QUALITATIVE_EXACT,
    QUALITATIVE_STEMS,
    RANGE,
    SEPARATORS,
    SIGNS,
    YEARLESS_DATE,
    Quantity,
    decimal_of,
    direction,
    match_word,
    normalise,
    quantities,
    ratio_of,
    skip_space,
)
from jixiao.model.target import Comparison, TargetValue, ValueKind
from jixiao.numbers import MAX_DIGITS, brief

__all__ = ["Parsed", "Problem", "parse_target"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the grammar could not settle; the caller turns it into a finding."""

    code: str  # a code from jixiao.findings.CATALOGUE ("target-ambiguous", …)
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Parsed:
    value: TargetValue
    problems: tuple[Problem, ...] = ()


# -- small helpers -------------------------------------------------------------------------


def _out_of_range(s: str) -> Problem | None:
    """The problem of a cell whose only numbers are out of range (kept as text, reported)."""
    for m in NUMBER.finditer(s):
        if decimal_of(m.group(0)) is None:
            return Problem("number-out-of-range", {"number": brief(m.group(0)), "limit": str(MAX_DIGITS)})
    return None


def _combined_comparison(q: Quantity) -> tuple[Comparison | None, tuple[str, ...], Problem | None]:
    """The comparison of a quantity, the words that set it, and a conflict between them."""
    comps = q.comparisons
    words = tuple(w for w, _ in comps if w not in SIGNS)
    if not comps:
        return None, words, None
    first_word, first = comps[0]
    for word, other in comps[1:]:
        if direction(other) * direction(first) < 0:
            return first, words, Problem("target-sign-conflict", {"sign": first_word, "word": word})
    return first, words, None


# -- the main entry ------------------------------------------------------------------------


def parse_target(text: str, *, role: str | None = None) -> Parsed:
    """Parse a 指标值 / 实际完成值 cell. ``role`` is "target", "actual" or None (unknown);
    it only changes when a missing unit is reported. Never raises."""
    raw = text.strip() if isinstance(text, str) else str(text).strip()
    try:
        parsed = _parse(raw, role)
    except Exception as exc:  # the grammar must never raise on input
        value = TargetValue(raw, ValueKind.TEXT, label=raw or None)
        return Parsed(value, (Problem("target-unparsed", {"text": raw, "detail": type(exc).__name__}),))
    return Parsed(parsed.value, tuple(_with_text(p, raw) for p in parsed.problems))


def _with_text(problem: Problem, raw: str) -> Problem:
    params = {"text": raw, **problem.params}
    return Problem(problem.code, params)


def _parse(raw: str, role: str | None) -> Parsed:
    s = normalise(raw)
    if not s or s in EMPTY_MARKS:
        return Parsed(TargetValue(raw, ValueKind.EMPTY))
    if PLACEHOLDER.search(s) and not re.search(r"\d\s*[*×]\s*\d", s):
        return _text(raw, s, Problem("target-unparsed", {}))
    if AROUND_THE_CLOCK.match(s):
        return Parsed(TargetValue(raw, ValueKind.QUALITATIVE, label=s))
    if PRODUCT.search(s):
        return _text(raw, s, Problem("target-unparsed", {}))
    dates = [m for m in DATE.finditer(s) if _is_year(m.group("y"))]
    date = _parse_date(raw, s, dates)
    if date is not None:
        return date
    if not dates and YEARLESS_DATE.match(s.lstrip("".join(SIGNS) + " ")):
        return _text(raw, s, Problem("target-ambiguous", {"detail": "日期缺少年份，无法确定具体日期"}))
    quantity = _pick_quantity(quantities(s, dates))
    if quantity is not None:
        return _from_quantity(raw, s, quantity, role)
    too_long = _out_of_range(s)
    if too_long is not None:
        return _text(raw, s, too_long)
    return _statement(raw, s)


def _is_year(digits: str) -> bool:
    return 1900 <= int(digits) <= 2100


def _text(raw: str, s: str, problem: Problem, comparison: Comparison | None = None, **kw: object) -> Parsed:
    value = TargetValue(raw, ValueKind.TEXT, comparison, label=s, **kw)  # type: ignore[arg-type]
    return Parsed(value, (problem,))


# -- quantities ----------------------------------------------------------------------------


def _pick_quantity(found: list[Quantity]) -> Quantity | None:
    """The value of the cell: a number at the start (after a sign or word), or a number after
    a label that ends in a comparison or a colon. A bare leading number without unit gives
    way to a later labelled comparison (``12348热线接通率达到70%``)."""
    at_start = next((q for q in found if not q.label), None)
    labelled = next(
        (q for q in found if q.label and (q.lead is not None or LABEL_COLON.search(q.label))),
        None,
    )
    if at_start is not None and labelled is not None and at_start.lead is None and at_start.unit is None:
        return labelled
    return at_start or labelled


def _from_quantity(raw: str, s: str, q: Quantity, role: str | None) -> Parsed:
    problems: list[Problem] = []
    comparison, words, conflict = _combined_comparison(q)
    if conflict:
        problems.append(conflict)
    rest = s[q.end :].strip(SEPARATORS)
    label = q.label.rstrip(":： ") or None
    if rest and RANGE.match(s[q.end :]):
        detail = "写作区间，无法确定单一指标值"
        return _text(raw, s, Problem("target-ambiguous", {"detail": detail}), comparison, words=words)
    value = TargetValue(
        raw,
        ValueKind.NUMBER,
        comparison,
        q.number,
        q.unit,
        qualifier=q.qualifier,
        per=q.per,
        ratio=ratio_of(q.number, q.unit, q.written),
        label=label,
        words=words,
    )
    if rest:
        if _is_complete_value(rest):
            value = replace(value, prose=rest)
            detail = f"单元格含有两个值“{s[: q.end].strip()}”和“{rest}”，可能是相邻两栏合并；已按前者读取"
            problems.append(Problem("target-ambiguous", {"detail": detail}))
        else:
            value, more = _with_prose(value, q, rest)
            problems.extend(more)
    problems.extend(_unit_problems(value, q, role))
    if value.unit in DURATION_UNITS and value.per is None:
        value = replace(value, kind=ValueKind.DURATION)
    return Parsed(value, tuple(problems))


def _is_complete_value(rest: str) -> bool:
    """Is ``rest`` a value of its own (``无``, ``100%``, ``-``)? Then two cells merged."""
    if rest in EMPTY_MARKS or rest in QUALITATIVE_EXACT:
        return True
    found = quantities(rest, [])
    if len(found) != 1:
        return False
    q = found[0]
    return not q.label and q.end == len(rest) and (q.unit is not None or q.lead is not None)


def _unit_problems(value: TargetValue, q: Quantity, role: str | None) -> list[Problem]:
    if value.unit is not None or value.ratio is not None or role == "actual":
        return []
    if value.comparison is not None or role == "target":
        return [Problem("target-unit-missing", {})]
    return []


# -- prose after a value -------------------------------------------------------------------


def _with_prose(value: TargetValue, q: Quantity, prose: str) -> tuple[TargetValue, list[Problem]]:
    """Compare the value with what its prose restates (see the module docstring)."""
    problems: list[Problem] = []
    stated = [p for p in quantities(prose, [m for m in DATE.finditer(prose) if _is_year(m.group("y"))])]
    match = next((p for p in stated if _agrees(value, q, p)), None)
    if match is None:
        run_on = next((p for p in stated if _ran_together(q, p)), None)
        if run_on is not None:
            value, prose, problem = _split_run_on(value, q, run_on, prose)
            problems.append(problem)
            match = run_on
        elif stated:
            restated = "、".join(_show(p) for p in stated)
            detail = f"说明文字中的数值“{restated}”与指标值“{_show(q)}”不一致"
            problems.append(Problem("target-ambiguous", {"detail": detail}))
    elif value.unit is None and match.unit is not None and value.ratio is None:
        value = replace(value, unit=match.unit, per=value.per or match.per, ratio=ratio_of(q.number, match.unit, ""))
        problems.append(Problem("target-unit-from-prose", {"prose": prose, "unit": match.unit}))
    problems.extend(_sign_conflicts(value, match, stated))
    value = replace(value, prose=prose)
    problems.insert(0, Problem("target-prose-mixed", {"prose": prose}))
    return value, problems


def _show(q: Quantity) -> str:
    return f"{q.written}{q.unit or ''}"


def _agrees(value: TargetValue, q: Quantity, p: Quantity) -> bool:
    if value.ratio is not None and value.unit is None and p.unit == "%":  # ≥0.85 … 85%
        return p.number == value.ratio * 100
    if p.number != q.number:
        return False
    return value.unit is None or p.unit is None or p.unit == value.unit


def _ran_together(q: Quantity, p: Quantity) -> bool:
    """``6000012348`` = ``60000`` restated in the prose + ``12348`` from the prose."""
    head, stated = q.written, p.written
    return "." not in head and "." not in stated and len(head) > len(stated) and head.startswith(stated)


def _split_run_on(value: TargetValue, q: Quantity, p: Quantity, prose: str) -> tuple[TargetValue, str, Problem]:
    spill = q.written[len(p.written) :] + (q.unit or "")
    new_prose = spill + prose
    detail = (
        f"数字“{q.written}”疑为指标值“{p.written}”与说明文字开头“{spill}”连写：照写应读作{_show(q)}，"
        f"说明文字写作{_show(p)}；已按{_show(p)}读取"
    )
    value = replace(value, number=p.number, unit=p.unit, per=p.per, ratio=ratio_of(p.number, p.unit, p.written))
    return value, new_prose, Problem("target-ambiguous", {"detail": detail})


def _sign_conflicts(value: TargetValue, match: Quantity | None, stated: list[Quantity]) -> list[Problem]:
    if value.comparison is None:
        return []
    candidates = [match] if match is not None else stated
    for p in candidates:
        for word, comp in p.comparisons:
            if direction(comp) * direction(value.comparison) < 0:
                return [Problem("target-sign-conflict", {"sign": str(value.comparison), "word": word})]
    return []


# -- dates ---------------------------------------------------------------------------------


def _parse_date(raw: str, s: str, dates: list[re.Match[str]]) -> Parsed | None:
    """A date value at the start (after a sign or label with a comparison/colon)."""
    if not dates:
        return None
    m = dates[0]
    before = s[: m.start()]
    lead = LEAD_AT_END.search(before)
    label = before[: lead.start()].strip() if lead else before.strip()
    if label and not lead and not LABEL_COLON.search(label):
        return None
    words: list[str] = []
    comparison = None
    if lead:
        word = lead.group(0).strip()
        comparison = SIGNS.get(word) or LEAD_WORDS.get(word)
        if word not in SIGNS:
            words.append(word)
    year = int(m.group("y"))
    month_text = m.group("m") or m.group("m2")
    day_text = m.group("d") or m.group("d2")
    pos = skip_space(s, m.end())
    bound = None
    end_word = match_word(s, pos, DATE_END)
    if end_word:
        bound, pos = "end", pos + len(end_word)
        pos = skip_space(s, pos)
    before_word = match_word(s, pos, DATE_BEFORE)
    if before_word:
        bound = bound or "before"
        pos += len(before_word)
        words.append(before_word)
        comparison = comparison or LE
    problems: list[Problem] = []
    try:
        day, precision = _date_of(year, month_text, day_text, bound == "end")
    except ValueError:
        detail = f"日期“{m.group(0)}”不存在"
        return _text(raw, s, Problem("target-ambiguous", {"detail": detail}), comparison)
    rest = s[pos:].strip(SEPARATORS)
    value = TargetValue(
        raw, ValueKind.DATE, comparison, date=day, date_precision=precision, date_bound=bound,
        label=label.rstrip(":： ") or None, words=tuple(words), prose=rest or None,
    )  # fmt: skip
    if rest:
        problems.append(Problem("target-prose-mixed", {"prose": rest}))
    return Parsed(value, tuple(problems))


def _date_of(year: int, month: str | None, day: str | None, end: bool) -> tuple[dt.date, str]:
    if month is None:
        return (dt.date(year, 12, 31) if end else dt.date(year, 1, 1)), "year"
    m = int(month)
    if day is None:
        if not 1 <= m <= 12:
            raise ValueError(month)
        last = calendar.monthrange(year, m)[1]
        return dt.date(year, m, last if end else 1), "month"
    return dt.date(year, m, int(day)), "day"


# -- statements ----------------------------------------------------------------------------


def _statement(raw: str, s: str) -> Parsed:
    """Text without a readable quantity: qualitative statement or text with a problem."""
    comparison = None
    body = s
    if s[:1] in SIGNS:
        comparison, body = SIGNS[s[0]], s[1:].strip()
    if comparison is None and _is_qualitative(body):
        return Parsed(TargetValue(raw, ValueKind.QUALITATIVE, label=body))
    return _text(raw, body, Problem("target-unparsed", {}), comparison)


def _is_qualitative(body: str) -> bool:
    if not body or any(ch.isdigit() for ch in body) or CHINESE_QUANTITY.search(body):
        return False
    return body in QUALITATIVE_EXACT or any(stem in body for stem in QUALITATIVE_STEMS)
