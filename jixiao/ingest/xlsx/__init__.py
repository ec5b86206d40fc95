"""Reading Excel workbooks: the two templates jixiao writes (:mod:`jixiao.export.xlsx`) and
plain workbooks people made themselves.

The fixed positions and labels of the templates are in :mod:`jixiao.xlsx_layout`, which the
writer uses too. openpyxl is imported only when a workbook is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.ingest.registry import Format, register_format

if TYPE_CHECKING:
    from jixiao.model.document import Document

__all__ = ["read_workbook", "read_workbook_bytes"]


def read_workbook(path: str | Path) -> Document:
    from jixiao.ingest.xlsx.reader import read_workbook as read

    return read(path)


def read_workbook_bytes(data: bytes, path: str = "<input>") -> Document:
    from jixiao.ingest.xlsx.reader import read_workbook_bytes as read

    return read(data, path)


register_format(Format("xlsx", (".xlsx", ".xlsm"), None, read_workbook_bytes))  # by suffix: a zip may be anything
