"""绩效自评表 per project ("selfeval-form") and the 自评情况汇总表 ("selfeval-summary").

The form follows the official 市级预算项目支出绩效自评表: 项目名称 / 主管部门, 项目实施单位 /
联系电话, the 项目预算执行情况 block (年初预算数, 调整后预算数 (A), 全年执行数 (B), 分值,
执行率 (B/A), 得分), 年度总体目标 (年初预期目标 / 目标实际完成情况), 年度绩效指标 (一级 / 二级 /
三级, 年度指标值 (A), 实际完成指标值 (B), 分值, 得分) with merged level cells, 小计, 总分 and the
explanation for a total under 80. One column is added to the printed form: 得分（计算）, the score
:func:`jixiao.rules.score_self.score_self_evaluations` computes from the form's own rows, next to
the published 得分（表中）; a cell is marked where the two differ, and the reason is listed under
the form with the scheme's remarks. Published figures are shown as written ("99.75614267").

The summary puts, for every row of the published 汇总表, the published score and grade next to
the form's printed 总分 and the computed total and grade.

Builders (``project`` selects by name, spaces ignored; ``None`` → every form)::

    build_selfeval_forms(docs, project=None, scheme="mof-2020-10") -> SelfEvalBookView
    build_selfeval_summary(docs, scheme="mof-2020-10") -> SelfEvalSummaryView
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jixiao.model.document import Document
from jixiao.model.selfeval import BudgetLine, Figure, SelfEvaluation, SummaryRow
from jixiao.report.forms import (
    Cell,
    Grid,
    NotFound,
    Page,
    head,
    nested_spans,
    number_cell,
    register_formats,
    select,
    spans,
    squash,
    text,
)
from jixiao.report.registry import report_kind
from jixiao.rules.result import ScoredItem, ScoreResult, shown
from jixiao.rules.schemes import DEFAULT_SELF_SCHEME, SelfScheme
from jixiao.rules.score_self import score_self_evaluations

DEFAULT_SCHEME = DEFAULT_SELF_SCHEME


@dataclass(frozen=True, slots=True)
class IndicatorView:
    level1: str  # 一级指标 label as the form shows it ("产出指标 (50分)" when it carried points)
    level2: str
    name: str
    target: str  # 年度指标值 (A), raw
    actual: str  # 实际完成指标值 (B), raw
    weight: Figure | None  # 分值 as printed
    published: Figure | None  # 得分 as printed
    computed: Decimal | None  # the engine's score, exact (shown with two decimals)
    agrees: bool | None
    reason: str | None  # why computed and published differ (Chinese)
    rule: str | None
    deviation: str | None  # 偏差原因分析及改进措施


@dataclass(frozen=True, slots=True)
class SelfEvalFormView:
    title: str
    year: int | None
    project: str
    department: str | None
    unit: str | None
    phone: str | None
    money_unit: str
    budget_label: str  # "项目预算执行情况 (10分)"
    budget_lines: tuple[BudgetLine, ...]  # the model's rows, figures as written
    execution: ScoredItem | None  # the computed 预算执行率 score (年度资金总额 row)
    goal_expected: str | None
    goal_actual: str | None
    indicator_label: str  # "年度绩效指标 (50分)"
    indicators: tuple[IndicatorView, ...]
    subtotal_weight: Figure | None
    subtotal_score: Figure | None
    computed_subtotal: Decimal  # sum of the computed indicator scores
    total: Figure | None  # 总分 as printed
    computed_total: Decimal
    grade: str | None  # computed grade
    published_grade: str | None  # from the 汇总表
    agrees: bool | None
    low_score_label: str | None
    low_score_explanation: str | None
    notes: tuple[str, ...]  # the form's 注 as printed
    score_notes: tuple[str, ...]  # the scoring engine's remarks
    scheme: str
    source: str
    model: SelfEvaluation | None = field(default=None, repr=False, compare=False)  # for writers working on the model


@dataclass(frozen=True, slots=True)
class SelfEvalBookView:
    department: str | None
    year: int | None
    scheme: str
    forms: tuple[SelfEvalFormView, ...]


@dataclass(frozen=True, slots=True)
class SummaryRowView:
    number: int | None
    unit: str
    project: str
    published: Figure | None  # 自评得分 of the 汇总表, as written
    published_grade: str | None
    form_total: Figure | None  # 总分 printed on the project's form
    computed: Decimal | None  # computed total (None when no form was found)
    grade: str | None  # computed grade
    agrees: bool | None  # computed (two decimals) equals the 汇总表 score within 0.01


@dataclass(frozen=True, slots=True)
class SelfEvalSummaryView:
    title: str
    department: str | None
    year: int | None
    scheme: str
    rows: tuple[SummaryRowView, ...]
    notes: tuple[str, ...]  # 注 as printed
    remarks: tuple[str, ...]  # prose after the table, as printed
    unlisted: tuple[str, ...]  # forms without a row in the 汇总表


# ---------------------------------------------------------------------------------------------
# Builders
# ---------------------------------------------------------------------------------------------


def _accounts(docs: Sequence[Document]):
    found = [d.accounts for d in docs if d.accounts is not None and d.accounts.self_evaluations]
    if not found:
        raise NotFound("没有包含绩效自评表的部门决算文档")
    return found


def _scored(docs: Sequence[Document], scheme: SelfScheme | str | Path) -> list[tuple[SelfEvaluation, ScoreResult]]:
    pairs = []
    for accounts in _accounts(docs):
        results = score_self_evaluations(accounts, scheme)
        pairs.extend(zip(accounts.self_evaluations, results, strict=True))
    return pairs


def _level1_label(name: str, points: Decimal | None) -> str:
    if points is None:
        return name
    return f"{name} ({format(points, 'f')}分)"


def _form_view(form: SelfEvaluation, result: ScoreResult) -> SelfEvalFormView:
    scored = list(result.items)
    execution = scored[0] if scored and scored[0].name == "预算执行率" else None
    indicator_items = scored[1:] if execution is not None else scored
    rows = []
    for k, it in enumerate(form.indicators):
        item = indicator_items[k] if k < len(indicator_items) else None
        rows.append(
            IndicatorView(
                level1=_level1_label(it.level1, it.level1_points),
                level2=it.level2,
                name=it.name,
                target=it.target.raw,
                actual=it.actual.raw,
                weight=it.weight,
                published=it.score,
                computed=None if item is None else item.computed,
                agrees=None if item is None else item.agrees,
                reason=None if item is None else item.reason,
                rule=None if item is None else item.rule,
                deviation=it.deviation,
            )
        )
    return SelfEvalFormView(
        title=form.title or "市级预算项目支出绩效自评表",
        year=form.year,
        project=form.project,
        department=form.department,
        unit=form.unit,
        phone=form.phone,
        money_unit=form.money_unit or "万元",
        budget_label=form.budget_weight_label or "项目预算执行情况",
        budget_lines=form.budget_lines,
        execution=execution,
        goal_expected=form.goal_expected,
        goal_actual=form.goal_actual,
        indicator_label=form.indicator_weight_label or "年度绩效指标",
        indicators=tuple(rows),
        subtotal_weight=form.subtotal_weight,
        subtotal_score=form.subtotal_score,
        computed_subtotal=sum((r.computed or Decimal(0) for r in rows), Decimal(0)),
        total=form.total,
        computed_total=result.computed_total,
        grade=result.grade,
        published_grade=result.published_grade,
        agrees=result.agrees,
        low_score_label=form.low_score_label,
        low_score_explanation=form.low_score_explanation,
        notes=form.notes,
        score_notes=result.notes,
        scheme=result.scheme,
        source=f"{form.source.path}:{form.source.line}",
        model=form,
    )


@report_kind("selfeval-form", "项目支出绩效自评表（计算得分与表中得分对照）")
def build_selfeval_forms(
    docs: Sequence[Document], project: str | None = None, scheme: SelfScheme | str | Path = DEFAULT_SCHEME
) -> SelfEvalBookView:
    """The 绩效自评表 of ``project`` (name; ``None`` → every form), scored under ``scheme``."""
    pairs = _scored(docs, scheme)
    chosen = select(pairs, project, lambda pair: (pair[0].project,))
    forms = tuple(_form_view(form, result) for form, result in chosen)
    first = _accounts(docs)[0]
    return SelfEvalBookView(
        department=first.department.name if first.department else None,
        year=first.year,
        scheme=forms[0].scheme if forms else str(scheme),
        forms=forms,
    )


@report_kind("selfeval-summary", "绩效自评情况汇总表")
def build_selfeval_summary(
    docs: Sequence[Document], project: str | None = None, scheme: SelfScheme | str | Path = DEFAULT_SCHEME
) -> SelfEvalSummaryView:
    """The 自评情况汇总表 with the forms' printed totals and the computed totals and grades.

    ``project`` is accepted for a uniform CLI and restricts the rows (``None`` → all rows)."""
    pairs = _scored(docs, scheme)
    by_name = {squash(form.project): (form, result) for form, result in pairs}
    accounts = _accounts(docs)[0]
    summary = accounts.self_evaluation_summary
    rows: list[SummaryRowView] = []
    listed: set[str] = set()
    for row in summary.rows if summary else ():
        pair = by_name.get(squash(row.project))
        listed.add(squash(row.project))
        rows.append(_summary_row(row, pair))
    unlisted_pairs = [(form, result) for form, result in pairs if squash(form.project) not in listed]
    for form, result in unlisted_pairs:
        rows.append(
            SummaryRowView(None, form.unit or "", form.project, None, None, form.total, result.computed_total,
                           result.grade, None)
        )
    if project is not None:
        rows = select(rows, project, lambda r: (r.project,))
    return SelfEvalSummaryView(
        title=summary.title if summary else "绩效自评情况汇总表",
        department=(summary.department if summary else None)
        or (accounts.department.name if accounts.department else None),
        year=accounts.year,
        scheme=pairs[0][1].scheme if pairs else str(scheme),
        rows=tuple(rows),
        notes=summary.notes if summary else (),
        remarks=summary.remarks if summary else (),
        unlisted=tuple(form.project for form, _ in unlisted_pairs),
    )


def _summary_row(row: SummaryRow, pair: tuple[SelfEvaluation, ScoreResult] | None) -> SummaryRowView:
    if pair is None:
        return SummaryRowView(row.number, row.unit, row.project, row.score, row.grade, None, None, None, None)
    form, result = pair
    published = row.score.value if row.score is not None else None
    agrees = None if published is None else abs(shown(result.computed_total) - published) <= Decimal("0.01")
    return SummaryRowView(
        row.number, row.unit, row.project, row.score, row.grade, form.total, result.computed_total, result.grade, agrees
    )


# ---------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------

FORM_WIDTHS = (10.0, 12.0, 12.0, 17.0, 14.0, 14.0, 9.5, 10.5, 9.5)  # 9 columns


def fig(figure: Figure | None, **kw) -> Cell:
    if figure is None:
        return text("", **kw)
    return number_cell(figure.value, raw=figure.raw, **kw)


def computed_cell(value: Decimal | None, agrees: bool | None = None, **kw) -> Cell:
    """A computed score: two decimals (as the documents show scores), marked where it differs."""
    if value is None:
        return text("", **kw)
    q = shown(value)
    return number_cell(q, raw=f"{q:.2f}", fmt="0.00", css="diff" if agrees is False else "", **kw)


def form_grid(v: SelfEvalFormView) -> Grid:
    rows: list[tuple[Cell, ...]] = [
        (head("项目名称"), text(v.project, colspan=3), head("主管部门"), text(v.department, colspan=4)),
        (head("项目实施单位"), text(v.unit, colspan=3), head("联系电话"), text(v.phone, colspan=4)),
    ]
    lines = v.budget_lines
    rows.append(
        (head(v.budget_label, rowspan=1 + len(lines)), head(""), head("年初预算数"), head("调整后预算数 (A)"),
         head("全年执行数 (B)"), head("分值"), head("执行率 (B/A)"), head("得分（表中）"), head("得分（计算）"))
    )
    for k, line in enumerate(lines):
        is_total = k == 0 or "年度资金总额" in squash(line.name)
        computed = v.execution.computed if (is_total and v.execution is not None and k == 0) else None
        agrees = v.execution.agrees if v.execution is not None else None
        rows.append(
            (text(line.name), fig(line.initial), fig(line.adjusted), fig(line.executed), fig(line.weight),
             fig(line.rate), fig(line.score), computed_cell(computed, agrees))
        )
    rows.append((head("年度总体目标", rowspan=2), head("年初预期目标", colspan=4), head("目标实际完成情况", colspan=4)))
    rows.append((text(v.goal_expected, colspan=4), text(v.goal_actual, colspan=4)))
    inds = v.indicators
    rows.append(
        (head(v.indicator_label, rowspan=1 + len(inds)), head("一级指标"), head("二级指标"), head("三级指标"),
         head("年度指标值 (A)"), head("实际完成指标值 (B)"), head("分值"), head("得分（表中）"), head("得分（计算）"))
    )
    l1 = spans([i.level1 for i in inds])
    l2 = nested_spans([(i.level1, i.level2) for i in inds])
    for k, ind in enumerate(inds):
        cells: list[Cell] = []
        if l1[k]:
            cells.append(text(ind.level1, rowspan=l1[k], align="center"))
        if l2[k]:
            cells.append(text(ind.level2, rowspan=l2[k], align="center"))
        cells += [
            text(ind.name),
            text(ind.target, align="center"),
            text(ind.actual, align="center"),
            fig(ind.weight),
            fig(ind.published, css="diff" if ind.agrees is False else ""),
            computed_cell(ind.computed, ind.agrees),
        ]
        rows.append(tuple(cells))
    rows.append((head("小计", colspan=6), fig(v.subtotal_weight), fig(v.subtotal_score),
                 computed_cell(v.computed_subtotal)))
    rows.append((head("总分", colspan=6), text(""), fig(v.total, css="diff" if v.agrees is False else ""),
                 computed_cell(v.computed_total, v.agrees)))
    rows.append((head("评价等级", colspan=6), text(""), text(v.published_grade or "", align="center"),
                 text(v.grade or "", align="center")))
    label = v.low_score_label or "总分在 80 分以下的项目未实现绩效目标的原因分析及拟采取的措施说明："
    rows.append((text(f"{label}{v.low_score_explanation or ''}", colspan=9),))
    return Grid(rows=tuple(rows), widths=FORM_WIDTHS)


def _form_notes(v: SelfEvalFormView) -> tuple[str, ...]:
    notes = list(v.notes)
    notes.append(f"计算得分：依评分方案 {v.scheme} 由本表所列数值计算，显示两位小数；表中得分按原表照录。")
    for ind in v.indicators:
        if ind.agrees is False and ind.reason:
            notes.append(f"“{ind.name}”：计算得分与表中得分不一致——{ind.reason}")
        if ind.deviation:
            notes.append(f"“{ind.name}”偏差原因分析及改进措施：{ind.deviation}")
    if v.execution is not None and v.execution.agrees is False and v.execution.reason:
        notes.append(f"预算执行率：{v.execution.reason}")
    notes += [f"评分说明：{n}" for n in v.score_notes]
    return tuple(notes)


def form_layout(view: SelfEvalBookView) -> list[Page]:
    pages = []
    for v in view.forms:
        pages.append(
            Page(
                title=v.title,
                sheet=v.project or "自评表",
                parts=(form_grid(v),),
                subtitle=f"（{v.year} 年度）" if v.year else None,
                meta_right=f"单位：{v.money_unit}",
                landscape=True,
                notes=_form_notes(v),
            )
        )
    return pages


SUMMARY_WIDTHS = (6.0, 18.0, 30.0, 11.0, 9.0, 13.0, 11.0, 9.0, 8.0)


def summary_grid(view: SelfEvalSummaryView) -> Grid:
    rows: list[tuple[Cell, ...]] = [
        (head("序号"), head("项目实施单位"), head("项目名称"), head("自评得分"), head("评价等级"),
         head("自评表总分"), head("计算得分"), head("计算等级"), head("一致")),
    ]
    for r in view.rows:
        mark = {True: "是", False: "否", None: ""}[r.agrees]
        rows.append(
            (text(r.number, align="center"), text(r.unit), text(r.project),
             fig(r.published, css="diff" if r.agrees is False else ""), text(r.published_grade, align="center"),
             fig(r.form_total), computed_cell(r.computed, r.agrees), text(r.grade, align="center"),
             text(mark, align="center"))
        )
    return Grid(rows=tuple(rows), widths=SUMMARY_WIDTHS, header_rows=1)


def summary_layout(view: SelfEvalSummaryView) -> list[Page]:
    notes = list(view.remarks) + list(view.notes)
    notes.append(f"自评表总分按各项目自评表照录；计算得分、计算等级依评分方案 {view.scheme} 由自评表所列数值计算。")
    if view.unlisted:
        notes.append("汇总表未列出的自评表：" + "、".join(view.unlisted))
    return [
        Page(
            title=view.title,
            sheet="自评情况汇总表",
            parts=(summary_grid(view),),
            meta_left=f"部门名称：{view.department or ''}",
            landscape=True,
            notes=tuple(notes),
        )
    ]


register_formats("selfeval-form", "selfeval.html", form_layout)
register_formats("selfeval-summary", "selfeval_summary.html", summary_layout)
