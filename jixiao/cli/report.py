"""``jixiao report FILE... --kind KIND --format html|xlsx|docx|pdf -o OUT``."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated

import typer

from jixiao.ingest import read_file
from jixiao.report.registry import FORMATS, REPORTS, load_builtin_reports


def build_view(kind: str, docs, **options):
    """Build a report's view-model, passing only the options its builder accepts."""
    load_builtin_reports()
    builder = REPORTS[kind].build
    accepted = inspect.signature(builder).parameters
    return builder(docs, **{k: v for k, v in options.items() if v is not None and k in accepted})


def report(
    files: Annotated[list[Path], typer.Argument(help="文档", metavar="FILE...")],
    kind: Annotated[str, typer.Option("--kind", help="报告类型（jixiao report --list 列出）")] = "disclosure",
    fmt: Annotated[str, typer.Option("--format", help="html、xlsx、docx 或 pdf")] = "html",
    out: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件")] = None,
    project: Annotated[str | None, typer.Option("--project", help="只输出这个项目（名称或编码）")] = None,
    scheme: Annotated[str | None, typer.Option("--scheme", help="自评评分方案")] = None,
    measurements: Annotated[Path | None, typer.Option("--measurements", help="评价测量值文件")] = None,
    list_kinds: Annotated[bool, typer.Option("--list", help="列出所有报告类型")] = False,
) -> None:
    load_builtin_reports()
    if list_kinds:
        for name, k in sorted(REPORTS.items()):
            typer.echo(f"{name:20s} {k.title}（{'、'.join(sorted(k.renderers))}）")
        return
    if kind not in REPORTS:
        typer.echo(f"错误：没有报告类型“{kind}”；可用：{'、'.join(sorted(REPORTS))}", err=True)
        raise typer.Exit(2)
    if fmt not in FORMATS or fmt not in REPORTS[kind].renderers:
        typer.echo(f"错误：报告“{kind}”不能输出为“{fmt}”；可用：{'、'.join(sorted(REPORTS[kind].renderers))}", err=True)
        raise typer.Exit(2)
    docs = [read_file(f) for f in files]
    if any(not d.readable for d in docs):
        for d in docs:
            for f in d.findings:
                typer.echo(f.format(), err=True)
        raise typer.Exit(2)
    out = out or Path(f"{kind}.{fmt}")
    try:
        view = build_view(kind, docs, project=project, scheme=scheme,
                          measurements=str(measurements) if measurements else None)
    except ValueError as e:  # builders raise ValueError (e.g. NotFound) with a Chinese message
        typer.echo(f"错误：{e}", err=True)
        raise typer.Exit(2) from e
    REPORTS[kind].renderers[fmt](view, out)
    typer.echo(f"已生成 {out}", err=True)
