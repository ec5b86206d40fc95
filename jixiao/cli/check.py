"""``jixiao check FILE|DIR... [--json] [--select CODE|TAG] [--ignore CODE|TAG] [--strict] [--jobs N]``.

A folder stands for the files under it. The files are read over ``--jobs`` processes (default: the
cores; the output is the same as with ``--jobs 1``, in the same order) with a progress bar on
standard error when it is a terminal; the checks then run on all the documents together."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def _split(values: list[str] | None) -> list[str]:
    return [v.strip() for item in values or [] for v in item.split(",") if v.strip()]


def check(
    files: Annotated[list[Path], typer.Argument(help="要检查的文件或文件夹", metavar="FILE|DIR...")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（见 design.md 的约定）")] = False,
    select: Annotated[list[str] | None, typer.Option("--select", help="只报告这些代码或标签（可重复）")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="不报告这些代码或标签")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="同时运行严格检查")] = False,
    level: Annotated[str, typer.Option("--level", help="文本输出的最低级别：error、warning 或 info")] = "warning",
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="同时读取文件的进程数（默认：CPU 核数）")
    ] = None,
) -> None:
    from jixiao.checks import run_checks
    from jixiao.cli.progress import expand, read_all

    docs = read_all(expand(files), jobs, "读取并检查")
    report = run_checks(docs, select=_split(select), ignore=_split(ignore), strict=strict)
    findings = sorted(report.findings, key=lambda f: (f.source.path, f.source.line or 0, f.source.column or 0))
    if as_json:
        payload = {"findings": [f.to_dict() for f in findings], "summary": report.summary}
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        limit = SEVERITY_RANK.get(level, 1)
        for f in findings:
            if SEVERITY_RANK[str(f.severity)] <= limit:
                typer.echo(f.format())
        s = report.summary
        typer.echo(f"共 {len(docs)} 个文件：错误 {s['error']}，警告 {s['warning']}，提示 {s['info']}", err=True)
    if any(not d.readable for d in docs):
        raise typer.Exit(2)
    if report.has_errors:
        raise typer.Exit(1)
