"""Excel templates for 绩效目标表 and 绩效自评表: written in the official layout, read back losslessly.

openpyxl is imported only when a workbook is written or read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jixiao.model.document import Document

__all__ = ["read_workbook", "write_workbook"]


def write_workbook(doc: Document, path: str | Path) -> Path:
    from jixiao.excel.writer import write_workbook as write

    return write(doc, path)


def read_workbook(path: str | Path) -> Document:
    from jixiao.excel.reader import read_workbook as read

    return read(path)
