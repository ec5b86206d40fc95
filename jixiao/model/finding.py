"""Findings as values: a problem in the input, with its location."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from jixiao.model.source import Source


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class FindingKind:
    code: str
    severity: Severity
    title: str
    template: str
    tags: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    message: str
    source: Source
    subject: str | None = None
    expected: str | None = None
    actual: str | None = None
    tags: tuple[str, ...] = field(default=())
    # the library's or the system's own words (often English), kept for support and never put in
    # the message: the JSON shows them as "detail"
    original: str | None = None

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "subject": self.subject,
            "location": self.source.to_dict(),
            "expected": self.expected,
            "actual": self.actual,
        }
        if self.original:
            out["detail"] = self.original
        return out

    def format(self) -> str:
        """``path:line: code message`` — a form editors can jump to."""
        loc = self.source.path
        if self.source.line is not None:
            loc += f":{self.source.line}"
            if self.source.column is not None:
                loc += f":{self.source.column}"
        elif self.source.page is not None:
            loc += f":p{self.source.page}"
        return f"{loc}: {self.code} {self.message}"
