"""Many files: read them over several processes, with a progress bar on standard error.

``read_all(paths, jobs)`` returns the documents in the order of ``paths`` whatever the number of
processes, so the output of a command is the same with ``--jobs 1`` and ``--jobs N``. The bar
(rich) is drawn only when standard error is a terminal — never into a pipe, a log or the ``--json``
output on standard output. A folder given on the command line stands for the files under it
(sorted; hidden files and folders skipped).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jixiao.model.document import Document


def default_jobs() -> int:
    """The cores this process may use (the default of ``--jobs``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def expand(paths: Iterable[Path]) -> list[Path]:
    """Each folder replaced by the files under it (sorted, hidden names skipped); files kept as given."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                f
                for f in sorted(p.rglob("*"))
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            out.append(p)
    return out


def shows_progress() -> bool:
    """True when standard error is a terminal (a person is watching)."""
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def read_one(path: Path) -> Document:
    """One file read (in a worker process or here), saying which scanned page OCR is on."""
    from jixiao.ingest import read_file
    from jixiao.ingest.ocr.progress import showing

    def shown(done: int, total: int, page: int, name: str = path.name) -> None:
        if page:  # scanned pages take seconds each: say which one is being read
            print(f"{name}：正在用OCR识别扫描页 第{page}页（{done + 1}/{total}）…", file=sys.stderr, flush=True)

    with showing(shown):
        return read_file(path)


def read_all(paths: Sequence[Path], jobs: int | None = None, label: str = "读取") -> list[Document]:
    """The documents of ``paths`` in their order, read by ``jobs`` processes (default: the cores)."""
    return run_all(read_one, list(paths), jobs, label, [p.name for p in paths])


def run_all(
    step: Callable[[Any], Any], items: list[Any], jobs: int | None, label: str, names: Sequence[str] | None = None
) -> list[Any]:
    """``[step(x) for x in items]`` over ``jobs`` processes, in the order of ``items``, with a progress bar.

    ``step`` must be a module-level function (it is sent to the worker processes by name)."""
    jobs = max(1, min(jobs or default_jobs(), len(items)))
    names = list(names) if names is not None else [str(i + 1) for i in range(len(items))]
    with _Bar(label, len(items)) as advance:
        if jobs == 1:
            out = []
            for item, name in zip(items, names, strict=True):
                out.append(step(item))
                advance(name)
            return out
        from concurrent.futures import ProcessPoolExecutor, as_completed

        results: list[Any] = [None] * len(items)
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(step, item): i for i, item in enumerate(items)}
            for future in as_completed(futures):
                i = futures[future]
                results[i] = future.result()
                advance(names[i])
        return results


class _Bar:
    """A rich progress bar on standard error when it is a terminal; otherwise nothing is drawn."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total = label, total
        self.progress: Any = None

    def __enter__(self) -> Callable[[str], None]:
        if not shows_progress() or self.total < 2:
            return lambda name: None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            TextColumn("{task.fields[name]}"), console=Console(stderr=True), transient=True,
        )  # fmt: skip
        self.progress.start()
        task = self.progress.add_task(self.label, total=self.total, name="")

        def advance(name: str) -> None:
            self.progress.update(task, advance=1, name=name)

        return advance

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()
