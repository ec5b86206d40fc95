"""The batch (polars) scoring path against the object path: the 12 real forms of seed 002, ties, random forms.

The object path (score_self_evaluation) is the reference: every two-decimal item score, every
total, grade and agreement flag of the batch path must be the same.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.model.selfeval import BudgetLine, Figure, IndicatorResult, SelfEvaluation
from jixiao.model.source import Source
from jixiao.model.target import EMPTY, Comparison, TargetValue, ValueKind
from jixiao.rules import self_rules, tier_rules
from jixiao.rules.batch import DEC, canonical_values, frame_from_forms, score_frames
from jixiao.rules.result import shown
from jixiao.rules.schemes import load_scheme
from jixiao.rules.score_self import score_self_evaluation

ROOT = Path(__file__).resolve().parent.parent
SCHEMES = ("mof-2020-10", "mof-2021-101")


def _variant_scheme():
    """mof-2020-10 with the vendor's linear reverse formula and the over-performance deduction."""
    text = (ROOT / "jixiao" / "schemes" / "mof-2020-10.yaml").read_text(encoding="utf-8")
    text = text.replace("formula: ratio", "formula: linear").replace("mode: explain-at-130", "mode: deduct")
    assert "formula: linear" in text and "mode: deduct" in text
    return load_scheme("variant.yaml", text=text)


def _all_schemes():
    return [load_scheme(name) for name in SCHEMES] + [_variant_scheme()]


def assert_same(forms, scheme):
    """Batch and object path agree on every item and every total; returns the batch frames."""
    items, budget = frame_from_forms(forms)
    item_scores, totals = score_frames(items, budget, scheme)
    by_project = item_scores.partition_by("project_id", as_dict=True)
    for pid, form in enumerate(forms):
        result = score_self_evaluation(form, scheme)
        total = totals.row(pid, named=True)
        execution = result.items[0]
        assert (total["execution_score"], total["execution_agrees"], total["execution_rule"]) == (
            shown(execution.computed),
            execution.agrees,
            execution.rule,
        ), (pid, execution.explanation)
        assert (total["total"], total["grade"], total["agrees"]) == (
            shown(result.computed_total),
            result.grade,
            result.agrees,
        ), (pid, result.computed_total)
        rows = by_project[(pid,)].sort("row").to_dicts() if form.indicators else []
        assert len(rows) == len(result.items) - 1
        for obj, row in zip(result.items[1:], rows, strict=True):
            got = (row["score"], row["agrees"], row["judged"], row["rule"])
            assert got == (shown(obj.computed), obj.agrees, obj.judged, obj.rule), (pid, obj.name, obj.explanation)
    return item_scores, totals


# -- the real forms of seed 002 ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def forms(accounts_doc):
    return accounts_doc.accounts.self_evaluations


@pytest.mark.parametrize("name", SCHEMES)
def test_seed_forms_agree_with_the_object_path(forms, name):
    assert len(forms) == 12
    assert_same(forms, load_scheme(name))


def test_seed_forms_agree_under_the_variant_scheme(forms):
    assert_same(forms, _variant_scheme())


def test_seed_frames_hold_the_forms_numbers(forms):
    items, budget = frame_from_forms(forms)
    assert items.height == sum(len(f.indicators) for f in forms) == 91
    assert budget.height == 12
    police = items.filter((pl.col("project_id") == 4) & (pl.col("row") == 0)).row(0, named=True)
    assert (police["kind"], police["weight"], police["target"], police["actual"]) == (
        "positive",
        Decimal(10),
        Decimal(38000),
        Decimal(36106),
    )
    assert police["published"] == Decimal("9.5")
    # a share compares as a fraction: "≥90%" vs "91%"
    share = items.filter((pl.col("project_id") == 2) & (pl.col("row") == 4)).row(0, named=True)
    assert (share["target"], share["actual"]) == (Decimal("0.9"), Decimal("0.91"))
    # "未安排" reads as the lowest tier
    exam = items.filter((pl.col("project_id") == 1) & (pl.col("row") == 2)).row(0, named=True)
    assert (exam["kind"], exam["tier"]) == ("qualitative", 2)
    aid = budget.row(10, named=True)
    assert (aid["adjusted"], aid["executed"], aid["published"]) == (
        Decimal("378.5"),
        Decimal("369.27"),
        Decimal("9.756142668"),
    )
    assert items["exact"].all() and budget["exact"].all()


