"""Prose parts of a 部门决算 (stub; a helper is writing the full reader)."""

from __future__ import annotations

from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import Line
from jixiao.model.accounts import Fact, NarrativeSection


def read_prose(ctx: ReadContext, lines: list[Line], part: str) -> list[NarrativeSection]:
    body = [ln for ln in lines if not ln.blank]
    if not body:
        return []
    ctx.place(body)
    text = "\n".join(ln.text for ln in body)
    return [NarrativeSection(part, part, (part,), text, (), (), ctx.source(body[0]))]


def extract_facts(ctx: ReadContext, sections: list[NarrativeSection]) -> list[Fact]:
    return []
