"""Batch scoring: many self-evaluation forms at once, as polars frames, equal to the object path.

The object path (:func:`jixiao.rules.score_self.score_self_evaluation`) scores one form with
``Decimal`` rules. This module scores the same forms as columns, fast enough for a finance
bureau's hundred thousand submissions, and gives **the same two-decimal scores, agreements and
grades**, item by item and in totals. Two public functions:

* :func:`frame_from_forms` turns ``SelfEvaluation`` objects into the two input frames, using the
  object path's own helpers (``indicator_type``, ``compare``, ``infer_tier``, ``share_of``,
  ``total_line``), so a row holds exactly the numbers the object path's rules would see;
* :func:`score_frames` scores the frames under a self-evaluation scheme.

Input frames
------------
``items_df``: one row per indicator (年度绩效指标). Decimal columns are ``Decimal(38, 18)``.

=================  ==========  ========================================================================
column             dtype       meaning
=================  ==========  ========================================================================
project_id         any         the form (joins with ``budget_df``)                          (required)
row                Int32       position of the indicator in its form, from 0; totals add in this order
kind               String      ``indicator_type`` of the 年度指标值: positive | reverse | equal |
                               qualitative | date | none (empty target)                     (required)
weight             Decimal     分值 w; null when not a number (the item then scores 0)      (required)
target             Decimal     A as the rules compare it (``compare()``: shares as fractions, 年 in
                               months); null when A and B are not comparable numbers        (required)
actual             Decimal     B likewise (a negative B counts as 0)                        (required)
level1             String      一级指标 as printed ("产出指标"); picks a scheme's ``level1`` rule
name               String      三级指标, for display
share              Decimal     B as a satisfaction share (``share_of``), null when it is not one
tier               Int8        qualitative tier read from the actual (``infer_tier``): 0 达成,
                               1 部分达成, 2 未达成, null when the text does not tell
published          Decimal     得分 printed on the form, null when blank
target_date        Date        a date target (时效), with ``target_date_precision`` day|month|year
actual_date        Date        a date actual, with ``actual_date_precision``
exact              Boolean     every number above was held exactly (false only for a number with
                               more than 18 decimals or of 10^20 or more; such a row is not exact)
=================  ==========  ========================================================================

``budget_df``: one row per form, from the 年度资金总额 row of the budget block.

===============  ========  =====================================================================
project_id       any       the form                                                   (required)
initial          Decimal   年初预算数
adjusted         Decimal   调整后预算数 / 全年预算数 (the default base of 预算执行率)
executed         Decimal   全年执行数
weight           Decimal   分值 of the row, else the form's "(10分)"; null → the scheme's weight
published        Decimal   得分 printed on the row
published_total  Decimal   总分 printed on the form
project          String    项目名称, for display
exact            Boolean   as for items
===============  ========  =====================================================================

Output frames
-------------
``item_scores_df`` (project_id, row, rule, score, published, agrees, judged, via_rule) and
``project_totals_df`` (project_id, project, execution_rule, execution_score, execution_published,
execution_agrees, total, published_total, agrees, grade, via_rule, exact). ``score``,
``execution_score`` and ``total`` are ``Decimal(38, 2)``: the object path's ``shown()`` values.
``agrees`` is the object path's test (|shown − published| ≤ 0.01), null when nothing is published.
``via_rule`` says the value was settled by running the registered ``Decimal`` rule (see below).

Exact arithmetic, and why it equals the object path
---------------------------------------------------
Float division is not used anywhere. Every number is read from the ``Decimal(38, 18)`` column as
its physical ``Int128`` (value × 10^18); inputs are worked in units of 10^-9 (they must be whole
there, which every written number is) and scores in units U = 10^-18 of a point, in ``Int128``.
A rule's score is then an exact rational: without a division (qualitative tiers, the form's own
score, tiered bands, w × share) it is a whole number of U; with one (w·B/A, w·A/B,
w·(2A−B)/A, the 101号 threshold, the execution rate) long division gives ``floor`` in U and
whether a remainder is left. Bounds (|A|, |B| < 10^15, w < 10^4 points) keep every product
below 2^127; a row outside them is scored by the rule itself, as below.

The object path computes the same quantities in ``Decimal``: a quotient to 34 digits, products
and sums to 28. Its value differs from the exact rational by less than 10^-22 of a point per
operation, far below one U. So:

* an item with no division has the exact value in both paths, and half-up rounding to 0.01
  (``(u + 5·10^15) // 10^16``) gives the same cents, ties included;
* an item with a division lies in [floor, floor + 1 U); the cents are settled when rounding
  gives the same cents anywhere in [floor − 1 U, floor + 2 U]. Otherwise (the exact value is a
  .xx5 tie, or within 10^-18 of one) the row is handed to the registered rule, which is the
  object path's arithmetic itself, and its ``Decimal`` decides (``via_rule``);
* a total lies in [L − n − 1, L + n + m + 1] U, where L is the sum of floors, n the number of
  division rows and m the number with a remainder (with n = 0 every term is exact in both paths,
  and so is the sum: under 10^9 points with 18 decimals fits 28 digits, so the interval is just
  L); when the cents and the grade band are the same over that whole interval they are the
  object path's; else the form's total is added up in ``Decimal`` in the object path's order
  (预算执行率 first, then the items by ``row``), the division rows by their rules, the others by
  their exact values (equal as ``Decimal``). This assumes fewer than 10^5 items in a form.

Ties are real: w = 10, A = 80, B = 73 gives exactly 9.125. The benchmark's data hand about one
row in 300 to the rules (shares such as 0.80 make many ties).

Rows that are always scored by their rule: rules this module does not
vectorise (``deadline`` dates, plug-in rules), over-performance ``deduct`` rows beyond the
threshold, and rows outside the bounds. The rule gets a canonical ``RuleInput`` rebuilt from the
row (A and B as plain numbers with the comparison sign of ``kind``; the share; the dates; a
tier word that ``infer_tier`` reads back as ``tier``), which the object path's rules score exactly
as the original. Everything is in [0, w], as the object path caps it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from math import ceil
from pathlib import Path
from typing import Any

import polars as pl

from jixiao.model.selfeval import Figure, SelfEvaluation
from jixiao.model.target import Comparison, TargetValue, ValueKind
from jixiao.rules import self_rules
from jixiao.rules.registry import RuleInput
from jixiao.rules.schemes import EXECUTION, RuleSpec, SelfScheme
from jixiao.rules.score_self import indicator_rule, indicator_type, resolve_scheme, run_rule, total_line

__all__ = ["BUDGET_COLUMNS", "ITEM_COLUMNS", "frame_from_forms", "score_frames"]

DEC = pl.Decimal(38, 18)
SCORE = pl.Decimal(38, 2)
ITEM_COLUMNS: dict[str, Any] = {
    "project_id": pl.Int64,
    "row": pl.Int32,
    "name": pl.String,
    "level1": pl.String,
    "kind": pl.String,
    "weight": DEC,
    "target": DEC,
    "actual": DEC,
    "share": DEC,
    "tier": pl.Int8,
    "published": DEC,
    "target_date": pl.Date,
    "target_date_precision": pl.String,
    "actual_date": pl.Date,
    "actual_date_precision": pl.String,
    "exact": pl.Boolean,
}
BUDGET_COLUMNS: dict[str, Any] = {
    "project_id": pl.Int64,
    "project": pl.String,
    "initial": DEC,
    "adjusted": DEC,
    "executed": DEC,
    "weight": DEC,
    "published": DEC,
    "published_total": DEC,
    "exact": pl.Boolean,
}
KINDS = ("positive", "reverse", "equal", "qualitative", "date", "none")

ZERO = Decimal(0)
S9 = 10**9  # inputs are worked in units of 1e-9
S18 = 10**18  # scores are worked in units U = 1e-18 of a point
CENT = 10**16  # one cent (0.01 point) in U
HALF_CENT = 5 * 10**15
W9_MAX = 10**13  # weights below 10^4 points
V9_MAX = 10**24  # targets and actuals below 10^15
LIMIT = 10**20  # a Decimal(38, 18) holds values below 10^20


# -- building the frames from model objects ------------------------------------------------------------


def frame_from_forms(forms: Iterable[SelfEvaluation]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(items_df, budget_df)`` for the forms; ``project_id`` is the form's position (0, 1, …)."""
    items: dict[str, list[Any]] = {c: [] for c in ITEM_COLUMNS}
    budget: dict[str, list[Any]] = {c: [] for c in BUDGET_COLUMNS}
    for pid, form in enumerate(forms):
        _budget_row(budget, pid, form)
        for row, it in enumerate(form.indicators):
            pair = self_rules.compare(it.target, it.actual)
            comparable = isinstance(pair, self_rules.Pair)
            target_date = it.target.date if it.target is not None else None
            actual_is_date = it.actual is not None and it.actual.kind == ValueKind.DATE and it.actual.date is not None
            numbers = {
                "weight": _figure(it.weight),
                "target": pair.a if comparable else None,
                "actual": pair.b if comparable else None,
                "share": self_rules.share_of(it.actual, it.target),
                "published": _figure(it.score),
            }
            exact = True
            for column, value in numbers.items():
                fits = _fits(value)
                exact = exact and fits
                items[column].append(value if fits else None)
            items["project_id"].append(pid)
            items["row"].append(row)
            items["name"].append(it.name)
            items["level1"].append(it.level1)
            items["kind"].append(indicator_type(it.target) or "none")
            items["tier"].append(self_rules.infer_tier(it.actual, it.target)[0])
            items["target_date"].append(target_date)
            items["target_date_precision"].append(it.target.date_precision if target_date is not None else None)
            items["actual_date"].append(it.actual.date if actual_is_date else None)
            items["actual_date_precision"].append(it.actual.date_precision if actual_is_date else None)
            items["exact"].append(exact)
    return pl.DataFrame(items, schema=ITEM_COLUMNS), pl.DataFrame(budget, schema=BUDGET_COLUMNS)


