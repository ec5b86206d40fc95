"""jixiao.numbers: the one home of the number formats (plain, pct, money, rounding to printed places)."""

from __future__ import annotations

import re
from decimal import ROUND_DOWN, Decimal

from hypothesis import given
from hypothesis import strategies as st

from jixiao.numbers import money, pct, places, plain, printed_as, rounded

# amounts as the documents carry them: up to 12 digits before the point, up to 8 after
decimals = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=8, allow_nan=False)
any_places = st.integers(min_value=0, max_value=6)


def test_plain_examples():
    assert plain(Decimal("92.130")) == "92.13"
    assert plain(Decimal("100")) == "100"
    assert plain(Decimal("1E+2")) == "100"
    assert plain(Decimal("378.500000")) == "378.5"
    assert plain(Decimal("0.00")) == "0"
    assert plain(Decimal("-0.0")) == "0"
    assert plain(Decimal("20.88535"), 2) == "20.89"
    assert plain(Decimal("0.97141163"), 4) == "0.9714"
    assert plain(None) == ""
    assert plain(None, missing="（空）") == "（空）"


def test_pct_examples():
    assert pct(Decimal("16.785")) == "16.79%"  # half up, not half even
    assert pct(Decimal("16.775")) == "16.78%"
    assert pct(Decimal("95"), 2) == "95.00%"
    assert pct(Decimal("60"), 1) == "60.0%"
    assert pct(Decimal("97.5"), 0) == "98%"
    assert pct(None) == "" and pct(None, missing="—") == "—"


def test_money_examples():
    assert money(Decimal("1234.5")) == "1,234.50"
    assert money(Decimal("96719.605")) == "96,719.61"  # half up
    assert money(Decimal("0.125")) == "0.13"
    assert money(Decimal("-1234567.891")) == "-1,234,567.89"
    assert money(Decimal("91455.085"), None) == "91,455.085"  # its own decimals
    assert money(Decimal("12"), 0) == "12"
    assert money(None) == "" and money(None, missing="（空）") == "（空）"


def test_places_of_numbers_and_text():
    assert places(Decimal("0.970")) == 3
    assert places(Decimal("1E+2")) == 0
    assert places("91,455.09") == 2
    assert places("95%") == 0
    assert places(" 20.88535 ") == 5
    assert places(None) == 0


@given(decimals)
def test_plain_round_trips(x):
    text = plain(x)
    assert Decimal(text) == x
    assert "E" not in text and not (text.endswith("0") and "." in text) and not text.endswith(".")


@given(decimals, any_places)
def test_rounded_is_half_up_at_the_places(x, p):
    r = rounded(x, p)
    unit = Decimal(1).scaleb(-p)
    assert places(r) == p
    assert abs(r - x) <= unit / 2
    if abs(r - x) == unit / 2:  # a tie goes away from zero
        assert abs(r) > abs(x)


@given(decimals)
def test_money_round_trips_through_decimal(x):
    text = money(x)
    assert re.fullmatch(r"-?\d{1,3}(,\d{3})*\.\d{2}", text), text
    assert Decimal(text.replace(",", "")) == rounded(x, 2)
    assert Decimal(money(x, None).replace(",", "")) == x


@given(decimals, any_places)
def test_pct_is_the_rounded_value_with_a_percent_sign(x, p):
    text = pct(x, p)
    assert text.endswith("%")
    assert Decimal(text[:-1]) == rounded(x, p)
    assert places(text[:-1]) == p


@given(decimals, st.integers(min_value=0, max_value=8))
def test_printed_as_accepts_rounding_and_cutting(x, p):
    assert printed_as(x, rounded(x, p))
    assert printed_as(x, rounded(x, p, ROUND_DOWN))


def test_printed_as_rejects_another_number():
    assert printed_as(Decimal("99.75614267"), Decimal("99.756"))
    assert printed_as(Decimal("99.75614267"), Decimal("99.75"))  # cut
    assert not printed_as(Decimal("99.75614267"), Decimal("99.757"))
