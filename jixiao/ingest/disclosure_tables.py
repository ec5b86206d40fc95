"""The nine disclosure tables (stub, being written)."""

from __future__ import annotations

from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import Line
from jixiao.model.accounts import Table


def read_tables(ctx: ReadContext, lines: list[Line]) -> list[Table]:
    return []
