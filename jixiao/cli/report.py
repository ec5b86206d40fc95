"""``jixiao report FILE... --kind KIND --format html|xlsx|docx|pdf -o OUT``."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli.common import fail, format_of, output_path, report_unreadable


def build_view(kind: str, docs, **options):
    """Build a report's view-model, passing only the options its builder accepts."""
    from jixiao.report.registry import REPORTS, load_builtin_reports

    load_builtin_reports()
    builder = REPORTS[kind].build
    accepted = inspect.signature(builder).parameters
    return builder(docs, **{k: v for k, v in options.items() if v is not None and k in accepted})


def report(
    files: Annotated[list[Path] | None, typer.Argument(help="文档", metavar="FILE...")] = None,
    kind: Annotated[str, typer.Option("--kind", help="报告类型（jixiao report --list 列出）")] = "disclosure",
    fmt: Annotated[
        str | None, typer.Option("--format", help="html、xlsx、docx 或 pdf（默认按输出文件的扩展名，否则 html）")
    ] = None,
    out: Annotated[Path | None, typer.Option("-o", "--output", help="输出文件")] = None,
    project: Annotated[str | None, typer.Option("--project", help="只输出这个项目（名称或编码）")] = None,
    scheme: Annotated[str | None, typer.Option("--scheme", help="自评评分方案")] = None,
    measurements: Annotated[Path | None, typer.Option("--measurements", help="评价测量值文件")] = None,
    list_kinds: Annotated[bool, typer.Option("--list", help="列出所有报告类型")] = False,
) -> None:
    from jixiao.cli.progress import read_one
    from jixiao.report.registry import FORMATS, REPORTS, load_builtin_reports

    load_builtin_reports()
    if list_kinds:
        for name, k in sorted(REPORTS.items()):
            typer.echo(f"{name:20s} {k.title}（{'、'.join(sorted(k.renderers))}）")
        return
    if kind not in REPORTS:
        fail(f"没有报告类型“{kind}”；可用：{'、'.join(sorted(REPORTS))}（jixiao report --list 列出）")
    fmt = format_of(out, fmt, "html")
    if fmt not in FORMATS or fmt not in REPORTS[kind].renderers:
        fail(f"报告“{kind}”不能输出为“{fmt}”；可用：{'、'.join(sorted(REPORTS[kind].renderers))}")
    if not files:
        fail("没有给出文档：jixiao report FILE... --kind KIND -o OUT")
    out = output_path(out or Path(f"{kind}.{fmt}"), fmt)
    docs = [read_one((f, True)) for f in files]  # a scanned page read by OCR shows its progress on stderr
    if report_unreadable(docs):
        raise typer.Exit(2)
    try:
        view = build_view(kind, docs, project=project, scheme=scheme,
                          measurements=str(measurements) if measurements else None)
    except ValueError as e:  # builders raise ValueError (e.g. NotFound) with a Chinese message
        fail(str(e))
    try:
        REPORTS[kind].renderers[fmt](view, out)
    except OSError as e:
        fail(f"无法写入“{out}”：{e.strerror or '写入失败'}")
    typer.echo(f"已生成 {out}", err=True)
