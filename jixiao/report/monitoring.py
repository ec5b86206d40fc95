"""绩效运行监控 tables (rules.md §3.5, 河南 附件1/2): "monitoring-project" and "monitoring-department".

- monitoring-project — 项目支出绩效监控情况表, one page per project and checkpoint: 项目名称 / 编码 /
  单位, the budget block (年初预算数 | 执行数 | 执行率 | 全年预计执行数 | 预算执行灯), then per leaf
  indicator 一级 | 二级 | 三级 | 年度指标值 | 执行情况 | 全年预计完成情况 | 偏差原因分析 (经费保障 /
  制度保障 / 人员保障 / 硬件条件保障 / 其他 / 原因说明) | 完成目标可能性 | 备注 | 灯. Explanations the
  rules require but that are missing are listed under the table.
- monitoring-department — 部门整体支出绩效监控情况表: 年度部门预算总额 by 资金来源 (财政性资金 / 其他资金)
  and 资金结构 (基本支出 / 项目支出) with 年初预算数 | 执行数 | 执行率 | 全年预计执行数, computed from
  the monitored projects (基本支出 is not in project monitoring data and stays blank; so does the
  split of execution by source), then the matrix of projects × checkpoints with their lights.

Both are laid out with :mod:`jixiao.report.forms`, so HTML, PDF, XLSX and DOCX agree; XLSX cells of
lights are coloured afterwards. Builders take the goal-table documents (``docs``) and the monitoring
files (``monitoring``: paths), evaluated under ``ruleset``; :func:`render_run` renders a
:class:`~jixiao.monitor.batch.MonitoringRun` directly (``jixiao monitor --table``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jixiao.export.xlsx_style import save as save_workbook
from jixiao.model.document import Document
from jixiao.monitor.batch import MonitoringRun, run
from jixiao.monitor.lights import pct
from jixiao.monitor.model import CAUSES, LIGHT_ZH, Light, MonitoringResult, worst
from jixiao.report.forms import (
    Cell,
    Grid,
    NotFound,
    Page,
    Para,
    head,
    money_cell,
    nested_spans,
    select,
    spans,
    text,
    write_docx,
    write_html,
    write_pdf,
    write_xlsx,
)
from jixiao.report.registry import REPORTS, renderer, report_kind

TEMPLATE = "monitoring.html"
LIGHT_FILL = {"红灯": "F4C7C3", "黄灯": "FCE8B2", "绿灯": "B7E1CD", "蓝灯": "C6DAFC"}


@dataclass(frozen=True, slots=True)
class MonitoringView:
    """The monitoring tables: ``results`` (one per project and checkpoint) under ``ruleset``."""

    title: str
    department: str | None
    year: int | None
    ruleset: str
    ruleset_title: str
    results: tuple[MonitoringResult, ...]
    fiscal_budget: Decimal | None  # sum of 其中：财政资金 of the monitored projects (goal tables)
    other_budget: Decimal | None  # sum of 其他资金


def _view(result: MonitoringRun, project: str | None = None) -> MonitoringView:
    chosen = select(result.results, project, lambda r: (r.report.project, r.report.code))
    if not chosen:
        raise NotFound("没有监控报告")
    goals = result.goals
    names = {r.report.project for r in chosen}
    fiscal = other = None
    if goals is not None:
        picked = [p for p in goals.projects if p.name in names]
        fiscal = sum((p.fiscal_funds or Decimal(0) for p in picked), Decimal(0)) if picked else None
        other = sum((p.other_funds or Decimal(0) for p in picked), Decimal(0)) if picked else None
    department = goals.department.name if goals and goals.department else None
    year = next((r.report.year for r in chosen if r.report.year), goals.year if goals else None)
    return MonitoringView(
        title="项目支出绩效监控情况表",
        department=department,
        year=year,
        ruleset=result.ruleset.name,
        ruleset_title=result.ruleset.title,
        results=tuple(chosen),
        fiscal_budget=fiscal,
        other_budget=other,
    )


def _build(docs: Sequence[Document], monitoring: Sequence[str | Path] | str | None, ruleset: str | None,
           project: str | None) -> MonitoringView:
    if not monitoring:
        raise NotFound("需要监控数据文件（jixiao monitor FILE --table …，或在调用时给出 monitoring=…）")
    files = [monitoring] if isinstance(monitoring, (str, Path)) else list(monitoring)
    goal_docs = [d for d in docs if d.goals is not None]
    goals = goal_docs[0].path if goal_docs else None
    return _view(run(files, goals=goals, ruleset=ruleset or "default"), project)


@report_kind("monitoring-project", "项目支出绩效监控情况表")
def build_project(docs: Sequence[Document], monitoring: Sequence[str | Path] | str | None = None,
                  ruleset: str | None = None, project: str | None = None) -> MonitoringView:
    return _build(docs, monitoring, ruleset, project)


@report_kind("monitoring-department", "部门整体支出绩效监控情况表")
def build_department(docs: Sequence[Document], monitoring: Sequence[str | Path] | str | None = None,
                     ruleset: str | None = None, project: str | None = None) -> MonitoringView:
    return _build(docs, monitoring, ruleset, project)


# ---------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------


def light_cell(light: Light, **kw) -> Cell:
    return Cell(text=LIGHT_ZH[light] if light is not Light.NONE else "未判定", align="center",
                css=f"light-{light}", **kw)


def rate_cell(rate: Decimal | None, **kw) -> Cell:
    return Cell(text=pct(rate) if rate is not None else "", value=None if rate is None else rate / 100,
                fmt="0.00%", align="num", **kw)


WIDTHS = (8.0, 10.0, 16.0, 10.0, 10.0, 10.0, 5.0, 5.0, 5.0, 6.0, 5.0, 16.0, 8.0, 16.0, 6.0)


def budget_note(rep) -> str:
    parts = ("、".join(rep.budget_causes), rep.budget_explanation or "", rep.budget_measures or "")
    return "；".join(x for x in parts if x)


def project_grid(r: MonitoringResult) -> Grid:
    rep = r.report
    cp = rep.checkpoint.label
    rows: list[tuple[Cell, ...]] = [
        (head("项目名称"), text(rep.project, colspan=5), head("项目编码", colspan=2), text(rep.code, colspan=4),
         head("实施单位"), text(rep.unit, colspan=2)),
        (head("年初预算数", colspan=2), head(f"{cp}执行数", colspan=2), head(f"{cp}执行率", colspan=2),
         head("全年预计执行数", colspan=3), head("预算执行偏差原因及措施", colspan=5), head("预算执行灯")),
        (money_cell(r.budget, colspan=2), money_cell(rep.executed, colspan=2), rate_cell(r.execution_rate, colspan=2),
         money_cell(rep.expected_executed, colspan=3),
         text(budget_note(rep), colspan=5),
         light_cell(r.budget_verdict.light)),
    ]
    rows += indicator_rows(r)
    return Grid(rows=tuple(rows), widths=WIDTHS, css="small")


def indicator_rows(r: MonitoringResult) -> list[tuple[Cell, ...]]:
    """The indicator block of a monitoring table (15 columns): its two header rows, then a row per indicator."""
    cp = r.report.checkpoint.label
    rows: list[tuple[Cell, ...]] = [
        (head("一级指标", rowspan=2), head("二级指标", rowspan=2), head("三级指标", rowspan=2),
         head("年度指标值", rowspan=2),
         head(f"{cp}执行情况", rowspan=2), head("全年预计完成情况", rowspan=2), head("偏差原因分析", colspan=6),
         head("完成目标可能性", rowspan=2), head("备注", rowspan=2), head("灯", rowspan=2)),
        (*tuple(head(c) for c in CAUSES), head("原因说明")),
    ]
    inds = r.indicators
    l1 = spans([i.indicator.level1 for i in inds])
    l2 = nested_spans([(i.indicator.level1, i.indicator.level2) for i in inds])
    for k, res in enumerate(inds):
        ind = res.indicator
        cells: list[Cell] = []
        if l1[k]:
            cells.append(text(ind.level1, rowspan=l1[k], align="center"))
        if l2[k]:
            cells.append(text(ind.level2, rowspan=l2[k], align="center"))
        cells += [text(ind.name), text(res.target.raw, align="center"), text(ind.progress.raw, align="center"),
                  text(ind.expected.raw, align="center")]
        cells += [text("√" if c in ind.causes else "", align="center") for c in CAUSES]
        cells += [text(ind.explanation), text(ind.likelihood, align="center"), text(ind.measures),
                  light_cell(res.verdict.light)]
        rows.append(tuple(cells))
    return rows


def project_page(view: MonitoringView, r: MonitoringResult) -> Page:
    rep = r.report
    notes = [f"规则集：{view.ruleset_title}（{view.ruleset}）。灯：{r.overall.zh}"
             f"（预算执行{r.budget_verdict.light.zh}，指标最差{r.project_light.zh}）。",
             f"预算执行灯：{r.budget_verdict.working}"]
    notes += [f"{v.working}" for v in r.extra]
    parts: list[Grid | Para] = [project_grid(r)]
    if r.missing:
        parts.append(Para("须补充的说明", level=3))
        parts += [Para(f"{q.subject}：须填写{q.what}（{q.reason}）", level=4, css="missing") for q in r.missing]
    return Page(
        title=view.title,
        sheet=f"{rep.project}{rep.checkpoint.label}",
        parts=tuple(parts),
        subtitle=f"（{rep.year or view.year or ''}年{rep.checkpoint.label}）",
        meta_left=rep.unit or view.department or "",
        meta_right="单位：万元",
        landscape=True,
        notes=tuple(notes),
    )


def project_layout(view: MonitoringView) -> list[Page]:
    return [project_page(view, r) for r in view.results]


def _sum(values: Sequence[Decimal | None]) -> Decimal | None:
    got = [v for v in values if v is not None]
    return sum(got, Decimal(0)) if got else None


def department_layout(view: MonitoringView) -> list[Page]:
    labels = list(dict.fromkeys(r.report.checkpoint.label for r in view.results))
    latest = {}
    for r in view.results:  # the latest checkpoint of each project gives the budget block
        key = (r.report.project, r.report.code)
        if key not in latest or r.report.checkpoint.month >= latest[key].report.checkpoint.month:
            latest[key] = r
    cur = list(latest.values())
    budget = _sum([r.budget for r in cur])
    executed = _sum([r.report.executed for r in cur])
    expected = _sum([r.report.expected_executed for r in cur])
    rate = executed / budget * 100 if budget and executed is not None else None
    cp = "、".join(labels) if len(labels) > 1 else (labels[0] if labels else "")
    budget_rows: list[tuple[Cell, ...]] = [
        (head("年度部门预算总额", colspan=2), head("年初预算数"), head(f"{cp}执行数"), head(f"{cp}执行率"),
         head("全年预计执行数")),
        (head("合计（监控项目）", colspan=2), money_cell(budget), money_cell(executed), rate_cell(rate),
         money_cell(expected)),
        (head("资金来源", rowspan=2), head("财政性资金"), money_cell(view.fiscal_budget), text(""), text(""), text("")),
        (head("其他资金"), money_cell(view.other_budget), text(""), text(""), text("")),
        (head("资金结构", rowspan=2), head("基本支出"), text(""), text(""), text(""), text("")),
        (head("项目支出"), money_cell(budget), money_cell(executed), rate_cell(rate), money_cell(expected)),
        (head("年度履职目标", colspan=2), text("", colspan=4)),
        (head("年度主要任务", colspan=2), text("", colspan=4)),
    ]
    budget_grid = Grid(rows=tuple(budget_rows), widths=(12.0, 14.0, 14.0, 14.0, 12.0, 14.0))
    matrix: list[tuple[Cell, ...]] = [
        (head("项目名称", rowspan=2), head("项目编码", rowspan=2), head("年初预算数", rowspan=2),
         *(head(lb, colspan=4) for lb in labels), head("须补充说明", rowspan=2)),
        tuple(c for _ in labels for c in (head("执行数"), head("执行率"), head("预算灯"), head("指标灯"))),
    ]
    by_project: dict[tuple[str, str | None], dict[str, MonitoringResult]] = {}
    for r in view.results:
        by_project.setdefault((r.report.project, r.report.code), {})[r.report.checkpoint.label] = r
    for (name, code), cells_by in by_project.items():
        first = next(iter(cells_by.values()))
        row: list[Cell] = [text(name), text(code), money_cell(first.budget)]
        for lb in labels:
            r = cells_by.get(lb)
            if r is None:
                row += [text(""), text(""), text("—", align="center"), text("—", align="center")]
            else:
                row += [money_cell(r.report.executed), rate_cell(r.execution_rate), light_cell(r.budget_verdict.light),
                        light_cell(r.project_light)]
        missing = sum(len(r.missing) for r in cells_by.values())
        row.append(Cell(str(missing), Decimal(missing), align="num", css="missing" if missing else ""))
        matrix.append(tuple(row))
    overall = worst([r.overall for r in view.results])
    matrix_grid = Grid(rows=tuple(matrix), widths=(18.0, 18.0, 10.0, *(9.0, 8.0, 6.0, 6.0) * len(labels), 8.0),
                       header_rows=2, css="small")
    counts = {lt: sum(1 for r in view.results if r.overall is lt) for lt in (Light.RED, Light.YELLOW, Light.GREEN,
                                                                           Light.BLUE)}
    summary = "；".join(f"{LIGHT_ZH[lt]}{n}个" for lt, n in counts.items())
    return [
        Page(
            title="部门整体支出绩效监控情况表",
            sheet="部门整体",
            parts=(budget_grid, Para("项目监控情况（项目 × 监控时点）", level=3), matrix_grid),
            subtitle=f"（{view.year or ''}年{cp}）",
            meta_left=view.department or "",
            meta_right="单位：万元",
            landscape=True,
            notes=(f"规则集：{view.ruleset_title}（{view.ruleset}）。总体（最差）：{LIGHT_ZH[overall]}；{summary}。",
                   "注：合计和执行率由系统按监控项目计算；基本支出和按资金来源的执行数不在项目监控数据中，留空。"),
        )
    ]


def color_lights(out: Path) -> None:
    from openpyxl import load_workbook
    from openpyxl.styles import PatternFill

    wb = load_workbook(str(out))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                fill = LIGHT_FILL.get(str(cell.value)) if cell.value else None
                if fill:
                    cell.fill = PatternFill("solid", fgColor=fill)
    save_workbook(wb, out)


def register_monitoring_formats(name: str, layout) -> None:
    """html/pdf (monitoring.html), xlsx (lights coloured) and docx renderers of ``name`` from ``layout``."""

    def to_html(view: MonitoringView, out: Path) -> None:
        write_html(TEMPLATE, view, layout(view), out)

    def to_pdf(view: MonitoringView, out: Path) -> None:
        write_pdf(TEMPLATE, view, layout(view), out)

    def to_xlsx(view: MonitoringView, out: Path) -> None:
        write_xlsx(layout(view), out)
        color_lights(Path(out))

    def to_docx(view: MonitoringView, out: Path) -> None:
        write_docx(layout(view), out)

    for fmt, fn in (("html", to_html), ("pdf", to_pdf), ("xlsx", to_xlsx), ("docx", to_docx)):
        renderer(name, fmt)(fn)


register_monitoring_formats("monitoring-project", project_layout)
register_monitoring_formats("monitoring-department", department_layout)


def render_run(kind: str, fmt: str, result: MonitoringRun, out: Path, project: str | None = None) -> Path:
    """Render a monitoring run as ``kind`` in ``fmt`` (html, pdf, xlsx, docx) to ``out``."""
    if kind not in REPORTS or fmt not in REPORTS[kind].renderers:
        raise ValueError(f"监控表“{kind}”不能输出为“{fmt}”")
    REPORTS[kind].renderers[fmt](_view(result, project), out)
    return out