def test_seed_real_scores(forms):
    item_scores, totals = score_frames(*frame_from_forms(forms), load_scheme("mof-2020-10"))
    police = item_scores.filter((pl.col("project_id") == 4) & (pl.col("row") == 0)).row(0, named=True)
    assert (police["score"], police["agrees"]) == (Decimal("9.50"), True)  # 10 × 36106/38000 = 9.5016
    aid = totals.row(10, named=True)  # 法律援助及 12348 业务费: 10 × 369.27/378.5
    assert (aid["execution_score"], aid["total"], aid["published_total"], aid["agrees"], aid["grade"]) == (
        Decimal("9.76"),
        Decimal("99.76"),
        Decimal("99.75614267"),
        True,
        "优",
    )
    hall = totals.row(11, named=True)  # 公共法律服务中心运行费: 有责投诉数 ≤10, actual 3 → full 30, the form says 29.7
    assert (hall["total"], hall["published_total"], hall["agrees"]) == (
        Decimal("99.98"),
        Decimal("99.68412698"),
        False,
    )
    complaints = item_scores.filter((pl.col("project_id") == 11) & (pl.col("row") == 6)).row(0, named=True)
    assert (complaints["rule"], complaints["score"], complaints["published"], complaints["agrees"]) == (
        "reverse",
        Decimal("30.00"),
        Decimal("29.7"),
        False,
    )


# -- exact ties, bounds, frames built by hand ------------------------------------------------------------


def _items_frame(rows, **columns):
    data = {
        "project_id": [0] * len(rows),
        "row": list(range(len(rows))),
        "kind": [r[0] for r in rows],
        "weight": [r[1] for r in rows],
        "target": [r[2] for r in rows],
        "actual": [r[3] for r in rows],
        **columns,
    }
    schema = {"project_id": pl.Int64, "row": pl.Int32, "kind": pl.String}
    schema |= {c: DEC for c in ("weight", "target", "actual")}
    return pl.DataFrame(data, schema=schema | {c: pl.Int8 if c == "tier" else DEC for c in columns})


def _budget_frame(adjusted, executed, weight=Decimal(10)):
    return pl.DataFrame(
        {"project_id": [0], "adjusted": [adjusted], "executed": [executed], "weight": [weight]},
        schema={"project_id": pl.Int64, "adjusted": DEC, "executed": DEC, "weight": DEC},
    )


def test_an_exact_tie_rounds_half_up():
    # 10 × 73/80 = 9.125 exactly; 10 × 8/9 = 8.888… is no tie
    items = _items_frame(
        [("positive", Decimal(10), Decimal(80), Decimal(73)), ("positive", Decimal(10), Decimal(9), Decimal(8))]
    )
    item_scores, totals = score_frames(items, _budget_frame(Decimal(100), Decimal(100)), "mof-2020-10")
    assert item_scores["score"].to_list() == [Decimal("9.13"), Decimal("8.89")]
    # total 10 + 9.125 + 8.888… = 28.013…
    assert totals.row(0, named=True)["total"] == Decimal("28.01")


def test_a_total_on_a_tie_is_added_up_in_decimal():
    # 10 (execution) + 10 × 73/80 = 19.125: the total itself is a tie, made of a division
    items = _items_frame([("positive", Decimal(10), Decimal(80), Decimal(73))])
    _, totals = score_frames(items, _budget_frame(Decimal(50), Decimal(50)), "mof-2020-10")
    total = totals.row(0, named=True)
    assert (total["total"], total["grade"]) == (Decimal("19.13"), "差")


def test_a_total_on_a_grade_boundary():
    # 10 + 80 = 90 exactly: 优 (bands are inclusive at their minimum)
    items = _items_frame([("positive", Decimal(80), Decimal(5), Decimal(7))])
    _, totals = score_frames(items, _budget_frame(Decimal(1), Decimal(1)), "mof-2020-10")
    assert totals.row(0, named=True)["grade"] == "优"


def test_large_values_are_scored_exactly():
    huge = Decimal("12345678901234567.5")
    items = _items_frame([("positive", Decimal(10), huge, huge / 3)])
    item_scores, _ = score_frames(items, _budget_frame(Decimal(1), Decimal(1)), "mof-2020-10")
    row = item_scores.row(0, named=True)
    assert row["score"] == shown(Decimal(10) * self_rules.div(huge / 3, huge))


