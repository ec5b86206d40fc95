"""Tables printed without ruling lines (borderless, or with horizontal rules only): their cells
placed in columns by where they stand on the page, not by the gaps between them.

Without cell boxes the free-text reader (:mod:`jixiao.ingest.pdf`) turns a wide gap into a tab and
a narrow one into a space: an empty cell disappears (the next amount moves one column to the left),
tight columns run together (``264.87 264.87`` in one cell) and a header wrapped over three lines
becomes three header rows. Here a block of such lines (amount rows, the header lines above them)
is laid out as the ruled reader lays out a table, so the text reader sees the same rows:

1. **Pieces.** Each line is cut into pieces at every visible gap (half a character or more).
2. **Columns from the amounts.** The pieces of the data rows, narrowest first, make the columns:
   a piece that overlaps one column joins it; one that overlaps none starts one; one that overlaps
   two or more spans them (a merged cell) and is not a column of its own.
3. **Headers bottom-up.** Header pieces, from the line next to the data upwards, join the column
   they stand over (the lines of a wrapped header join one cell); a header over a column that has
   no amount at all starts that column. A piece over two or more columns, or one standing a row
   above the header of the column(s) under it, is a spanning header (``收入``, ``决算数``,
   ``一般公共预算财政拨款`` over 小计 | 基本支出 | 项目支出).
4. **Spans by centring.** A spanning header is printed centred over its columns: its span is the
   run of columns (with the ones it overlaps) whose middle is nearest its own, the spans of one
   header row never overlapping.
5. **Rows as the ruled reader writes them.** One header row per level of spanning headers, each
   header at the first column of its span, then the columns' own headers, each in the row below
   the lowest span over it (as a vertically merged cell); then the data rows, every piece in its
   column and an empty cell where nothing is printed.

A block is only laid out when it is a table: at least two rows of two or more pieces, amounts in
its rows; prose, titles, ``单位：`` lines and notes are never part of one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from jixiao.ingest.pdf_geometry import Char

CUT_GAP = 0.45  # a gap of this many font sizes (or a printed space) cuts a line into pieces
NARROW_GAP = 0.12  # …and a gap this narrow where words turn into an amount or one amount ends
MAX_HEADER_LINES = 10
AMOUNT = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+|[-+]?\d{1,3}(?:,\d{3})+")
META = re.compile(
    r"^(?:(?:金额)?单位\s*[:：]|(?:编制)?(?:部门|单位)(?:名称)?\s*[:：]|公开\s*\d+\s*表|注\s*[:：1-9]|说明\s*[:：])"
)
PROSE = re.compile(r"[。；;！？]|[，,]\D")
COLUMN_NUMBERS = re.compile(r"^(?:栏次|\d{1,2})$")

LineText = Callable[..., str]
PAGE_NUMBER = re.compile(r"^[\s\-—–第页共/\d]*$")


@dataclass(slots=True)
class Carry:
    """The columns (left, right) of the table a page ended in, for the same table continued on the
    next page without its header (rows of one panel empty there would lose their column)."""

    columns: list[tuple[float, float]] = field(default_factory=list)


class Piece(NamedTuple):
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    chars: tuple[Char, ...]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class _Column:
    x0: float
    x1: float
    data: bool = False  # holds a piece of a data row
    head_top: float | None = None  # the top of its highest own header piece
    head: list[Piece] = field(default_factory=list)

    def take(self, x0: float, x1: float) -> None:
        self.x0, self.x1 = min(self.x0, x0), max(self.x1, x1)

    def overlaps(self, p: Piece) -> bool:
        return p.x0 < self.x1 and self.x0 < p.x1


def cut(chars: list[Char]) -> list[Piece]:
    """A line's characters (left to right) cut into pieces at each visible gap."""
    out: list[Piece] = []
    run: list[Char] = []
    for c in chars:
        if c.text.isspace():
            if run:
                out.append(_piece(run))
                run = []
            continue
        if run and _cuts(run, c):
            out.append(_piece(run))
            run = []
        run.append(c)
    if run:
        out.append(_piece(run))
    return out


