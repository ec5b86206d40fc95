"""The finance evaluation's score table ("evaluation-table", 附件1 layout) and a report outline
("evaluation-outline", 财预〔2020〕10号 附件3 参考提纲) with its numbers filled in.

The score table is the report's 附件1 row by row — 一级 / 二级 / 三级 / 四级 (merged over their
rows, the 一级 and 二级 labels with their points as printed), 权重, 指标解释, 标杆值, 评分标准,
评分依据, 得分, 得分率 — plus two columns: 计算得分 from
:func:`jixiao.rules.score_evaluation.score_evaluation` and whether it agrees. With a measurement
file (``measurements=``, e.g. ``examples/legal-aid-2022-measurements.yaml``) every row is recomputed
by its rule; without one the rows' published scores are summed (the document checked against
itself). Under the table: the 评价结论 table (section weights, published and computed scores, rates
and grades) and the scoring remarks.

The outline follows the seven chapters of the 10号 附件3 reference outline; every number in it
(budget and spending, stage dates and durations, the indicator system's counts and weights, section
and total scores, each indicator that lost points) comes from the model or the score result; the
problems and suggestions are the report's own headings. What the model does not hold is marked
〔待补充〕 rather than invented.

Builders (``project`` matches the evaluated project or the report title, spaces ignored)::

    build_evaluation_table(docs, project=None, measurements=None) -> EvaluationTableBook
    build_evaluation_outline(docs, project=None, measurements=None) -> EvaluationOutlineBook

``measurements`` is a path to a measurement file or a loaded ``Measurements``; it is used for the
report whose title it names (or for the only report when it names none).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jixiao.model.document import Document
from jixiao.model.evaluation import Evaluation, ScoreItem, SectionScore
from jixiao.model.grades import GradeBands
from jixiao.numbers import plain, rounded
from jixiao.report.forms import (
    Cell,
    Grid,
    NotFound,
    Page,
    Para,
    head,
    nested_spans,
    number_cell,
    register_formats,
    select,
    squash,
    text,
)
from jixiao.report.registry import report_kind
from jixiao.rules.measurements import Measurements, load_measurements
from jixiao.rules.result import ScoredItem, ScoreResult, shown
from jixiao.rules.score_evaluation import score_evaluation

PLACEHOLDER = "〔待补充〕"


@dataclass(frozen=True, slots=True)
class ScoreRowView:
    level1: str  # "决策 (20分)" as the table labels it
    level2: str  # "项目立项 (6分)"
    level3: str
    level4: str
    weight: Decimal | None
    raw_weight: str
    explanation: str
    benchmark: str
    standard: str
    basis: str
    published: Decimal | None
    raw_score: str  # 得分 as printed
    raw_rate: str  # 得分率 as printed
    computed: Decimal | None  # exact; shown with two decimals
    agrees: bool | None
    reason: str | None
    rule: str | None
    line: int | None


@dataclass(frozen=True, slots=True)
class SectionView:
    """A row of 评价结论: the report's values and the computed ones."""

    name: str
    weight: Decimal | None
    published: Decimal | None
    raw_rate: str | None  # "91.25%" as printed
    published_grade: str | None
    computed: Decimal | None
    computed_rate: Decimal | None  # percent, two decimals
    grade: str | None
    agrees: bool | None


@dataclass(frozen=True, slots=True)
class EvaluationTableView:
    report_title: str  # "2022年度法律援助及12348热线项目支出财政绩效评价报告"
    title: str  # the 附件1 title: "法律援助及12348热线项目绩效评价指标评分表"
    project: str | None
    evaluator: str | None
    evaluated_unit: str | None
    year: int | None
    scheme: str  # the scheme used, or "document" (the table's own scores summed)
    measured: bool  # True when a measurement file was used
    rows: tuple[ScoreRowView, ...]
    weight_total: Decimal | None  # the 合计 row's 权重 as printed
    published_total: Decimal | None  # the 合计 row's 得分 as printed
    computed_total: Decimal
    sections: tuple[SectionView, ...]  # the 一级 rows of 评价结论, then the total row
    notes: tuple[str, ...]  # the scoring engine's remarks (Chinese)
    source: str


