"""Numbers as the documents print them: the one home of every number format jixiao writes.

- :func:`plain` — a number as a person writes it: no exponent, no trailing zeros
  (``Decimal("92.130")`` → ``92.13``, ``Decimal("1E+2")`` → ``100``, ``-0.0`` → ``0``), optionally
  rounded half-up to at most ``places`` decimals first;
- :func:`pct` — a percentage (the value already × 100) at ``places`` decimals, half-up: ``16.79%``;
- :func:`money` — an amount with thousands separators at ``places`` decimals, half-up
  (``1234.5`` → ``1,234.50``); ``places=None`` keeps the decimals the value has (``91,455.085``);
- :func:`rounded` — a value rounded half-up (or as asked) to the printed number of decimals;
  :func:`places` — how many decimals a number or its printed text shows;
  :func:`printed_as` — is a printed number an exact one rounded half-up or cut at its decimals.

- :func:`in_range` — is a parsed number one jixiao computes with (at most :data:`MAX_DIGITS` digits
  before and after the point, finite): every reader asks it where a number enters, and a number
  out of range stays text with a ``number-out-of-range`` finding.

Every formatter takes ``missing``: what to write for None (a check message says ``（空）``, a
report leaves the cell blank, the monitoring working writes ``—``).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = ["MAX_DIGITS", "brief", "in_range", "money", "pct", "places", "plain", "printed_as", "rounded"]

MAX_PLACES = 12  # a quantum finer than this is beyond any printed figure (and the context's precision)
# The most digits a parsed number may have before the point, and after it: 10^15 万元 is far beyond any
# budget, and two such numbers multiplied still fit the Decimal context without overflow; a longer
# run of digits is an identifier or a damaged cell, not an amount.
MAX_DIGITS = 15
NOT_FINITE = "（无法计算）"  # what a formatter writes for a value that is not a finite number


def in_range(value: Decimal) -> bool:
    """A number jixiao computes with: finite, at most :data:`MAX_DIGITS` digits before the point
    and at most as many after it (``Decimal("1E+20")`` and ``Decimal("0.0000000000000001")`` are not)."""
    if not value.is_finite():
        return False
    exponent = value.as_tuple().exponent
    return value.adjusted() < MAX_DIGITS and isinstance(exponent, int) and -exponent <= MAX_DIGITS


def brief(written: str) -> str:
    """A written number short enough for a message: ``"1234567890…567890（共401位）"`` for a long one."""
    written = written.strip()
    if len(written) <= 24:
        return written
    return f"{written[:10]}…{written[-6:]}（共{len(written)}位）"


def places(value: Decimal | str | None) -> int:
    """Decimals shown: of a Decimal by its exponent (``Decimal("0.970")`` → 3), of printed text
    by what follows the point (``"91,455.09"`` → 2, ``"95%"`` → 0); None → 0."""
    if value is None:
        return 0
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return max(-exponent, 0) if isinstance(exponent, int) else 0
    text = value.replace(",", "").strip()
    return len(text.split(".", 1)[1]) if "." in text else 0


def rounded(value: Decimal, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """``value`` at ``places`` decimals (half-up unless told); unchanged when it cannot be quantized."""
    if not value.is_finite():
        return value
    try:
        return value.quantize(Decimal(1).scaleb(-places), rounding=rounding)
    except InvalidOperation:  # more digits than the context's precision holds
        return value


def printed_as(exact: Decimal, printed: Decimal) -> bool:
    """``printed`` is ``exact`` rounded half-up or cut at the printed number of decimals."""
    at = min(places(printed), MAX_PLACES)
    return printed in (rounded(exact, at), rounded(exact, at, ROUND_DOWN))


def plain(value: Decimal | None, places: int | None = None, *, missing: str = "") -> str:
    """A number as a person writes it: no exponent, no trailing zeros, ``0`` rather than ``-0``.

    With ``places`` the value is first rounded half-up to at most that many decimals.
    """
    if value is None:
        return missing
    if not value.is_finite():
        return NOT_FINITE
    if places is not None:
        value = rounded(value, places)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def pct(value: Decimal | None, places: int = 2, *, missing: str = "") -> str:
    """A percentage (already × 100) at ``places`` decimals, half-up: ``Decimal("16.785")`` → ``16.79%``."""
    if value is None:
        return missing
    if not value.is_finite():
        return NOT_FINITE
    return f"{rounded(value, places):f}%"


def money(value: Decimal | None, places: int | None = 2, *, missing: str = "") -> str:
    """An amount with thousands separators: ``1234.5`` → ``1,234.50`` (half-up at ``places``);
    ``places=None`` keeps the value's own decimals (``Decimal("91455.085")`` → ``91,455.085``)."""
    if value is None:
        return missing
    if not value.is_finite():
        return NOT_FINITE
    if places is None:
        return f"{value:,f}"
    return f"{rounded(value, places):,.{places}f}"
