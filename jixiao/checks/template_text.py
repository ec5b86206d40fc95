"""Template text left in a document: placeholders, fill-in instructions, and a document that is all template.

The vocabulary is :mod:`jixiao.checks.template_vocabulary`. The texts are those of
:func:`jixiao.checks.wording.texts` plus the names a document gives itself and its parts (its
title, the department, table titles, section headings), since a placeholder is as often in a
name (``上海市普陀区XX局``) as in a sentence.

* ``template-placeholder``: each placeholder of a published document, one warning each.
* ``template-instruction``: an instruction to the filler (``仍保留该表格式，并在本表下方作下述
  说明：``), one warning per sentence, also in a table's 注 for the wordings that never belong in
  print (the vocabulary says which).
* ``document-is-template``: a document whose placeholders and instructions outnumber the amounts
  it prints (and are at least :data:`TEMPLATE_MIN`) is the unfilled template itself: it is said
  once, with the count, and the per-site findings, the coverage notes of the readers and the
  checks that need filled-in amounts are left out for it (the check's ``supersedes``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jixiao.checks.registry import check
from jixiao.checks.template_vocabulary import instructions_in, placeholders_in
from jixiao.checks.wording import Text, excerpt, stated_numbers, texts
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.source import Source

TEMPLATE_MIN = 10  # fewer template sites than this is a published document with leftovers, not a template
MONEY_UNITS = frozenset({"万元", "亿元", "元", "%", "％"})

# what a template's findings would repeat, or could not mean, once it is known to be a template
SUPERSEDED = (
    "template-placeholder", "template-instruction", "punctuation-doubled", "percent-sign-missing",
    "narrative-fact-unmatched", "narrative-section-missing", "table-row-missing", "empty-table-note-missing",
    "narrative-item-unexplained",
)  # fmt: skip


def name_texts(doc: Document) -> Iterator[Text]:
    """The names a document gives itself and its parts, each once."""
    seen: list[tuple[str, Source]] = []
    here = doc.accounts.source if doc.accounts is not None else None

    def fixed(text: str, where: str, source: Source | None) -> Iterator[Text]:
        # a name inside another printed at the same place (the department in the title) is that one
        if text and source is not None and not any(text in s and at == source for s, at in seen):
            seen.append((text, source))
            yield Text(text, where, lambda _i: source)

    dept = doc.department
    yield from fixed(doc.title or "", "文档标题", here)
    yield from fixed(dept.name if dept else "", "部门名称", here)
    acc = doc.accounts
    if acc is None:
        return
    for table in acc.tables:
        yield from fixed(table.title, "表题", table.source)
        yield from fixed(table.department or "", f"表“{table.title}”的编制部门", table.source)
    for section in acc.sections:
        yield from fixed(section.part, "标题", section.source)
        yield from fixed(section.heading, "标题", section.source)


def _all_texts(doc: Document) -> Iterator[Text]:
    yield from name_texts(doc)
    yield from texts(doc)


def template_sites(doc: Document) -> Iterator[tuple[str, Text, re.Match[str]]]:
    """Every placeholder and instruction: (code, text, match), each printed site once."""
    seen: set[tuple[str, Source, str, int]] = set()
    for t in _all_texts(doc):
        for code, matches in (("template-placeholder", placeholders_in(t.text)),
                              ("template-instruction", instructions_in(t.text, in_note=t.is_note))):
            for m in matches:
                key = (code, t.locate(m.start()), t.text, m.start())
                if key not in seen:
                    seen.add(key)
                    yield code, t, m


def printed_amounts(doc: Document) -> int:
    """How many amounts and percentages the document prints (narrative numbers and table cells)."""
    count = sum(1 for t in texts(doc) for n in stated_numbers(t.text) if n.unit in MONEY_UNITS)
    if doc.accounts is not None:
        count += sum(1 for table in doc.accounts.tables for e in table.entries for a in e.amounts if a.value)
    return count


@check("template-placeholder", "template-instruction", "document-is-template", applies_to="any", supersedes=SUPERSEDED)
def check_template_text(doc: Document) -> Iterator[Finding]:
    sites = list(template_sites(doc))
    if len(sites) >= TEMPLATE_MIN and len(sites) > (amounts := printed_amounts(doc)):
        _code, first, m = sites[0]
        examples = "、".join(list(dict.fromkeys(f"“{mm.group(0).strip()}”" for _c, _t, mm in sites))[:4])
        yield make_finding("document-is-template", first.locate(m.start()), subject=doc.title or doc.path,
                           count=len(sites), amounts=amounts, examples=examples, actual=len(sites))
        return
    for code, t, m in sites:
        shown = m.group(0).strip() if code == "template-placeholder" else sentence_of(t.text, m.start(), m.end())
        yield make_finding(code, t.locate(m.start()), subject=t.where, where=t.where, text=shown,
                           actual=excerpt(t.text, m.start(), m.end()))


def sentence_of(text: str, start: int, end: int, cap: int = 60) -> str:
    """The sentence around ``text[start:end]`` (to 。；or a line end), at most ``cap`` characters."""
    before = max(text.rfind(c, 0, start) for c in "。；\n") + 1
    after = min((i for i in (text.find(c, end) for c in "。；\n") if i >= 0), default=len(text))
    return text[max(before, start - cap // 2) : min(after, end + cap // 2)].strip()
