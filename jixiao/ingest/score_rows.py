"""The rows of a score table (绩效评价得分表 / 评分表) flattened into running text.

A score table copied out of a PDF loses its columns: the levels (一级 / 二级 / 三级), the weights
printed in brackets beside a level (``项目决策(20分)``), the 分值 and 得分 of each row, and the page
numbers run together, often with a row's numbers at the start of the next line::

    (20 分)项目决策(10 分)科学决策必要性 (政策依据)
    5 5 可行性 (政策完善)

This module reads such text into :class:`~jixiao.model.evaluation.ScoreItem` records without
knowing any rubric's words:

1. **Tokens**: a *weight* ``(N分)`` / ``(N )`` (its opening bracket may have been cut off or
   be on the line above; a label inside the brackets, ``( 特性指标70 分)``, is a level of its
   own), a *number*, the *total* row (总分 / 合计 / 总计 / 得分合计), the column header words,
   and *labels* (runs of words; a space a converter put inside a word, ``部门决 策``, is closed).
2. **Side of the weights**: a weight belongs to the label after it when the weights mostly
   stand after numbers or at the start (``5 5 (10 分)绩效目标``), else to the label before it
   (``相关性(5 分)``): the table says which by where its brackets stand.
3. **Levels by weights**: a weighted label followed by another label opens a level; a label
   followed by its numbers is a row (三级). A level holds rows until their 分值 fill its weight,
   so the nesting is read from the weights themselves; alternatives marked 可选项 count once.
   A weighted level glued to the first row's name (``科学决策必要性``) is split after the
   shortest prefix that ends in a level word (决策, 管理, 目标 …).
4. **Numbers of a row**: those after its label up to the next label; two are 分值 and 得分, one is
   得分 when the weight was printed with the label (else 分值, the 得分 left blank); a number
   beyond the columns on a line of its own is a page number (kept out, reported).

Nothing is recomputed: every value is kept as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model.evaluation import ScoreItem
from jixiao.model.source import Source

NUM = r"\d+(?:\.\d+)?"
_WEIGHT = re.compile(
    rf"[(（]\s*(?P<inner>[^\d()（）\s][^\d()（）]*?)?\s*(?P<w1>{NUM})\s*分?\s*[)）]"
    rf"|(?<![\d.])(?P<w2>{NUM})\s*分\s*[)）]"
)
_NUMBER = re.compile(rf"(?<![\d.]){NUM}(?![\d.]|\s*分)")
_TOTAL = re.compile(r"^(?:总分|合计|总计|得分合计|综合得分)$")
HEADER_WORDS = frozenset(
    {"一级指标", "二级指标", "三级指标", "四级指标", "分值", "得分", "评分标准", "指标解释", "序号",
     "权重", "评分依据", "指标", "标准分", "扣分原因", "备注"}
)  # fmt: skip
# words that end the name of a level (决策 / 过程 / 产出 / 效益 and their kin), used only to split a
# level's name glued to the first row's name
LEVEL_ENDINGS = ("决策", "管理", "目标", "执行", "完成", "效益", "绩效", "产出", "过程", "投入", "任务", "编制", "指标")
_PROSE = re.compile(r"[，。；,;]|\.(?=\S)")
OPTIONAL = "可选"


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "weight" | "number" | "label" | "total" | "header" | "prose"
    text: str
    value: Decimal | None
    line: int
    column: int  # 1-based
    glued_left: bool  # no space between this token and the one before
    glued_right: bool


@dataclass(slots=True)
class _Level:
    name: str
    weight: Decimal | None
    left: Decimal | None  # weight not yet filled by rows


@dataclass(frozen=True, slots=True)
class ScoreRows:
    """What a score table's text gave: its rows, its total row, and what was left aside."""

    items: tuple[ScoreItem, ...]
    total_printed: bool  # a 总分 / 合计 row is printed
    total_weight: Decimal | None  # its 分值 (None when the cell is blank)
    total_score: Decimal | None  # its 得分 (None when the cell is blank)
    total_source: Source | None
    columns: tuple[str, ...]  # header words as printed (empty when the header was cut off)
    open_levels: tuple[str, ...]  # levels whose weight the rows did not fill (a table cut short)
    page_numbers: tuple[tuple[str, Source], ...] = field(default=())
    prose_at: Source | None = None  # where running prose ended the table