@dataclass(frozen=True, slots=True)
class EvaluationTableBook:
    tables: tuple[EvaluationTableView, ...]


@dataclass(frozen=True, slots=True)
class OutlineChapter:
    heading: str  # "一、基本情况"
    paragraphs: tuple[Para, ...]  # level 2 sub-headings, level 0 text
    grid: Grid | None = None


@dataclass(frozen=True, slots=True)
class EvaluationOutlineView:
    title: str
    table: EvaluationTableView
    cover: tuple[str, ...]  # 评价单位, 被评价单位, 报告日期 …
    chapters: tuple[OutlineChapter, ...]


@dataclass(frozen=True, slots=True)
class EvaluationOutlineBook:
    outlines: tuple[EvaluationOutlineView, ...]


# ---------------------------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------------------------


def _evaluations(docs: Sequence[Document], project: str | None) -> list[Evaluation]:
    found = [e for d in docs if d.accounts is not None for e in d.accounts.evaluations if e.score_table]
    if not found:
        raise NotFound("没有带评分表（附件1）的财政评价报告")
    return select(found, project, lambda e: (e.project, e.title))


def _measurements_for(evaluation: Evaluation, measurements: Measurements | str | Path | None, only: bool):
    if measurements is None:
        return None
    loaded = measurements if isinstance(measurements, Measurements) else load_measurements(measurements)
    if loaded.evaluation is None:
        return loaded if only else None
    return loaded if loaded.names(evaluation.title) else None


def _label(name: str, points: Decimal | None) -> str:
    return name if points is None else f"{name} ({plain(points)}分)"


def _rate(score: Decimal | None, weight: Decimal | None) -> Decimal | None:
    if score is None or not weight:
        return None
    return rounded(shown(score) / weight * 100, 2)


def _grade(score: Decimal | None, weight: Decimal | None, bands: GradeBands) -> str | None:
    """A section's grade by its 得分率 (the report grades 决策 18.25 of 20 = 91.25% as 优)."""
    rate = _rate(score, weight)
    return None if rate is None else bands.grade(rate)


def _row_view(row: ScoreItem, item: ScoredItem | None) -> ScoreRowView:
    return ScoreRowView(
        level1=_label(row.level1, row.level1_weight),
        level2=_label(row.level2, row.level2_weight),
        level3=row.level3,
        level4=row.level4,
        weight=row.weight,
        raw_weight=row.raw_weight or plain(row.weight),
        explanation=row.explanation,
        benchmark=row.benchmark,
        standard=row.standard,
        basis=row.basis,
        published=row.score,
        raw_score=row.raw_score,
        raw_rate=row.raw_rate,
        computed=None if item is None else item.computed,
        agrees=None if item is None else item.agrees,
        reason=None if item is None else item.reason,
        rule=None if item is None else item.rule,
        line=row.source.line,
    )


def _section_views(evaluation: Evaluation, result: ScoreResult) -> tuple[SectionView, ...]:
    bands = evaluation.bands
    computed = {s.name: s for s in result.sections}
    out = []
    published: list[SectionScore] = list(evaluation.sections)
    names = [s.name for s in published] + [n for n in computed if n not in {s.name for s in published}]
    for name in names:
        pub = next((s for s in published if s.name == name), None)
        comp = computed.get(name)
        weight = pub.weight if pub is not None else (comp.weight if comp else None)
        value = comp.computed if comp is not None else None
        out.append(
            SectionView(
                name=name,
                weight=weight,
                published=pub.score if pub else None,
                raw_rate=pub.raw_rate if pub else None,
                published_grade=pub.grade if pub else None,
                computed=value,
                computed_rate=_rate(value, weight),
                grade=_grade(value, weight, bands),
                agrees=comp.agrees if comp else None,
            )
        )
    total = evaluation.total
    weight = total.weight if total is not None else Decimal(100)
    out.append(
        SectionView(
            name=total.name if total is not None else "绩效评价结果",
            weight=weight,
            published=total.score if total else None,
            raw_rate=total.raw_rate if total else None,
            published_grade=total.grade if total else evaluation.grade,
            computed=result.computed_total,
            computed_rate=_rate(result.computed_total, weight),
            grade=result.grade,
            agrees=result.agrees,
        )
    )
    return tuple(out)


