"""Sentence templates: ``"比全年预算<~change:减少|增加><change>万元"`` → a regex and the facts it names.

``<key>`` is a number slot (the fact ``prefix + key``), ``<~key:a|b>`` a word slot (the direction
word becomes the label of the number with the same key, or a worded fact of its own). Keys are
the declared names of :mod:`jixiao.model.facts`. A known sentence that does not match gives
``narrative-fact-unmatched``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from jixiao.ingest.context import ReadContext
from jixiao.ingest.narrative.stated import LABEL_STRIP
from jixiao.ingest.text import parse_decimal
from jixiao.model.accounts import Fact, NarrativeSection

_SLOT = re.compile(r"<(~?)([\w.]+)(?::([^>]+))?>")
NUM_GROUP = r"\d[\d,]*(?:\.\d+)?"
# The same statement in the words of other templates (财政部 决算公开 and provincial guides): a
# template's literal words → the family of wordings it stands for. Numbers may stand apart from
# their label and unit by spaces (``增长 12.08 %``, ``年初预算为 0.95 万元``), as PDF text layers print.
WORDING_FAMILY: tuple[tuple[str, str], ...] = (
    ("支出决算为", "(?:支出)?决算数?为"),  # 支出决算为 / 支出决算数为 / 决算数为
    ("年初预算为", "年初预算数?为"),
    ("全年预算为", "全年预算数?为"),
)


def _family(literal: str) -> str:
    for words, family in WORDING_FAMILY:
        literal = literal.replace(words, family)
    return literal


@lru_cache(maxsize=256)
def compile_template(template: str) -> tuple[re.Pattern[str], tuple[tuple[str, str, str], ...]]:
    """``"比全年预算<~change:减少|增加><change>万元"`` → regex and (group, key, kind) slots."""
    slots: list[tuple[str, str, str]] = []
    out = ""
    pos = 0
    for k, m in enumerate(_SLOT.finditer(template)):
        out += _family(template[pos : m.start()])
        group = f"g{k}"
        if m.group(1):
            out += f"(?P<{group}>{m.group(3) or '[^，。；]+?'})"
            slots.append((group, m.group(2), "word"))
        else:
            out += f"[ \t]*(?P<{group}>{NUM_GROUP})[ \t]*"
            slots.append((group, m.group(2), "number"))
        pos = m.end()
    out += _family(template[pos:])
    return re.compile(out), tuple(slots)


@dataclass(slots=True)
class Facts:
    """The facts read so far; :meth:`apply` reads one template in a section."""

    ctx: ReadContext
    out: list[Fact] = field(default_factory=list)

    def apply(
        self,
        sec: NarrativeSection,
        template: str,
        prefix: str = "",
        *,
        optional: bool = False,
        subject: str | None = None,
        classification: tuple[str, ...] = (),
    ) -> re.Match[str] | None:
        rx, slots = compile_template(template)
        m = rx.search(sec.text)
        if m is None:
            if not optional:
                keys = "、".join(prefix + key for _, key, kind in slots if kind == "number") or prefix
                self.unmatched(sec, keys, _readable(template), subject)
            return None
        self.emit(sec, m, slots, prefix, subject, classification)
        return m

    def emit(self, sec, m, slots, prefix, subject, classification) -> None:
        words = {key: (m.group(g), m.start(g)) for g, key, kind in slots if kind == "word"}
        numbered = {key for _, key, kind in slots if kind == "number"}
        for g, key, kind in slots:
            if kind == "number":
                word = words.get(key, (None, 0))[0]
                self.out.append(
                    fact_at(self.ctx, sec, prefix + key, m.start(g), m.group(g), word, subject, classification)
                )
            elif key not in numbered:
                word, start = words[key]
                label = m.string[m.start() : start].strip(LABEL_STRIP) or key.rsplit(".", 1)[-1]
                source = word_source(self.ctx, sec, start, word)
                self.out.append(Fact(prefix + key, None, None, word, source, label, subject, classification, word))

    def unmatched(self, sec: NarrativeSection, fact: str, wording: str, subject: str | None = None) -> None:
        """``wording``: the template's words (``本年收入合计…万元``) for the message; ``fact`` (the key) is
        kept as the finding's ``expected`` for tools, never shown in the message."""
        what = f"“{subject}”的" if subject and subject not in wording else ""
        self.ctx.report("narrative-fact-unmatched", sec.source, subject=subject or wording, section=sec.heading,
                        what=what, wording=wording, expected=fact)


def word_source(ctx: ReadContext, sec: NarrativeSection, position: int, word: str):
    """The line (and column of the first occurrence there) of a word at ``position``."""
    line = sec.line_at(position)
    if line is None:
        return sec.source
    source = ctx.source(line)
    raw = ctx.lines[line - 1].raw if 0 < line <= len(ctx.lines) else ""
    column = raw.find(word) + 1 if word else 0
    return source.at(column=column) if column > 0 else source


def _readable(template: str) -> str:
    return _SLOT.sub("…", template).replace("?", "").replace("\\", "")


def fact_at(ctx, sec, key, start, raw, word, subject, classification) -> Fact:
    number = next((n for n in sec.numbers if n.position == start), None)
    if number is not None:
        return Fact(
            key, number.value, number.unit, number.raw, number.source, word or number.label, subject, classification
        )
    line = sec.line_at(start)
    source = ctx.source(line) if line else sec.source
    return Fact(key, parse_decimal(raw), None, raw, source, word or "", subject, classification)