def _budget_row(budget: dict[str, list[Any]], pid: int, form: SelfEvaluation) -> None:
    line = total_line(form)
    weight = _figure(line.weight) if line is not None else None
    if weight is None:
        weight = form.budget_points
    numbers = {
        "initial": _figure(line.initial) if line is not None else None,
        "adjusted": _figure(line.adjusted) if line is not None else None,
        "executed": _figure(line.executed) if line is not None else None,
        "weight": weight,
        "published": _figure(line.score) if line is not None else None,
        "published_total": _figure(form.total),
    }
    exact = True
    for column, value in numbers.items():
        fits = _fits(value)
        exact = exact and fits
        budget[column].append(value if fits else None)
    budget["project_id"].append(pid)
    budget["project"].append(form.project or None)
    budget["exact"].append(exact)


def _figure(figure: Figure | None) -> Decimal | None:
    return None if figure is None else figure.value


def _fits(value: Decimal | None) -> bool:
    """Whether a Decimal(38, 18) column holds ``value`` exactly (below 10^20, at most 18 decimals)."""
    if value is None:
        return True
    if not value.is_finite() or abs(value) >= LIMIT:
        return False
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    extra = -18 - exponent  # decimals beyond the 18th must all be zeros
    return extra <= 0 or not any(digits[-extra:])