def tokens(lines: list[tuple[int, str]]) -> list[Token]:
    """The tokens of the text, each with its line and 1-based column."""
    out: list[Token] = []
    text = "\n".join(raw for _, raw in lines)
    starts, pos = [], 0
    for number, raw in lines:
        starts.append((pos, number))
        pos += len(raw) + 1

    def where(offset: int) -> tuple[int, int]:
        line_start, number = next((s, n) for s, n in reversed(starts) if s <= offset)
        return number, offset - line_start + 1

    spans: list[tuple[int, int, str, str, Decimal | None]] = []
    for m in _WEIGHT.finditer(text):
        value = m.group("w1") or m.group("w2")
        spans.append((m.start(), m.end(), "weight", (m.group("inner") or "").replace(" ", ""), Decimal(value)))
    taken = [(a, b) for a, b, *_ in spans]
    for m in _NUMBER.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            spans.append((m.start(), m.end(), "number", m.group(), Decimal(m.group())))
    spans.sort()
    cursor = 0
    pieces: list[tuple[int, int, str, str, Decimal | None]] = []
    for a, b, kind, t, v in spans:
        if a > cursor:
            pieces.extend(_labels(text, cursor, a))
        pieces.append((a, b, kind, t, v))
        cursor = b
    pieces.extend(_labels(text, cursor, len(text)))
    for k, (a, b, kind, t, v) in enumerate(pieces):
        line, column = where(a)
        left = k > 0 and pieces[k - 1][1] == a
        right = k + 1 < len(pieces) and pieces[k + 1][0] == b
        out.append(Token(kind, t, v, line, column, left, right))
    return out


def _labels(text: str, start: int, stop: int) -> list[tuple[int, int, str, str, None]]:
    """The labels between two numbers or weights: words split at spaces, a one-character piece
    (``部门决 策``) or a bracketed note (``必要性 (政策依据)``) joined to the word before it."""
    out: list[list] = []
    for m in re.finditer(r"\S+", text[start:stop]):
        a, b, word = start + m.start(), start + m.end(), m.group()
        if word in ("(", "（", ")", "）") or set(word) <= set(".…·-—"):
            if word.strip(".…") == "" and out:
                out[-1][1] = b  # a row cut short ("中央专款分配合规........"): the dots stay with it
            continue
        glue = out and "\n" not in text[out[-1][1] : a] and (len(word) == 1 or word[0] in "(（")
        if glue:
            out[-1][1] = b
            out[-1][3] += word
        else:
            out.append([a, b, "label", word, None])
    result = []
    for a, b, _, word, _ in out:
        squashed = word.strip(".…")
        kind = (
            "total" if _TOTAL.match(squashed)
            else "header" if squashed in HEADER_WORDS
            else "prose" if _PROSE.search(squashed) or len(squashed) > 30
            else "label"
        )  # fmt: skip
        result.append((a, b, kind, squashed, None))
    return result


def weights_before(toks: list[Token]) -> bool:
    """True when the table prints a weight before its label (``(10 分)绩效目标``)."""
    before = after = 0
    for k, t in enumerate(toks):
        if t.kind != "weight" or t.text:
            continue
        prev = toks[k - 1] if k else None
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if prev is None or prev.kind in ("number", "header"):
            before += 1
        elif prev.kind == "label" and t.glued_left and not (nxt is not None and nxt.kind == "label" and t.glued_right):
            after += 1
    return before > after


