"""``jixiao monitor FILE... [--json] [--ruleset NAME|PATH] [--goals GOALS_FILE] [--table KIND -o OUT]``.

FILE are monitoring reports (YAML/JSON, docs/monitoring.md, or the Excel template). Each report's
targets, 预算数 and 资金支出计划 come from the goal-table document (``--goals``, else the one the
YAML file names under ``goals:``), matched by 项目编码 or 项目名称. Prints the lights per project and
indicator with their working, and the explanations the rules require.

Exit status: 0 all required explanations given; 1 some are missing; 2 a file could not be read
or the rule set has a mistake.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jixiao.cli.common import fail, output_path

if TYPE_CHECKING:
    from jixiao.monitor.batch import MonitoringRun
    from jixiao.monitor.model import MonitoringResult

DOT = {"red": "●红", "yellow": "●黄", "green": "●绿", "blue": "●蓝", "none": "○未判定"}  # by Light's value
TABLES = ("monitoring-project", "monitoring-department")
MONITOR_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
HELP = {
    "files": "监控数据文件（.yaml/.json 或 Excel 模板 .xlsx）",
    "ruleset": "监控规则集：default、sichuan、henan、zhengzhou 或文件路径",
    "goals": "绩效目标表文档（项目的指标值、预算数和资金支出计划）",
    "table": "同时输出监控表：monitoring-project 或 monitoring-department",
    "out": "监控表输出文件（.html、.pdf、.xlsx、.docx）",
}


def monitor(
    files: Annotated[list[Path], typer.Argument(help=HELP["files"], metavar="FILE...")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON")] = False,
    ruleset: Annotated[str, typer.Option("--ruleset", help=HELP["ruleset"])] = "default",
    goals: Annotated[Path | None, typer.Option("--goals", help=HELP["goals"])] = None,
    table: Annotated[str | None, typer.Option("--table", help=HELP["table"])] = None,
    out: Annotated[Path | None, typer.Option("-o", "--output", help=HELP["out"])] = None,
    details: Annotated[bool, typer.Option("--details", help="列出每个灯的计算过程")] = False,
) -> None:
    for f in files:
        if f.suffix.lower() not in MONITOR_SUFFIXES:
            hint = "；绩效目标表请用 --goals 给出" if f.suffix.lower() in (".txt", ".pdf") else ""
            fail(f"“{f}”不是监控数据文件（应为 .yaml、.yml、.json 或 Excel 模板 .xlsx）{hint}。")
    if table is not None:
        if table not in TABLES:
            fail(f"没有监控表“{table}”；可用：{'、'.join(TABLES)}")
        out = output_path(out or Path(f"{table}.html"))
        if out.suffix.lower() not in (".html", ".pdf", ".xlsx", ".docx"):
            fail(f"监控表输出文件“{out.name}”的扩展名应为 .html、.pdf、.xlsx 或 .docx。")
    from jixiao.monitor.batch import run
    from jixiao.rules.schemefile import SchemeError

    try:
        result = run(files, goals=goals, ruleset=ruleset)
    except SchemeError as e:
        fail(str(e))
    if as_json:
        json.dump(to_json(result), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for f in result.findings:
            typer.echo(f.format(), err=True)
        for r in result.results:
            _print(r, details)
        missing = sum(len(r.missing) for r in result.results)
        count = len(result.results)
        typer.echo(f"共 {count} 个项目监控报告（规则集 {result.ruleset.name}），须补充说明 {missing} 处", err=True)
    if table:
        _write_table(result, table, out)
    if any(f.code in ("monitor-file-invalid", "file-unreadable") for f in result.findings):
        raise typer.Exit(2)
    if any(r.missing for r in result.results):
        raise typer.Exit(1)


def to_json(result: MonitoringRun) -> dict[str, object]:
    from jixiao.monitor.model import Light

    counts = {str(x): 0 for x in Light}
    for r in result.results:
        counts[str(r.overall)] += 1
    return {
        "ruleset": {"name": result.ruleset.name, "title": result.ruleset.title, "path": result.ruleset.path},
        "results": [r.to_dict() for r in result.results],
        "findings": [f.to_dict() for f in result.findings],
        "summary": {
            "reports": len(result.results),
            "overall_lights": counts,
            "missing_explanations": sum(len(r.missing) for r in result.results),
        },
    }


def _print(r: MonitoringResult, details: bool) -> None:
    from jixiao.monitor.model import Light

    rep = r.report
    code = f"（{rep.code}）" if rep.code else ""
    typer.echo(f"{rep.project}{code}｜{rep.checkpoint.label}｜规则集 {r.ruleset}：总体{r.overall.zh}，"
               f"预算执行{r.budget_verdict.light.zh}，指标（最差）{r.project_light.zh}")
    typer.echo(f"  {DOT[str(r.budget_verdict.light.value)]} 预算执行：{r.budget_verdict.working}")
    for v in r.extra:
        typer.echo(f"  {DOT[str(v.light.value)]} {v.working}")
    for i in r.indicators:
        light = i.verdict.light
        if details or light in (Light.RED, Light.YELLOW, Light.NONE):
            progress = i.indicator.progress.raw or "—"
            dot = DOT[str(light.value)]
            typer.echo(f"  {dot} {i.indicator.name}（{i.target.raw}；执行情况 {progress}）：{i.verdict.working}")
    if not details:
        shown = sum(1 for i in r.indicators if i.verdict.light not in (Light.RED, Light.YELLOW, Light.NONE))
        if shown:
            typer.echo(f"  其余 {shown} 个指标为绿灯或蓝灯（--details 显示全部）")
    for q in r.missing:
        typer.echo(f"  ✗ 须填写：{q.subject} 的{q.what}（{q.reason}）")


def _write_table(result: MonitoringRun, kind: str, out: Path | None) -> None:
    from jixiao.report.monitoring import render_run

    out = out or Path(f"{kind}.html")
    fmt = out.suffix.lower().lstrip(".")
    try:
        render_run(kind, fmt, result, out)
    except ValueError as e:
        fail(str(e))
    except OSError as e:
        fail(f"无法写入“{out}”：{e.strerror or '写入失败'}")
    typer.echo(f"已生成 {out}", err=True)
