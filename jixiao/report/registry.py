"""Reports: one view-model per report kind, rendered to HTML, XLSX, DOCX and PDF.

A report kind registers a *builder* that turns read documents into its view-model (a frozen
dataclass whose fields are documented), and one renderer per format:

    @report_kind("three-public", "财政拨款“三公”经费支出决算表")
    def build(docs: Sequence[Document]) -> ThreePublicView: ...

    @renderer("three-public", "xlsx")
    def to_xlsx(view: ThreePublicView, out: Path) -> None: ...

Every format of a report reads the same view-model, so the numbers cannot drift apart.
Built-in reports register through the same decorators as any plug-in would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.model.document import Document

FORMATS = ("html", "xlsx", "docx", "pdf")


@dataclass
class ReportKind:
    name: str
    title: str  # Chinese, for menus and help
    build: Callable[[Sequence[Document]], Any]
    renderers: dict[str, Callable[[Any, Path], None]] = field(default_factory=dict)


REPORTS: dict[str, ReportKind] = {}


def report_kind(name: str, title: str) -> Callable:
    def register(build: Callable[[Sequence[Document]], Any]) -> Callable:
        if name in REPORTS:
            raise ValueError(f"report kind {name!r} registered twice")
        REPORTS[name] = ReportKind(name, title, build)
        return build

    return register


def renderer(name: str, fmt: str) -> Callable:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")

    def register(fn: Callable[[Any, Path], None]) -> Callable:
        REPORTS[name].renderers[fmt] = fn
        return fn

    return register


def load_builtin_reports() -> None:
    """Importing the report modules registers them."""
    import importlib
    import pkgutil

    import jixiao.report as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in ("registry", "common"):
            importlib.import_module(f"jixiao.report.{info.name}")


def render(name: str, fmt: str, docs: Sequence[Document], out: Path) -> Path:
    """Build report ``name`` from ``docs`` and write it as ``fmt`` to ``out``."""
    load_builtin_reports()
    kind = REPORTS[name]
    view = kind.build(docs)
    kind.renderers[fmt](view, out)
    return out
