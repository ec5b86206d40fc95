"""What the pages compute — always by calling the core on records read back from the store.

- scores: :func:`score_selfeval` (``jixiao.rules.score_self`` on ``mapping.selfeval_to_model``),
  :func:`score_evaluation_row` (``jixiao.rules.score_evaluation``, with the measurement file stored
  with the evaluation, ``Evaluation.measurements``, when there is one);
- findings: :func:`document_findings` (``jixiao.checks.run_checks`` on
  ``mapping.document_from_store``), then :class:`Pins` places each finding on the row and the
  cell it concerns by comparing its ``source`` (line, column) with the records' stored sources;
- charts: :func:`score_chart_svg` draws with matplotlib (``report.common.matplotlib_figure``)
  into inline SVG.

Pages run the checks and the scoring on every view, which costs 0.1–0.6 s on the seeds. The
results are therefore kept in a small in-process cache (:class:`Memo`, least recently used)
backed by Django's cache (a file cache in the data folder, shared by all server processes),
keyed by what they are computed from: a document's id plus a stamp of its workflow records
(count, sum of versions, latest update — every edit, child-row edit and transition bumps the
version), a self-evaluation's id, version and update time, a chart's inputs. A changed record
gives a new key, so nothing stale is shown, and after an edit only one process recomputes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max, Sum

from jixiao.checks import run_checks
from jixiao.model.finding import Finding, Severity
from jixiao.rules.result import ScoreResult, shown
from jixiao.web.store import mapping
from jixiao.web.store import models as m

SELF_SCHEME = "mof-2020-10"
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


MEMOS: list[Memo] = []  # every Memo made, for clear_caches


class Memo:
    """A thread-safe least-recently-used map of computed results in this process, in front of
    Django's cache shared by the server processes (keys are made from ``repr`` of the inputs;
    ``shared=False``: this process only, for results too large to send through the cache)."""

    def __init__(self, size: int, name: str = "memo", shared: bool = True) -> None:
        self.size = size
        self.name = name
        self.shared = shared
        self.items: OrderedDict[Any, Any] = OrderedDict()
        self.lock = threading.Lock()
        MEMOS.append(self)

    def _shared_key(self, key: Any) -> str:
        return f"jixiao:{self.name}:" + hashlib.sha1(repr(key).encode("utf-8")).hexdigest()

    def get(self, key: Any, compute: Any) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        shared = self._shared_key(key)
        value = _shared_get(shared) if self.shared else None
        if value is None:
            value = compute()  # outside the lock: two threads may compute the same key once each
            if self.shared:
                _shared_set(shared, value)
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value

    def peek(self, key: Any) -> Any:
        """The cached value of ``key`` (this process, then the shared cache), or None."""
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return _shared_get(self._shared_key(key)) if self.shared else None

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


FINDINGS_CACHE = Memo(64, "findings")
SCORE_CACHE = Memo(512, "scores")
CHART_CACHE = Memo(64, "charts")


def _shared_get(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception:  # a broken cache must never break a page: compute instead
        return None


def _shared_set(key: str, value: Any) -> None:
    with contextlib.suppress(Exception):  # e.g. an unpicklable value or a full disk: this process only
        cache.set(key, value)


def clear_caches() -> None:
    for memo in MEMOS:
        memo.clear()
    with contextlib.suppress(Exception):
        cache.clear()


# ---------------------------------------------------------------- scores


def score_selfeval(row: m.SelfEvaluation) -> ScoreResult:
    """The core's score of a stored form (cached by id, version and update time)."""
    key = (row.pk, row.version, row.updated, row.final_accounts_id, row.scheme)
    if row.pk is None:
        return _score_selfeval(row)
    return SCORE_CACHE.get(key, lambda: _score_selfeval(row))


def _score_selfeval(row: m.SelfEvaluation) -> ScoreResult:
    from jixiao.rules.score_self import score_self_evaluation

    summary = _summary(row.final_accounts) if row.final_accounts_id else None
    # a form made in the app is scored under the scheme it was made with; a read one under the default
    return score_self_evaluation(mapping.selfeval_to_model(row), row.scheme or SELF_SCHEME, summary=summary)


def score_selfeval_model(form: Any) -> ScoreResult:
    from jixiao.rules.score_self import score_self_evaluation

    return score_self_evaluation(form, SELF_SCHEME)


def _summary(fa: m.FinalAccounts) -> Any:
    from jixiao.model import codec
    from jixiao.model.selfeval import SelfEvaluationSummary

    data = (fa.snapshot or {}).get("self_evaluation_summary")
    return codec.decode(data, SelfEvaluationSummary) if data else None


