"""Checks on score tables read on their own (:class:`~jixiao.model.selfeval.ScoreTable`, rows read
by :mod:`jixiao.ingest.score_rows`) and on the scores stated in prose beside them.

- **Σ分值** of the rows (alternatives marked 可选项 counting once) against the printed total
  分值, else against 100 when the table shows its top (a title or a header) and prints a total
  row — a table that starts inside an excerpt, or is cut short, is not summed (warning).
- **Σ得分** of a complete table (every row that is not an alternative scored, no level left
  unfilled) against its printed total score (error; 0.01 per row is 尾数误差); a printed total
  row whose score is blank is a warning.
- **A score stated in prose** (``自评得分 90 分``) against the one complete table of the same
  scope (a 项目 table is not compared with a sentence about 部门整体支出, nor the reverse): against
  its printed total, else the sum of its scores (error).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks.arith import plain, sum_findings, total
from jixiao.checks.evaluation import rate_finding
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.selfeval import ScoreTable, SelfEvaluationForms, StatedScore

FULL_MARKS = Decimal(100)
OPTIONAL = "可选"


def _forms(doc: Document) -> list[SelfEvaluationForms]:
    return [f for f in doc.all_bodies() if isinstance(f, SelfEvaluationForms)]


def _name(table: ScoreTable) -> str:
    return table.title or f"第{table.source.line}行起的得分表（无标题）"


def weight_sum(table: ScoreTable) -> Decimal:
    """Σ分值 of the rows, a run of alternatives (可选项) counted once at its largest weight."""
    out = Decimal(0)
    run: Decimal | None = None
    for item in table.items:
        if item.weight is None:
            continue
        if OPTIONAL in item.level3:
            run = max(run or Decimal(0), item.weight)
            continue
        out += run or 0
        run = None
        out += item.weight
    return out + (run or 0)


def _scores(table: ScoreTable) -> list[Decimal]:
    return [i.score for i in table.items if i.score is not None]


@check("score-weights-sum", applies_to="any")
def score_weights(doc: Document) -> Iterator[Finding]:
    for forms in _forms(doc):
        for table in forms.score_tables:
            if not table.items or table.open_levels:
                continue
            if table.total_weight is not None and table.total_weight.value is not None:
                expected, rule = table.total_weight.value, "按表中总分分值"
            elif table.total_row is not None and table.title:
                expected, rule = FULL_MARKS, "按满分"
            else:
                continue
            got = weight_sum(table)
            if got != expected:
                yield make_finding(
                    "score-weights-sum", table.source, subject=_name(table), rule=rule,
                    expected=plain(expected), actual=plain(got),
                )  # fmt: skip


@check("score-sum-mismatch", "score-total-blank", "rounding-gap", applies_to="any")
def score_totals(doc: Document) -> Iterator[Finding]:
    for forms in _forms(doc):
        for table in forms.score_tables:
            if table.total_row is None or not table.items:
                continue
            scores = _scores(table)
            if table.total is None:
                label = "总分"
                yield make_finding(
                    "score-total-blank", table.total_row, subject=_name(table), label=label,
                    scored=plain(total(scores)), actual="（空）",
                )  # fmt: skip
                continue
            if not table.complete or table.total.value is None:
                continue
            yield from sum_findings(
                "score-sum-mismatch", total(scores), table.total.value, len(scores), table.total.source,
                what=f"“{_name(table)}”总分", rule="各项得分之和",
            )  # fmt: skip


def scope(text: str) -> str | None:
    """部门整体 or 项目, from the words of a title, a level or a sentence (None when neither)."""
    whole = bool(re.search(r"整体|部门决策|部门管理|部门绩效", text))
    project = bool(re.search(r"项目(?:支出|决策|管理|绩效|产出|效益)", text))
    if whole == project:
        return None
    return "whole" if whole else "project"


def _table_scope(table: ScoreTable) -> str | None:
    return scope(table.title or "") or scope(" ".join({i.level1 for i in table.items}))


def _stated_scope(stated: StatedScore) -> str | None:
    return scope(stated.sentence or stated.raw)


@check("score-out-of-range", "score-rate-mismatch", applies_to="any")
def score_rows(doc: Document) -> Iterator[Finding]:
    """Each row's 得分 within [0, 分值], and its printed 得分率 = 得分 ÷ 分值."""
    for forms in _forms(doc):
        for table in forms.score_tables:
            for item in table.items:
                if item.score is not None and item.weight is not None and not 0 <= item.score <= item.weight:
                    yield make_finding(
                        "score-out-of-range", item.source, subject=_name(table), item=item.name,
                        actual=item.raw_score or plain(item.score), weight=plain(item.weight),
                    )  # fmt: skip
                    continue
                yield from rate_finding(
                    _name(table), f"指标“{item.name}”", item.score, item.weight, item.raw_rate, item.source,
                    "score-rate-mismatch",
                )  # fmt: skip


@check("score-stated-mismatch", applies_to="any")
def score_stated(doc: Document) -> Iterator[Finding]:
    for forms in _forms(doc):
        for stated in forms.stated_scores:
            wanted = _stated_scope(stated)
            same = [t for t in forms.score_tables if t.items and (wanted is None or _table_scope(t) in (wanted, None))]
            if len(same) != 1 or not same[0].complete:  # which table the sentence speaks of is not certain
                continue
            table = same[0]
            if table.total is not None and table.total.value is not None:
                expected, basis = table.total.value, "表中总分"
            else:
                expected, basis = total(_scores(table)), "表中各项得分合计"
            if expected != stated.score:
                yield make_finding(
                    "score-stated-mismatch", stated.source, stated=stated.raw.strip(), subject=_name(table),
                    basis=basis, expected=plain(expected), actual=plain(stated.score),
                )  # fmt: skip
