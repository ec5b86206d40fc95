"""Running the checks over documents: select/ignore by code or tag, contain failures."""

from __future__ import annotations

import importlib
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jixiao.checks.registry import CHECKS, SETTLERS, Check
from jixiao.findings import CATALOGUE, make_finding, summarize
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.source import Source


@dataclass(frozen=True, slots=True)
class Report:
    findings: tuple[Finding, ...]

    @property
    def summary(self) -> dict[str, int]:
        return summarize(self.findings)

    @property
    def has_errors(self) -> bool:
        return self.summary["error"] > 0

    def flatten(self, *fields: str) -> list[list[object]]:
        """``report.flatten("code", "line")`` → ``[["totals-mismatch", 120], …]`` for tests."""
        out = []
        for f in self.findings:
            row = []
            for name in fields:
                row.append(getattr(f.source, name) if name in Source._fields else getattr(f, name))
            out.append(row)
        return out


# The modules of the built-in checks, in the order their findings are reported.
BUILTIN = (
    "accounts", "documents", "goals", "narrative", "selfeval", "evaluation", "wording", "template_text",
    "budget", "budget_documents", "budget_narrative", "statement", "statement_ratios", "forms", "scores",
    "results_applied", "department", "prose", "prose_counts", "prose_repeats", "prose_shares", "admin_paragraphs",
    "ocr_proof",
)  # fmt: skip


def _load_builtin_checks() -> None:
    # importing the modules registers their checks (built-ins use the same decorator as plug-ins)
    for name in BUILTIN:
        importlib.import_module(f"jixiao.checks.{name}")


def _wanted(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    tags = set(CATALOGUE[code].tags) if code in CATALOGUE else set()
    keys = {code} | tags
    if select and not keys & set(select):
        return False
    return not keys & set(ignore)


def run_checks(
    docs: Sequence[Document],
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    strict: bool = False,
    include_reading: bool = True,
) -> Report:
    """All registered checks over ``docs``, plus (by default) what the readers found."""
    _load_builtin_checks()
    found: list[Finding] = []
    if include_reading:
        for doc in docs:
            found.extend(doc.findings)
    for chk in CHECKS:
        if chk.strict and not strict:
            continue
        if select and not any(_wanted(c, select, ignore) for c in chk.codes):
            continue
        targets: Iterable = [docs] if chk.applies_to == "documents" else [d for d in docs if chk.accepts(d)]
        for target in targets:
            found.extend(_run_one(chk, target))
    for settle in SETTLERS:
        found = settle(found, docs)
    kept = [f for f in superseded_left_out(found) if _wanted(f.code, select, ignore)]
    return Report(tuple(_dedupe(kept)))


def superseded_left_out(found: list[Finding]) -> list[Finding]:
    """Leave out, per document, the findings a check's ``supersedes`` names once it reported there."""
    by_code = {code: chk.supersedes for chk in CHECKS if chk.supersedes for code in chk.codes}
    dropped: dict[str, set[str]] = {}
    for f in found:
        if f.code in by_code and f.code not in by_code[f.code]:
            dropped.setdefault(f.source.path, set()).update(by_code[f.code])
    if not dropped:
        return found
    return [f for f in found if f.code not in dropped.get(f.source.path, ())]


def _run_one(chk: Check, target) -> list[Finding]:
    try:
        return list(chk.fn(target))
    except Exception as e:  # a broken check must not stop the others
        path = target.path if isinstance(target, Document) else (target[0].path if target else "")
        return [
            make_finding(
                "check-failed",
                Source(path),
                subject=chk.name,
                error=f"{type(e).__name__}: {e}",
                actual=traceback.format_exc(limit=3),
            )
        ]


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen = set()
    out = []
    for f in findings:
        key = (f.code, f.source, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