def measurements_of(row: m.Evaluation) -> Any | None:
    """The measurement file stored with the evaluation (``Evaluation.measurements``), read; None if there is none.

    A stored file that cannot be read raises :class:`SchemeError` with its Chinese reason."""
    from jixiao.rules.measurements import load_measurements

    if not row.measurements.strip():
        return None
    return load_measurements(f"评价报告{row.pk}的测量值", text=row.measurements)


def score_evaluation_row(row: m.Evaluation) -> tuple[ScoreResult | None, Any | None, str | None]:
    """(result, measurements used, error message) for a stored evaluation report (cached)."""
    key = ("evaluation", row.pk, row.title, row.score, row.grade, row.measurements)
    return SCORE_CACHE.get(key, lambda: _score_evaluation_row(row))


def evaluation_model(row: m.Evaluation) -> Any:
    """``mapping.evaluation_to_model(row)`` (cached like :func:`score_evaluation_row`)."""
    return SCORE_CACHE.get(("evaluation-model", row.pk, row.title, row.score, row.grade), lambda: _evaluation(row))


def _evaluation(row: m.Evaluation) -> Any:
    return mapping.evaluation_to_model(row)


def final_accounts_model(row: m.FinalAccounts) -> Any:
    """``mapping.final_accounts_to_model(row)``, cached by id and the stamp of its forms and reports."""
    key = ("final-accounts", row.pk, *final_accounts_stamp(row))
    return FINDINGS_CACHE.get(key, lambda: mapping.final_accounts_to_model(row))


def final_accounts_stamp(row: m.FinalAccounts) -> tuple[Any, ...]:
    """What changes whenever a record read back by ``final_accounts_to_model(row)`` changes: its
    forms (count, versions, latest change) and its evaluation reports (which, and their scores)."""
    forms = row.self_evaluations.aggregate(n=Count("id"), versions=Sum("version"), latest=Max("updated"))
    evaluations = tuple(row.evaluations.order_by("id").values_list("id", "score", "grade", "title", "year"))
    return (row.created, forms["n"], forms["versions"], forms["latest"], evaluations)


def _score_evaluation_row(row: m.Evaluation) -> tuple[ScoreResult | None, Any | None, str | None]:
    from jixiao.rules.schemefile import SchemeError
    from jixiao.rules.score_evaluation import score_evaluation

    evaluation = evaluation_model(row)
    try:
        measured = measurements_of(row)
        return score_evaluation(evaluation, measurements=measured), measured, None
    except SchemeError as e:
        return score_evaluation(evaluation), None, f"测量值文件无法使用：{e}"


def shown_score(value: Decimal | None) -> str:
    return "" if value is None else format(shown(value), "f")


# ---------------------------------------------------------------- findings


def document_findings(sd: m.SourceDocument, stamp: tuple[Any, ...] | None = None) -> list[Finding]:
    """Reading findings plus every check, on the document as it is now in the store (cached).

    ``stamp``: the document's :func:`document_stamp` when the caller has it already (from
    :func:`document_stamps`, three queries for any number of documents)."""
    key = (sd.pk, stamp if stamp is not None else document_stamp(sd))
    found = FINDINGS_CACHE.get(key, lambda: _document_findings(sd))
    return list(found)


def _document_findings(sd: m.SourceDocument) -> tuple[Finding, ...]:
    doc = mapping.document_from_store(sd)
    return tuple(sorted(run_checks([doc]).findings, key=_order))


def document_stamp(sd: m.SourceDocument) -> tuple[Any, ...]:
    """What changes whenever a record read back by ``document_from_store(sd)`` changes."""
    stamp: list[Any] = [sd.created]
    for model in (m.Project, m.SelfEvaluation):
        found = model.objects.filter(source_document_id=sd.pk).aggregate(
            n=Count("id"), versions=Sum("version"), latest=Max("updated")
        )
        stamp += [found["n"], found["versions"], found["latest"]]
    stamp.append(m.Evaluation.objects.filter(source_document_id=sd.pk).count())
    return tuple(stamp)


