"""Batch scoring speed and memory (issue #3): 100,000 synthetic projects, about 1,000,000 indicators.

Run: ``.venv/bin/python bench/score.py [--projects N] [--sample N] [--seed S] [--scheme NAME]``.

Targets on one machine of this size: the batch path (:func:`jixiao.rules.batch.score_frames`)
scores 100,000 projects in under 2 s and under 1.5 GB. Also printed: the object path
(:func:`jixiao.rules.score_self.score_self_evaluation`) timed on a sample of projects and
extrapolated, the ratio between the two, and the agreement of both paths on that sample.

The data are generated with polars' seeded hash (numpy is not installed), so the same seed gives
the same frames: each project has 7–13 indicators (产出 …, then 效益, then 满意度) with a mix of
about 50% positive, 15% reverse, 15% equal and 20% qualitative rows; weights 5–30; counts,
shares (0.80–1.00) and costs as targets; actuals from 50% to 130% of the target; qualitative
tiers 达成 / 部分达成 / 未达成 with printed scores inside and outside their bands or blank; budget
execution from 60% to 100% of the adjusted budget. Memory is the process's peak resident size
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``), which includes the interpreter, polars and the
generated frames; it is read right after the batch scoring (run twice: the first run, which the
time target is judged on, and once more), before the object path runs.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from decimal import Decimal

import polars as pl

from jixiao.model.selfeval import BudgetLine, Figure, IndicatorResult, SelfEvaluation
from jixiao.model.source import Source
from jixiao.model.target import EMPTY, Comparison, TargetValue, ValueKind
from jixiao.rules.batch import BUDGET_COLUMNS, DEC, ITEM_COLUMNS, score_frames
from jixiao.rules.result import shown
from jixiao.rules.schemes import load_scheme
from jixiao.rules.score_self import score_self_evaluation

TARGET_SECONDS = 2.0
TARGET_MB = 1500.0
WEIGHTS = {0: 5, 1: 8, 2: 10, 3: 10, 4: 10, 5: 15, 6: 20, 7: 30}
TIER_WORDS = {0: "已完成", 1: "部分完成", 2: "未完成"}
SIGN = {"positive": Comparison.GE, "reverse": Comparison.LE, "equal": None}


def _rand(seed: int, salt: int, modulo: int) -> pl.Expr:
    """A seeded pseudo-random integer in [0, modulo) per row (polars' hash of the row index)."""
    return (pl.col("_i").hash(seed * 1009 + salt) % modulo).cast(pl.Int64)


def generate(projects: int, seed: int = 2022) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(items_df, budget_df)`` in the batch module's columns, for ``projects`` synthetic forms."""
    base = pl.DataFrame({"project_id": pl.int_range(projects, eager=True, dtype=pl.Int64)})
    base = base.with_row_index("_i").with_columns(n=(7 + _rand(seed, 1, 7)).cast(pl.Int32))
    budget = _budget(base, seed)
    items = base.select("project_id", "n", row=pl.int_ranges(0, pl.col("n"), dtype=pl.Int32)).explode("row")
    items = items.with_row_index("_i").with_columns(
        u_kind=_rand(seed, 2, 100),
        u_weight=_rand(seed, 3, 8),
        u_size=_rand(seed, 4, 5000),
        u_share=_rand(seed, 5, 21),
        u_ratio=_rand(seed, 6, 81),
        u_cost=_rand(seed, 7, 100000),
        u_tier=_rand(seed, 8, 100),
        u_pub=_rand(seed, 9, 100),
        u_form=_rand(seed, 10, 3),
    )
    return _items(items), budget


def _budget(base: pl.DataFrame, seed: int) -> pl.DataFrame:
    adjusted = 100 + _rand(seed, 20, 1_000_000)  # hundredths of 万元: 1.00 … 10,000.99
    full = _rand(seed, 21, 10) < 3
    executed = pl.when(full).then(adjusted).otherwise(adjusted * (60 + _rand(seed, 22, 41)) // 100)
    out = base.select(
        "project_id",
        pl.format("项目{}", pl.col("project_id")).alias("project"),
        (adjusted.cast(DEC) / 100).alias("initial"),
        (adjusted.cast(DEC) / 100).alias("adjusted"),
        (executed.cast(DEC) / 100).alias("executed"),
        pl.lit(10).cast(DEC).alias("weight"),
        pl.when(_rand(seed, 23, 4) > 0).then(pl.lit(10)).otherwise(None).cast(DEC).alias("published"),
        pl.lit(None).cast(DEC).alias("published_total"),
        pl.lit(True).alias("exact"),
    )
    return out.select(list(BUDGET_COLUMNS))


def _items(df: pl.DataFrame) -> pl.DataFrame:
    kind = (
        pl.when(pl.col("u_kind") < 50)
        .then(pl.lit("positive"))
        .when(pl.col("u_kind") < 65)
        .then(pl.lit("reverse"))
        .when(pl.col("u_kind") < 80)
        .then(pl.lit("equal"))
        .otherwise(pl.lit("qualitative"))
    )
    level1 = (
        pl.when(pl.col("row") == pl.col("n") - 1)
        .then(pl.lit("满意度指标"))
        .when(pl.col("row") == pl.col("n") - 2)
        .then(pl.lit("效益指标"))
        .otherwise(pl.lit("产出指标"))
    )
    weight = pl.col("u_weight").replace_strict(WEIGHTS, return_dtype=pl.Int64)
    # targets and actuals in hundredths: counts, shares (80–100%) or costs
    share_like = ((pl.col("u_form") == 0) | (level1 == "满意度指标")) & (kind != "reverse")
    a_pos = pl.when(share_like).then(80 + pl.col("u_share")).otherwise((1 + pl.col("u_size")) * 100)
    a_rev = 1 + pl.col("u_cost")
    a = pl.when(kind == "reverse").then(a_rev).otherwise(a_pos)
    ratio = pl.when(kind == "reverse").then(70 + pl.col("u_ratio") * 70 // 80).otherwise(50 + pl.col("u_ratio"))
    b_raw = a * ratio // 100
    b = pl.when(share_like).then(b_raw).otherwise(b_raw // 100 * 100)  # counts stay whole
    numeric = kind != "qualitative"
    tier = pl.when(pl.col("u_tier") < 85).then(0).when(pl.col("u_tier") < 95).then(1).otherwise(2)
    full_pub = pl.col("u_pub") < 70
    qual_pub = (
        pl.when(full_pub)
        .then(weight * 100)
        .when(pl.col("u_pub") < 80)
        .then(weight * 90)
        .when(pl.col("u_pub") < 90)
        .then(weight * 50)
        .otherwise(None)
    )
    published = pl.when(numeric).then(pl.when(full_pub).then(weight * 100).otherwise(None)).otherwise(qual_pub)
    out = df.with_columns(kind=kind, level1=level1).select(
        "project_id",
        "row",
        pl.format("指标{}", pl.col("row")).alias("name"),
        "level1",
        "kind",
        weight.cast(DEC).alias("weight"),
        pl.when(numeric).then(a).otherwise(None).cast(DEC).truediv(100).alias("target"),
        pl.when(numeric).then(b).otherwise(None).cast(DEC).truediv(100).alias("actual"),
        pl.when(numeric & share_like).then(b).otherwise(None).cast(DEC).truediv(100).alias("share"),
        pl.when(numeric).then(None).otherwise(tier).cast(pl.Int8).alias("tier"),
        published.cast(DEC).truediv(100).alias("published"),
    )
    return out.with_columns(
        [pl.lit(None).cast(ITEM_COLUMNS[c]).alias(c) for c in ITEM_COLUMNS if c.endswith(("date", "precision"))]
        + [pl.lit(True).alias("exact")]
    ).select(list(ITEM_COLUMNS))


# -- the same projects as model objects, for the object path -------------------------------------------


def forms_from_frames(items: pl.DataFrame, budget: pl.DataFrame) -> list[SelfEvaluation]:
    """``SelfEvaluation`` objects carrying the frames' numbers (shares written as "95%")."""
    src = Source("bench")
    by_project: dict[int, list[dict]] = {}
    for row in items.sort("project_id", "row").iter_rows(named=True):
        by_project.setdefault(row["project_id"], []).append(row)
    forms = []
    for b in budget.iter_rows(named=True):
        line = BudgetLine(
            name="年度资金总额",
            initial=_fig(b["initial"], src),
            adjusted=_fig(b["adjusted"], src),
            executed=_fig(b["executed"], src),
            weight=_fig(b["weight"], src),
            rate=None,
            score=_fig(b["published"], src),
            source=src,
        )
        indicators = tuple(_indicator(r, src) for r in by_project.get(b["project_id"], []))
        forms.append(_form(b["project"], line, indicators, src))
    return forms


def _form(project: str, line: BudgetLine, indicators: tuple[IndicatorResult, ...], src: Source) -> SelfEvaluation:
    return SelfEvaluation(
        title="项目支出绩效自评表",
        year=2022,
        project=project,
        department=None,
        unit=None,
        phone=None,
        money_unit="万元",
        budget_weight_label=None,
        budget_points=Decimal(10),
        budget_lines=(line,),
        goal_expected=None,
        goal_actual=None,
        indicator_weight_label=None,
        indicator_points=None,
        indicators=indicators,
        subtotal_weight=None,
        subtotal_score=None,
        total=None,
        low_score_label=None,
        low_score_explanation=None,
        notes=(),
        source=src,
    )


def _fig(value: Decimal | None, src: Source) -> Figure | None:
    return None if value is None else Figure(_plain(value), value.normalize(), src)


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _indicator(r: dict, src: Source) -> IndicatorResult:
    if r["kind"] == "qualitative":
        target = TargetValue(raw="提升服务质量", kind=ValueKind.QUALITATIVE, label="提升服务质量")
        words = TIER_WORDS.get(r["tier"], "")
        actual = TargetValue(raw=words, kind=ValueKind.QUALITATIVE, label=words) if words else EMPTY
    elif r["share"] is not None:
        a, b = r["target"].normalize(), r["actual"].normalize()
        sign = SIGN[r["kind"]]
        target = TargetValue(f"{sign or ''}{_plain(a * 100)}%", ValueKind.NUMBER, sign, a * 100, "%", ratio=a)
        actual = TargetValue(f"{_plain(b * 100)}%", ValueKind.NUMBER, None, b * 100, "%", ratio=b)
    else:
        a, b = r["target"].normalize(), r["actual"].normalize()
        sign = SIGN[r["kind"]]
        target = TargetValue(f"{sign or ''}{_plain(a)}", ValueKind.NUMBER, sign, a)
        actual = TargetValue(_plain(b), ValueKind.NUMBER, None, b)
    return IndicatorResult(
        level1=r["level1"],
        level2="",
        name=r["name"],
        target=target,
        actual=actual,
        weight=_fig(r["weight"], src),
        score=_fig(r["published"], src),
        deviation=None,
        source=src,
    )


# -- the run --------------------------------------------------------------------------------------------


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def agreement(forms: list[SelfEvaluation], scheme, items_out: pl.DataFrame, totals: pl.DataFrame) -> tuple[int, int]:
    """Items and totals where the object path differs from the batch output (project_id = position)."""
    by_project: dict[int, list[dict]] = {}
    for row in items_out.iter_rows(named=True):
        by_project.setdefault(row["project_id"], []).append(row)
    total_rows = {r["project_id"]: r for r in totals.iter_rows(named=True)}
    item_diffs = total_diffs = 0
    for pid, form in enumerate(forms):
        result = score_self_evaluation(form, scheme)
        t = total_rows[pid]
        if (shown(result.computed_total), result.grade, shown(result.items[0].computed)) != (
            t["total"],
            t["grade"],
            t["execution_score"],
        ):
            total_diffs += 1
        for obj, row in zip(result.items[1:], by_project.get(pid, []), strict=True):
            if (shown(obj.computed), obj.agrees) != (row["score"], row["agrees"]):
                item_diffs += 1
    return item_diffs, total_diffs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--scheme", default="mof-2020-10")
    args = parser.parse_args(argv)
    scheme = load_scheme(args.scheme)
    print(f"targets: batch scoring of {args.projects:,} projects < {TARGET_SECONDS} s and < {TARGET_MB:,.0f} MB")

    start = time.perf_counter()
    items, budget = generate(args.projects, args.seed)
    generation = time.perf_counter() - start
    kinds = dict(items.group_by("kind").len().sort("kind").iter_rows())
    print(f"generated {budget.height:,} projects, {items.height:,} indicator rows in {generation:.2f} s: {kinds}")
    before = peak_mb()

    start, cpu_start = time.perf_counter(), time.process_time()
    items_out, totals = score_frames(items, budget, scheme)
    batch, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = peak_mb()
    start = time.perf_counter()
    score_frames(items, budget, scheme)
    warm = time.perf_counter() - start
    print(f"batch path ({scheme.name}): {batch:.2f} s first run, {items.height / batch / 1e6:.2f} M rows/s; "
          f"{warm:.2f} s run again; first run used {cpu:.2f} s of CPU (all threads; a loaded machine stretches "
          f"the wall time, not this)")  # fmt: skip
    print(f"  peak RSS {peak:,.0f} MB (after generation {before:,.0f} MB)")

    sample = min(args.sample, args.projects)
    ids = list(range(sample))
    forms = forms_from_frames(
        items.filter(pl.col("project_id").is_in(ids)), budget.filter(pl.col("project_id") < sample)
    )
    start = time.perf_counter()
    for form in forms:
        score_self_evaluation(form, scheme)
    obj = time.perf_counter() - start
    extrapolated = obj / sample * args.projects
    print(
        f"object path: {sample:,} projects in {obj:.2f} s → {extrapolated:.1f} s for {args.projects:,} (extrapolated)"
    )
    print(f"ratio object / batch: {extrapolated / batch:.0f}×")
    item_diffs, total_diffs = agreement(
        forms, scheme, items_out.filter(pl.col("project_id") < sample), totals.filter(pl.col("project_id") < sample)
    )
    print(f"agreement on the sample: {item_diffs} item and {total_diffs} total differences")

    time_ok, memory_ok = batch < TARGET_SECONDS, peak < TARGET_MB
    print(f"time   {batch:.2f} s  < {TARGET_SECONDS} s : {'met' if time_ok else 'MISSED'}")
    print(f"memory {peak:,.0f} MB < {TARGET_MB:,.0f} MB : {'met' if memory_ok else 'MISSED'}")
    return 0 if time_ok and memory_ok and not (item_diffs or total_diffs) else 1


if __name__ == "__main__":
    sys.exit(main())
