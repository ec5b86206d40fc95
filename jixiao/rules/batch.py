"""Batch scoring: many self-evaluation forms at once, as polars frames, equal to the object path.

The object path (:func:`jixiao.rules.score_self.score_self_evaluation`) scores one form with
``Decimal`` rules. This module scores a finance bureau's hundred thousand submissions held as
columns, with the same rules, and gives **the same scores, agreements and grades**, item by item
and in totals. Two public functions:

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
                               1 部分达成, 2 未达成, -1 when the actual is empty (not yet
                               entered), null when the text does not tell
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
``item_scores_df`` (project_id, row, rule, score, published, agrees, judged) and
``project_totals_df`` (project_id, project, execution_rule, execution_score, execution_published,
execution_agrees, total, published_total, agrees, grade, exact). ``score``, ``execution_score``
and ``total`` are ``Decimal(38, 2)``: the object path's ``shown()`` values. ``agrees`` is the
object path's test (:func:`jixiao.rules.result.agrees`), null when nothing is published.

No rule written twice
---------------------
Every score is computed by the object path's own rules: an indicator by
:func:`~jixiao.rules.score_self.run_indicator` under the rule the scheme names for its kind and
一级 (:func:`~jixiao.rules.score_self.indicator_rule`), the 预算执行率 by
:func:`~jixiao.rules.score_self.run_rule`. A row's rule input is a function of a few columns: the
rule, 分值, the printed 得分 and what :func:`canonical_values` reads for that rule (A, B and the kind's
sign; the share; the tier; the dates). The frames are reduced to their distinct inputs with polars,
each distinct input is scored once, and the exact ``Decimal`` scores are added up per form in the
object path's order (预算执行率 first, then the items by ``row``), so scores, totals, agreements and
grades are the object path's by construction. The cost is one rule run per distinct input
(``bench/score.py``'s 1,000,000 rows hold about 600,000 distinct item inputs); the batch never reads
``RuleResult.explanation``, so no rule writes its Chinese working here (the rules hand it back unwritten).
The canonical target and actual rebuilt from a row are read by the rules exactly as the original
ones (A and B as plain numbers with the comparison sign of ``kind``; the share as a ratio; the
dates with their precision; a tier word that ``infer_tier`` reads back as ``tier``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from jixiao.model.selfeval import Figure, SelfEvaluation
from jixiao.model.target import Comparison, TargetValue, ValueKind
from jixiao.rules import self_rules, tier_rules
from jixiao.rules.registry import RuleInput, RuleResult
from jixiao.rules.result import agrees, shown
from jixiao.rules.schemes import EXECUTION, RuleSpec, SelfScheme
from jixiao.rules.score_self import indicator_rule, indicator_type, resolve_scheme, run_indicator, run_rule, total_line

__all__ = ["BUDGET_COLUMNS", "ITEM_COLUMNS", "canonical_values", "frame_from_forms", "score_frames"]

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
LIMIT = 10**20  # a Decimal(38, 18) holds values below 10^20
_AMOUNTS = ("initial", "adjusted", "executed")


# -- building the frames from model objects ------------------------------------------------------------


def frame_from_forms(forms: Iterable[SelfEvaluation]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(items_df, budget_df)`` for the forms; ``project_id`` is the form's position (0, 1, …)."""
    items: dict[str, list[Any]] = {c: [] for c in ITEM_COLUMNS}
    budget: dict[str, list[Any]] = {c: [] for c in BUDGET_COLUMNS}
    for pid, form in enumerate(forms):
        _budget_row(budget, pid, form)
        for row, it in enumerate(form.indicators):
            pair = self_rules.compare(it.target, it.actual)
            a, b = (pair.a, pair.b) if isinstance(pair, self_rules.Pair) else (None, None)
            target_date = it.target.date if it.target is not None else None
            actual_is_date = it.actual is not None and it.actual.kind == ValueKind.DATE and it.actual.date is not None
            numbers = {
                "weight": _figure(it.weight),
                "target": a,
                "actual": b,
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
            answered = it.actual is not None and bool(it.actual.raw.strip())
            items["tier"].append(tier_rules.infer_tier(it.actual, it.target)[0] if answered else UNANSWERED)
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
    budget = _with_missing_projects(_prepare(budget_df, BUDGET_COLUMNS, ("project_id",)), items)
    unknown = items.filter(~pl.col("kind").is_in(KINDS))
    if unknown.height:
        raise ValueError(f"unknown kind {unknown['kind'][0]!r} (expected one of {', '.join(KINDS)})")
    items, specs = _with_rules(items, scheme)
    items, item_scores = _score_distinct(items, specs)
    budget = budget.with_columns(_execution_weight(budget, items, scheme), _spec=pl.lit(0, dtype=pl.Int32))
    budget, budget_scores = _score_distinct(budget, [scheme.execution], budget=True)
    return _item_output(items, specs), _totals(items, budget, scheme, item_scores, budget_scores)


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
    ids = items.select(pl.col("project_id").unique(maintain_order=True))
    missing = ids.join(budget.select("project_id"), on="project_id", how="anti", maintain_order="left")
    if missing.height == 0:
        return budget
    filler = missing.with_columns(
        [pl.lit(None).cast(t).alias(c) for c, t in BUDGET_COLUMNS.items() if c not in ("project_id", "exact")]
        + [pl.lit(True).alias("exact")]
    ).select([c for c in budget.columns if c != "_idx"])
    return pl.concat([budget.drop("_idx"), filler.cast(budget.drop("_idx").schema)]).with_row_index("_idx")


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


def _with_rules(items: pl.DataFrame, scheme: SelfScheme) -> tuple[pl.DataFrame, list[RuleSpec]]:
    """Each row's rule (``_spec``, an index into the list returned), chosen once per distinct kind and 一级."""
    specs: list[RuleSpec] = []
    choice: dict[str, list[Any]] = {"kind": [], "level1": [], "_spec": []}
    for kind, level1 in items.select("kind", "level1").unique().rows():
        spec = indicator_rule(None if kind == "none" else kind, level1, scheme)
        if spec not in specs:
            specs.append(spec)
        choice["kind"].append(kind)
        choice["level1"].append(level1)
        choice["_spec"].append(specs.index(spec))
    table = pl.DataFrame(choice, schema={"kind": pl.String, "level1": pl.String, "_spec": pl.Int32})
    joined = items.join(table, on=["kind", "level1"], how="left", nulls_equal=True, maintain_order="left")
    return joined, specs


# -- running the rules once per distinct input ----------------------------------------------------------

# What canonical_values reads for a rule (every other rule reads the kind, A and B).
_READS: dict[str, tuple[str, ...]] = {
    "accept-published": (),
    "qualitative-tiers": ("tier",),
    "satisfaction-bands": ("share",),
    "deadline": ("target_date", "target_date_precision", "actual_date", "actual_date_precision"),
}
_NUMBERS = ("kind", "target", "actual")


def _inputs_of(rule: str, budget: bool) -> tuple[str, ...]:
    """The columns a row's rule input is made of: rows equal in these get the same result."""
    if budget:
        return ("weight", "published", *_AMOUNTS)
    return ("weight", "published", *_READS.get(rule, _NUMBERS))


def _score_distinct(
    df: pl.DataFrame, specs: list[RuleSpec], *, budget: bool = False
) -> tuple[pl.DataFrame, list[Decimal]]:
    """Run each row's rule once per distinct input.

    Returns the frame with the result's ``_score`` (shown), ``_agrees`` and ``_judged`` and its ``_key``,
    an index into the exact scores returned.
    """
    scores: list[Decimal] = []
    outcome: dict[str, list[Any]] = {"_score": [], "_agrees": [], "_judged": []}
    keys = []
    values: dict[tuple[str, Decimal], TargetValue] = {}  # canonical targets and actuals, made once each
    for index, spec in enumerate(specs):
        rows = df.filter(pl.col("_spec") == index)
        if rows.height == 0:
            continue
        columns = list(_inputs_of(spec.rule, budget))
        distinct = rows.select(columns).unique()
        first = len(scores)
        for row in _rows(distinct):
            result = _run_row(spec, row, budget, values)
            score = shown(result.score)
            scores.append(result.score)
            outcome["_score"].append(score)
            outcome["_agrees"].append(agrees(score, row["published"]))
            outcome["_judged"].append(result.judged)
        distinct = distinct.with_row_index("_key", offset=first)
        keys.append(rows.join(distinct, on=columns, how="left", nulls_equal=True).select("_idx", "_key"))
    results = pl.DataFrame(
        {**outcome, "_score": _shown_column(outcome["_score"])},
        schema={"_score": SCORE, "_agrees": pl.Boolean, "_judged": pl.Boolean},
    )
    results = results.with_row_index("_key")
    key_of = pl.concat(keys) if keys else pl.DataFrame(schema={"_idx": pl.UInt32, "_key": pl.UInt32})
    scored = df.join(key_of, on="_idx", how="left").join(results, on="_key", how="left")
    return scored.sort("_idx"), scores


def _rows(df: pl.DataFrame) -> Iterator[dict[str, Any]]:
    """The frame's rows as dicts, a ``Decimal`` column's equal values as one ``Decimal`` object.

    A number is read from the text polars writes for it (all 18 decimals of a ``Decimal(38, 18)``):
    ``Decimal()`` gives the same digits and exponent as polars' own conversion. Each distinct text
    is read once, so equal numbers are one object, whose hash Python computes once.
    """
    columns = []
    for name, dtype in df.schema.items():
        if isinstance(dtype, pl.Decimal):
            texts = df[name].cast(pl.String)
            number: dict[str | None, Decimal | None] = {t: Decimal(t) for t in texts.drop_nulls().unique()}
            number[None] = None
            columns.append([number[t] for t in texts.to_list()])
        else:
            columns.append(df[name].to_list())
    names = df.columns
    for values in zip(*columns, strict=True):
        yield dict(zip(names, values, strict=True))


def _shown_column(scores: Sequence[Decimal | None]) -> pl.Series:
    """Shown scores (two decimals) as a ``Decimal(38, 2)`` column, through their text: ``str()`` of a
    number at two decimals is plain ("12.34"), which polars reads exactly, and faster than Decimals."""
    return pl.Series([None if v is None else str(v) for v in scores], dtype=pl.String).cast(SCORE)


def _run_row(
    spec: RuleSpec, row: Mapping[str, Any], budget: bool, memo: dict[tuple[str, Decimal], TargetValue]
) -> RuleResult:
    if budget:
        measured = {k: row[k] for k in _AMOUNTS}
        return run_rule(spec, RuleInput(weight=row["weight"], published=row["published"], measured=measured))
    target, actual = _canonical(spec.rule, row, memo)
    return run_indicator(spec, row["weight"], target, actual, row["published"])


UNANSWERED = -1  # the ``tier`` of a qualitative row whose actual is empty
UNDECIDED_TEXT = "（文字不足以分档）"  # an actual whose text does not tell its tier (``infer_tier`` → None)
_TIER_WORDS = (tier_rules.FULL_WORDS[0], tier_rules.PARTIAL_WORDS[0], tier_rules.NEGATIVE_WORDS[0])
_NOT_A_NUMBER = TargetValue(raw="", kind=ValueKind.TEXT)
_SIGN = {"positive": Comparison.GE, "reverse": Comparison.LE}


def canonical_values(rule: str, row: Mapping[str, Any]) -> tuple[TargetValue, TargetValue]:
    """A target and an actual that the rule reads exactly as it read the row's original ones."""
    return _canonical(rule, row, {})


def _canonical(
    rule: str, row: Mapping[str, Any], memo: dict[tuple[str, Decimal], TargetValue]
) -> tuple[TargetValue, TargetValue]:
    """:func:`canonical_values`, a plain number made once per ``memo`` (numbers from one frame column
    that are equal are written alike: the same digits, the same exponent)."""
    if rule == "qualitative-tiers":
        tier = row.get("tier")
        if tier == UNANSWERED:
            return _NOT_A_NUMBER, TargetValue(raw="", kind=ValueKind.EMPTY)
        raw = UNDECIDED_TEXT if tier is None else _TIER_WORDS[min(max(tier, 0), 2)]
        return _NOT_A_NUMBER, TargetValue(raw=raw, kind=ValueKind.QUALITATIVE)
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
    kind = row.get("kind") or ""
    target = memo.get((kind, a))
    if target is None:
        target = memo[kind, a] = TargetValue(raw=str(a), kind=ValueKind.NUMBER, comparison=_SIGN.get(kind), number=a)
    actual = memo.get(("", b))
    if actual is None:
        actual = memo["", b] = TargetValue(raw=str(b), kind=ValueKind.NUMBER, number=b)
    return target, actual


def _date_value(row: Mapping[str, Any], which: str) -> TargetValue:
    day = row.get(f"{which}_date")
    if day is None:
        return _NOT_A_NUMBER
    return TargetValue(
        raw=day.isoformat(), kind=ValueKind.DATE, date=day, date_precision=row.get(f"{which}_date_precision")
    )


# -- output ---------------------------------------------------------------------------------------------


def _item_output(items: pl.DataFrame, specs: list[RuleSpec]) -> pl.DataFrame:
    rules = {i: spec.rule for i, spec in enumerate(specs)}
    rule = pl.col("_spec").replace_strict(rules, return_dtype=pl.String) if rules else pl.lit(None, pl.String)
    return items.select(
        "project_id",
        "row",
        rule.alias("rule"),
        pl.col("_score").alias("score"),
        "published",
        pl.col("_agrees").alias("agrees"),
        pl.col("_judged").alias("judged"),
    )


def _totals(
    items: pl.DataFrame,
    budget: pl.DataFrame,
    scheme: SelfScheme,
    item_scores: list[Decimal],
    budget_scores: list[Decimal],
) -> pl.DataFrame:
    """Per form: 预算执行率 plus the items in ``row`` order, added up in ``Decimal`` as the object path does."""
    totals: dict[Any, Decimal] = {}
    for pid, key in zip(budget["project_id"].to_list(), budget["_key"].to_list(), strict=True):
        totals.setdefault(pid, ZERO + budget_scores[key])
    ordered = items.sort("project_id", "row", "_idx")
    for pid, key in zip(ordered["project_id"].to_list(), ordered["_key"].to_list(), strict=True):
        totals[pid] += item_scores[key]
    exact = items.group_by("project_id").agg(pl.col("exact").all().alias("_items_exact"))
    budget = budget.join(exact, on="project_id", how="left", maintain_order="left")
    sums = [totals[pid] for pid in budget["project_id"].to_list()]
    total_shown = [shown(t) for t in sums]
    return budget.select(
        "project_id",
        "project",
        pl.lit(scheme.execution.rule).alias("execution_rule"),
        pl.col("_score").alias("execution_score"),
        pl.col("published").alias("execution_published"),
        pl.col("_agrees").alias("execution_agrees"),
        _shown_column(total_shown).alias("total"),
        "published_total",
        pl.Series(
            [agrees(s, p) for s, p in zip(total_shown, budget["published_total"].to_list(), strict=True)],
            dtype=pl.Boolean,
        ).alias("agrees"),
        pl.Series([scheme.grade(t) for t in sums], dtype=pl.String).alias("grade"),
        (pl.col("exact") & pl.col("_items_exact").fill_null(True)).alias("exact"),
    )
