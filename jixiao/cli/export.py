"""``jixiao export FILE --format xlsx -o OUT.xlsx``: target tables or self-evaluation forms as an Excel template."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

FORMATS = ("xlsx",)


def export(
    file: Annotated[Path, typer.Argument(help="要导出的文档（绩效目标表或部门决算，.txt/.xlsx）", metavar="FILE")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="导出格式：xlsx")] = "xlsx",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="输出文件（默认：FILE改扩展名.xlsx）")] = None,
) -> None:
    """Write a 绩效目标表 document's projects, or a final-accounts document's self-evaluation
    forms, as a workbook in the official layout (exit status 2 when there is nothing to export)."""
    if fmt.lower() not in FORMATS:
        typer.echo(f"不支持的导出格式“{fmt}”，可用：{'、'.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    from jixiao.ingest import read_file

    doc = read_file(file)
    if not doc.readable:
        for f in doc.findings:
            typer.echo(f.format(), err=True)
        raise typer.Exit(2)
    from jixiao.export.xlsx import ExportError, write_workbook

    out = output or file.with_suffix(".xlsx")
    if out.resolve() == file.resolve():
        typer.echo(f"输出文件与输入文件相同：{out}，请用 -o 指定其他文件名", err=True)
        raise typer.Exit(2)
    try:
        write_workbook(doc, out)
    except ExportError as e:
        typer.echo(str(e), err=True)
        raise typer.Exit(2) from None
    except OSError as e:
        typer.echo(f"无法写入“{out}”：{e.strerror or e}", err=True)
        raise typer.Exit(2) from None
    what = f"绩效目标表 {len(doc.goals.projects)} 张" if doc.goals else \
        f"绩效自评表 {len(doc.accounts.self_evaluations) if doc.accounts else 0} 张"
    typer.echo(f"已导出{what}：{out}")
