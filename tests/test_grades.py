"""jixiao.model.grades: grading a score into 优/良/中/差 under the bands a scheme or a report carries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jixiao.model.grades import EVALUATION_BANDS, GRADES, GradeBand, GradeBands
from jixiao.rules.evaluation_schemes import EvaluationScheme
from jixiao.rules.schemes import SelfScheme, load_scheme, shipped_schemes

TEN = GradeBands.of((("优", 90), ("良", 80), ("中", 60), ("差", 0)))  # 财预〔2020〕10号 第十八条

scores = st.decimals(min_value=Decimal("-10"), max_value=Decimal("110"), places=4, allow_nan=False)


@pytest.mark.parametrize(
    ("score", "grade"),
    [("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.9999", "中"), ("60", "中"), ("59.5", "差"),
     ("0", "差"), ("-1", None)],
)
def test_bounds_are_inclusive(score, grade):
    assert TEN.grade(Decimal(score)) == grade


def test_bands_are_kept_highest_first_whatever_the_order_given():
    shuffled = GradeBands.of((("中", 60), ("优", 90), ("差", 0), ("良", 80)))
    assert shuffled == TEN
    assert [b.grade for b in shuffled] == list(GRADES)
    assert shuffled.pairs() == (("优", 90), ("良", 80), ("中", 60), ("差", 0))
    assert len(shuffled) == 4 and shuffled[0] == GradeBand("优", Decimal(90))


def test_no_bands_grade_nothing():
    empty = GradeBands(())
    assert not empty and empty.grade(Decimal(95)) is None
    assert empty.ranges_text() == ""


@given(scores, scores)
def test_grade_is_monotone_in_score(a, b):
    low, high = sorted((a, b))
    rank = {g: i for i, g in enumerate(GRADES)}
    g_low, g_high = TEN.grade(low), TEN.grade(high)
    if g_low is not None:  # a higher score never gets a worse grade
        assert g_high is not None and rank[g_high] <= rank[g_low]


@given(scores)
def test_the_grade_is_the_highest_band_reached(score):
    grade = EVALUATION_BANDS.grade(score)
    reached = [b for b in EVALUATION_BANDS if score >= b.min]
    assert grade == (max(reached, key=lambda b: b.min).grade if reached else None)


def test_texts():
    assert TEN.thresholds_text() == "90分（含）以上为优、80分（含）以上为良、60分（含）以上为中、其余为差"
    assert EVALUATION_BANDS.ranges_text() == (
        "90分（含）以上为“优”，80分（含）至90分为“良”，70分（含）至80分为“中”，70分以下为“差”"
    )


def test_the_schemes_carry_their_bands():
    for name in shipped_schemes():
        scheme = load_scheme(name)
        bands = scheme.grades if isinstance(scheme, SelfScheme) else scheme.grade_bands
        assert isinstance(bands, GradeBands) and bands, name
        if isinstance(scheme, SelfScheme):
            assert scheme.grade(Decimal("89.99")) == bands.grade(Decimal("89.99"))
    self_scheme = load_scheme("mof-2020-10")
    assert self_scheme.grades == TEN
    assert self_scheme.grade(Decimal("59.99")) == "差"


def test_an_evaluation_scheme_without_bands_uses_the_evaluation_default():
    text = """\
kind: evaluation
name: tiny
sections:
  - name: 决策
    weight: 100
    children:
      - name: 立项依据充分性
        weight: 100
        rule: eval-check-points
        params: {checks: [符合法律法规]}
"""
    scheme = load_scheme("tiny.yaml", text)
    assert isinstance(scheme, EvaluationScheme)
    assert scheme.grade_bands == EVALUATION_BANDS
    assert scheme.grade(Decimal(75)) == "中"  # 70 for an evaluation, not the self-evaluation's 60
