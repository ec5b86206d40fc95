"""Progress of OCR, for whoever shows it (the CLI on stderr, a web job): OCR takes seconds a page.

``with showing(callback): read_file(...)`` calls ``callback(done, total, page)`` before each
scanned page is read (``done`` pages of ``total`` read so far) and once more when all are read
(``page`` 0). A context variable, so threads and web jobs each see their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Callback = Callable[[int, int, int], None]
_CURRENT: ContextVar[Callback | None] = ContextVar("jixiao_ocr_progress", default=None)


@contextmanager
def showing(callback: Callback) -> Iterator[None]:
    token = _CURRENT.set(callback)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def notify(done: int, total: int, page: int) -> None:
    callback = _CURRENT.get()
    if callback is not None:
        callback(done, total, page)