def test_minimal_frames_and_missing_budget_rows():
    items = _items_frame([("reverse", Decimal(5), Decimal(100), Decimal(150))])  # 5 × 100/150 = 3.33
    empty_budget = pl.DataFrame(schema={"project_id": pl.Int64})
    item_scores, totals = score_frames(items, empty_budget, "mof-2020-10")
    assert item_scores["score"].to_list() == [Decimal("3.33")]
    total = totals.row(0, named=True)  # no budget block: nothing to compute the rate from, nothing published → 0
    assert (total["execution_score"], total["total"]) == (Decimal("0.00"), Decimal("3.33"))


def test_a_malformed_frame_is_refused():
    items = _items_frame([("sideways", Decimal(5), Decimal(1), Decimal(1))])
    with pytest.raises(ValueError, match="unknown kind"):
        score_frames(items, _budget_frame(Decimal(1), Decimal(1)), "mof-2020-10")
    with pytest.raises(ValueError, match="lacks column"):
        score_frames(items.drop("actual"), _budget_frame(Decimal(1), Decimal(1)), "mof-2020-10")


@pytest.mark.parametrize("tier", [0, 1, 2, None])
def test_canonical_tier_words_read_back_as_their_tier(tier):
    target, actual = canonical_values("qualitative-tiers", {"tier": tier})
    assert tier_rules.infer_tier(actual, target)[0] == tier


# -- random forms (hypothesis) ----------------------------------------------------------------------------

SRC = Source("random")
amounts = st.decimals(min_value=0, max_value=5000, places=2, allow_nan=False, allow_infinity=False)
weights = st.sampled_from([Decimal(w) for w in ("0", "2.5", "3", "5", "7", "8", "10", "15", "20", "30")])
words = st.sampled_from(["完成", "已完成", "部分完成", "未安排", "无", "基本", "", "有效提升"])


@st.composite
def numbers(draw):
    """A target/actual pair of one of the forms seen on real forms (counts, shares, years/months)."""
    form = draw(st.sampled_from(["count", "share", "bare-share", "duration", "huge", "negative"]))
    sign = draw(st.sampled_from([Comparison.GE, Comparison.GT, Comparison.LE, Comparison.LT, Comparison.EQ, None]))
    a = draw(st.integers(min_value=0, max_value=400))
    b = draw(st.integers(min_value=0, max_value=500))
    if form == "share":
        ta, tb = Decimal(a) / 4, Decimal(b) / 4
        return (
            TargetValue(f"{ta}%", ValueKind.NUMBER, sign, ta, "%", ratio=ta / 100),
            TargetValue(f"{tb}%", ValueKind.NUMBER, None, tb, "%", ratio=tb / 100),
        )
    if form == "bare-share":  # "≥90%" against a bare "91"
        return (
            TargetValue(f"{a}%", ValueKind.NUMBER, sign, Decimal(a), "%", ratio=Decimal(a) / 100),
            TargetValue(str(b), ValueKind.NUMBER, None, Decimal(b)),
        )
    if form == "duration":
        return (
            TargetValue(f"{a}年", ValueKind.DURATION, sign, Decimal(a), "年"),
            TargetValue(f"{b}个月", ValueKind.DURATION, None, Decimal(b), "个月"),
        )
    scale = Decimal(10) ** 16 if form == "huge" else Decimal(1)
    bb = -Decimal(b) if form == "negative" else Decimal(b) * scale
    return (
        TargetValue(str(a), ValueKind.NUMBER, sign, Decimal(a) * scale, "次"),
        TargetValue(str(bb), ValueKind.NUMBER, None, bb, draw(st.sampled_from(["次", None, "个"]))),
    )


@st.composite
def indicators(draw):
    kind = draw(st.sampled_from(["number", "number", "number", "qualitative", "date", "empty"]))
    if kind == "number":
        target, actual = draw(numbers())
    elif kind == "qualitative":
        word = draw(words)
        target = TargetValue("有效提升", ValueKind.QUALITATIVE, label="有效提升")
        actual = TargetValue(word, ValueKind.QUALITATIVE, label=word) if word else EMPTY
    elif kind == "date":
        day = dt.date(2022, 12, 31)
        late = draw(st.integers(min_value=-40, max_value=40))
        precision = draw(st.sampled_from(["day", "month", "year"]))
        target = TargetValue("2022年12月31日前", ValueKind.DATE, Comparison.LE, date=day, date_precision="day")
        actual = TargetValue("完成日期", ValueKind.DATE, date=day + dt.timedelta(days=late), date_precision=precision)
    else:
        target, actual = EMPTY, draw(st.sampled_from([EMPTY, TargetValue("完成", ValueKind.QUALITATIVE)]))
    weight = draw(st.one_of(weights, st.none()))
    published = draw(st.one_of(st.none(), st.decimals(min_value=-1, max_value=32, places=2)))
    level1 = draw(st.sampled_from(["产出指标", "效益指标", "满意度指标", "", "满意度 指标"]))
    return IndicatorResult(
        level1=level1,
        level2="",
        name="指标",
        target=target,
        actual=actual,
        weight=None if weight is None else Figure(str(weight), weight, SRC),
        score=None if published is None else Figure(str(published), published, SRC),
        deviation=None,
        source=SRC,
    )