def table_view(evaluation: Evaluation, measurements: Measurements | None = None) -> EvaluationTableView:
    """The score table of one evaluation report, scored with or without ``measurements``."""
    result = score_evaluation(evaluation, measurements=measurements)
    by_name = {item.name: item for item in result.items}
    rows = []
    for k, row in enumerate(evaluation.score_table):
        item = by_name.get(row.name)
        if item is None and measurements is None and k < len(result.items):
            item = result.items[k]
        rows.append(_row_view(row, item))
    return EvaluationTableView(
        report_title=evaluation.title,
        title=evaluation.score_table_title or f"{evaluation.project or ''}项目绩效评价指标评分表",
        project=evaluation.project,
        evaluator=evaluation.evaluator,
        evaluated_unit=evaluation.evaluated_unit,
        year=evaluation.year,
        scheme=result.scheme,
        measured=measurements is not None,
        rows=tuple(rows),
        weight_total=evaluation.score_table_weight_total,
        published_total=evaluation.score_table_total,
        computed_total=result.computed_total,
        sections=_section_views(evaluation, result),
        notes=result.notes,
        source=f"{evaluation.source.path}:{evaluation.source.line}",
    )


@report_kind("evaluation-table", "财政评价指标评分表（附件1，计算得分对照）")
def build_evaluation_table(
    docs: Sequence[Document],
    project: str | None = None,
    measurements: Measurements | str | Path | None = None,
) -> EvaluationTableBook:
    """The 附件1 score table of each finance evaluation (of ``project``), computed and published."""
    chosen = _evaluations(docs, project)
    only = len(chosen) == 1
    return EvaluationTableBook(tuple(table_view(e, _measurements_for(e, measurements, only)) for e in chosen))


@report_kind("evaluation-outline", "财政评价报告提纲（10号文附件3，数据已填）")
def build_evaluation_outline(
    docs: Sequence[Document],
    project: str | None = None,
    measurements: Measurements | str | Path | None = None,
) -> EvaluationOutlineBook:
    """The report outline of each finance evaluation (of ``project``) with its numbers filled in."""
    chosen = _evaluations(docs, project)
    only = len(chosen) == 1
    outlines = []
    for e in chosen:
        view = table_view(e, _measurements_for(e, measurements, only))
        outlines.append(_outline(e, view))
    return EvaluationOutlineBook(tuple(outlines))


# ---------------------------------------------------------------------------------------------
# The outline (财预〔2020〕10号 附件3)
# ---------------------------------------------------------------------------------------------


def _score(value: Decimal | None) -> str:
    return "—" if value is None else f"{shown(value):.2f}"


