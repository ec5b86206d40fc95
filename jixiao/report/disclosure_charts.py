"""The charts the 情况说明 names (its text version lacks them), drawn with matplotlib.

A :class:`Chart` is data only (part of the view-model); :func:`render_chart` draws it with the
Figure API (no pyplot state, safe in workers) as SVG (HTML, PDF: text as paths, so the PDF's
text layer holds the tables and the narrative only) or PNG (DOCX, XLSX). Drawings are cached
per chart and format: the four formats of one package draw each chart at most twice.

- *change* charts (变动情况图): bars for last year and this year, one bar per series, the
  value above each bar; without last year's figure only this year is drawn, and the chart
  says so;
- *structure* charts (结构图): a ring of the non-zero parts with a legend giving each part's
  amount and share (computed as in the narrative, so the two agree).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.report.common import matplotlib_figure, money
from jixiao.report.disclosure_cells import pct, share

COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#bf9000", "#a5a5a5")


@dataclass(frozen=True, slots=True)
class Chart:
    key: str  # "totals_change"
    caption: str  # "收、支决算总计变动情况图（单位：万元）" as the narrative names it
    kind: str  # "change" | "structure"
    categories: tuple[str, ...]  # years (change) or parts (structure)
    series: tuple[tuple[str, tuple[Decimal | None, ...]], ...]  # (name, one value per category)
    note: str = ""  # "上年数据未提供" …


def change_chart(
    key: str,
    caption: str,
    year: int | None,
    prior_year: int | None,
    series: list[tuple[str, Decimal | None, Decimal | None]],
    prior_note: str = "",
) -> Chart:
    """``series`` = (name, last year, this year); ``prior_note`` says where last year's figures
    came from when they are not from last year's tables."""
    has_prior = prior_year is not None and any(p is not None for _, p, _ in series)
    if has_prior:
        cats = (f"{prior_year}年", f"{year}年")
        data = tuple((n, (p, c)) for n, p, c in series)
        return Chart(key, caption, "change", cats, data, prior_note)
    cats = (f"{year}年",)
    return Chart(key, caption, "change", cats, tuple((n, (c,)) for n, _, c in series), "上年数据未提供")


def structure_chart(key: str, caption: str, parts: list[tuple[str, Decimal | None]]) -> Chart:
    """The positive parts (a ring cannot show a negative or zero part; those are named in the note)."""
    shown = [(n, v) for n, v in parts if v is not None and v > 0]
    odd = [n for n, v in parts if v is not None and v < 0]
    note = f"未绘出负数：{'、'.join(odd)}" if odd else ""
    return Chart(key, caption, "structure", tuple(n for n, _ in shown), (("金额", tuple(v for _, v in shown)),), note)


def _draw_change(fig, chart: Chart) -> None:
    ax = fig.add_axes((0.13, 0.1, 0.84, 0.8))
    n = len(chart.series)
    width = 0.7 / max(n, 1)
    top = max((float(v) for _, vals in chart.series for v in vals if v is not None), default=1.0)
    for k, (name, values) in enumerate(chart.series):
        xs = [i + (k - (n - 1) / 2) * width for i in range(len(chart.categories))]
        heights = [float(v) if v is not None else 0.0 for v in values]
        ax.bar(xs, heights, width=width * 0.9, label=name, color=COLOURS[k % len(COLOURS)])
        for x, v in zip(xs, values, strict=False):
            if v is not None:
                ax.text(x, float(v) + top * 0.015, money(v), ha="center", va="bottom", fontsize=8)
    ax.set_xticks(range(len(chart.categories)), chart.categories)
    ax.set_ylim(0, top * 1.18)
    ax.set_ylabel("万元")
    ax.yaxis.set_major_formatter(lambda y, _pos: f"{y:,.0f}")
    ax.spines[["top", "right"]].set_visible(False)
    if n > 1:
        ax.legend(loc="upper left", fontsize=8, frameon=False, ncols=n)
    if chart.note:
        ax.set_title(chart.note, fontsize=8, color="#a15c00", loc="right")


def _draw_structure(fig, chart: Chart) -> None:
    ax = fig.add_axes((0.02, 0.04, 0.4, 0.92))
    values = [v for v in chart.series[0][1] if v is not None]
    whole = sum(values, Decimal(0))
    if not values:
        ax.axis("off")
        ax.text(0.5, 0.5, "无数据", ha="center", va="center", fontsize=10, transform=ax.transAxes)
        return
    ax.pie(
        [float(v) for v in values],
        colors=COLOURS[: len(values)],
        startangle=90,
        counterclock=False,
        wedgeprops={"width": 0.42, "edgecolor": "white"},
    )
    ax.set_aspect("equal")
    labels = [f"{n}  {money(v)}（{pct(share(v, whole))}）" for n, v in zip(chart.categories, values, strict=False)]
    ax.legend(labels, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8, frameon=False)
    ax.text(0, 0, f"合计\n{money(whole)}", ha="center", va="center", fontsize=9)
    if chart.note:
        fig.text(0.98, 0.02, chart.note, ha="right", fontsize=8, color="#a15c00")


@lru_cache(maxsize=64)
def render_chart(chart: Chart, fmt: str) -> bytes:
    """The chart as ``svg`` or ``png`` bytes."""
    import matplotlib

    fig = matplotlib_figure(6.4, 3.2)
    if chart.kind == "change":
        _draw_change(fig, chart)
    else:
        _draw_structure(fig, chart)
    buf = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else None
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # text as <text>: small, fast to draw, selectable
        fig.savefig(buf, format=fmt, dpi=110 if fmt == "png" else None, metadata=metadata)
    return buf.getvalue()