@st.composite
def self_evaluations(draw):
    adjusted, executed = draw(st.one_of(amounts, st.none())), draw(st.one_of(amounts, st.none()))
    weight = draw(st.sampled_from([Decimal(10), None, Decimal(8)]))
    line = BudgetLine(
        name="年度资金总额",
        initial=None,
        adjusted=None if adjusted is None else Figure(str(adjusted), adjusted, SRC),
        executed=None if executed is None else Figure(str(executed), executed, SRC),
        weight=None if weight is None else Figure(str(weight), weight, SRC),
        rate=None,
        score=draw(st.sampled_from([None, Figure("10", Decimal(10), SRC), Figure("9.5", Decimal("9.5"), SRC)])),
        source=SRC,
    )
    total = draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)))
    return SelfEvaluation(
        title="项目支出绩效自评表",
        year=2022,
        project="随机项目",
        department=None,
        unit=None,
        phone=None,
        money_unit="万元",
        budget_weight_label=None,
        budget_points=draw(st.sampled_from([Decimal(10), None])),
        budget_lines=draw(st.sampled_from([(line,), ()])),
        goal_expected=None,
        goal_actual=None,
        indicator_weight_label=None,
        indicator_points=None,
        indicators=tuple(draw(st.lists(indicators(), min_size=0, max_size=12))),
        subtotal_weight=None,
        subtotal_score=None,
        total=None if total is None else Figure(str(total), total, SRC),
        low_score_label=None,
        low_score_explanation=None,
        notes=(),
        source=SRC,
    )


@pytest.fixture(scope="module")
def schemes():
    return _all_schemes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(self_evaluations(), min_size=1, max_size=6))
def test_random_forms_agree_with_the_object_path(schemes, random_forms):
    for scheme in schemes:
        assert_same(random_forms, scheme)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(self_evaluations(), min_size=1, max_size=4), st.randoms(use_true_random=False))
def test_repeated_inputs_are_scored_once_and_every_form_still_agrees(schemes, random_forms, rnd):
    """Forms repeated and shuffled: many rows share a rule input, each row keeps its own result."""
    forms = random_forms * 3
    rnd.shuffle(forms)
    for scheme in schemes:
        assert_same(forms, scheme)


def test_rows_differing_in_one_input_column_are_not_merged():
    # same w, A, B: the kind's sign decides (positive: B ≥ A → 10; reverse: 10 × 80/100 = 8);
    # an empty target takes the printed score, which differs between the last two rows
    rows = [("positive", Decimal(10), Decimal(80), Decimal(100)), ("reverse", Decimal(10), Decimal(80), Decimal(100))]
    rows += [("none", Decimal(10), None, None)] * 2
    items = _items_frame(rows, published=[None, None, Decimal(3), Decimal(5)])
    item_scores, totals = score_frames(items, _budget_frame(Decimal(1), Decimal(1)), "mof-2020-10")
    assert item_scores["score"].to_list() == [Decimal(10), Decimal(8), Decimal(3), Decimal(5)]
    assert item_scores["rule"].to_list() == ["positive", "reverse", "accept-published", "accept-published"]
    assert totals["total"].to_list() == [Decimal(36)]


@st.composite
def tie_heavy_rows(draw):
    """Positive/reverse/equal rows with small integers: many exact .xx5 ties and totals on boundaries."""
    kind = draw(st.sampled_from(["positive", "reverse", "equal"]))
    w = draw(st.sampled_from([Decimal(x) for x in ("1", "2.5", "5", "10", "15", "30")]))
    a = Decimal(draw(st.integers(min_value=1, max_value=200)))
    b = Decimal(draw(st.integers(min_value=0, max_value=300)))
    return kind, w, a, b