def _as_written(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _spending_paras(e: Evaluation) -> list[Para]:
    if not e.spending:
        return [Para(f"资金投入和使用情况：{PLACEHOLDER}（报告未列支出明细表）", css="placeholder")]
    table = e.spending[0]
    items = [r for r in table.rows if squash(r.name) not in ("总计", "合计")]
    stated = next((r for r in table.rows if squash(r.name) in ("总计", "合计")), None)
    total = sum((r.amount or Decimal(0) for r in items), Decimal(0))
    parts = "，".join(f"{r.name}{r.amount:,.2f}万元" for r in items if r.amount is not None)
    paras = [Para(f"资金使用情况：{parts}；以上合计{total:,.2f}万元（由明细计算）。")]
    if stated is not None and stated.amount is not None:
        agree = "一致" if stated.amount == total else f"不一致（相差{stated.amount - total:,.2f}万元）"
        paras.append(Para(f"报告所列总计为{stated.amount:,.2f}万元，与明细合计{agree}。"))
    return paras


def _system_paras(view: EvaluationTableView) -> list[Para]:
    rows = view.rows
    level1 = list(dict.fromkeys(r.level1 for r in rows))
    level2 = list(dict.fromkeys((r.level1, r.level2) for r in rows))
    weights = sum((r.weight or Decimal(0) for r in rows), Decimal(0))
    return [
        Para(
            f"评价指标体系共设一级指标{len(level1)}个（{'、'.join(level1)}）、二级指标{len(level2)}个、"
            f"末级指标{len(rows)}个，各末级指标权重合计{plain(weights)}分"
            + (f"（评分表合计行为{plain(view.weight_total)}分）。" if view.weight_total is not None else "。")
        )
    ]


def _stage_paras(e: Evaluation) -> list[Para]:
    if not e.stages:
        return [Para(f"绩效评价工作过程：{PLACEHOLDER}", css="placeholder")]
    out = []
    for s in e.stages:
        days = ""
        if s.start_date and s.end_date:
            days = f"，共{(s.end_date - s.start_date).days + 1}天"
        out.append(Para(f"{s.name}：{s.start}至{s.end}{days}。"))
    first, last = e.stages[0], e.stages[-1]
    if first.start_date and last.end_date:
        days = (last.end_date - first.start_date).days + 1
        out.append(Para(f"评价工作自{first.start}起至{last.end}止，历时{days}天。"))
    return out


def _sections_grid(view: EvaluationTableView) -> Grid:
    rows: list[tuple[Cell, ...]] = [
        (head("评价指标类别"), head("所赋分值"), head("评价得分（报告）"), head("得分率（报告）"), head("等级（报告）"),
         head("计算得分"), head("计算得分率"), head("计算等级")),
    ]
    for s in view.sections:
        css = "diff" if s.agrees is False else ""
        rows.append(
            (text(s.name), number_cell(s.weight), number_cell(s.published, raw=_as_written(s.published), css=css),
             text(s.raw_rate, align="num"),
             text(s.published_grade, align="center"),
             number_cell(None if s.computed is None else shown(s.computed), raw=_score(s.computed), css=css),
             text("" if s.computed_rate is None else f"{s.computed_rate}%", align="num"), text(s.grade, align="center"))
        )
    return Grid(rows=tuple(rows), widths=(16.0, 9.0, 12.0, 11.0, 10.0, 10.0, 11.0, 9.0), header_rows=1)


def _analysis_paras(view: EvaluationTableView) -> list[Para]:
    out = []
    labels = {
        "决策": "（一）项目决策情况",
        "过程": "（二）项目过程情况",
        "产出": "（三）项目产出情况",
        "效益": "（四）项目效益情况",
    }
    for s in view.sections[:-1]:
        out.append(Para(labels.get(s.name, f"（{s.name}）"), level=3))
        out.append(
            Para(
                f"{s.name}指标共{plain(s.weight)}分，报告得分{_score(s.published)}分"
                f"（得分率{s.raw_rate or '—'}），计算得分{_score(s.computed)}分"
                f"（得分率{'—' if s.computed_rate is None else f'{s.computed_rate}%'}）。"
            )
        )
        for r in view.rows:
            if not r.level1.startswith(s.name):
                continue
            lost = r.weight is not None and r.published is not None and r.published < r.weight
            if lost or r.agrees is False:
                name = r.level4 or r.level3
                text_ = f"{name}指标共{plain(r.weight)}分，评分表得{r.raw_score}分"
                if lost:
                    text_ += f"，扣{plain(r.weight - r.published)}分"
                if r.agrees is False:
                    text_ += f"；计算得{_score(r.computed)}分（{r.reason or '与评分表不一致'}）"
                out.append(Para(text_ + "。"))
    return out


def _headings_under(e: Evaluation, chapter: str, unless: str) -> list[Para]:
    """The report's sub-headings under its chapter naming ``chapter`` (not a combined chapter that
    also names ``unless``, such as the abstract's 问题和建议)."""
    groups: dict[tuple[str, ...], list[Para]] = {}
    for p in e.paragraphs:
        if p.heading and len(p.path) >= 3:
            name = squash(p.path[1])
            if chapter in name and unless not in name:
                groups.setdefault(p.path[:2], []).append(Para(p.text))
    # the abstract repeats the chapters: the report body (the last occurrence) is the full one
    return list(groups.values())[-1] if groups else [Para(PLACEHOLDER, css="placeholder")]


def _conclusion(view: EvaluationTableView) -> str:
    total = view.sections[-1]
    verdict = {True: "两者一致。", False: "两者不一致，差异见第四、七部分。", None: "报告未列总分。"}[total.agrees]
    how = "重新计算" if view.measured else "汇总"
    return (
        f"报告评价得分{_score(total.published)}分，等级为“{total.published_grade or '—'}”；"
        f"按评分表逐项{how}得{_score(total.computed)}分，等级为“{total.grade or '—'}”，{verdict}"
    )


def _outline(e: Evaluation, view: EvaluationTableView) -> EvaluationOutlineView:
    how = f"依测量值文件按评分方案 {view.scheme} 逐项计算" if view.measured else "采用评分表所列得分汇总"
    cover = tuple(
        line
        for line in (
            f"评价单位：{e.evaluator}" if e.evaluator else None,
            f"被评价单位：{e.evaluated_unit}" if e.evaluated_unit else None,
            f"报告日期：{e.report_date}" if e.report_date else None,
            f"评分方式：{how}",
        )
        if line
    )
    bands = e.bands.ranges_text() or PLACEHOLDER
    chapters = (
        OutlineChapter(
            "一、基本情况",
            (
                Para("（一）项目概况", level=3),
                Para(f"项目名称：{e.project or PLACEHOLDER}；实施单位：{e.evaluated_unit or PLACEHOLDER}；"
                     f"评价年度：{e.year or PLACEHOLDER}。"),
                *_spending_paras(e),
                Para("（二）项目绩效目标", level=3),
                Para(f"总体目标和阶段性目标：{PLACEHOLDER}（见该项目绩效目标表）", css="placeholder"),
            ),
        ),
        OutlineChapter(
            "二、绩效评价工作开展情况",
            (
                Para("（一）绩效评价目的、对象和范围", level=3),
                Para(f"评价对象：{e.title}；评价机构：{e.evaluator or PLACEHOLDER}。"),
                Para("（二）绩效评价原则、评价指标体系、评价方法、评价标准", level=3),
                *_system_paras(view),
                Para(f"评价等级标准：{bands}。"),
                Para("（三）绩效评价工作过程", level=3),
                *_stage_paras(e),
            ),
        ),
        OutlineChapter(
            "三、综合评价情况及评价结论（附相关评分表）",
            (
                Para(_conclusion(view)),
                Para(f"评分表：见“{view.title}”（evaluation-table 报表）。", level=4),
            ),
            grid=_sections_grid(view),
        ),
        OutlineChapter("四、绩效评价指标分析", tuple(_analysis_paras(view))),
        OutlineChapter("五、主要经验及做法、存在的问题及原因分析", (
            Para("（一）主要经验及做法", level=3),
            Para(PLACEHOLDER, css="placeholder"),
            Para("（二）存在的问题及原因分析（报告所列）", level=3),
            *_headings_under(e, "问题", "建议"),
        )),
        OutlineChapter("六、有关建议", tuple(_headings_under(e, "建议", "问题"))),
        OutlineChapter(
            "七、其他需要说明的问题",
            tuple(Para(n) for n in view.notes) or (Para("无。"),),
        ),
    )
    return EvaluationOutlineView(title=e.title, table=view, cover=cover, chapters=chapters)


# ---------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------

TABLE_WIDTHS = (6.5, 7.0, 6.5, 8.0, 3.6, 14.0, 5.0, 16.5, 17.5, 4.2, 5.2, 4.6, 3.6)  # 13 columns


def score_grid(view: EvaluationTableView) -> Grid:
    header = tuple(
        head(h)
        for h in ("一级指标", "二级指标", "三级指标", "四级指标", "权重", "指标解释", "标杆值", "评分标准", "评分依据",
                  "得分", "得分率", "计算得分", "一致")
    )
    rows: list[tuple[Cell, ...]] = [header]
    keys1 = [(r.level1,) for r in view.rows]
    keys2 = [(r.level1, r.level2) for r in view.rows]
    keys3 = [(r.level1, r.level2, r.level3) for r in view.rows]
    s1, s2, s3 = nested_spans(keys1), nested_spans(keys2), nested_spans(keys3)
    for k, r in enumerate(view.rows):
        cells: list[Cell] = []
        for spans_, value in ((s1, r.level1), (s2, r.level2), (s3, r.level3)):
            if spans_[k]:
                cells.append(text(value, rowspan=spans_[k], align="center"))
        css = "diff" if r.agrees is False else ""
        mark = {True: "是", False: "否", None: ""}[r.agrees]
        cells += [
            text(r.level4),
            number_cell(r.weight, raw=r.raw_weight),
            text(r.explanation),
            text(r.benchmark, align="center"),
            text(r.standard),
            text(r.basis),
            number_cell(r.published, raw=r.raw_score, css=css),
            text(r.raw_rate, align="num"),
            number_cell(None if r.computed is None else shown(r.computed), raw=_score(r.computed), fmt="0.00", css=css),
            text(mark, align="center"),
        ]
        rows.append(tuple(cells))
    rows.append(
        (head("合计", colspan=4), number_cell(view.weight_total), text("", colspan=4),
         number_cell(view.published_total, css="diff" if view.sections[-1].agrees is False else ""), text(""),
         number_cell(shown(view.computed_total), raw=_score(view.computed_total), fmt="0.00"), text(""))
    )
    return Grid(rows=tuple(rows), widths=TABLE_WIDTHS, header_rows=1, css="small")


def table_layout(book: EvaluationTableBook) -> list[Page]:
    pages = []
    for view in book.tables:
        how = (f"计算得分：依测量值文件按评分方案 {view.scheme} 逐项计算。" if view.measured
               else "计算得分：未提供测量值文件，采用评分表所列得分，按一级指标和总分汇总核对。")
        pages.append(
            Page(
                title=view.title,
                sheet="评分表",
                parts=(Para("附件1", level=4), score_grid(view), Para("评价结论", level=2), _sections_grid(view)),
                subtitle=view.report_title,
                landscape=True,
                notes=(how, *view.notes),
            )
        )
    return pages


def outline_layout(book: EvaluationOutlineBook) -> list[Page]:
    pages = []
    for o in book.outlines:
        parts: list[Grid | Para] = [Para(line, level=4) for line in o.cover]
        for ch in o.chapters:
            parts.append(Para(ch.heading, level=1))
            if ch.grid is not None:
                parts.append(ch.grid)
            parts.extend(ch.paragraphs)
        pages.append(Page(title=o.title, sheet="报告提纲", parts=tuple(parts), subtitle="（报告提纲·数据已填）"))
    return pages


register_formats("evaluation-table", "evaluation.html", table_layout)
register_formats("evaluation-outline", "evaluation_outline.html", outline_layout)
