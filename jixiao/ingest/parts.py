"""A document made of several parts: a 决算 with forms inside, an excerpt with a score table and a
paragraph, a “三公” statement with its budget section and its final-accounts section.

The text is cut at **strong boundaries** (:func:`boundaries`): the title of a form or table of a
kind (``…得分表``, ``…自评表``, ``…目标表``, ``…申报表``) and a numbered part heading that names a kind's
subject (``3.部门整体支出绩效自评开展情况``, ``一、2022年“三公”经费预算安排情况``,
``第二部分 …决算…``), wherever it stands on its line (a converter often runs a heading on after the
last row of a table). Each piece is recognised through the same registry as whole documents
(:func:`~jixiao.ingest.registry.detect`), a piece opened by a boundary being taken at a lower
confidence (:data:`PART_THRESHOLD`: the heading itself is evidence); a piece of no kind joins the
part before it. Neighbouring pieces of one kind form one part, unless their headings name
different editions (预算 / 决算): a budget statement followed by a final-accounts statement is two
parts.

:func:`read_parts` reads each part whose kind differs from the document's by its own reader, on the
part's lines only (the rest blanked, columns kept), unless the document is a book (部门决算, 部门预算:
its reader reads the forms and the “三公” section it holds, as before; a kind no book reads, declared
``in_books`` — the 部门整体支出绩效目标表 —, is read by its own reader there too) or the part is a
heading alone. Parts of the document's own kind are read by the document's reader, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.ingest.context import ReadContext
from jixiao.ingest.registry import UNKNOWN, detect, find_kind
from jixiao.ingest.text import Line
from jixiao.model.document import Body, Part
from jixiao.model.source import Source

PART_THRESHOLD = 0.6
_SUBJECT = r"(?:自评|评价|监控|三公|决算|预算|绩效目标)"
PART_TITLE = re.compile(
    r"(?:(?<=^)|(?<=[\s。.．:：]))(?P<title>"
    r"(?:[一二三四五六七八九十]+、|\d{1,2}\s*[.．、](?=\s*(?:[\u4e00-\u9fff]|\d{4}\s*年))|[(（][一二三四五六七八九十]+[)）]"
    r"|第[一二三四五六七八九十]+部分)\s*"
    rf"[^\n。，,；;]{{0,40}}?{_SUBJECT}[^\n。，,；;.]{{0,20}}?(?:情况|报告|说明)"
    r"|(?:\d{4}\s*年度?\s*)?[^\s，。,;；:：|]{0,30}?(?:得分表|评分表|自评表|目标表|申报表|批复表|审批表)"
    r")"
)


@dataclass(frozen=True, slots=True)
class Piece:
    start: tuple[int, int]  # (line number, 1-based column)
    stop: tuple[int, int] | None  # exclusive; None: to the end
    title: str | None


def boundaries(lines: list[Line]) -> list[tuple[int, int, str]]:
    """Every strong boundary: (line number, 1-based column, the heading as printed)."""
    out = []
    for ln in lines:
        if ln.blank or len(ln.raw) > 2000:
            continue
        for m in PART_TITLE.finditer(ln.raw):
            out.append((ln.number, m.start("title") + 1, m.group("title").strip()))
    return out


def pieces(lines: list[Line]) -> list[Piece]:
    marks = boundaries(lines)
    first = next((ln.number for ln in lines if not ln.blank), None)
    if first is None:
        return []
    starts: list[tuple[int, int, str | None]] = []
    if not marks or (marks[0][0], marks[0][1]) != (first, 1 + _indent(lines, first)):
        starts.append((first, 1, None))
    starts.extend(marks)
    return [
        Piece((a, c), (starts[k + 1][0], starts[k + 1][1]) if k + 1 < len(starts) else None, t)
        for k, (a, c, t) in enumerate(starts)
    ]


def _indent(lines: list[Line], number: int) -> int:
    raw = lines[number - 1].raw if 0 < number <= len(lines) and lines[number - 1].number == number else ""
    return len(raw) - len(raw.lstrip())


def cut(lines: list[Line], start: tuple[int, int], stop: tuple[int, int] | None) -> list[Line]:
    """The lines of a piece, every other line blanked and the columns before its start kept as spaces."""
    out = []
    for ln in lines:
        n, raw = ln.number, ln.raw
        if n < start[0] or (stop is not None and (n > stop[0] or (n == stop[0] and stop[1] <= 1))):
            out.append(Line(n, ""))
            continue
        if stop is not None and n == stop[0]:
            raw = raw[: stop[1] - 1]
        if n == start[0]:
            raw = " " * (start[1] - 1) + raw[start[1] - 1 :]
        out.append(Line(n, raw))
    return out


def edition(title: str | None) -> str | None:
    if not title:
        return None
    if "决算" in title:
        return "决算"
    return "预算" if "预算" in title else None


@dataclass(slots=True)
class _Draft:
    kind: str
    title: str | None
    start: tuple[int, int]
    stop: tuple[int, int] | None
    evidence: tuple[str, ...]
    confidence: float


def find_parts(lines: list[Line], default: str = UNKNOWN) -> list[_Draft]:
    """The parts of a text: its pieces recognised, pieces of no kind joined to the part before (a
    text of pieces none of which is recognised on its own is one part of the ``default`` kind, the
    document's)."""
    drafts: list[_Draft] = []
    for piece in pieces(lines):
        last = piece.stop[0] if piece.stop is not None else len(lines)
        own = [ln for ln in cut(lines, piece.start, piece.stop) if piece.start[0] <= ln.number <= last]
        recognition = detect(own)  # (the piece's own lines: long runs of blanked lines slow some patterns)
        best = recognition.best
        kind = recognition.kind
        if kind == UNKNOWN and best is not None and best.detection.confidence >= PART_THRESHOLD:
            kind = best.kind
        evidence = best.detection.evidence if best is not None and kind != UNKNOWN else ()
        confidence = best.detection.confidence if best is not None and kind != UNKNOWN else 0.0
        prev = drafts[-1] if drafts else None
        editions = {edition(piece.title), edition(prev.title) if prev is not None else None}
        if prev is not None and (kind == UNKNOWN or (kind == prev.kind and (None in editions or len(editions) == 1))):
            prev.stop = piece.stop
            continue
        if prev is not None and prev.kind == UNKNOWN:  # a head of no kind joins the first recognised part
            drafts[-1] = _Draft(kind, piece.title, prev.start, piece.stop, evidence, confidence)
            continue
        drafts.append(_Draft(kind, piece.title, piece.start, piece.stop, evidence, confidence))
    if len(drafts) == 1 and drafts[0].kind == UNKNOWN:
        drafts[0].kind = default
    return drafts


def read_parts(ctx: ReadContext, document_kind: str) -> tuple[Part, ...]:
    """The parts of the document in ``ctx`` (already read by ``document_kind``'s reader): each part
    of another kind that the document's reader left mostly unplaced is read by its own reader."""
    drafts = find_parts(ctx.lines, document_kind)
    if len(drafts) <= 1:
        return tuple(_part(ctx, d, document_kind, None) for d in drafts)
    book = document_kind != UNKNOWN and find_kind(document_kind).book
    out = []
    for d in drafts:
        own_reader = d.kind != UNKNOWN and find_kind(d.kind).in_books
        if (book and not own_reader) or d.kind in (UNKNOWN, document_kind) or _heading_only(ctx, d):
            out.append(_part(ctx, d, document_kind, None))
            continue
        sub = ReadContext(ctx.path, cut(ctx.lines, d.start, d.stop), ctx.pages)
        body = find_kind(d.kind).read(sub)
        ctx.findings.extend(sub.findings)
        ctx.placed |= sub.placed
        part = _part(ctx, d, d.kind, body)
        ctx.report(
            "document-part", Source(ctx.path, d.start[0], None, None, None, d.start[1]),
            kind=find_kind(d.kind).title, lines=_range(part), title=d.title or "（无标题）",
            evidence="、".join(d.evidence[:4]) or "（无）",
        )  # fmt: skip
        out.append(part)
    return tuple(out)


def _heading_only(ctx: ReadContext, d: _Draft) -> bool:
    """Whether the part is a heading alone (an annex's title line): nothing printed in it but its title."""
    text = "".join(ln.raw for ln in cut(ctx.lines, d.start, d.stop))
    return not text.replace(d.title or "", "", 1).strip()


def _part(ctx: ReadContext, d: _Draft, read_by: str, body: Body | None) -> Part:
    end = max((ln.number for ln in ctx.lines if not ln.blank), default=d.start[0])
    last_line = d.stop[0] if d.stop is not None and d.stop[1] > 1 else (d.stop[0] - 1 if d.stop else end)
    last_line = max(last_line, d.start[0])
    return Part(
        kind=d.kind, title=d.title, first_line=d.start[0], first_column=d.start[1], last_line=last_line,
        read_by=read_by, body=body, evidence=d.evidence, confidence=Decimal(f"{d.confidence:.2f}"),
    )  # fmt: skip


def _range(part: Part) -> str:
    return f"第{part.first_line}行" if part.first_line == part.last_line else f"第{part.first_line}–{part.last_line}行"