def _cuts(run: list[Char], c: Char) -> bool:
    """Does a cell end between the run so far and ``c``? A visible gap; or, where columns are tight,
    a narrow one next to a Chinese character (they touch within a cell: ``合计 0.00``, ``小计 基本支出``)
    or where one amount ends and the next begins (``0.00 0.00``: two decimals, then a digit)."""
    prev = run[-1]
    gap = (c.x0 - prev.x1) / max(min(c.size, prev.size), 1.0)
    if gap >= CUT_GAP:
        return True
    if gap < NARROW_GAP:
        return False
    if _is_cjk(prev.text) or _is_cjk(c.text):  # Chinese characters touch within a cell
        return True
    return len(run) >= 3 and run[-3].text == "." and prev.text.isdigit() and (c.text.isdigit() or c.text == "-")


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"


def _piece(run: list[Char]) -> Piece:
    return Piece(
        run[0].x0, max(c.x1 for c in run), min(c.top for c in run), max(c.bottom for c in run),
        max(c.size for c in run), tuple(run),
    )  # fmt: skip


class Block(NamedTuple):
    header: int  # index of the first header line
    data: int  # index of the first data line
    end: int  # index of the last data line (inclusive)


def blocks(pieces: list[list[Piece]]) -> list[Block]:
    """The table blocks among a page's free lines (each line's pieces)."""
    texts = [" ".join(p.text for p in ps) for ps in pieces]
    # an amount standing apart by a visible gap (not one that a narrow gap in justified prose cut off)
    amount = [any(AMOUNT.fullmatch(_text(p)) for p in _coarse(ps)) for ps in pieces]
    stop = [not ps or bool(META.match(t) or PROSE.search(t)) or _title(ps) for ps, t in zip(pieces, texts, strict=True)]
    tableish = [not s and all(len(p.text) <= 30 and not PROSE.search(p.text) for p in ps)
                for s, ps in zip(stop, pieces, strict=True)]  # fmt: skip
    out: list[Block] = []
    i, n, previous_end = 0, len(pieces), -1
    while i < n:
        if not amount[i] or stop[i]:
            i += 1
            continue
        j = last = i
        while j + 1 < n and (amount[j + 1] or tableish[j + 1]) and not stop[j + 1]:
            j += 1
            if amount[j]:
                last = j
        if _furniture_after(pieces, j):  # a header repeated at the foot of the page stays with its table
            last = j
        h = i
        while h - 1 > previous_end and i - (h - 1) <= MAX_HEADER_LINES and tableish[h - 1]:
            h -= 1
        if sum(len(pieces[k]) >= 2 for k in range(h, last + 1)) >= 2:
            out.append(Block(h, i, last))
            previous_end = last
        i = last + 1
    return out


def _coarse(ps: list[Piece]) -> list[list[Piece]]:
    """The pieces joined again where only a narrow gap parted them."""
    out: list[list[Piece]] = []
    for p in ps:
        if out and (p.x0 - out[-1][-1].x1) / max(min(p.size, out[-1][-1].size), 1.0) < CUT_GAP:
            out[-1].append(p)
        else:
            out.append([p])
    return out


def _text(group: list[Piece]) -> str:
    return "".join(p.text for p in group)


def _furniture_after(pieces: list[list[Piece]], j: int) -> bool:
    return _page_furniture(pieces[j + 1 :])


def _title(ps: list[Piece]) -> bool:
    return len(ps) == 1 and ps[0].text.rstrip("）)").endswith("表") and len(ps[0].text) >= 5


def stream_rows(
    lines: list[tuple[float, list[Char]]],
    line_text: LineText,
    cell_text: Callable[[list[Char]], str],
    carry: Carry | None = None,
) -> list[tuple[float, str]]:
    """The page's free lines as (top, text): table blocks laid out in columns (tab-separated, an
    empty cell where nothing is printed), every other line by ``line_text`` as before. ``carry``
    takes the columns of a table that runs to the end of the page on to the next page."""
    pieces = [cut(chars) for _, chars in lines]
    found = blocks(pieces)
    out: list[tuple[float, str]] = []
    done = 0
    seed = carry.columns if carry is not None else []
    for b in found:
        out.extend((top, line_text(chars, cells=True)) for top, chars in lines[done : b.header])
        continued = seed if b.header == b.data and _page_furniture(pieces[done : b.header]) else []
        rows, columns = _layout(
            lines[b.header : b.end + 1], pieces[b.header : b.end + 1], b.data - b.header, cell_text, continued
        )
        out.extend(rows)
        done, seed = b.end + 1, columns
    if carry is not None:
        carry.columns = seed if found and _page_furniture(pieces[done:]) else []
    out.extend((top, line_text(chars, cells=True)) for top, chars in lines[done:])
    return out


