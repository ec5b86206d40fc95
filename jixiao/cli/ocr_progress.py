"""OCR progress on the command line: scanned pages take a second or more each.

:func:`ocr_progress` gives the callback that :func:`jixiao.ingest.ocr.progress.showing` calls
for each scanned page. On a terminal it is a rich progress bar on stderr (pages done / total,
the page being read, time); otherwise (a pipe, a log, a test) one plain line per page on
stderr. Never on stdout, so ``--json`` stays clean.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from jixiao.ingest.ocr.progress import Callback


def page_lines(name: str, file: Any = None) -> Callback:
    """The callback writing one plain line per scanned page to ``file`` (stderr by default): for a
    pipe or a log, and for files read in worker processes beside the files' own bar."""

    def line(done: int, total: int, page: int) -> None:
        if page:
            out = file if file is not None else sys.stderr
            out.write(f"{name}：正在用OCR识别扫描页 第{page}页（{done + 1}/{total}）…\n")
            out.flush()

    return line


@contextmanager
def ocr_progress(name: str, console: Console | None = None) -> Iterator[Callback]:
    """The callback showing the OCR of file ``name`` (a bar only when stderr is a terminal)."""
    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield page_lines(name, console.file)
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    bar = Progress(*columns, console=console)  # started at the first scanned page, not before
    task: TaskID | None = None

    def update(done: int, total: int, page: int) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task(f"{name}：OCR识别扫描页", total=total)
        what = f"{name}：OCR识别扫描页 第{page}页" if page else f"{name}：扫描页已识别"
        bar.update(task, completed=done, total=total, description=what)

    try:
        yield update
    finally:
        if task is not None:
            bar.stop()