def read_rows(lines: list[tuple[int, str]], path: str, pages: dict[int, int] | None = None) -> ScoreRows:
    """The rows of one score table's text (``lines``: line number and text)."""
    toks = tokens(lines)
    pages = pages or {}

    def src(t: Token) -> Source:
        return Source(path, t.line, pages.get(t.line), None, None, t.column)

    columns = tuple(t.text for t in toks if t.kind == "header")
    scored_only = "得分" in columns and "分值" not in columns and "权重" not in columns
    before = weights_before(toks)
    stack: list[_Level] = []
    items: list[ScoreItem] = []
    page_numbers: list[tuple[str, Source]] = []
    total = None
    total_values: list[Token] = []
    pending: Decimal | None = None
    optional_taken: Decimal | None = None
    prose_at = None
    k = 0
    body = [t for t in toks if t.kind != "header"]
    while k < len(body):
        t = body[k]
        if t.kind == "prose":
            prose_at = src(t)
            break
        if t.kind == "total":
            total = t
            total_values = [v for v in body[k + 1 : k + 3] if v.kind == "number"]
            break
        if t.kind == "weight":
            if t.text:  # ( 特性指标70 分): a level named inside its brackets
                _open(stack, t.text, t.value)
            elif before:
                pending = t.value
            k += 1
            continue
        if t.kind == "number":  # a number no row asked for: a page number when on a line of its own start
            page_numbers.append((t.text, src(t)))
            k += 1
            continue
        # a label: its weight, then its numbers
        weight = pending
        pending = None
        j = k + 1
        if not before and j < len(body) and body[j].kind == "weight" and not body[j].text:
            weight = body[j].value
            j += 1
        values = []
        while j < len(body) and body[j].kind == "number":
            values.append(body[j])
            j += 1
        nxt = body[j] if j < len(body) else None
        followed_by_label = nxt is not None and nxt.kind in ("label", "weight") and not values
        if followed_by_label and weight is not None:
            _open(stack, t.text, weight)
            k = j
            continue
        if followed_by_label and nxt is not None and nxt.kind == "weight" and OPTIONAL not in t.text:
            _open(stack, t.text, None)  # a level without a weight of its own (项目绩效)
            k = j
            continue
        name = t.text
        if weight is not None and before and values:  # "(7分)资金管理资金分配": the level and its first row
            level, row = split_glued(name)
            if level:
                _open(stack, level, weight)
                name, weight = row, None
        width = 1 if (weight is not None or scored_only) else 2
        row_values, extra = values[:width], values[width:]
        for e in extra:
            page_numbers.append((e.text, src(e)))
        if weight is None and len(row_values) == 2:
            item_weight, score = row_values[0], row_values[1]
        elif weight is None and len(row_values) == 1 and not scored_only:
            item_weight, score = row_values[0], None
        else:
            item_weight, score = None, row_values[0] if row_values else None
        w = weight if weight is not None else (item_weight.value if item_weight else None)
        items.append(_item(stack, name, w, item_weight, score, src(t), weight is not None))
        optional_taken = _fill(stack, w, OPTIONAL in name, optional_taken)
        k = j
    total_weight = total_values[0].value if len(total_values) == 2 else None
    total_score = total_values[-1].value if total_values else None
    return ScoreRows(
        tuple(items), total is not None, total_weight, total_score, src(total) if total else None, columns,
        tuple(level.name for level in stack if level.left), tuple(page_numbers), prose_at,
    )  # fmt: skip


def split_glued(text: str) -> tuple[str, str]:
    """A level's name glued to its first row's name: split after the shortest prefix of four or more
    characters that ends in a level word (``科学决策必要性`` → 科学决策 + 必要性); ("", text) when none."""
    for end in range(4, len(text) - 1):
        if text[:end].endswith(LEVEL_ENDINGS) and text[end] not in "(（":
            return text[:end], text[end:]
    return "", text


def _open(stack: list[_Level], name: str, weight: Decimal | None) -> None:
    """Open a level: inside the innermost open level whose unfilled weight can hold it."""
    while stack and weight is not None and stack[-1].left is not None and stack[-1].left < weight:
        stack.pop()
    while stack and stack[-1].left is not None and stack[-1].left <= 0:
        stack.pop()
    if weight is None and stack:
        stack.append(_Level(name, None, stack[-1].left))
        return
    stack.append(_Level(name, weight, weight))


def _fill(stack: list[_Level], weight: Decimal | None, optional: bool, taken: Decimal | None) -> Decimal | None:
    """A row's weight fills every open level; of a run of alternatives (可选项) only the largest
    counts. The levels filled are closed. Returns the weight already counted for alternatives."""
    if weight is None:
        return taken if optional else None
    if optional:
        counted = weight - taken if taken is not None and weight > taken else (weight if taken is None else 0)
        taken = max(weight, taken or Decimal(0))
    else:
        counted, taken = weight, None
    for level in stack:
        if level.left is not None:
            level.left -= counted
    while stack and stack[-1].left is not None and stack[-1].left <= 0:
        stack.pop()
    return taken


def _item(
    stack: list[_Level], name: str, weight: Decimal | None, weight_cell: Token | None, score: Token | None,
    source: Source, weight_in_label: bool,
) -> ScoreItem:  # fmt: skip
    named = [level for level in stack if level.name]
    level2 = named[-1] if named else None
    level1 = named[-2] if len(named) >= 2 else None
    return ScoreItem(
        level1=level1.name if level1 else "",
        level2=level2.name if level2 else "",
        level3=name,
        level4="",
        weight=weight,
        explanation="",
        benchmark="",
        standard="",
        basis="",
        score=score.value if score else None,
        rate=None,
        raw_score=score.text if score else "",
        raw_rate="",
        source=source,
        raw_weight=weight_cell.text if weight_cell else (f"({weight}分)" if weight_in_label and weight else ""),
        level1_weight=level1.weight if level1 else None,
        level2_weight=level2.weight if level2 else None,
    )
