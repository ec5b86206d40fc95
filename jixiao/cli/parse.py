"""``jixiao parse FILE... [--json]``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from jixiao.cli.common import EXIT_ERRORS, EXIT_NOT_DONE, report_unreadable


def parse(
    files: Annotated[list[Path], typer.Argument(help="要读取的文件（.txt、.pdf、.xlsx）", metavar="FILE...")],
    as_json: Annotated[bool, typer.Option("--json", help="输出 JSON（见 design.md 的约定）")] = False,
) -> None:
    from jixiao.cli.progress import read_one
    from jixiao.cli.summary import print_summary
    from jixiao.findings import summarize
    from jixiao.serialize import document_dict

    docs = [read_one((f, True)) for f in files]  # a scanned page read by OCR shows its progress on stderr
    if as_json:
        findings = [f for d in docs for f in d.findings]
        payload = {"documents": [document_dict(d) for d in docs], "summary": summarize(findings)}
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for d in docs:
            print_summary(d)
    if any(not d.readable for d in docs):
        if as_json:  # the summary above already says why; with --json, say it on standard error too
            report_unreadable(docs)
        raise typer.Exit(EXIT_NOT_DONE)
    if any(f.severity == "error" for d in docs for f in d.findings):
        raise typer.Exit(EXIT_ERRORS)
