"""The score table of an evaluation report (附件1, ``…评分表``): a title ending in 评分表 followed
by a ``一级指标 …`` header, one row per indicator, a 合计 row.

Its pages repeat title and header and carry printed page numbers inside their first cell; a
converter shifts cells (see :func:`assign_levels`); a blank level cell takes the level of the
row above (see :meth:`ScoreTableReader.carry`). Every irregularity read past is a finding.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from jixiao.ingest import cells as C
from jixiao.ingest.context import ReadContext
from jixiao.ingest.evaluation.text import LABEL, clean_cells, label, percent, squeeze
from jixiao.ingest.text import Line, is_page_footer, parse_decimal
from jixiao.model.evaluation import ScoreItem, ScoreStatement
from jixiao.model.source import Source

_TOTAL_ROW = re.compile(r"^(合计|总计)")


class ScoreTableReader:
    """Reads the score table of one report; ``known_level1`` gives the 一级 names known so far
    (the defaults and the report's section names), ``stated`` the score statements of the
    prose read so far (to recover an indicator's missing name)."""

    def __init__(
        self,
        ctx: ReadContext,
        lines: list[Line],
        known_level1: Callable[[], set[str]],
        stated: Callable[[], list[ScoreStatement]],
    ):
        self.ctx = ctx
        self.lines = lines
        self.known_level1 = known_level1
        self.stated = stated
        self.title: str | None = None
        self.items: list[ScoreItem] = []
        self.total: tuple[Decimal | None, Decimal | None, Source] | None = None
        self.prev_levels = ["", "", "", ""]
        self.prev_weights: list[Decimal | None] = [None, None]
        self.page: int | None = None
        self.extra_from: int | None = None  # the first of the header's columns after 得分率 (计算得分 …)
        self.computed_at: int | None = None  # the 计算得分 column among them

    def is_table_title(self, ln: Line) -> bool:
        t = ln.text
        return t.endswith("评分表") and len(ln.nonempty()) == 1 and not t.startswith("附件") and len(t) <= 60

    @staticmethod
    def is_table_header(ln: Line) -> bool:
        first = ln.nonempty()
        return bool(first) and first[0][1].startswith("一级指标")

    def starts_at(self, i: int) -> bool:
        """A title, then the header: after it or after a few lines (a subtitle, 附件1, a seal's marks)."""
        if not self.is_table_title(self.lines[i]):
            return False
        return any(self.is_table_header(ln) for ln in [ln for ln in self.lines[i + 1 : i + 8] if not ln.blank][:4])

    def read_header(self, ln: Line) -> None:
        """The columns after 得分率 (else 得分) are not the table's own: a 计算得分 printed beside it."""
        names = [C.normalise(t) for t in ln.cells]
        last = max((k for k, t in enumerate(names) if t in ("得分", "得分率")), default=None)
        extra = last is not None and last + 1 < len(names) and any(names[last + 1 :])
        self.extra_from = last + 1 if extra and last is not None else None
        at = next((k for k, t in enumerate(names) if t in C.COMPUTED_SCORE), None)
        self.computed_at = at if self.extra_from is not None and at is not None and at >= self.extra_from else None

    def own_cells(self, cells: list[str]) -> tuple[list[str], Decimal | None]:
        """A row's cells without the extra columns (when the row is as wide as the header), and its 计算得分."""
        if self.extra_from is None or len(cells) <= self.extra_from:
            return cells, None
        at = self.computed_at
        return cells[: self.extra_from], parse_decimal(cells[at]) if at is not None and at < len(cells) else None

    @staticmethod
    def level_line(ln: Line) -> bool:
        """A level's label alone on a line (``决策 (20分)``): a merged cell a PDF prints between rows."""
        cells = ln.nonempty()
        return len(cells) == 1 and LABEL.match(cells[0][1]) is not None and len(cells[0][1]) <= 40

    def read(self, i: int) -> int:
        headers = 0
        while i < len(self.lines):
            ln = self.lines[i]
            if ln.blank:
                i += 1
                continue
            if self.is_table_title(ln):
                if self.title is None:
                    self.title = squeeze(ln.text)
                self.ctx.place(ln)
            elif self.is_table_header(ln):
                headers += 1
                self.page = None
                self.read_header(ln)
                if headers > 1:
                    self.ctx.report("table-header-repeated", ln, table=self.title or "评分表")
                self.ctx.place(ln)
            elif ln.nonempty() and _TOTAL_ROW.match(ln.nonempty()[0][1]):
                self.read_total(ln)
                return i + 1
            elif headers == 0:  # between the title and the header (see starts_at)
                if len(ln.nonempty()) <= 1:
                    self.ctx.place(ln)  # a subtitle, 附件1; anything else is left unplaced (reported)
            elif self.level_line(ln) or is_page_footer(ln.text):
                self.ctx.place(ln)  # its rows carry their levels (or take them from the rows above)
            elif len(ln.nonempty()) <= 1:
                return i  # prose again: the table ended without a 合计 row
            else:
                self.read_row(ln)
            i += 1
        return i

    def read_total(self, ln: Line) -> None:
        cells, _ = clean_cells(self.ctx, ln, self.title)
        cells, _ = self.own_cells(cells)
        numbers = [(k, parse_decimal(t)) for k, t in enumerate(cells) if parse_decimal(t) is not None]
        src = self.ctx.source(ln, table=self.title)
        weight = score = None
        if len(numbers) >= 2:
            weight, score = numbers[0][1], numbers[-1][1]
        elif len(numbers) == 1:
            k, value = numbers[0]
            if k <= 5:
                weight = value
            else:
                score = value
            read_as = "权重" if k <= 5 else "得分"
            self.ctx.report("cell-shifted", src, detail=f"评分表合计行只有一个数字“{cells[k]}”，按其位置读作{read_as}")
        else:
            self.ctx.report("evaluation-row-unparsed", src, text=ln.text)
        self.total = (weight, score, src)
        self.ctx.place(ln)

    def read_row(self, ln: Line) -> None:
        table = self.title
        cells, page = clean_cells(self.ctx, ln, table)
        cells, computed = self.own_cells(cells)
        if page is not None:
            self.page = page
        src = self.ctx.source(ln, table=table, row=len(self.items) + 1, page=self.page)
        anchor = weight_anchor(cells)
        if anchor is None:
            self.ctx.report("evaluation-row-unparsed", src, text=ln.text)
            return
        notes: list[str] = []
        given = assign_levels(cells[:anchor], self.known_level1(), notes)
        if given is None:
            self.ctx.report("evaluation-row-unparsed", src, text=ln.text)
            return
        tail = split_tail(cells[anchor + 1 :], notes)
        if tail is None:
            self.ctx.report("evaluation-row-unparsed", src, text=ln.text)
            return
        explanation, benchmark, standard, basis, raw_score, raw_rate = tail
        levels, weights, inherited = self.carry(given, notes)
        recovered: tuple[int, ...] = ()
        if not levels[3]:
            levels[3], recovered = self.recover_name(explanation, src)
        if not levels[2]:
            self.ctx.report("evaluation-indicator-name-missing", src, level="三", detail="三级指标空缺，留空")
        if notes:
            self.ctx.report("cell-shifted", src, detail="评分表" + "；".join(notes))
        rate = percent(raw_rate)
        if raw_rate and rate is None:
            self.ctx.report("number-malformed", src.at(column=anchor + 7), text=raw_rate, actual=raw_rate)
        self.items.append(
            ScoreItem(
                level1=levels[0],
                level2=levels[1],
                level3=levels[2],
                level4=levels[3],
                weight=self.ctx.number(cells[anchor], src.at(column=anchor + 1)),
                explanation=explanation,
                benchmark=benchmark,
                standard=standard,
                basis=basis,
                score=self.ctx.number(raw_score, src.at(column=anchor + 6)),
                rate=rate,
                raw_score=raw_score,
                raw_rate=raw_rate,
                source=src,
                raw_weight=cells[anchor],
                level1_weight=weights[0],
                level2_weight=weights[1],
                inherited=inherited,
                recovered=recovered,
                raw=ln.raw,
                computed=computed,
            )
        )
        self.ctx.place(ln)

    def carry(self, given: list[str], notes: list[str]) -> tuple[list[str], list[Decimal | None], tuple[int, ...]]:
        """Fill blank level cells from the rows above, but never below a level that changed."""
        levels: list[str] = []
        weights: list[Decimal | None] = [None, None]
        inherited: list[int] = []
        changed = False
        for k in range(4):
            text = given[k]
            if k == 0 and text:
                text = self.split_merged_level1(text, given, notes)
            if text:
                name, weight = label(text)
                if name != self.prev_levels[k]:
                    changed = True
                levels.append(name)
                if k < 2:
                    weights[k] = weight
            elif k < 3 and not changed:
                levels.append(self.prev_levels[k])
                if k < 2:
                    weights[k] = self.prev_weights[k]
                if self.prev_levels[k]:
                    inherited.append(k + 1)
            else:
                levels.append("")
        self.prev_levels = list(levels)
        self.prev_weights = list(weights)
        return levels, weights, tuple(inherited)

    @staticmethod
    def split_merged_level1(text: str, given: list[str], notes: list[str]) -> str:
        """``产出(34分) 产出质量(14分)``: a 一级 cell holding a second label."""
        labels = list(LABEL.finditer(text))
        if len(labels) < 2:
            return text
        first = labels[0].group(0).strip()
        extra = text[labels[0].end() :].strip()
        if given[1]:
            notes.append(f"一级指标单元格“{text}”多出“{extra}”，二级指标按本行的“{given[1]}”读取")
        else:
            given[1] = extra
            notes.append(f"一级指标单元格“{text}”含有二级指标“{extra}”，已拆分")
        return first

    def recover_name(self, explanation: str, src: Source) -> tuple[str, tuple[int, ...]]:
        """A row without a 四级 name: take the indicator the explanation starts with.

        Candidates are the indicator names the report's text states scores for; failing
        that, the words before ``评价参照`` (``案件办结率评价参照…``). Either way a finding says so.
        """
        names = sorted({s.name for s in self.stated() if s.name}, key=len, reverse=True)
        body = re.sub(r"^考察", "", explanation)
        found = next((n for n in names if body.startswith(n)), None)
        if found is None:
            m = re.match(r"^(.{2,20}?)评价参照", body)
            found = squeeze(m.group(1)) if m else None
        if found:
            detail = f"已根据指标解释“{explanation[:30]}”读作“{found}”"
            self.ctx.report("evaluation-indicator-name-missing", src, level="四", detail=detail)
            return found, (4,)
        self.ctx.report("evaluation-indicator-name-missing", src, level="四", detail="无法从指标解释推断，留空")
        return "", ()


# -- rows ------------------------------------------------------------------------------


def weight_anchor(cells: list[str]) -> int | None:
    """The index of the weight cell: a number from 0 to 100 followed by the (text) explanation."""
    for k, text in enumerate(cells[:-1]):
        value = parse_decimal(text)
        nxt = cells[k + 1]
        if value is not None and 0 <= value <= 100 and nxt and parse_decimal(nxt) is None:
            return k
    return None


def _level_class(text: str, known_level1: set[str]) -> str:
    if not text:
        return "empty"
    labels = list(LABEL.finditer(text))
    name = squeeze(labels[0].group(1)) if labels else squeeze(text)
    if name in known_level1:
        return "level1"
    if labels:
        return "level2"
    return "name"


def assign_levels(cells: list[str], known_level1: set[str], notes: list[str]) -> list[str] | None:
    """Put the cells before the weight into levels one to four.

    Four cells map one to one. Fewer cells mean a level is missing: the last cell is the
    四级 name, and the first ones are placed by what they look like: a known 一级 name
    (决策, 产出 …), a ``名称(N分)`` label (二级), or a plain name (三级). A blank result
    means "take it from the row above" (see ``carry``). Returns None when the row has more
    non-empty level cells than four.
    """
    k = len(cells)
    if k > 4:
        surplus = k - 4
        empties = [j for j, t in enumerate(cells) if not t]
        if len(empties) < surplus:
            return None
        drop = set(empties[:surplus])
        cells = [t for j, t in enumerate(cells) if j not in drop]
        notes.append(f"指标栏多出{surplus}个空单元格，已忽略")
        return cells
    if k == 4:
        return list(cells)
    if k == 0:
        return ["", "", "", ""]
    last = cells[-1]
    first = [_level_class(t, known_level1) for t in cells[:-1]]
    if k == 1:
        out = ["", "", "", last]
    elif k == 2:
        a = cells[0]
        out = {
            "level1": [a, "", "", last],
            "level2": ["", a, "", last],
            "empty": ["", "", "", last],
            "name": ["", "", a, last],
        }[first[0]]
    else:
        a, b = cells[0], cells[1]
        if first[0] == "level1" or (first[0] == "empty" and first[1] in ("level2", "empty")):
            out = [a, b, "", last]
        elif first[0] == "empty":
            out = ["", "", b, last]
        else:
            out = ["", a, b, last]
    shown = "、".join(f"“{t}”" for t in cells if t)
    placed = "、".join(f"{'一二三四'[j]}级" for j in range(4) if out[j])
    if shown:
        notes.append(f"指标栏只有{k}个单元格（{shown}），按{placed}读取，其余层级沿用上一行或留空")
    else:
        notes.append(f"指标栏只有{k}个单元格且全空，各层级沿用上一行")
    return out


def split_tail(tail: list[str], notes: list[str]) -> tuple[str, str, str, str, str, str] | None:
    """指标解释, 标杆值, 评分标准, 评分依据, 得分, 得分率 from the cells after the weight."""
    if not tail:
        return None
    if len(tail) >= 2 and percent(tail[-1]) is not None and parse_decimal(tail[-2]) is not None:
        middle, score, rate = tail[:-2], tail[-2], tail[-1]
    elif parse_decimal(tail[-1]) is not None:
        middle, score, rate = tail[:-1], tail[-1], ""
        notes.append("没有得分率单元格")
    else:
        return None
    if len(middle) < 4:
        notes.append(f"说明栏只有{len(middle)}个单元格（应为4个），缺少的栏目留空")
        middle = middle + [""] * (4 - len(middle))
    elif len(middle) > 4:
        notes.append(f"说明栏有{len(middle)}个单元格（应为4个），多出的内容并入评分依据")
        middle = [*middle[:3], " ".join(middle[3:])]
    return middle[0], middle[1], middle[2], middle[3], score, rate
