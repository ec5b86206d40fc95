"""Self-evaluation forms and the summary table (stub; a helper is writing the reader)."""

from __future__ import annotations

from jixiao.ingest.context import ReadContext
from jixiao.ingest.text import Line
from jixiao.model.selfeval import SelfEvaluation, SelfEvaluationSummary


def read_summary(ctx: ReadContext, lines: list[Line]) -> SelfEvaluationSummary | None:
    return None


def read_form(ctx: ReadContext, lines: list[Line]) -> SelfEvaluation | None:
    return None
