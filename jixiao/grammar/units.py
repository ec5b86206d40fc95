"""The low-level scanning of the target-value grammar (:mod:`jixiao.grammar`): its vocabulary
(comparison signs and words, units, empty marks, qualitative words), the normalised working copy of a
cell, and the numbers found in it with their lead, unit, rate, qualifier and trail (:class:`Quantity`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jixiao.model.target import Comparison
from jixiao.numbers import in_range

# -- vocabulary ----------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


GE, GT, EQ, LE, LT = Comparison.GE, Comparison.GT, Comparison.EQ, Comparison.LE, Comparison.LT

SIGNS: dict[str, Comparison] = {"≥": GE, ">": GT, "=": EQ, "≤": LE, "<": LT}

LEAD_WORDS: dict[str, Comparison] = {
    "大于等于": GE, "大于或等于": GE, "小于等于": LE, "小于或等于": LE,
    "不低于": GE, "不少于": GE, "不小于": GE, "至少": GE,
    "不高于": LE, "不超过": LE, "不多于": LE, "不大于": LE, "最多": LE, "控制在": LE,
    "大于": GT, "超过": GT, "高于": GT, "多于": GT,
    "小于": LT, "低于": LT, "少于": LT,
    "达到": GE, "达": GE, "等于": EQ,
}  # fmt: skip

TRAIL_WORDS: dict[str, Comparison] = {
    "及以上": GE, "或以上": GE, "以上": GE,
    "及以下": LE, "或以下": LE, "以下": LE, "以内": LE, "之内": LE, "内": LE,
}  # fmt: skip

DATE_BEFORE = ("之前", "以前", "前")
DATE_END = ("底", "末")

DURATION_UNITS = frozenset(
    ["小时", "分钟", "秒", "天", "日", "周", "个月", "年", "工作日", "个工作日", "季度", "个季度", "个小时"]
)

BASE_UNITS = sorted(
    _words("""平方公里 平方米 立方米 平米 公里 千米 米 公顷 亩 吨 千克 公斤
    个工作日 工作日 个季度 季度 个小时 个月 小时 分钟 秒 天 日 周 年
    人次 户次 批次 月次 台次 车次 架次 场次 件次 人天 课时 学时
    次 门 人 件 个 家 类 种 台 名 套 份 辆 项 期 场 篇 户 所 册 本 条 部 处 座 间 栋 张 盏 块
    棵 株 宗 起 单 卷 节 集 批 组 支 位 分 元"""),
    key=len,
    reverse=True,
)
MAGNITUDES = ("万", "亿", "千", "百")

PER_WORDS = sorted(
    _words("年 半年 季度 季 月 周 日 天 小时 时 分钟 人 户 件 次 人次 台 家 场 期 班 人·天 人·月 人·年 人天"),
    key=len,
    reverse=True,
)

EMPTY_MARKS = frozenset(["-", "--", "—", "——", "–", "－", "/", "／", "\\", "、", "无数据", "空", "…", "……"])

# Statements that are judged achieved / not achieved (no digits).
QUALITATIVE_EXACT = frozenset(
    _words("""合格 不合格 优 优秀 良 良好 中 差 较差 一般 较好 好 完成 已完成 未完成 基本完成 全部完成 按期完成
    达标 未达标 是 否 有 无 充分 规范 合理 明确 健全 有效 合规 科学 及时 准确 正常 满意 基本满意 很满意
    显著 明显 稳定 到位 符合 不适用 未安排 未开展 已落实 落实 达到预期 符合要求 符合规定""")
)
QUALITATIVE_STEMS = (
    "提升", "提高", "改善", "增强", "加强", "加大", "降低", "减少", "优化", "完善", "规范", "有序", "按规定",
    "按时", "按期", "按计划", "按要求", "及时", "正常", "控制在", "范围内", "限额内", "符合", "完成", "达标",
    "落实", "保障", "维持", "稳步", "有效", "显著", "明显", "未安排", "未开展", "满意", "合格", "到位",
)  # fmt: skip
ON_DUTY_WORDS = ("在岗", "在线", "值班", "值守", "服务", "响应", "开放", "运行", "监控", "不间断")

CHINESE_QUANTITY = re.compile(r"[一二两三四五六七八九十百千万]+\s*(?:个月|年|个|名|次|人|件|天|日|小时|家|项|周)")
PLACEHOLDER = re.compile(r"[*＊_＿]{1,}|×{2,}|X{2,}|x{2,}")

NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
DATE = re.compile(
    r"(?P<y>\d{4})\s*(?:年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*[日号])?)?"
    r"|[-./](?P<m2>\d{1,2})[-./](?P<d2>\d{1,2})(?!\d))"
)
YEARLESS_DATE = re.compile(r"(?<!\d)\d{1,2}\s*月\s*(?:\d{1,2}\s*[日号])?\s*(?:底|末|前|之前|以前)|(?<![\d年])年[底末]")
_ON_DUTY = "|".join(ON_DUTY_WORDS)
AROUND_THE_CLOCK = re.compile(
    rf"^(?:\d+\s*[*×]\s*\d+\s*(?:个)?小时(?:\s*(?:{_ON_DUTY}).*)?|\d+\s*(?:个)?小时\s*(?:{_ON_DUTY}).*)$"
)
PRODUCT = re.compile(r"\d\s*[*×]\s*\d")
RANGE = re.compile(r"^\s*(?:-|~|～|—|–|－|至|到)\s*\d")
MAX_NUMBERS = 40
SEPARATORS = " ,，、;；:："

_LEAD_ALTERNATION = "|".join(re.escape(w) for w in sorted([*SIGNS, *LEAD_WORDS], key=len, reverse=True))
LEAD_AT_END = re.compile(rf"(?:{_LEAD_ALTERNATION})\s*$")
LABEL_COLON = re.compile(r"[:：]\s*$")


# -- normalisation -------------------------------------------------------------------------

_CHAR_MAP = {
    "≧": "≥", "⩾": "≥", "≮": "≥", "≦": "≤", "⩽": "≤", "≯": "≤", "％": "%", "＞": ">", "＜": "<", "＝": "=",
    "\u3000": " ", "\u00a0": " ", "．": ".", "／": "/", "～": "~", "﹪": "%",
}  # fmt: skip
_LATEX = [
    (re.compile(r"\$([^$]*)\$"), r"\1"),
    (re.compile(r"\\geq?\b\s*\*?|\\geqslant\s*\*?"), "≥"),
    (re.compile(r"\\leq?\b\s*\*?|\\leqslant\s*\*?"), "≤"),
    (re.compile(r"\\%"), "%"),
    (re.compile(r"\\times"), "×"),
]


def normalise(raw: str) -> str:
    """The working copy the grammar reads (see the module docstring)."""
    out = []
    for ch in raw:
        code = ord(ch)
        if ch in _CHAR_MAP:
            out.append(_CHAR_MAP[ch])
        elif 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            out.append(chr(code - 0xFEE0))  # full-width digit or letter
        else:
            out.append(ch)
    s = "".join(out)
    if "\\" in s or "$" in s:
        for pattern, repl in _LATEX:
            s = pattern.sub(repl, s)
    s = re.sub(r">\s*=|≥\s*=", "≥", s)
    s = re.sub(r"<\s*=|≤\s*=", "≤", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s.rstrip("。.；;，, ").strip() if s not in EMPTY_MARKS else s


# -- small helpers -------------------------------------------------------------------------


def direction(c: Comparison | None) -> int:
    return {GE: 1, GT: 1, LE: -1, LT: -1, EQ: 0}.get(c, 0) if c is not None else 0


def decimal_of(digits: str) -> Decimal | None:
    """The number of written digits; None when it is not one or out of range (:func:`in_range`)."""
    try:
        value = Decimal(digits.replace(",", ""))
    except InvalidOperation:
        return None
    return value if in_range(value) else None


def _is_share(number: Decimal, written: str, unit: str | None) -> bool:
    """A bare decimal between 0 and 1 (≥0.85) is a share written as a fraction."""
    return unit is None and "." in written and Decimal(0) <= number <= Decimal(1)


def ratio_of(number: Decimal, unit: str | None, written: str) -> Decimal | None:
    if unit == "%":
        return number / 100
    if unit == "‰":
        return number / 1000
    if _is_share(number, written, unit):
        return number
    return None


def match_word(s: str, pos: int, words: dict[str, Comparison] | tuple[str, ...]) -> str | None:
    for w in sorted(words, key=len, reverse=True):
        if s.startswith(w, pos):
            return w
    return None


def _match_unit(s: str, pos: int) -> str | None:
    """The longest unit at ``pos``: %, ‰, or [magnitude] base unit (万元, 万人次, 件, 个月 …)."""
    if pos >= len(s):
        return None
    if s[pos] in "%‰":
        return s[pos]
    magnitude = s[pos] if s[pos] in MAGNITUDES else ""
    start = pos + len(magnitude)
    for unit in BASE_UNITS:
        if s.startswith(unit, start):
            return magnitude + unit
    return magnitude or None


def skip_space(s: str, pos: int) -> int:
    while pos < len(s) and s[pos] == " ":
        pos += 1
    return pos


# -- the parts of a quantity ---------------------------------------------------------------


@dataclass(slots=True)
class Quantity:
    """A number with what follows it, as found at one place in the text."""

    start: int
    end: int
    written: str
    number: Decimal
    unit: str | None = None
    per: str | None = None
    qualifier: str | None = None
    lead: str | None = None  # comparison sign or word before the number
    trail: str | None = None  # comparison word after the number/unit
    label: str = ""

    @property
    def comparisons(self) -> list[tuple[str, Comparison]]:
        found = []
        if self.lead is not None:
            found.append((self.lead, SIGNS.get(self.lead) or LEAD_WORDS[self.lead]))
        if self.trail is not None:
            found.append((self.trail, TRAIL_WORDS[self.trail]))
        return found


def _read_tail(s: str, q: Quantity) -> None:
    """Unit, rate, qualifier and trailing comparison word after the number (updates q.end)."""
    pos = skip_space(s, q.end)
    if s.startswith("/", pos):  # ≥500/月次: rate first, then unit
        per_pos = skip_space(s, pos + 1)
        per = match_word(s, per_pos, tuple(PER_WORDS))
        if per:
            q.per = per
            pos = per_pos + len(per)
            unit = _match_unit(s, pos)
            if unit:
                q.unit, pos = unit, pos + len(unit)
            q.end = pos
    else:
        unit = _match_unit(s, pos)
        if unit:
            q.unit, pos = unit, pos + len(unit)
            q.end = pos
            per_pos = skip_space(s, pos)
            if s.startswith("/", per_pos):
                per = match_word(s, skip_space(s, per_pos + 1), tuple(PER_WORDS))
                if per:
                    q.per = per
                    q.end = skip_space(s, per_pos + 1) + len(per)
    _read_qualifier_and_trail(s, q)


def _read_qualifier_and_trail(s: str, q: Quantity) -> None:
    for _ in range(2):  # 件(套)以上 or 以上(含)
        pos = skip_space(s, q.end)
        m = re.compile(r"[(（]([^()（）]{1,16})[)）]").match(s, pos)
        if m and q.qualifier is None:
            q.qualifier = m.group(1).strip()
            q.end = m.end()
            continue
        trail = match_word(s, pos, TRAIL_WORDS)
        if trail and q.trail is None:
            q.trail = trail
            q.end = pos + len(trail)
            continue
        break


def quantities(s: str, dates: list[re.Match[str]]) -> list[Quantity]:
    """Every number in ``s`` (not inside a date) with its lead, unit and trail."""
    found = []
    for m in NUMBER.finditer(s):
        if any(d.start() <= m.start() < d.end() for d in dates):
            continue
        if m.start() > 0 and (s[m.start() - 1].isdigit() or s[m.start() - 1] == "."):
            continue
        number = decimal_of(m.group(0))
        if number is None:
            continue
        q = Quantity(m.start(), m.end(), m.group(0).replace(",", ""), number)
        before = s[: m.start()]
        window = max(0, len(before) - 8)  # the longest lead word and a space
        lead = LEAD_AT_END.search(before, window)
        if lead:
            q.lead = lead.group(0).strip()
            q.label = before[: lead.start()].strip()
        else:
            q.label = before.strip()
        _read_tail(s, q)
        found.append(q)
        if len(found) >= MAX_NUMBERS:  # a cell, not a page: stop scanning long prose
            break
    return found
