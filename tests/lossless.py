"""The per-cell losslessness property (issue 16, item 5), over the rows the model reads cell by cell:
on every line that a record of the model comes from (a table entry, an indicator, a form row), every
non-empty cell is placed in the model (a value of a record of that line, or, for longer text, anywhere
in the model: a name split over lines), or reported (a finding at that line that quotes it). Lines no
record comes from are covered line by line: unplaced text is kept raw (``assert_nothing_lost``)."""

from __future__ import annotations

from collections import defaultdict

from jixiao.ingest.text import clean_cell
from jixiao.serialize import document_dict, jsonable

PLACEHOLDERS = {"-", "—", "－", "/", "–"}


def _strings(node, line, bag, everywhere) -> None:
    if isinstance(node, dict):
        source = node.get("source")
        if isinstance(source, dict) and isinstance(source.get("line"), int):
            line = source["line"]
        for key, value in node.items():
            if key != "source":
                _strings(value, line, bag, everywhere)
    elif isinstance(node, list):
        for value in node:
            _strings(value, line, bag, everywhere)
    elif isinstance(node, (str, int)) and not isinstance(node, bool) and str(node):
        text = _squeezed(str(node))
        bag[line].add(text)
        everywhere.append(text)


def _squeezed(text: str) -> str:
    """Text without white space: a reader may join a cell's words (``产出 指标`` → ``产出指标``)."""
    return "".join(text.split())


def lost_cells(text: str, doc) -> list[tuple[int, int, str]]:
    """The cells (line, column, text) that the model neither placed, kept nor reported."""
    model = jsonable(document_dict(doc))
    bag: dict[int | None, set[str]] = defaultdict(set)
    everywhere: list[str] = []
    _strings({k: v for k, v in model.items() if k not in ("unplaced", "findings")}, None, bag, everywhere)
    joined = "\n".join(everywhere)
    unplaced = {u.source.line for u in doc.unplaced}
    reported: dict[int | None, list[str]] = defaultdict(list)
    for f in doc.findings:
        reported[f.source.line].extend(_squeezed(x) for x in (f.message, f.actual or "") if x)
    lost = []
    for number, raw in enumerate(text.split("\n"), 1):
        here = bag.get(number)
        if number in unplaced or not raw.strip() or not here:
            continue
        if _squeezed(clean_cell(raw.replace("\t", " ")).text) in joined:
            continue  # the whole line is kept in one text of the model (prose that took a table in)
        for column, cell in enumerate(raw.rstrip("\r").split("\t"), 1):
            shown = _squeezed(clean_cell(cell).text)
            if not shown or shown in PLACEHOLDERS:
                continue
            if shown in here or any(shown in s or (len(s) >= 2 and s in shown) for s in here):
                continue
            if len(shown) >= 2 and shown in joined:
                continue
            if any(shown in r for r in reported.get(number, ())):
                continue
            lost.append((number, column, shown))
    return lost