def _page_furniture(pieces: list[list[Piece]]) -> bool:
    """Nothing but page numbers (or nothing) in these lines."""
    return all(PAGE_NUMBER.match(" ".join(p.text for p in ps)) for ps in pieces)


def _layout(
    lines: list[tuple[float, list[Char]]],
    pieces: list[list[Piece]],
    header_count: int,
    cell_text: Callable[[list[Char]], str],
    continued: list[tuple[float, float]],
) -> tuple[list[tuple[float, str]], list[tuple[float, float]]]:
    """The block's rows and its columns (left, right)."""
    numbered = [k for k in range(len(pieces)) if pieces[k] and all(COLUMN_NUMBERS.match(p.text) for p in pieces[k])]
    header = [k for k in range(header_count) if k not in numbered]
    data = [k for k in range(header_count, len(pieces)) if k not in numbered]
    columns = [_Column(x0, x1, data=True, head_top=-1.0) for x0, x1 in continued]
    for p in sorted((p for k in data for p in pieces[k]), key=lambda p: p.x1 - p.x0):
        hit = [c for c in columns if c.overlaps(p)]
        if not hit:
            columns.append(_Column(p.x0, p.x1, data=True))
        elif len(hit) == 1:
            hit[0].take(p.x0, p.x1)
    tops = [lines[k][0] for k in data]
    pitches = sorted(b - a for a, b in itertools.pairwise(tops) if b > a)
    row_pitch = pitches[len(pitches) // 2] if pitches else 0.0
    spanning: list[Piece] = []
    for k in reversed(header):
        for p in sorted(pieces[k], key=lambda p: p.x1 - p.x0):
            _place_header(columns, spanning, p, row_pitch)
    columns.sort(key=lambda c: c.x0)
    columns = _headed(columns)
    if not columns:
        return [(top, cell_text(chars)) for top, chars in lines], []
    spans = _spans(columns, spanning, row_pitch)
    rows: list[tuple[float, list[list[Char]]]] = []
    for r in range(max((s.level for s in spans), default=-1) + 2):
        rows.append((lines[0][0] + 0.001 * r, [[] for _ in columns]))
    for span in spans:
        rows[span.level][1][span.first].extend(span.chars)
    for ci, col in enumerate(columns):
        # a column's own header goes below every span over it, and below every header row printed
        # a row above it (as a cell merged down over the rows it stands beside)
        covering = [s.level + 1 for s in spans if s.first <= ci <= s.last]
        above = {s.level for s in spans if _above(col.head_top, s.first_piece, row_pitch)}
        rows[max([0, len(above), *covering])][1][ci].extend(c for p in col.head for c in p.chars)
    out = [(top, "\t".join(cell_text(cell) for cell in cells)) for top, cells in rows if any(cells)]
    into = _wrapped_rows(lines, pieces, data)
    merged: dict[int, list[list[Char]]] = {}
    for k in sorted(numbered + data):
        cells = merged.setdefault(into.get(k, k), [[] for _ in columns])
        for p in pieces[k]:
            cells[_column_of(columns, p)].extend(p.chars)
    for k, cells in sorted(merged.items()):
        out.append((lines[k][0], "\t".join(cell_text(sorted(cell, key=lambda c: c.x0)) for cell in cells)))
    return out, [(c.x0, c.x1) for c in columns]


def _wrapped_rows(lines: list[tuple[float, list[Char]]], pieces: list[list[Piece]], data: list[int]) -> dict[int, int]:
    """Lines of a data row's wrapped cell (a long name over two lines, the amounts centred beside
    them): a line without an amount nearer to an amount line than halfway between a line's height and
    the pitch of the rows of amounts, merged into that row (line index → the row's line index)."""
    amounts = [k for k in data if any(AMOUNT.fullmatch(_text(g)) for g in _coarse(pieces[k]))]
    pitches = sorted(lines[b][0] - lines[a][0] for a, b in itertools.pairwise(amounts) if lines[b][0] > lines[a][0])
    if not pitches:
        return {}
    pitch = pitches[0]  # one row: rows of amounts further apart have rows (or wrapped lines) between them
    rows = set(amounts)
    into: dict[int, int] = {}
    for k in data:
        if k in rows or not pieces[k]:
            continue
        height = max(p.bottom - p.top for p in pieces[k])
        # nearer than halfway between a line's height and a row's pitch (and a line's height at most)
        reach = min((height + pitch) / 2, 0.9 * pitch, 1.2 * height)
        near = [m for m in (k - 1, k + 1) if (m in rows or m in into) and abs(lines[m][0] - lines[k][0]) < reach]
        if near:
            m = min(near, key=lambda m: abs(lines[m][0] - lines[k][0]))
            into[k] = into.get(m, m)
    return into


def _place_header(columns: list[_Column], spanning: list[Piece], p: Piece, row_pitch: float) -> None:
    hit = [c for c in columns if c.overlaps(p)]
    if len(hit) >= 2 and sum(c.data for c in hit) <= 1 and not any(_above(c.head_top, p, row_pitch) for c in hit):
        # a wrapped header over the next line of itself (started as a column of its own beside
        # right-aligned amounts it did not overlap) and at most one column of amounts: one column
        keep = next((c for c in hit if c.data), hit[0])
        for c in hit:
            if c is not keep:
                keep.take(c.x0, c.x1)
                keep.head.extend(c.head)
                keep.head_top = (
                    min(t for t in (keep.head_top, c.head_top) if t is not None)
                    if c.head_top is not None
                    else keep.head_top
                )
                columns.remove(c)
        hit = [keep]
    if len(hit) >= 2 or (len(hit) == 1 and _above(hit[0].head_top, p, row_pitch)):
        spanning.append(p)
        return
    if len(hit) == 1:
        col = hit[0]
    else:  # in the gap between columns: over both neighbours' headers a span, else a column of its own
        left = max((c for c in columns if c.x1 <= p.x0), key=lambda c: c.x1, default=None)
        right = min((c for c in columns if c.x0 >= p.x1), key=lambda c: c.x0, default=None)
        if left is not None and right is not None and all(_above(c.head_top, p, row_pitch) for c in (left, right)):
            spanning.append(p)
            return
        col = _Column(p.x0, p.x1)
        columns.append(col)
    col.take(p.x0, p.x1)
    col.head.append(p)
    col.head_top = p.top if col.head_top is None else min(col.head_top, p.top)


def _wrap_pitch(p: Piece, row_pitch: float) -> float:
    """The most a wrapped line of one header cell stands below the line before it: its own height
    and half the padding a table row has beyond that (the data rows' pitch)."""
    height = p.bottom - p.top
    return height + max(row_pitch - height, 0.2 * height) / 2


def _above(head_top: float | None, p: Piece, row_pitch: float) -> bool:
    """Does ``p`` stand a header row above a column's own header (not a wrapped line of it)?"""
    return head_top is not None and head_top - p.top > _wrap_pitch(p, row_pitch)


def _headed(columns: list[_Column]) -> list[_Column]:
    """A column of amounts with no header of its own beside a header with no amounts under it: one
    column (a short header centred over narrow right-aligned amounts does not overlap them)."""
    if not any(c.head for c in columns):
        return columns
    out = list(columns)
    for col in [c for c in columns if c.data and not c.head]:
        k = out.index(col)
        near = [n for n in (out[k - 1] if k else None, out[k + 1] if k + 1 < len(out) else None)
                if n is not None and n.head and not n.data]  # fmt: skip
        if near:
            target = min(near, key=lambda n: min(abs(n.x0 - col.x1), abs(col.x0 - n.x1)))
            target.take(col.x0, col.x1)
            target.data = True
            out.remove(col)
    return out


@dataclass(slots=True)
class _Span:
    level: int
    first: int
    last: int
    chars: list[Char]
    first_piece: Piece


ALIGNED = 1.0  # points: a header starting where a column's text starts is printed flush left over its span


def _spans(columns: list[_Column], spanning: list[Piece], row_pitch: float) -> list[_Span]:
    """Each spanning header's level (its header row, top first) and columns; the lines of a wrapped
    one joined. A header printed flush left spans from its column to the next header of its row (or
    the end of the span above it); a centred one the run of columns whose middle is nearest its own."""
    groups: list[list[Piece]] = []
    for p in sorted(spanning, key=lambda p: (p.top, p.x0)):
        wrapped = next((g for g in groups if g[-1].x0 < p.x1 and p.x0 < g[-1].x1
                        and 0 < p.top - g[-1].top <= _wrap_pitch(p, row_pitch)), None)  # fmt: skip
        if wrapped is not None:
            wrapped.append(p)
        else:
            groups.append([p])
    rows: list[list[list[Piece]]] = []
    for g in sorted(groups, key=lambda g: g[0].top):
        if rows and abs(rows[-1][0][0].top - g[0].top) <= (g[0].bottom - g[0].top) / 2:  # one header row
            rows[-1].append(g)
        else:
            rows.append([g])
    edges = [columns[0].x0] + [(a.x1 + b.x0) / 2 for a, b in itertools.pairwise(columns)] + [columns[-1].x1]
    out: list[_Span] = []
    for level, row in enumerate(rows):
        placed: list[_Span] = []
        row = sorted(row, key=lambda g: min(p.x0 for p in g))
        for n, g in enumerate(row):
            x0, x1 = min(p.x0 for p in g), max(p.x1 for p in g)
            chars = [c for p in g for c in p.chars]
            parent = next(
                (s for s in out if s.level == level - 1 and edges[s.first] <= (x0 + x1) / 2 <= edges[s.last + 1]), None
            )
            lo = max(placed[-1].last + 1 if placed else 0, parent.first if parent else 0)
            hi = parent.last if parent else len(columns) - 1
            if n + 1 < len(row):  # not into the columns of the next header of the row
                following = min(p.x0 for p in row[n + 1])
                while hi >= lo and columns[hi].x1 > following:
                    hi -= 1
            under = [columns[k].head_top is None or _above(columns[k].head_top, g[0], row_pitch)
                     for k in range(len(columns))]  # fmt: skip
            flush = next((k for k in range(lo, hi + 1) if abs(columns[k].x0 - x0) <= ALIGNED), None)
            if flush is not None:
                last = flush
                while last + 1 <= hi and under[last + 1]:
                    last += 1
                placed.append(_Span(level, flush, last, chars, g[0]))
                continue
            mid = (x0 + x1) / 2
            best: tuple[float, int, int] | None = None
            for i in range(lo, hi + 1):
                for j in range(i, hi + 1):
                    if not under[j] or not under[i]:
                        break
                    # centred within a character, over the whole header (the part of it outside the
                    # run counts against it), the widest such run: a header centred over three
                    # columns is centred over the middle one too
                    outside = max(edges[i] - x0, 0.0) + max(x1 - edges[j + 1], 0.0)
                    centring = max(abs((edges[i] + edges[j + 1]) / 2 - mid) - g[0].size, 0.0)
                    cost = centring + outside - 1e-3 * (j - i)
                    if best is None or cost < best[0]:
                        best = (cost, i, j)
            if best is None:  # no column under it: kept over the nearest one, never dropped
                k = min(range(len(columns)), key=lambda k: abs((edges[k] + edges[k + 1]) / 2 - mid))
                best = (0.0, k, k)
            placed.append(_Span(level, best[1], best[2], chars, g[0]))
        out.extend(placed)
    return out


def _column_of(columns: list[_Column], p: Piece) -> int:
    hit = [k for k, c in enumerate(columns) if c.overlaps(p)]
    if hit:
        return hit[0]  # a piece over several columns: a merged cell, written in its first
    return min(range(len(columns)), key=lambda k: abs((columns[k].x0 + columns[k].x1) / 2 - p.mid))
