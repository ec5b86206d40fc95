"""Checks as plain functions in ordered, named registries.

A check is ``fn(doc: Document) -> Iterable[Finding]`` (or, for checks across documents,
``fn(docs: Sequence[Document]) -> Iterable[Finding]``), registered with :func:`check`
together with the finding codes it may emit. Checks marked ``strict`` run only with
``jixiao check --strict``. A check that raises does not stop the run: the runner turns
the exception into a ``check-failed`` finding that names the check (see runner.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from jixiao.findings import CATALOGUE
from jixiao.model.document import Document
from jixiao.model.finding import Finding

CheckFn = Callable[..., Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Check:
    name: str
    codes: tuple[str, ...]
    applies_to: str  # "final_accounts" | "goal_tables" | "budget" | "any" | "documents" (across documents)
    strict: bool
    fn: CheckFn
    supersedes: tuple[str, ...] = ()  # codes left out for a document on which this check reports

    def accepts(self, doc: Document) -> bool:
        return self.applies_to == "any" or self.applies_to == doc.kind


CHECKS: list[Check] = []


def check(
    *codes: str, applies_to: str = "any", strict: bool = False, supersedes: tuple[str, ...] = ()
) -> Callable[[CheckFn], CheckFn]:
    """Register a check; every code it may emit must be in the catalogue.

    ``supersedes``: when this check reports on a document, the findings of these codes on the
    same document are left out (a finding that says it once for the whole document, such as
    ``document-is-template``, replaces the many it explains)."""
    for code in (*codes, *supersedes):
        if code not in CATALOGUE:
            raise ValueError(f"check emits uncatalogued code {code!r}")

    def register(fn: CheckFn) -> CheckFn:
        CHECKS.append(Check(fn.__name__, codes, applies_to, strict, fn, supersedes))
        return fn

    return register


# Settlers: ``fn(found, docs) -> found`` run by the runner over all findings once the checks have
# run, in registration order — for a finding that changes what others mean (an OCR cell that
# could not be read makes the identities that use it unknown: ``checks.ocr_proof``).
Settler = Callable[[list[Finding], Sequence[Document]], list[Finding]]
SETTLERS: list[Settler] = []


def settles(fn: Settler) -> Settler:
    if fn not in SETTLERS:
        SETTLERS.append(fn)
    return fn