# -- scoring --------------------------------------------------------------------------------------------


def score_frames(
    items_df: pl.DataFrame, budget_df: pl.DataFrame, scheme: SelfScheme | str | Path = "mof-2020-10"
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Score the frames under ``scheme``: ``(item_scores_df, project_totals_df)`` (see the module doc)."""
    scheme = resolve_scheme(scheme)
    items = _prepare(items_df, ITEM_COLUMNS, ("project_id", "row", "kind", "weight", "target", "actual"))
    budget = _prepare(budget_df, BUDGET_COLUMNS, ("project_id",))
    budget = _with_missing_projects(budget, items)
    items, specs = _with_specs(items, scheme)
    items = _score_items(items, specs)
    budget = _score_execution(budget, items, scheme)
    decided: dict[tuple[str, int], Decimal] = {}
    items = _settle_by_rule(items, "item", specs, decided)
    budget = _settle_by_rule(budget, "budget", [_execution_spec(scheme)], decided)
    totals = _totals(items, budget, scheme, specs, decided)
    return _item_output(items), totals


def _prepare(df: pl.DataFrame, columns: Mapping[str, Any], required: tuple[str, ...]) -> pl.DataFrame:
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValueError(f"batch frame lacks column(s) {', '.join(missing)}")
    filled = [
        (pl.lit(True) if c == "exact" else pl.lit(None)).cast(dtype).alias(c)
        for c, dtype in columns.items()
        if c not in df.columns
    ]
    out = df.with_columns(filled)
    casts = [pl.col(c).cast(dtype) for c, dtype in columns.items() if c != "project_id" and out.schema[c] != dtype]
    return out.with_columns(casts).with_row_index("_idx")


def _with_missing_projects(budget: pl.DataFrame, items: pl.DataFrame) -> pl.DataFrame:
    """A form with indicators but no budget row is scored as one with an empty budget block."""
    ids = items.select(pl.col("project_id").unique())
    missing = ids.join(budget.select("project_id"), on="project_id", how="anti")
    if missing.height == 0:
        return budget
    filler = missing.with_columns(
        [pl.lit(None).cast(t).alias(c) for c, t in BUDGET_COLUMNS.items() if c not in ("project_id", "exact")]
        + [pl.lit(True).alias("exact")]
    ).select([c for c in budget.columns if c != "_idx"])
    return pl.concat([budget.drop("_idx"), filler.cast(budget.drop("_idx").schema)]).with_row_index("_idx")


# -- which rule scores which row ------------------------------------------------------------------------


def _with_specs(items: pl.DataFrame, scheme: SelfScheme) -> tuple[pl.DataFrame, list[tuple[str, dict[str, Any]]]]:
    """Each row's rule as ``_spec``, an index into the distinct (rule, params) returned: the object path's
    ``indicator_rule``, asked once per distinct kind and 一级."""
    unknown = items.filter(~pl.col("kind").is_in(KINDS))
    if unknown.height:
        raise ValueError(f"unknown kind {unknown['kind'][0]!r} (expected one of {', '.join(KINDS)})")
    specs: list[tuple[str, dict[str, Any]]] = []
    choice: dict[str, list[Any]] = {"kind": [], "level1": [], "_spec": []}
    for kind, level1 in items.select("kind", "level1").unique().rows():
        rule_spec = indicator_rule(None if kind == "none" else kind, level1, scheme)
        spec = (rule_spec.rule, dict(rule_spec.params))
        if spec not in specs:
            specs.append(spec)
        choice["kind"].append(kind)
        choice["level1"].append(level1)
        choice["_spec"].append(specs.index(spec))
    table = pl.DataFrame(choice, schema={"kind": pl.String, "level1": pl.String, "_spec": pl.Int32})
    return items.join(table, on=["kind", "level1"], how="left", nulls_equal=True, maintain_order="left"), specs


# -- exact integer working ------------------------------------------------------------------------------


def _phys(column: str) -> pl.Expr:
    return pl.col(column).to_physical()


def _nine(column: str) -> tuple[pl.Expr, pl.Expr]:
    """A Decimal column in units of 1e-9 and whether it is whole there and inside the bounds."""
    p = _phys(column)
    bound = W9_MAX if column == "weight" else V9_MAX
    return p // S9, (p % S9 == 0) & (p.abs() < bound * S9)


def _with_working(df: Any, columns: Iterable[str]) -> Any:
    exprs = []
    for column in columns:
        nine, fits = _nine(column)
        exprs += [nine.alias(f"_{column}9"), fits.fill_null(True).alias(f"_{column}_fits")]
    return df.with_columns(exprs)


def _quotient(num: pl.Expr, den: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """``num / den`` (num in U·1e-9 scale: w9 × ratio numerator) as floor in U and "a remainder is left"."""
    first = num // den
    rest = (num % den) * S9
    return first * S9 + rest // den, (rest % den) != 0


def _cents(units: pl.Expr) -> pl.Expr:
    return (units + HALF_CENT) // CENT


def _fraction9(value: Decimal) -> int | None:
    """A scheme share in units of 1e-9, or None when it has more decimals."""
    scaled = Decimal(value) * S9
    return int(scaled) if scaled == scaled.to_integral_value() else None


class _Score:
    """The working of one rule over a frame: expressions for the score and its flags."""

    def __init__(
        self,
        units: pl.Expr,
        *,
        division: pl.Expr | bool = False,
        inexact: pl.Expr | bool = False,
        judged: pl.Expr | bool = False,
        fallback: pl.Expr | bool = False,
    ) -> None:
        self.units = units
        self.division = division if isinstance(division, pl.Expr) else pl.lit(division)
        self.inexact = inexact if isinstance(inexact, pl.Expr) else pl.lit(inexact)
        self.judged = judged if isinstance(judged, pl.Expr) else pl.lit(judged)
        self.fallback = fallback if isinstance(fallback, pl.Expr) else pl.lit(fallback)

    def columns(self, weight_phys: pl.Expr) -> list[pl.Expr]:
        upper = pl.max_horizontal(weight_phys, pl.lit(0, dtype=pl.Int128))
        positive = weight_phys > 0
        return [
            self.units.clip(pl.lit(0, dtype=pl.Int128), upper).cast(pl.Int128).alias("_u"),
            (self.division & positive).fill_null(False).alias("_div"),
            (self.inexact & self.division & positive).fill_null(False).alias("_inexact"),
            self.judged.fill_null(False).alias("_judged"),
            self.fallback.fill_null(False).alias("_fb"),
        ]


def _full(condition: pl.Expr) -> pl.Expr:
    """w when ``condition``, else 0 (in U)."""
    return pl.when(condition).then(pl.col("_weight9") * S9).otherwise(pl.lit(0, dtype=pl.Int128))


def _zero() -> pl.Expr:
    return pl.lit(0, dtype=pl.Int128)


def _choose(condition: pl.Expr, then: _Score, otherwise: _Score) -> _Score:
    def pick(x: pl.Expr, y: pl.Expr) -> pl.Expr:
        return pl.when(condition).then(x).otherwise(y)

    return _Score(
        pick(then.units, otherwise.units),
        division=pick(then.division, otherwise.division),
        inexact=pick(then.inexact, otherwise.inexact),
        judged=pick(then.judged, otherwise.judged),
        fallback=pick(then.fallback, otherwise.fallback),
    )


# -- the item rules -------------------------------------------------------------------------------------


def _item_score(rule: str, params: Mapping[str, Any]) -> _Score | None:
    """Vectorised working of an indicator rule, or None when its rows go to the rule itself."""
    if rule == "accept-published":
        return _not_computable()
    if rule in ("positive", "equal"):
        return _positive(rule, params)
    if rule == "reverse":
        return _reverse(params.get("formula", "ratio"))
    if rule == "threshold":
        return _threshold(params)
    if rule == "satisfaction-bands":
        return _satisfaction(params)
    if rule == "qualitative-tiers":
        return _qualitative(params)
    return None


def _a_b() -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """A, B (negative → 0), w in 1e-9 units; whether A and B are comparable; whether all fit."""
    a, b, w = pl.col("_target9"), pl.col("_actual9").clip(lower_bound=0), pl.col("_weight9")
    comparable = a.is_not_null() & pl.col("_actual9").is_not_null()
    fits = pl.col("_weight_fits") & pl.col("_target_fits") & pl.col("_actual_fits")
    return a, b, w, comparable, fits


def _positive(rule: str, params: Mapping[str, Any]) -> _Score:
    """``positive`` / ``equal``: w·min(B/A, 1); A ≤ 0 (and the equal rule's A = 0) by comparison."""
    a, b, w, comparable, fits = _a_b()
    units, inexact = _quotient(w * b, a)
    flat = pl.when(a == 0).then(_full(b <= 0)).otherwise(_full(b >= a)) if rule == "equal" else _full(b >= a)
    score = pl.when(a <= 0).then(flat).when(b >= a).then(w * S9).otherwise(units)
    fallback = ~fits
    if params.get("over_performance") == "deduct":  # the deduction beyond the threshold is left to the rule
        t = Fraction(Decimal(params.get("over_threshold", Decimal("1.3"))))
        fallback = fallback | ((a > 0) & (b * t.denominator >= a * t.numerator))
    working = _Score(score, division=(a > 0) & (b < a), inexact=inexact, fallback=fallback)
    return _choose(comparable, working, _not_computable())


def _reverse(formula: str) -> _Score:
    """``reverse``: B ≤ A → w; ratio → w·A/B; linear → w·(2A − B)/A, 0 from B = 2A."""
    a, b, w, comparable, fits = _a_b()
    if formula == "linear":
        units, inexact = _quotient(w * (2 * a - b), a)
        tail = pl.when(b >= 2 * a).then(_zero()).otherwise(units)
        division = (b > a) & (a > 0) & (b < 2 * a)
    else:
        units, inexact = _quotient(w * a, b)
        tail, division = units, (b > a) & (a > 0)
    score = pl.when(b <= a).then(w * S9).when(a <= 0).then(_zero()).otherwise(tail)
    return _choose(comparable, _Score(score, division=division, inexact=inexact, fallback=~fits), _not_computable())


def _threshold(params: Mapping[str, Any]) -> _Score:
    """101号 ``threshold``: completion c = min(B/A, 1) (A/B for reverse); c < f → 0, else (c−f)/(1−f)·w."""
    a, b, w, comparable, fits = _a_b()
    f = Fraction(Decimal(params.get("floor", Decimal("0.6"))))
    p, q = f.numerator, f.denominator
    fits = fits & (a.abs() < V9_MAX // q) & (b < V9_MAX // q)
    rev = pl.col("kind") == "reverse"
    flat = _full(pl.when(rev | (a == 0)).then(b <= a).otherwise(b >= a))  # a target not above 0
    met = pl.when(rev).then(b <= a).otherwise(b >= a)  # completion 1
    division, inexact = pl.lit(False), pl.lit(False)
    if f > 1:
        score = pl.when(a <= 0).then(flat).otherwise(_zero())
    elif f == 1:
        score = pl.when(a <= 0).then(flat).when(met).then(w * S9).otherwise(_zero())
    else:
        below = pl.when(rev).then(q * a < p * b).otherwise(q * b < p * a)
        num = pl.when(rev).then(q * a - p * b).otherwise(q * b - p * a)
        den = pl.when(rev).then((q - p) * b).otherwise((q - p) * a)
        units, inexact = _quotient(w * num, den)
        score = pl.when(a <= 0).then(flat).when(met).then(w * S9).when(below).then(_zero()).otherwise(units)
        division = (a > 0) & ~met & ~below
    return _choose(comparable, _Score(score, division=division, inexact=inexact, fallback=~fits), _not_computable())


def _satisfaction(params: Mapping[str, Any]) -> _Score | None:
    """101号 ``satisfaction-bands``: the first band whose minimum the share reaches gives w × its share."""
    table = self_rules.bands_from(params.get("bands", ())) or self_rules.DEFAULT_SATISFACTION_BANDS
    bands = [(_fraction9(low), _fraction9(part)) for low, part in table]
    if any(low is None or part is None for low, part in bands):
        return None
    s, w = pl.col("_share9"), pl.col("_weight9")
    score = pl.when(pl.lit(False)).then(_zero())
    for low, part in bands:
        score = score.when(s >= low).then(w * part)
    working = _Score(score.otherwise(_zero()), fallback=~(pl.col("_weight_fits") & pl.col("_share_fits")))
    return _choose(s.is_not_null(), working, _not_computable())


def _qualitative(params: Mapping[str, Any]) -> _Score | None:
    """``qualitative-tiers``: the form's score when inside the tier's band, else the tier's default."""
    table = self_rules.tiers_from(params.get("tiers"))
    shares = [(_fraction9(t.low), _fraction9(t.high), _fraction9(t.default)) for t in table]
    if any(x is None for row in shares for x in row):
        return None
    w, p, tier = pl.col("_weight9"), _phys("published"), pl.col("tier")
    unknown = tier.is_null()  # any score in [0, w] is accepted; the default is the best tier's
    default = pl.when(unknown).then(w * shares[0][2])
    inside = pl.when(unknown).then((p >= 0) & (p <= w * S9))
    for i, (low, high, fallback_share) in enumerate(shares):
        pick = tier.clip(0, len(table) - 1) == i
        upper_ok = (p <= w * high) if table[i].closed else (p < w * high)
        default = default.when(pick).then(w * fallback_share)
        inside = inside.when(pick).then((p >= w * low) & upper_ok)
    score = pl.when(p.is_not_null() & inside.otherwise(False)).then(p).otherwise(default.otherwise(_zero()))
    return _Score(score, judged=True, fallback=~pl.col("_weight_fits"))


def _not_computable() -> _Score:
    """``self_rules.not_computable``: the form's score, capped to [0, w] later; none → 0."""
    return _Score(_phys("published").fill_null(0), judged=True)


# -- the budget rules (预算执行率) ------------------------------------------------------------------------


def _execution_score(rule: str, params: Mapping[str, Any]) -> _Score | None:
    base = "initial" if params.get("base", "adjusted") == "initial" else "adjusted"
    budget, executed, w = pl.col(f"_{base}9"), pl.col("_executed9"), pl.col("_weight9")
    spent = executed.clip(lower_bound=0)
    computable = budget.is_not_null() & executed.is_not_null() & (budget > 0)
    fits = pl.col("_weight_fits") & pl.col(f"_{base}_fits") & pl.col("_executed_fits")
    if rule == "execution-rate":
        units, inexact = _quotient(w * spent, budget)
        score = pl.when(spent >= budget).then(w * S9).otherwise(units)
        working = _Score(score, division=spent < budget, inexact=inexact, fallback=~fits)
    elif rule == "execution-tiered":
        completed = params.get("completed", "auto")
        done = pl.lit(completed == "yes") | ((spent >= budget) & pl.lit(completed == "auto"))
        score = (
            pl.when(done & (executed <= budget))
            .then(w * S9)
            .when(5 * spent >= 4 * budget)
            .then(w * (7 * 10**8))
            .when(5 * spent >= 3 * budget)
            .then(w * (5 * 10**8))
            .otherwise(_zero())
        )
        working = _Score(score, fallback=~fits)
    else:
        return None
    return _choose(computable, working, _not_computable())


def _execution_spec(scheme: SelfScheme) -> tuple[str, dict[str, Any]]:
    return scheme.execution.rule, dict(scheme.execution.params)


# -- running the rules over the frames ------------------------------------------------------------------


def _apply(df: pl.DataFrame, score: _Score | None) -> pl.DataFrame:
    if score is None:  # not vectorised: every row goes to the rule
        score = _Score(_zero(), fallback=True)
    return df.lazy().with_columns(score.columns(_phys("weight"))).collect()


def _score_items(items: pl.DataFrame, specs: list[tuple[str, dict[str, Any]]]) -> pl.DataFrame:
    used = sorted(i for i in items["_spec"].unique().to_list() if i is not None)
    score = _switch(pl.col("_spec"), {i: _item_score(*specs[i]) for i in used})
    names = {i: rule for i, (rule, _) in enumerate(specs)}
    missing_weight = pl.col("weight").is_null()
    working = _with_working(items.lazy(), _ITEM_NUMBERS).with_columns(score.columns(_phys("weight")))
    return (
        working.with_columns(
            pl.col("_spec").replace_strict(names, return_dtype=pl.String).alias("_rule"),
            pl.when(missing_weight).then(_zero()).otherwise(pl.col("_u")).alias("_u"),
            pl.col("_div") & ~missing_weight,
            pl.col("_inexact") & ~missing_weight,
            pl.col("_judged") | missing_weight,
            pl.col("_fb") & ~missing_weight,
        )
        .drop("_target9", "_actual9", "_share9", "_weight9")
        .collect()
    )


def _switch(selector: pl.Expr, scores: Mapping[int, _Score | None]) -> _Score:
    """One working for all rows: each row takes the working of its rule (rules not vectorised → the rule)."""
    chosen = {i: s if s is not None else _Score(_zero(), fallback=True) for i, s in scores.items()}
    if not chosen:
        return _not_computable()

    def field(name: str) -> pl.Expr:
        expr = pl.when(pl.lit(False)).then(getattr(next(iter(chosen.values())), name))
        for i, s in chosen.items():
            expr = expr.when(selector == i).then(getattr(s, name))
        return expr.otherwise(None)

    return _Score(
        field("units"),
        division=field("division"),
        inexact=field("inexact"),
        judged=field("judged"),
        fallback=field("fallback"),
    )


_ITEM_NUMBERS = ("weight", "target", "actual", "share")
_BUDGET_NUMBERS = ("weight", "initial", "adjusted", "executed")


def _score_execution(budget: pl.DataFrame, items: pl.DataFrame, scheme: SelfScheme) -> pl.DataFrame:
    budget = budget.with_columns(_execution_weight(budget, items, scheme))
    rule, params = _execution_spec(scheme)
    return _apply(_with_working(budget, _BUDGET_NUMBERS), _execution_score(rule, params))


def _execution_weight(budget: pl.DataFrame, items: pl.DataFrame, scheme: SelfScheme) -> pl.Expr:
    """A blank 分值 takes the scheme's weight (of the weight set matching the form's 一级 names), else 10."""
    choices = {ws.weights.get(EXECUTION) or Decimal(10) for ws in scheme.weight_sets}
    if len(choices) == 1:
        return pl.col("weight").fill_null(pl.lit(choices.pop(), dtype=DEC))
    blank = budget.filter(pl.col("weight").is_null())["project_id"].to_list()
    names = (
        items.filter(pl.col("project_id").is_in(blank) & (pl.col("level1").fill_null("") != ""))
        .group_by("project_id")
        .agg(pl.col("level1").unique())
    )
    by_project = dict(zip(names["project_id"].to_list(), names["level1"].to_list(), strict=True))
    weights = {
        pid: scheme.weight_set_for(set(by_project.get(pid, ()))).weights.get(EXECUTION) or Decimal(10) for pid in blank
    }
    if not weights:
        return pl.col("weight")
    filler = pl.col("project_id").replace_strict(weights, default=None, return_dtype=DEC)
    return pl.col("weight").fill_null(filler)


# -- settling what the integers cannot: the rule itself -------------------------------------------------


def _needs_rule() -> pl.Expr:
    slack = pl.col("_inexact").cast(pl.Int128) + 1
    near_boundary = _cents(pl.col("_u") - 1) != _cents(pl.col("_u") + slack)
    return pl.col("_fb") | (pl.col("_div") & near_boundary)


def _settle_by_rule(
    df: pl.DataFrame, frame: str, specs: list[tuple[str, dict[str, Any]]], decided: dict[tuple[str, int], Decimal]
) -> pl.DataFrame:
    """Rows the integers cannot settle are scored by the registered rule (the object path's own arithmetic)."""
    df = df.with_columns(_via=_needs_rule())
    wanted = [c for c in dict.fromkeys((*_RULE_INPUT_COLUMNS, *_BUDGET_NUMBERS)) if c in df.columns]
    rows = df.filter(pl.col("_via")).select(wanted)
    if rows.height == 0:
        return df
    positions, units, inexact, judged_flags = [], [], [], []
    for row in rows.to_dicts():
        spec = specs[row["_spec"]] if frame == "item" else specs[0]
        score, judged = _rule_decimal(frame, row, spec)
        decided[(frame, row["_idx"])] = score
        scaled = score.scaleb(18)
        floor = int(scaled.to_integral_value(rounding="ROUND_FLOOR"))
        positions.append(row["_idx"])  # _idx is the row's position in the frame
        units.append(floor)
        inexact.append(scaled != floor)
        judged_flags.append(judged)
    at = pl.Series(positions, dtype=pl.UInt32)
    return df.with_columns(
        df["_u"].clone().scatter(at, pl.Series(units, dtype=pl.Int128)),
        df["_inexact"].clone().scatter(at, pl.Series(inexact, dtype=pl.Boolean)),
        df["_judged"].clone().scatter(at, pl.Series(judged_flags, dtype=pl.Boolean)),
        pl.col("_div") | pl.col("_via"),
    )


_RULE_INPUT_COLUMNS = (
    "_idx",
    "_spec",
    "kind",
    "weight",
    "target",
    "actual",
    "share",
    "tier",
    "published",
    "target_date",
    "target_date_precision",
    "actual_date",
    "actual_date_precision",
)
_TIER_WORDS = (self_rules.FULL_WORDS[0], self_rules.PARTIAL_WORDS[0], self_rules.NEGATIVE_WORDS[0])
_NOT_A_NUMBER = TargetValue(raw="", kind=ValueKind.TEXT)
_SIGN = {"positive": Comparison.GE, "reverse": Comparison.LE}


def _rule_decimal(frame: str, row: Mapping[str, Any], spec: tuple[str, dict[str, Any]]) -> tuple[Decimal, bool]:
    """The score the object path gives the row: its rule run on a canonical ``RuleInput``."""
    rule, params = spec
    if frame == "budget":
        measured = {k: row[k] for k in ("initial", "adjusted", "executed")}
        item = RuleInput(weight=row["weight"], published=row["published"], measured=measured)
    else:
        if row["weight"] is None:
            return ZERO, True
        target, actual = canonical_values(rule, row)
        item = RuleInput(row["weight"], target, actual, row["published"], {"deviation": None})
    result = run_rule(RuleSpec(rule, params), item)
    return result.score, result.judged


def canonical_values(rule: str, row: Mapping[str, Any]) -> tuple[TargetValue, TargetValue]:
    """A target and an actual that the rule reads exactly as it read the row's original ones."""
    if rule == "qualitative-tiers":
        tier = row.get("tier")
        raw = "" if tier is None else _TIER_WORDS[min(max(tier, 0), 2)]
        return _NOT_A_NUMBER, TargetValue(raw=raw, kind=ValueKind.QUALITATIVE if raw else ValueKind.EMPTY)
    if rule == "satisfaction-bands":
        share = row.get("share")
        if share is None:
            return _NOT_A_NUMBER, _NOT_A_NUMBER
        return _NOT_A_NUMBER, TargetValue(raw=str(share), kind=ValueKind.NUMBER, number=share, ratio=share)
    if rule == "deadline":
        return _date_value(row, "target"), _date_value(row, "actual")
    a, b = row.get("target"), row.get("actual")
    if a is None or b is None:
        return _NOT_A_NUMBER, _NOT_A_NUMBER
    sign = _SIGN.get(row.get("kind") or "")
    target = TargetValue(raw=str(a), kind=ValueKind.NUMBER, comparison=sign, number=a)
    return target, TargetValue(raw=str(b), kind=ValueKind.NUMBER, number=b)


def _date_value(row: Mapping[str, Any], which: str) -> TargetValue:
    day = row.get(f"{which}_date")
    if day is None:
        return _NOT_A_NUMBER
    return TargetValue(
        raw=day.isoformat(), kind=ValueKind.DATE, date=day, date_precision=row.get(f"{which}_date_precision")
    )


# -- totals ---------------------------------------------------------------------------------------------


def _grade_index(units: pl.Expr, scheme: SelfScheme) -> pl.Expr:
    """Index of the grade band of a total in U (the first band whose minimum it reaches), -1 below all."""
    index = pl.when(pl.lit(False)).then(pl.lit(-1))
    for i, band in enumerate(scheme.grades):
        index = index.when(units >= ceil(Fraction(band.min) * S18)).then(pl.lit(i))
    return index.otherwise(pl.lit(-1))


def _totals(
    items: pl.DataFrame,
    budget: pl.DataFrame,
    scheme: SelfScheme,
    specs: list[tuple[str, dict[str, Any]]],
    decided: dict[tuple[str, int], Decimal],
) -> pl.DataFrame:
    sums = items.group_by("project_id").agg(
        pl.col("_u").sum().alias("_L"),
        pl.col("_div").sum().cast(pl.Int128).alias("_n"),
        pl.col("_inexact").sum().cast(pl.Int128).alias("_m"),
        pl.col("exact").all().alias("_items_exact"),
    )
    t = budget.join(sums, on="project_id", how="left").with_columns(
        (pl.col("_u") + pl.col("_L").fill_null(0)).alias("_L"),
        (pl.col("_n").fill_null(0) + pl.col("_div").cast(pl.Int128)).alias("_n"),
        (pl.col("_m").fill_null(0) + pl.col("_inexact").cast(pl.Int128)).alias("_m"),
        (pl.col("exact") & pl.col("_items_exact").fill_null(True)).alias("exact"),
    )
    margin = (pl.col("_n") > 0).cast(pl.Int128)  # the Decimal sums' own rounding, when any term is inexact
    lo = pl.col("_L") - pl.col("_n") - margin
    hi = pl.col("_L") + pl.col("_n") + pl.col("_m") + margin
    t = t.with_columns(
        _cents(lo).alias("_cents"),
        _grade_index(lo, scheme).alias("_grade"),
        ((_cents(lo) != _cents(hi)) | (_grade_index(lo, scheme) != _grade_index(hi, scheme))).alias("_total_via"),
    )
    t = _settle_totals(t, items, scheme, specs, decided)
    grades = pl.Series([b.grade for b in scheme.grades], dtype=pl.String)
    total = (pl.col("_cents").cast(SCORE) / 100).cast(SCORE)
    execution = (_cents(pl.col("_u")).cast(SCORE) / 100).cast(SCORE)
    return t.sort("_idx").select(
        "project_id",
        "project",
        pl.lit(scheme.execution.rule).alias("execution_rule"),
        execution.alias("execution_score"),
        pl.col("published").alias("execution_published"),
        _agrees(_cents(pl.col("_u")), "published").alias("execution_agrees"),
        total.alias("total"),
        "published_total",
        _agrees(pl.col("_cents"), "published_total").alias("agrees"),
        pl.when(pl.col("_grade") >= 0)
        .then(pl.col("_grade"))
        .otherwise(None)
        .replace_strict(dict(enumerate(grades.to_list())), default=None, return_dtype=pl.String)
        .alias("grade"),
        (pl.col("_total_via") | pl.col("_via")).alias("via_rule"),
        "exact",
    )


def _agrees(cents: pl.Expr, published: str) -> pl.Expr:
    return (cents * CENT - _phys(published)).abs() <= CENT


def _settle_totals(
    t: pl.DataFrame,
    items: pl.DataFrame,
    scheme: SelfScheme,
    specs: list[tuple[str, dict[str, Any]]],
    decided: dict[tuple[str, int], Decimal],
) -> pl.DataFrame:
    """Totals too close to a rounding or grade boundary: added up in Decimal as the object path does."""
    open_projects = t.filter(pl.col("_total_via"))
    if open_projects.height == 0:
        return t
    ids = open_projects["project_id"].to_list()
    rows = items.filter(pl.col("project_id").is_in(ids)).sort("project_id", "row", "_idx").to_dicts()
    by_project: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        by_project.setdefault(row["project_id"], []).append(row)
    grade_of = {b.grade: i for i, b in enumerate(scheme.grades)}
    patch: dict[str, list[Any]] = {"_idx": [], "_cents": [], "_grade": []}
    for budget_row in open_projects.to_dicts():
        terms = [_exact_decimal("budget", budget_row, _execution_spec(scheme), decided)]
        terms += [
            _exact_decimal("item", r, specs[r["_spec"]], decided) for r in by_project.get(budget_row["project_id"], [])
        ]
        total = sum(terms, ZERO)
        grade = scheme.grade(total)
        patch["_idx"].append(budget_row["_idx"])
        patch["_cents"].append(int(total.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP").scaleb(2)))
        patch["_grade"].append(-1 if grade is None else grade_of[grade])
    schema = {"_idx": pl.UInt32, "_cents": pl.Int128, "_grade": pl.Int32}
    return t.with_columns(pl.col("_grade").cast(pl.Int32)).update(pl.DataFrame(patch, schema=schema), on="_idx")


def _exact_decimal(
    frame: str, row: Mapping[str, Any], spec: tuple[str, dict[str, Any]], decided: dict[tuple[str, int], Decimal]
) -> Decimal:
    """The object path's Decimal for a row: settled already, or by its rule, or exact from the integers."""
    key = (frame, row["_idx"])
    if key in decided:
        return decided[key]
    if row["_div"]:
        return _rule_decimal(frame, row, spec)[0]
    return Decimal(int(row["_u"])).scaleb(-18)


def _item_output(items: pl.DataFrame) -> pl.DataFrame:
    return items.select(
        "project_id",
        "row",
        pl.col("_rule").alias("rule"),
        (_cents(pl.col("_u")).cast(SCORE) / 100).cast(SCORE).alias("score"),
        "published",
        _agrees(_cents(pl.col("_u")), "published").alias("agrees"),
        pl.col("_judged").alias("judged"),
        pl.col("_via").alias("via_rule"),
    )
