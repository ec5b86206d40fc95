"""Evaluation reports (stub; a helper is writing the reader)."""

from __future__ import annotations

from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import Line
from jixiao.model.evaluation import Evaluation


def read_report(ctx: ReadContext, lines: list[Line]) -> Evaluation | None:
    return None
