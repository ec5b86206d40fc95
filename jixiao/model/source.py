"""Where a record came from: every record in the model carries one."""

from __future__ import annotations

from typing import NamedTuple


class Source(NamedTuple):
    """A location in an input document.

    ``line`` is 1-based in the decoded text; ``page`` is 1-based in a PDF or the printed
    page number found in the text; ``table`` is a table title or sheet name; ``row`` and
    ``column`` are 1-based positions inside that table (``column`` counts tab-separated
    cells of a text line, or spreadsheet columns).
    """

    path: str
    line: int | None = None  # (a NamedTuple: immutable, and cheap to create in the readers' hot path)
    page: int | None = None
    table: str | None = None
    row: int | None = None
    column: int | None = None

    def at(self, **changes: object) -> Source:
        """A copy with some fields changed, e.g. ``src.at(column=3)``."""
        return self._replace(**changes)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, object]:
        return {k: v for k, v in zip(self._fields, self, strict=True) if v is not None}

    def where(self) -> str:
        """The location inside the file, in Chinese: ``第3页 第120行 第4列 表“…” 表内第12行``."""
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.column is not None:
            parts.append(f"第{self.column}列")
        if self.table:
            parts.append(f"表“{self.table}”")
        if self.row is not None:
            parts.append(f"表内第{self.row}行")
        return " ".join(parts)

    def __str__(self) -> str:
        return " ".join(p for p in (self.path, self.where()) if p)