def document_stamps(documents: Sequence[m.SourceDocument]) -> dict[int, tuple[Any, ...]]:
    """:func:`document_stamp` of each document, in three queries whatever their number."""
    ids = [sd.pk for sd in documents]
    parts: dict[int, list[Any]] = {sd.pk: [sd.created] for sd in documents}
    for model in (m.Project, m.SelfEvaluation):
        found = {
            row["source_document_id"]: row
            for row in model.objects.filter(source_document_id__in=ids)
            .values("source_document_id")
            .annotate(n=Count("id"), versions=Sum("version"), latest=Max("updated"))
            .order_by()
        }
        for pk, stamp in parts.items():
            row = found.get(pk)
            stamp += [row["n"], row["versions"], row["latest"]] if row else [0, None, None]
    evaluations = dict(
        m.Evaluation.objects.filter(source_document_id__in=ids)
        .values("source_document_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("source_document_id", "n")
    )
    return {pk: (*stamp, evaluations.get(pk, 0)) for pk, stamp in parts.items()}


def _order(f: Finding) -> tuple[int, int, int]:
    return (SEVERITY_ORDER.get(str(f.severity), 3), f.source.line or 0, f.source.column or 0)


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(str(f.severity) for f in findings)
    return {s: counts.get(s, 0) for s in ("error", "warning", "info")}


@dataclass
class Pinned:
    """Findings of one row: those on a known cell (by column) and the rest of the row."""

    cells: dict[int, list[Finding]] = field(default_factory=dict)
    row: list[Finding] = field(default_factory=list)

    @property
    def all(self) -> list[Finding]:
        return [f for fs in self.cells.values() for f in fs] + self.row

    @property
    def worst(self) -> str:
        found = self.all
        return min((str(f.severity) for f in found), key=lambda s: SEVERITY_ORDER.get(s, 3)) if found else ""

    def cell(self, column: int) -> list[Finding]:
        return self.cells.get(column, [])

    def cell_class(self, column: int) -> str:
        found = self.cell(column)
        if not found:
            return ""
        worst = min((str(f.severity) for f in found), key=lambda s: SEVERITY_ORDER.get(s, 3))
        return f"pin pin-{worst}"


class Pins:
    """Findings of one file, looked up by the line span of a row and the column of a cell."""

    def __init__(self, findings: Sequence[Finding], path: str | None = None) -> None:
        self.findings = [f for f in findings if f.source.line is not None and (path is None or f.source.path == path)]
        self.used: set[int] = set()

    def take(self, first: int, last: int, columns: Iterable[int] = (), *, others: bool = True) -> Pinned:
        """Findings on lines ``first..last`` (inclusive); those on a listed column go to that cell.

        With ``others=False`` a finding on another column is left for another row of the same
        line (the other side of a two-sided table).
        """
        wanted = set(columns)
        out = Pinned()
        for i, f in enumerate(self.findings):
            if i in self.used or not (first <= (f.source.line or 0) <= last):
                continue
            col = f.source.column
            if col is not None and col in wanted:
                out.cells.setdefault(col, []).append(f)
            elif others or col is None:
                out.row.append(f)
            else:
                continue
            self.used.add(i)
        return out

    def rest(self, first: int = 0, last: int = 10**9) -> list[Finding]:
        """Findings in the span not yet pinned to any row."""
        return self.take(first, last).row


def spans(starts: Sequence[int | None], end: int) -> list[tuple[int, int]]:
    """Line spans ``[start, next start - 1]`` for rows starting at ``starts`` (None → empty span)."""
    known = [s for s in starts if s is not None]
    out = []
    for s in starts:
        if s is None:
            out.append((0, -1))
            continue
        later = [k for k in known if k > s]
        out.append((s, (min(later) - 1) if later else end))
    return out


def src(data: Any) -> tuple[int | None, int | None]:
    """(line, column) of a stored source (``codec.encode(Source)``)."""
    if isinstance(data, dict):
        return data.get("line"), data.get("column")
    if data is not None and hasattr(data, "line"):
        return data.line, data.column
    return None, None


# ---------------------------------------------------------------- charts


def score_chart_svg(labels: Sequence[str], computed: Sequence[Decimal], published: Sequence[Decimal | None]) -> str:
    """Horizontal bars of computed vs published scores as inline SVG (matplotlib, Chinese fonts; cached)."""
    key = (tuple(labels), tuple(computed), tuple(published))
    return CHART_CACHE.get(key, lambda: _score_chart_svg(labels, computed, published))


def _score_chart_svg(labels: Sequence[str], computed: Sequence[Decimal], published: Sequence[Decimal | None]) -> str:
    from jixiao.report.common import matplotlib_figure

    n = len(labels)
    if n == 0:
        return ""
    fig = matplotlib_figure(9.0, 0.3 * n + 0.9)
    ax = fig.add_subplot(111)
    ys = list(range(n))
    ax.barh([y + 0.2 for y in ys], [float(c) for c in computed], height=0.38, color="#2f5d8a", label="计算得分")
    ax.barh([y - 0.2 for y in ys], [float(p or 0) for p in published], height=0.38, color="#c9a227", label="表中得分")
    ax.set_yticks(ys)
    ax.set_yticklabels([_short(s) for s in labels], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 105)
    ax.axvline(90, color="#999", linewidth=0.6, linestyle="--")
    ax.tick_params(axis="x", labelsize=8)
    ax.legend(fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Title": "计算得分与表中得分", "Creator": None, "Date": None})
    svg = buf.getvalue()
    return svg[svg.find("<svg") :]


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def severity_label(severity: Severity | str) -> str:
    return SEVERITY_LABEL.get(str(severity), str(severity))
