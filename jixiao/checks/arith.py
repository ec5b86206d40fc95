"""Comparing published numbers: exact, within rounding (尾数误差), or wrong.

The documents round every amount to 0.01 万元; a sum of n rounded amounts can be off by
up to 0.01 per summand without anybody having made a mistake. The rule (issue #8): an
exact match passes; a gap within 0.01 × number of summands is an ``info`` finding that
says 尾数误差; a larger gap is an ``error`` with the expected and actual values.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from jixiao import numbers
from jixiao.findings import make_finding
from jixiao.model.finding import Finding
from jixiao.model.source import Source

CENT = Decimal("0.01")


def total(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def verdict(expected: Decimal, actual: Decimal, summands: int = 1, unit: Decimal = CENT) -> str:
    """``"ok"``, ``"rounding"`` or ``"mismatch"``."""
    gap = abs(expected - actual)
    if gap == 0:
        return "ok"
    if gap <= unit * max(summands, 1):
        return "rounding"
    return "mismatch"


MISSING = "（空）"  # how a check message shows a number the document does not give


def plain(value: Decimal | None, places: int | None = None) -> str:
    """A number in a check message: :func:`jixiao.numbers.plain`, ``（空）`` when missing."""
    return numbers.plain(value, places, missing=MISSING)


def sum_findings(
    code: str, expected: Decimal, actual: Decimal, summands: int, source: Source, **params
) -> list[Finding]:
    """An error ``code`` for a wrong sum, the ``rounding-gap`` info within 0.01 per summand, nothing
    when exact. ``params`` fill the message of ``code``; ``subject``, ``what`` and ``rule`` also fill
    the rounding-gap message."""
    outcome = verdict(expected, actual, summands)
    if outcome == "ok":
        return []
    if outcome == "rounding":
        subject = params.get("subject")
        what = f"{subject}{params.get('what', '')}" if subject else params.get("what", "")
        return [
            make_finding(
                "rounding-gap",
                source,
                subject=subject,
                expected=plain(expected),
                actual=plain(actual),
                what=what,
                rule=params.get("rule", ""),
                gap=plain(abs(expected - actual)),
                summands=summands,
            )
        ]
    return [make_finding(code, source, expected=plain(expected), actual=plain(actual), **params)]


def ratio_verdict(
    printed: Decimal, places: int, numerator: Decimal, num_half: Decimal, denominator: Decimal, den_half: Decimal
) -> tuple[str, Decimal]:
    """A printed percent against numerator ÷ denominator × 100: ``"ok"`` when it is the exact
    ratio rounded to the ``places`` printed; ``"rounding"`` when it lies within the range the
    rounded inputs allow (each known to ± its half unit: ``num_half``, ``den_half``);
    ``"mismatch"`` otherwise. Also returns the exact ratio (for the message)."""
    hundred = Decimal(100)
    exact = numerator / denominator * hundred
    q = Decimal(1).scaleb(-places)
    if numbers.rounded(exact, places) == printed:
        return "ok", exact
    low = max(numerator - num_half, Decimal(0)) / (denominator + den_half) * hundred
    high = (numerator + num_half) / max(denominator - den_half, Decimal("1e-9")) * hundred
    return ("rounding" if low - q / 2 <= printed <= high + q / 2 else "mismatch"), exact
