"""A page or section printed twice: a run of consecutive paragraphs that repeats, word for word,
paragraphs printed earlier in the same document (a PDF whose 主要职能 page was put in twice).

Paragraphs are compared without white space; only paragraphs of at least ``MIN_PARAGRAPH``
characters count (headings and short boilerplate such as ``本表无数据`` repeat legitimately). A
run is reported when it has at least ``MIN_RUN`` paragraphs of at least two different texts and
``MIN_RUN_CHARS`` characters, or two paragraphs of ``LONG_RUN_CHARS`` characters: once per run, at its
first paragraph, naming where the first copy is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.checks.prose import prose_texts
from jixiao.checks.registry import check
from jixiao.checks.wording import Text
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.source import Source

MIN_PARAGRAPH = 15
MIN_RUN = 3
MIN_RUN_CHARS = 150
LONG_RUN_CHARS = 300


def _key(text: str) -> str:
    return re.sub(r"\s+", "", text)


def repeated_runs(paragraphs: list[Text]) -> Iterator[list[tuple[Text, Text]]]:
    """Runs of consecutive paragraphs (repeat, first copy) that each repeat an earlier paragraph."""
    first: dict[str, Text] = {}
    run: list[tuple[Text, Text]] = []
    for t in paragraphs:
        key = _key(t.text)
        if len(key) < MIN_PARAGRAPH:
            continue
        if key in first and first[key].locate(0) != t.locate(0):
            run.append((t, first[key]))
            continue
        first.setdefault(key, t)
        if run:
            yield run
            run = []
    if run:
        yield run


def _reportable(run: list[tuple[Text, Text]]) -> bool:
    chars = sum(len(_key(t.text)) for t, _ in run)
    distinct = len({_key(t.text) for t, _ in run})
    return len(run) >= 2 and (
        chars >= LONG_RUN_CHARS or (len(run) >= MIN_RUN and distinct >= 2 and chars >= MIN_RUN_CHARS)
    )


def _place(src: Source) -> str:
    """The line (a section's page is where the section starts, not where this paragraph is)."""
    return f"第{src.line}行" if src.line is not None else ""


@check("text-repeated")
def check_repeated_text(doc: Document) -> Iterator[Finding]:
    # the 注 printed under every form of a kind, and a form's own fields, repeat by design
    # (projects of a target-table book may share a purpose word for word: a table, not a page printed twice)
    paragraphs = [t for t in prose_texts(doc) if not t.is_note and not t.where.startswith(("自评表", "项目“"))]
    for run in repeated_runs(paragraphs):
        if not _reportable(run):
            continue
        here, there = run[0][0].locate(0), run[0][1].locate(0)
        yield make_finding(
            "text-repeated",
            here,
            subject=run[0][0].where,
            where=f"“{run[0][0].where}”一节{_place(here)}起",
            first=(_place(there) + "起") if there.line is not None else "前文",
            count=len(run),
            chars=sum(len(_key(t.text)) for t, _ in run),
            text=_key(run[0][0].text)[:20],
            actual=_key(run[0][0].text)[:40],
        )
