"""The rows of one 绩效自评表: the cell primitives every block uses (locations, figures, findings)
and the indicator block — level labels carried down, the 三级 name, values, weight and score,
偏差原因 — which the form reader (:mod:`jixiao.ingest.selfeval.form`) builds on."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.ingest.context import ReadContext, read_target
from jixiao.ingest.selfeval.cells import (
    BLOCK_LABEL,
    COMPLETION_WORDS,
    FIELD_NAMES,
    FILLER,
    INDICATOR_HEADER,
    L1_ONLY,
    L2_FAMILY,
    PLACEHOLDER,
    Cell,
    header_columns,
    is_number,
    level_label,
    make_cell,
    split_merged,
)
from jixiao.ingest.text import Line, parse_decimal
from jixiao.model.selfeval import Figure, IndicatorResult
from jixiao.model.source import Source
from jixiao.model.target import EMPTY, TargetValue


@dataclass
class Level:
    """The 一级/二级 labels in force for a row."""

    level1: str = ""
    points: Decimal | None = None
    level2: str = ""
    level1_inherited: bool = False
    level2_inherited: bool = False


@dataclass
class Draft:
    """An indicator row being read (its weight and score may still arrive on the next line)."""

    level: Level
    name: str
    target: TargetValue
    actual: TargetValue
    weight: Figure | None
    score: Figure | None
    deviation: str | None
    source: Source
    extra: list[Figure] = field(default_factory=list)

    def freeze(self) -> IndicatorResult:
        return IndicatorResult(
            level1=self.level.level1,
            level2=self.level.level2,
            name=self.name,
            target=self.target,
            actual=self.actual,
            weight=self.weight,
            score=self.score,
            deviation=self.deviation,
            source=self.source,
            level1_points=self.level.points,
            level1_inherited=self.level.level1_inherited,
            level2_inherited=self.level.level2_inherited,
            extra=tuple(self.extra),
        )


class FormRows:
    """What the form reader (:class:`~jixiao.ingest.selfeval.form.FormReader`) is made of besides
    its pass over the lines: the form's naming and cell primitives, and the indicator block.
    The state below is set up by the form reader's ``__init__``."""

    ctx: ReadContext
    title: str
    table: str
    fields: dict[str, str]
    state: str
    indicator_label: str | None
    indicator_header: dict[str, int]
    carry: Level
    drafts: list[Draft]
    subtotal_seen: bool
    total: Figure | None
    total_pending: Line | None
    stray: list[Figure]

    # -- naming --------------------------------------------------------------------
    @property
    def project(self) -> str:
        return self.fields.get("项目名称", "")

    @property
    def subject(self) -> str:
        return self.project or self.title

    def set_field(self, key: str, value: str) -> None:
        # ``table`` names every Source of the form; it is kept as an attribute rather than
        # rebuilt for each cell.
        self.fields[key] = value
        self.table = f"{self.title}（{self.project}）" if self.project else self.title

    def src(self, line: Line, column: int | None = None) -> Source:
        return self.ctx.source(line, table=self.table, column=column)

    def figure(self, line: Line, cell: Cell) -> Figure:
        """A cell that should hold a number (a non-number is reported)."""
        src = self.src(line, cell.col)
        return Figure(cell.text, self.ctx.number(cell.text, src), src)

    def kept(self, line: Line, cell: Cell) -> Figure:
        """A cell kept as written because it fits no column (a number or not)."""
        return Figure(cell.text, parse_decimal(cell.text), self.src(line, cell.col))

    def shifted(self, line: Line, column: int | None, detail: str) -> None:
        self.ctx.report("cell-shifted", self.src(line, column), subject=self.subject, detail=detail)

    def missing(self, line: Line, what: str, column: int | None = None) -> None:
        self.ctx.report("selfeval-field-missing", self.src(line, column), subject=self.subject, field=what)

    def unparsed(self, line: Line) -> None:
        self.ctx.report("selfeval-row-unparsed", self.src(line), subject=self.subject, text=line.text[:60])

    # -- indicators ----------------------------------------------------------------
    def read_indicator_header(self, line: Line, cells: list[Cell]) -> None:
        if cells and BLOCK_LABEL.match(cells[0].norm):
            self.indicator_label = self.indicator_label or cells[0].text
        columns, _ = header_columns(cells, INDICATOR_HEADER, last=False)
        if not self.indicator_header:
            self.indicator_header = columns
        self.state = "indicators"
        self.ctx.place(line)

    def read_indicator_row(self, line: Line, cells: list[Cell]) -> None:
        if cells and BLOCK_LABEL.match(cells[0].norm):
            if self.indicator_label is None:
                self.indicator_label = cells[0].text
            else:
                self.shifted(line, cells[0].col, f"“{cells[0].text}”出现不止一次")
            cells = cells[1:]
            if not cells:
                self.ctx.place(line)
                return
        if all(FILLER.match(c.norm) for c in cells):
            text = " ".join(c.text for c in cells)
            self.ctx.report("selfeval-filler-row", self.src(line), subject=self.subject, text=text)
            self.ctx.place(line)
            return
        if FILLER.match(cells[0].norm):
            self.shifted(line, cells[0].col, f"行首的填充符号“{cells[0].text}”未读取")
            cells = cells[1:]
        labels: list[Cell] = []
        while cells and level_label(cells[0].text):
            labels.append(cells.pop(0))
        if not labels and cells and all(is_number(c) for c in cells):
            self.read_numbers_only(line, cells)
            return
        level, extra_labels = self.apply_labels(line, labels)
        if not cells:
            self.ctx.place(line)  # labels only: they hold for the rows below
            return
        if PLACEHOLDER.match(cells[0].norm) and len(cells) == 1:
            self.ctx.report(
                "selfeval-placeholder-row", self.src(line, cells[0].col), subject=self.subject, text=cells[0].text
            )
            self.ctx.place(line)
            return
        draft = self.indicator(line, cells, level)
        draft.extra[:0] = [self.kept(line, c) for c in extra_labels]
        self.drafts.append(draft)
        self.ctx.place(line)

    def apply_labels(self, line: Line, labels: list[Cell]) -> tuple[Level, list[Cell]]:
        """The labels in force for this row, and the carry-over for the rows below.

        One label is a 一级 if it has points or can only be a 一级, else a 二级; two are
        一级 and 二级. With three, the last is this row's 二级 and the first two belong to
        the rows below when that 二级 is not of the first label's family (the converter
        merged the next row's labels into this one).
        """
        deduped: list[Cell] = []
        for cell in labels:
            if deduped and deduped[-1].norm == cell.norm:
                self.shifted(line, cell.col, f"指标级别“{cell.text}”重复写在相邻两列，按一处读取")
                continue
            deduped.append(cell)
        parsed = [(c, *(level_label(c.text) or ("", None))) for c in deduped]
        carry = self.carry
        inherited = Level(carry.level1, carry.points, carry.level2, True, bool(carry.level2))
        if not parsed:
            return inherited, []
        if len(parsed) == 1:
            _, base, points = parsed[0]
            if points is not None or base in L1_ONLY:
                self.carry = Level(base, points, "")
            else:
                self.carry = Level(carry.level1, carry.points, base)
                return Level(carry.level1, carry.points, base, True, False), []
            return Level(base, points, ""), []
        first, second, last = parsed[0], parsed[1], parsed[-1]
        if len(parsed) == 2:
            self.carry = Level(first[1], first[2], second[1])
            return Level(first[1], first[2], second[1]), []
        middle = [c for c, _, _ in parsed[1:-1]]
        if L2_FAMILY.get(last[1]) != first[1]:
            self.carry = Level(first[1], first[2], second[1])
            detail = (
                f"“{first[0].text}”“{second[0].text}”与本行的二级指标“{last[0].text}”写在同一行；"
                f"本行按沿用的一级指标“{carry.level1}”读取，这两个标签用于下面的行"
            )
            self.shifted(line, first[0].col, detail)
            return Level(carry.level1, carry.points, last[1], True, False), [c for c, _, _ in parsed[2:-1]]
        self.carry = Level(first[1], first[2], last[1])
        detail = f"一级指标“{first[0].text}”与二级指标“{last[0].text}”之间多出标签，已作为多余单元格保留"
        self.shifted(line, middle[0].col if middle else None, detail)
        return Level(first[1], first[2], last[1]), middle

    def take_name(self, line: Line, cells: list[Cell]) -> tuple[Cell, list[Cell]]:
        """The 三级 cell. A name repeated into the next cell, or a cell holding this name
        followed by the next row's, is read once, at the second (header-aligned) cell."""
        name, rest = cells[0], cells[1:]
        if not rest:
            return name, rest
        nxt = rest[0]
        header_col = self.indicator_header.get("name")
        room = len(rest) - 1 >= 3 or (header_col is not None and name.col < header_col)
        a, b = name.norm, nxt.norm
        if room and a == b:
            detail = f"三级指标“{nxt.text}”重复写在第{name.col}列和第{nxt.col}列，按第{nxt.col}列读取"
            self.shifted(line, name.col, detail)
            return nxt, rest[1:]
        if room and a.startswith(b) and len(b) < len(a):
            where = self.src(line, name.col)
            self.ctx.report("selfeval-cells-merged", where, subject=self.subject, text=name.text, actual=name.text)
            return nxt, rest[1:]
        return name, rest

    def indicator(self, line: Line, cells: list[Cell], level: Level) -> Draft:
        name, rest = self.take_name(line, cells)
        header = self.indicator_header
        shift = name.col - header["name"] if "name" in header else 0
        rest, deviation = self.split_deviation(rest, header, shift)
        run = len(rest)
        while run > 0 and is_number(rest[run - 1]):
            run -= 1
        values, numbers = rest[:run], rest[run:]
        subject = name.text
        draft = Draft(level, name.text, EMPTY, EMPTY, None, None, None, self.src(line, name.col))
        draft.deviation = " ".join(c.text for c in deviation) or None
        target, actual, numbers = self.place_values(line, draft, values, numbers, shift)
        if target is not None:
            draft.target = read_target(self.ctx, target.text, self.src(line, target.col), subject, role="target")
        if actual is not None:
            draft.actual = read_target(self.ctx, actual.text, self.src(line, actual.col), subject, role="actual")
        self.place_numbers(line, draft, numbers, shift)
        return draft

    def split_deviation(self, rest: list[Cell], header: dict[str, int], shift: int) -> tuple[list[Cell], list[Cell]]:
        """Trailing prose after the numbers, or in the 偏差原因 column, is the deviation note."""
        last_number = max((i for i, c in enumerate(rest) if is_number(c)), default=-1)
        start = len(rest)
        dev_col = header.get("deviation")
        while start > 0:
            cell = rest[start - 1]
            in_column = dev_col is not None and cell.col >= dev_col + shift
            if is_number(cell) or not (start - 1 > last_number >= 0 or in_column):
                break
            start -= 1
        return rest[:start], rest[start:]

    def place_values(
        self, line: Line, draft: Draft, values: list[Cell], numbers: list[Cell], shift: int
    ) -> tuple[Cell | None, Cell | None, list[Cell]]:
        """年度指标值 and 实际完成值 from the value cells; a numeric 实际完成值 is the first of
        the trailing numbers when three or more follow (actual, weight, score)."""
        header = self.indicator_header
        if len(values) >= 2:
            for cell in values[2:]:
                self.shifted(line, cell.col, f"指标“{draft.name}”多出单元格“{cell.text}”，已作为多余单元格保留")
                draft.extra.append(self.kept(line, cell))
            return values[0], values[1], numbers
        if len(values) == 1:
            cell = values[0]
            split = split_merged(cell.text)
            if split is not None:
                self.ctx.report(
                    "selfeval-cells-merged",
                    self.src(line, cell.col),
                    subject=self.subject,
                    text=cell.text,
                    actual=cell.text,
                )
                return make_cell(cell.col, split[0]), make_cell(cell.col, split[1]), numbers
            if len(numbers) >= 3:
                return cell, numbers[0], numbers[1:]
            if cell.norm in COMPLETION_WORDS:
                self.missing(line, f"指标“{draft.name}”的{FIELD_NAMES['target']}", cell.col)
                return None, cell, numbers
            if len(numbers) == 2 and "actual" in header and numbers[0].col == header["actual"] + shift:
                return cell, numbers[0], numbers[1:]
            self.missing(line, f"指标“{draft.name}”的{FIELD_NAMES['actual']}")
            return cell, None, numbers
        if len(numbers) >= 4:
            return numbers[0], numbers[1], numbers[2:]
        self.missing(line, f"指标“{draft.name}”的{FIELD_NAMES['target']}")
        self.missing(line, f"指标“{draft.name}”的{FIELD_NAMES['actual']}")
        return None, None, numbers

    def place_numbers(self, line: Line, draft: Draft, numbers: list[Cell], shift: int) -> None:
        """分值 and 得分; a lone number goes where the (shifted) header puts it; more are extra."""
        if len(numbers) == 1:
            cell = numbers[0]
            score_col = self.indicator_header.get("score")
            if score_col is not None and cell.col == score_col + shift:
                draft.score = self.figure(line, cell)
            else:
                draft.weight = self.figure(line, cell)
            return
        if len(numbers) >= 2:
            draft.weight = self.figure(line, numbers[0])
            draft.score = self.figure(line, numbers[1])
        for cell in numbers[2:]:
            detail = f"指标“{draft.name}”的得分之后多出数值“{cell.text}”，已作为多余单元格保留"
            self.shifted(line, cell.col, detail)
            draft.extra.append(self.kept(line, cell))

    def read_numbers_only(self, line: Line, cells: list[Cell]) -> None:
        """A line of numbers only: the weight and score of the row above, or the 总分."""
        last = self.drafts[-1] if self.drafts else None
        if last is not None and last.weight is None and last.score is None and not self.subtotal_seen:
            last.weight = self.figure(line, cells[0])
            last.score = self.figure(line, cells[1]) if len(cells) > 1 else None
            last.extra.extend(self.kept(line, c) for c in cells[2:])
            self.shifted(line, cells[0].col, f"指标“{last.name}”的分值、得分写在下一行，已归入该指标")
            self.ctx.place(line)
        elif self.total is None and (self.subtotal_seen or self.total_pending is not None):
            self.total = self.figure(line, cells[0])
            self.stray.extend(self.kept(line, c) for c in cells[1:])
            where = "“总分”标签所在行" if self.total_pending is not None else "小计行"
            self.shifted(line, cells[0].col, f"总分“{cells[0].text}”写在{where}的下一行，已读作总分")
            self.total_pending = None
            self.ctx.place(line)
        else:
            self.unparsed(line)

    def finish_indicators(self) -> tuple[IndicatorResult, ...]:
        for draft in self.drafts:
            line_no = draft.source.line
            where = self.ctx.source(line_no, table=self.table)
            for name, value in (("weight", draft.weight), ("score", draft.score)):
                if value is None:
                    what = f"指标“{draft.name}”的{FIELD_NAMES[name]}"
                    self.ctx.report("selfeval-field-missing", where, subject=self.subject, field=what)
        return tuple(d.freeze() for d in self.drafts)
