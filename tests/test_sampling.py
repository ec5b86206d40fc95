"""Drawing a sample of self-evaluations (jixiao.monitor.sampling): seeded random, by amount, by
findings — deterministic — and the review compared with the self score (the 10号 bands)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.monitor.sampling import Candidate, compare, draw, review_total
from jixiao.rules.schemes import shipped_self_scheme

POOL = [
    Candidate(1, Decimal("17"), 3, 2),
    Candidate(2, Decimal("4.4586"), 3, 0),
    Candidate(3, Decimal("188.4"), 3, 3),
    Candidate(4, Decimal("450"), 0, 0),
    Candidate(5, Decimal("499.9735"), 1, 1),
    Candidate(6, None, 0, 6),
]


def test_random_is_reproducible_from_the_seed():
    first = draw(POOL, 3, "random", seed=42)
    assert [c.key for c in first] == [c.key for c in draw(list(reversed(POOL)), 3, "random", seed=42)]
    assert len({c.key for c in first}) == 3
    seeds = {tuple(c.key for c in draw(POOL, 3, "random", seed=s)) for s in range(20)}
    assert len(seeds) > 1  # the seed matters


def test_by_amount_largest_first_and_by_findings_errors_first():
    assert [c.key for c in draw(POOL, 3, "amount")] == [5, 4, 3]
    assert [c.key for c in draw(POOL, 3, "findings")] == [3, 1, 2]  # 3 errors each; warnings break ties
    assert [c.key for c in draw(POOL, 10, "amount")] == [5, 4, 3, 1, 2, 6]  # all when fewer than asked


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="未知的抽样方式"):
        draw(POOL, 1, "lottery")


def test_review_total_and_grade_change():
    bands = shipped_self_scheme("mof-2020-10").grades
    assert review_total([Decimal("10"), None]) is None
    total = review_total([Decimal("10"), Decimal("60.5"), Decimal("15")])
    assert total == Decimal("85.5")
    c = compare(Decimal("99.7561426700"), total, bands)
    assert c.difference == Decimal("-14.2561426700")
    assert (c.self_grade, c.review_grade, c.grade_changed) == ("优", "良", True)
    assert not compare(Decimal("95"), Decimal("91"), bands).grade_changed


candidates = st.lists(
    st.builds(Candidate, key=st.integers(0, 10**6),
              amount=st.one_of(st.none(), st.decimals(0, 10**6, places=4, allow_nan=False, allow_infinity=False)),
              errors=st.integers(0, 9), warnings=st.integers(0, 9)),
    unique_by=lambda c: c.key, max_size=30)


@given(candidates, st.integers(1, 40))
def test_terms_state_the_parameter_that_admitted_the_sample(pool, size):
    """By amount the threshold is the smallest amount drawn and no form left out has more; by
    findings no form left out has more errors than the condition; only a random sample has a seed."""
    from jixiao.monitor.sampling import terms
    from jixiao.numbers import plain

    for method in ("amount", "findings"):
        drawn = draw(pool, size, method)
        t = dict(terms(method, size, drawn).params)
        assert "随机种子" not in t and t["抽取"] == f"前{len(drawn)}份"
        left = [c for c in pool if c not in drawn]
        if method == "amount":
            known = [c.amount for c in drawn if c.amount is not None]
            if known:
                assert t["入选门槛"] == f"全年预算数≥{plain(min(known))}"
                assert all((c.amount or 0) <= min(known) for c in left)
        elif drawn:
            least = min(c.errors for c in drawn)
            assert t["入选条件"] == f"错误≥{least}个" and all(c.errors <= least for c in left)
    assert dict(terms("random", size, draw(pool, size, "random", 5), 5).params) == {"随机种子": "5"}