@settings(max_examples=80, deadline=None)
@given(st.lists(tie_heavy_rows(), min_size=1, max_size=10), amounts, amounts)
def test_tie_heavy_frames_agree_with_the_rules(rows, adjusted, executed):
    """Frames built by hand: each item equals its rule run directly, the total the Decimal sum."""
    scheme = load_scheme("mof-2020-10")
    item_scores, totals = score_frames(_items_frame(rows), _budget_frame(adjusted, executed), scheme)
    total = Decimal(0)
    budget_line = {"adjusted": adjusted, "executed": executed, "initial": None}
    from jixiao.rules.registry import RULES, RuleInput

    total += RULES["execution-rate"](RuleInput(Decimal(10), measured=budget_line)).score
    for (kind, w, a, b), got in zip(rows, item_scores["score"].to_list(), strict=True):
        target, actual = canonical_values(kind, {"kind": kind, "target": a, "actual": b})
        params = dict(scheme.indicators[kind].params)
        if kind in ("positive", "equal"):
            params = {**scheme.over_performance.params(), **params}
        score = self_rules.cap(RULES[kind](RuleInput(w, target, actual), **params).score, w)
        assert got == shown(score), (kind, w, a, b)
        total += score
    assert totals.row(0, named=True)["total"] == shown(total)
    assert totals.row(0, named=True)["grade"] == scheme.grade(total)


# -- the benchmark's generator --------------------------------------------------------------------------


def _bench():
    spec = importlib.util.spec_from_file_location("bench_score", ROOT / "bench" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_data_are_seeded_and_agree_with_the_object_path():
    bench = _bench()
    items, budget = bench.generate(300, seed=7)
    again, _ = bench.generate(300, seed=7)
    assert items.equals(again)
    assert budget.height == 300 and 7 * 300 <= items.height <= 13 * 300
    assert set(items["kind"].unique()) == {"positive", "reverse", "equal", "qualitative"}
    scheme = load_scheme("mof-2020-10")
    item_scores, totals = score_frames(items, budget, scheme)
    forms = bench.forms_from_frames(items, budget)
    # the forms carry the same numbers as the generated frame …
    rebuilt, _ = frame_from_forms(forms)
    columns = ["project_id", "row", "kind", "weight", "target", "actual", "share", "published"]
    assert rebuilt.select(columns).equals(items.select(columns))
    qualitative = pl.col("kind") == "qualitative"  # the tier matters for qualitative rows only
    assert rebuilt.filter(qualitative)["tier"].equals(items.filter(qualitative)["tier"])
    # … and the object path scores them as the batch path did
    assert bench.agreement(forms, scheme, item_scores, totals) == (0, 0)


def test_numbers_a_frame_cannot_hold_are_marked_not_exact(forms):
    from jixiao.rules.batch import _fits

    assert _fits(Decimal("99.75614267")) and _fits(Decimal("1.500000000000000000000")) and _fits(None)
    assert not _fits(Decimal("0.1234567890123456789")) and not _fits(Decimal("1E+20")) and not _fits(Decimal("NaN"))
    odd = forms[4].indicators[0]
    tiny = Figure("0.0000000000000000001", Decimal("0.0000000000000000001"), SRC)
    form = forms[4].__class__(
        **{**_fields(forms[4]), "indicators": (odd.__class__(**{**_fields(odd), "score": tiny}),)}
    )
    items, budget = frame_from_forms([form])
    assert items["exact"].to_list() == [False] and items["published"].to_list() == [None]
    _, totals = score_frames(items, budget, "mof-2020-10")
    assert totals["exact"].to_list() == [False]


def _fields(obj):
    return {name: getattr(obj, name) for name in obj.__slots__}


def test_qualitative_rows_keep_empty_apart_from_undecided():
    """An empty actual (a draft) scores 0 and an actual whose words do not tell scores the scheme's
    default, in the frames as in the object path."""
    from jixiao.rules import batch
    from jixiao.rules.registry import RULES, RuleInput

    assert tier_rules.infer_tier(TargetValue(raw=batch.UNDECIDED_TEXT, kind=ValueKind.QUALITATIVE), None)[0] is None
    scheme = load_scheme("mof-2020-10")
    rows = {"kind": "qualitative", "weight": Decimal(10), "published": None}
    empty = batch.canonical_values("qualitative-tiers", {**rows, "tier": batch.UNANSWERED})[1]
    undecided = batch.canonical_values("qualitative-tiers", {**rows, "tier": None})[1]
    spec = scheme.indicators["qualitative"]
    rule = RULES[spec.rule]
    assert rule(RuleInput(Decimal(10), None, empty), **spec.params).score == 0
    assert rule(RuleInput(Decimal(10), None, undecided), **spec.params).score > 0
