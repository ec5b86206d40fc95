"""Computed results kept on the records, so a cold page aggregates them in SQL (issue 20, item 6).

- a self-evaluation's score: ``SelfEvaluation.computed_total`` (to 10 decimals), ``computed_grade``
  and the printed total and grade as read (``computed_published_*``), stamped ``computed_stamp`` =
  :func:`selfeval_stamp` (its version, final accounts and scheme, and :func:`code_digest`);
- a source document's findings as it is now (reading + every check, ``analysis.document_findings``)
  counted as ``[severity, code, n]``: ``SourceDocument.findings_summary``, stamped ``findings_stamp``
  = :func:`document_stamp_digest` (the document's stamp of its records, and :func:`code_digest`).

They are written when a document is imported (the import task), by the batch re-scoring and
re-checking (``bench/province.py``), and by the pages themselves for any record whose stored stamp
is not its current one — after an edit (the version moves), a new link to final accounts, or new
code: only those records are recomputed, the rest are read as stored. The stored values are what
the pages computed before (tests/web/test_stored_results.py).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Count, Prefetch

from jixiao.rules.result import agrees, shown
from jixiao.web.pages import analysis
from jixiao.web.store import models as m

CODE_PARTS = ("rules", "checks", "model", "schemes", "ingest", "web/store/mapping.py", "web/pages/analysis.py")


@cache
def code_digest() -> str:
    """A digest of the code and the schemes the stored results are computed by: new code → new stamps."""
    import jixiao

    root = Path(jixiao.__file__).parent
    h = hashlib.sha256()
    for part in CODE_PARTS:
        path = root / part
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file() and p.suffix != ".pyc")
        for f in files:
            h.update(str(f.relative_to(root)).encode("utf-8"))
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _digest(*parts: Any) -> str:
    return hashlib.sha256(repr((*parts, code_digest())).encode("utf-8")).hexdigest()[:40]


# ---------------------------------------------------------------- self-evaluations


def selfeval_stamp(version: int, final_accounts_id: int | None, scheme: str) -> str:
    return _digest("selfeval", version, final_accounts_id, scheme)


_LINES = Prefetch("budget_lines", queryset=m.SelfEvalBudgetLine.objects.order_by("position", "id"))


def store_scores(ids: Iterable[int]) -> int:
    """Score the forms ``ids`` as they are stored and keep the results on them; how many."""
    rows = (
        m.SelfEvaluation.objects.filter(id__in=list(ids))
        .select_related("final_accounts")
        .defer("snapshot")
        .prefetch_related(_LINES, "indicator_results")
    )
    n = 0
    for se in rows:
        result = analysis.score_selfeval(se)
        # update(): no version bump and no new ``updated`` (the form itself did not change)
        m.SelfEvaluation.objects.filter(pk=se.pk, version=se.version).update(
            computed_total=_exact(result.computed_total),
            computed_grade=result.grade or "",
            computed_published_total=_exact(result.published_total),
            computed_published_grade=result.published_grade or "",
            computed_stamp=selfeval_stamp(se.version, se.final_accounts_id, se.scheme),
        )
        n += 1
    return n


def _exact(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(PLACES, rounding=ROUND_HALF_UP)


PLACES = Decimal("1E-10")  # the stored scores' decimals (SelfEvaluation.computed_total)


@dataclass(frozen=True)
class StoredScore:
    """What the pages show of a form's :class:`ScoreResult`, read from the stored columns."""

    computed_total: Decimal
    published_total: Decimal | None
    grade: str | None
    published_grade: str | None

    @property
    def agrees(self) -> bool | None:
        return agrees(shown(self.computed_total), self.published_total)


def stored_score(se: m.SelfEvaluation) -> StoredScore:
    """The stored score of a form (its stamp current: :func:`refresh_scores` first)."""
    return StoredScore(
        computed_total=se.computed_total if se.computed_total is not None else Decimal(0),
        published_total=se.computed_published_total,
        grade=se.computed_grade or None,
        published_grade=se.computed_published_grade or None,
    )


def refresh_scores(selfevals: Any) -> int:
    """Recompute the stored score of each form of the queryset whose stamp is stale (one query when
    none is); how many were recomputed."""
    rows = selfevals.order_by().values_list("id", "version", "final_accounts_id", "scheme", "computed_stamp")
    stale = [pk for pk, version, fa, scheme, stamp in rows if stamp != selfeval_stamp(version, fa, scheme)]
    return store_scores(stale) if stale else 0


def grade_counts(selfevals: Any) -> dict[str, int]:
    """How many forms of the queryset get each computed grade: the stale ones rescored and stored,
    then counted in SQL."""
    refresh_scores(selfevals)
    counted = selfevals.order_by().values("computed_grade").annotate(n=Count("id"))
    return {row["computed_grade"] or None: row["n"] for row in counted}


# ---------------------------------------------------------------- findings of documents


def document_stamp_digest(stamp: tuple[Any, ...]) -> str:
    return _digest("document", stamp)


def summarise(findings: Iterable[Any]) -> list[list[Any]]:
    """Findings counted as ``[severity, code, n]``, in the order each first occurs (a list, as a
    JSON object's keys lose their order in PostgreSQL)."""
    return [[sev, code, n] for (sev, code), n in Counter((str(f.severity), f.code) for f in findings).items()]


def counted(summaries: Iterable[list[list[Any]]]) -> Counter[tuple[str, str]]:
    """(severity, code) → n over several documents' summaries, in first-occurrence order."""
    out: Counter[tuple[str, str]] = Counter()
    for summary in summaries:
        for sev, code, n in summary:
            out[(sev, code)] += n
    return out


def store_findings(sd: m.SourceDocument, stamp: tuple[Any, ...] | None = None) -> list[list[Any]]:
    """Check the document as it is now and keep the counts of its findings on it."""
    stamp = stamp if stamp is not None else analysis.document_stamp(sd)
    summary = summarise(analysis.document_findings(sd, stamp))
    m.SourceDocument.objects.filter(pk=sd.pk).update(
        findings_summary=summary, findings_stamp=document_stamp_digest(stamp)
    )
    sd.findings_summary, sd.findings_stamp = summary, document_stamp_digest(stamp)
    return summary


def findings_summaries(documents: Sequence[m.SourceDocument]) -> dict[int, list[list[Any]]]:
    """The stored findings counts of each document, recomputed for those whose stamp is stale
    (three queries for the stamps whatever the number of documents)."""
    stamps = analysis.document_stamps(documents)
    out = {}
    for sd in documents:
        stamp = stamps[sd.pk]
        fresh = sd.findings_stamp == document_stamp_digest(stamp)
        out[sd.pk] = list(sd.findings_summary) if fresh else store_findings(sd, stamp)
    return out


def refresh_document(sd: m.SourceDocument) -> list[list[Any]]:
    """After an import: the document's findings counts and the scores of its forms, stored."""
    store_scores(sd.self_evaluations.values_list("id", flat=True))
    return store_findings(sd)
