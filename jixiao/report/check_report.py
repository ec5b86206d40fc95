"""The check report ("check-report"): the findings of :func:`jixiao.checks.run_checks` grouped by
severity (错误, 警告, 提示) and then by document, each with its location (line, column, table,
row), the subject it concerns and the expected and actual values.

One landscape page per severity; a first page counts the findings by severity and document and
lists the most frequent finding kinds. Findings are shown as the checks produced them (the message
is the catalogue's Chinese template filled in); nothing is recomputed here.

Builder::

    build_check_report(docs, project=None, select=(), ignore=(), strict=False) -> CheckReportView

``project`` keeps the findings whose subject or table names the project (``None`` → all);
``select``/``ignore``/``strict`` are passed to ``run_checks``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.checks import run_checks
from jixiao.findings import CATALOGUE
from jixiao.model.document import Document
from jixiao.model.finding import Finding, Severity
from jixiao.report.forms import Cell, Grid, NotFound, Page, Para, head, number_cell, register_formats, squash, text
from jixiao.report.registry import report_kind

SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@dataclass(frozen=True, slots=True)
class FindingRow:
    code: str
    title: str  # the catalogue's Chinese title
    message: str
    location: str  # Source.where(): "第120行 第3列 表“…” 表内第2行"
    line: int | None
    column: int | None
    subject: str | None
    expected: str | None
    actual: str | None


@dataclass(frozen=True, slots=True)
class DocumentGroup:
    path: str
    title: str | None  # the document's title
    findings: tuple[FindingRow, ...]


@dataclass(frozen=True, slots=True)
class SeverityGroup:
    severity: str  # "error" | "warning" | "info"
    label: str  # 错误 / 警告 / 提示
    documents: tuple[DocumentGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(d.findings) for d in self.documents)


@dataclass(frozen=True, slots=True)
class CheckReportView:
    title: str
    documents: tuple[tuple[str, str | None], ...]  # (path, title) of every document checked
    summary: dict[str, int]  # severity → count
    groups: tuple[SeverityGroup, ...]  # error, warning, info (empty groups kept)
    top_codes: tuple[tuple[str, str, int], ...]  # (code, title, count), most frequent first


def _location(f: Finding) -> str:
    return f.source.where()


def _row(f: Finding) -> FindingRow:
    kind = CATALOGUE.get(f.code)
    return FindingRow(
        code=f.code,
        title=kind.title if kind else f.code,
        message=f.message,
        location=_location(f),
        line=f.source.line,
        column=f.source.column,
        subject=f.subject,
        expected=f.expected,
        actual=f.actual,
    )


def _concerns(f: Finding, project: str) -> bool:
    want = squash(project)
    return any(want and want in squash(v) for v in (f.subject, f.source.table, f.message) if v)


@report_kind("check-report", "检查报告（按严重程度和文档分组）")
def build_check_report(
    docs: Sequence[Document],
    project: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    strict: bool = False,
) -> CheckReportView:
    """Run the checks over ``docs`` and group the findings (see the module docstring)."""
    if not docs:
        raise NotFound("没有要检查的文档")
    findings = list(run_checks(docs, select=select, ignore=ignore, strict=strict).findings)
    if project is not None:
        findings = [f for f in findings if _concerns(f, project)]
    order = {d.path: k for k, d in enumerate(docs)}
    titles = {d.path: d.title for d in docs}
    groups = []
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        mine = [f for f in findings if f.severity == severity]
        paths = sorted({f.source.path for f in mine}, key=lambda p: (order.get(p, len(order)), p))
        documents = []
        for path in paths:
            rows = sorted((f for f in mine if f.source.path == path), key=lambda f: (f.source.line or 0, f.code))
            documents.append(DocumentGroup(path, titles.get(path), tuple(_row(f) for f in rows)))
        groups.append(SeverityGroup(str(severity), SEVERITY_ZH[severity], tuple(documents)))
    counts = Counter(f.code for f in findings)
    top = tuple((code, CATALOGUE[code].title if code in CATALOGUE else code, n) for code, n in counts.most_common(15))
    return CheckReportView(
        title="检查报告",
        documents=tuple((d.path, d.title) for d in docs),
        summary={str(s): sum(1 for f in findings if f.severity == s) for s in Severity},
        groups=tuple(groups),
        top_codes=top,
    )


# ---------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------

WIDTHS = (4.0, 17.0, 40.0, 15.0, 18.0, 13.0, 13.0)


def _count(n: int) -> Cell:
    return number_cell(Decimal(n), raw=str(n))


def summary_grid(view: CheckReportView) -> Grid:
    header = tuple(head(h) for h in ("文档", "标题", "错误", "警告", "提示", "合计"))
    rows: list[tuple[Cell, ...]] = [header]
    for path, title in view.documents:
        n = {g.severity: sum(len(d.findings) for d in g.documents if d.path == path) for g in view.groups}
        rows.append((text(path), text(title), _count(n["error"]), _count(n["warning"]), _count(n["info"]),
                     _count(sum(n.values()))))
    s = view.summary
    rows.append((head("合计", colspan=2), _count(s["error"]), _count(s["warning"]), _count(s["info"]),
                 _count(sum(s.values()))))
    return Grid(rows=tuple(rows), widths=(40.0, 40.0, 8.0, 8.0, 8.0, 8.0), header_rows=1)


def top_grid(view: CheckReportView) -> Grid:
    rows: list[tuple[Cell, ...]] = [(head("代码"), head("问题"), head("条数"))]
    rows += [(text(code), text(title), _count(n)) for code, title, n in view.top_codes]
    return Grid(rows=tuple(rows), widths=(30.0, 50.0, 8.0), header_rows=1)


def findings_grid(doc: DocumentGroup) -> Grid:
    rows: list[tuple[Cell, ...]] = [
        (head("序号"), head("代码 / 问题"), head("说明"), head("位置"), head("对象"), head("应为"), head("实为")),
    ]
    for k, f in enumerate(doc.findings, start=1):
        rows.append(
            (_count(k), text(f"{f.code}\n{f.title}"), text(f.message), text(f.location), text(f.subject),
             text(f.expected), text(f.actual))
        )
    return Grid(rows=tuple(rows), widths=WIDTHS, header_rows=1, css="small")


def layout(view: CheckReportView) -> list[Page]:
    pages = [
        Page(
            title=view.title,
            sheet="汇总",
            parts=(Para("按文档统计", level=2), summary_grid(view), Para("最常见的问题", level=2), top_grid(view)),
            landscape=True,
            notes=("错误：数字或结构与文档自身不符，须更正；警告：可能有误，须核实；提示：转换或书写上的小问题，供参考。",),
        )
    ]
    for group in view.groups:
        parts: list[Grid | Para] = []
        for doc in group.documents:
            parts.append(Para(f"{doc.path}（{doc.title or '无标题'}）：{len(doc.findings)} 条", level=2))
            parts.append(findings_grid(doc))
        if not parts:
            parts.append(Para("无。"))
        pages.append(
            Page(title=f"{group.label}（{group.count} 条）", sheet=group.label, parts=tuple(parts), landscape=True)
        )
    return pages


register_formats("check-report", "check.html", layout)
