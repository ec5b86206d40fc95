"""整改情况表 ("rectification"): every problem, its owner, measures, deadline, status and verification.

One row per problem: 序号 | 项目 | 责任单位 | 问题来源 | 问题 | 整改措施要求 | 整改期限 | 整改状态 |
整改情况及佐证 | 核实意见; overdue problems (逾期) are marked; a summary line counts the statuses.
The evidence files (佐证材料) attached to a problem are named in its 整改情况及佐证 cell and listed
on a second page, 佐证材料清单: per file the problem's 序号, 文件名, 类型, 大小, SHA-256 (first 12
digits), 上传人 and 上传时间.

The view-model is :class:`RectificationView`. The web store builds it from its problem records
(:func:`rectification_view`); the registry's builder takes read documents and lists the problems
their evaluation reports state (all 待整改: a document knows no rectification), so the CLI and the
web print the same table in HTML, PDF, XLSX and DOCX.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from jixiao.ingest.evaluation.problems import evaluation_problems
from jixiao.model.document import Document
from jixiao.model.rectification import OVERDUE, PENDING, STATUSES, effective_status
from jixiao.numbers import plain, rounded
from jixiao.report.forms import Cell, Grid, NotFound, Page, Para, head, register_formats, text
from jixiao.report.registry import report_kind


@dataclass(frozen=True, slots=True)
class EvidenceFile:
    """One evidence file of a problem as the report lists it (the bytes stay in the store)."""

    name: str
    kind: str  # PDF 文件 / PNG 图片 / …
    size: int  # bytes
    sha256: str
    uploaded_by: str
    uploaded: dt.datetime | None

    @property
    def short(self) -> str:
        return self.sha256[:SHA_SHOWN]


SHA_SHOWN = 12


def file_size(n: int) -> str:
    """A size as a reader sees it: ``512 字节``, ``12.3 KB``, ``4.5 MB`` (1 KB = 1024 字节, one decimal)."""
    if n < 1024:
        return f"{n} 字节"
    value, unit = Decimal(n) / 1024, "KB"
    for larger in ("MB", "GB"):
        if rounded(value, 1) < 1024:  # 1023.96 KB is shown as 1 MB, never as 1024 KB
            break
        value, unit = value / 1024, larger
    return f"{plain(value, 1)} {unit}"


@dataclass(frozen=True, slots=True)
class RectificationRow:
    """One problem as the table prints it; ``status`` is the effective status (逾期 when past due)."""

    project: str
    unit: str
    source: str  # 评价报告《…》 / 审核发现 / 运行监控红灯 / 抽查复核
    category: str  # 决策类 / 绩效目标类
    problem: str
    detail: str
    measures: str
    deadline: dt.date | None
    status: str
    evidence: str
    opinion: str  # the verifier's opinion
    files: tuple[EvidenceFile, ...] = ()


@dataclass(frozen=True, slots=True)
class RectificationView:
    title: str
    scope: str  # the unit, department or 全部
    year: int | None
    today: dt.date
    rows: tuple[RectificationRow, ...]

    @property
    def counts(self) -> dict[str, int]:
        return {s: sum(1 for r in self.rows if r.status == s) for s in STATUSES}

    @property
    def files(self) -> tuple[tuple[int, RectificationRow, EvidenceFile], ...]:
        """Every evidence file with its problem's 序号 and row, in the table's order."""
        return tuple((k, r, f) for k, r in enumerate(self.rows, 1) for f in r.files)

    @property
    def overdue(self) -> tuple[RectificationRow, ...]:
        return tuple(r for r in self.rows if r.status == OVERDUE)


def rectification_view(rows: Sequence[RectificationRow], scope: str, year: int | None,
                       today: dt.date) -> RectificationView:
    return RectificationView("整改情况表", scope, year, today, tuple(rows))


@report_kind("rectification", "整改情况表")
def build(docs: Sequence[Document], today: dt.date | None = None) -> RectificationView:
    today = today or dt.date.today()
    rows = []
    year = None
    for doc in docs:
        accounts = getattr(doc, "accounts", None)
        for ev in accounts.evaluations if accounts is not None else ():
            found = evaluation_problems(ev)
            year = year or found.year
            for p in found.problems:
                rows.append(RectificationRow(
                    project=found.project or "", unit=found.unit or "", source=f"评价报告《{found.evaluation}》",
                    category="/".join(p.category), problem=p.title, detail=p.detail, measures="；".join(p.measures),
                    deadline=None, status=effective_status(PENDING, None, today), evidence="", opinion=""))
    if not rows:
        raise NotFound("没有评价报告所列的问题")
    return rectification_view(rows, "全部", year, today)


HEADERS = ("序号", "项目", "责任单位", "问题来源", "问题", "整改措施要求", "整改期限", "整改状态", "整改情况及佐证",
           "核实意见")
WIDTHS = (4.0, 12.0, 12.0, 12.0, 24.0, 18.0, 8.0, 7.0, 18.0, 14.0)


def _grid(view: RectificationView) -> Grid:
    rows: list[tuple[Cell, ...]] = [tuple(head(h) for h in HEADERS)]
    for k, r in enumerate(view.rows, 1):
        problem = f"{r.category}：{r.problem}" if r.category else r.problem
        css = "overdue" if r.status == OVERDUE else ""
        rows.append((text(k, align="center"), text(r.project), text(r.unit), text(r.source), text(problem),
                     text(r.measures), text(r.deadline.isoformat() if r.deadline else "", align="center", css=css),
                     text(r.status, align="center", css=css), text(_evidence(r)), text(r.opinion)))
    return Grid(rows=tuple(rows), widths=WIDTHS, header_rows=1, css="small")


def _evidence(r: RectificationRow) -> str:
    if not r.files:
        return r.evidence
    names = "；".join(f.name for f in r.files)
    listed = f"佐证材料{len(r.files)}件：{names}（见佐证材料清单）"
    return f"{r.evidence}\n{listed}" if r.evidence else listed


FILE_HEADERS = ("问题序号", "问题", "文件名", "类型", "大小", f"SHA-256（前{SHA_SHOWN}位）", "上传人", "上传时间")
FILE_WIDTHS = (6.0, 24.0, 24.0, 10.0, 9.0, 14.0, 10.0, 15.0)


def _files_grid(view: RectificationView) -> Grid:
    rows: list[tuple[Cell, ...]] = [tuple(head(h) for h in FILE_HEADERS)]
    for k, r, f in view.files:
        when = f.uploaded.strftime("%Y-%m-%d %H:%M") if f.uploaded else ""
        rows.append((text(k, align="center"), text(r.problem), text(f.name), text(f.kind, align="center"),
                     text(file_size(f.size), align="num"), text(f.short, align="center"), text(f.uploaded_by),
                     text(when, align="center")))
    return Grid(rows=tuple(rows), widths=FILE_WIDTHS, header_rows=1, css="small")


def layout(view: RectificationView) -> list[Page]:
    counts = "；".join(f"{s}{n}个" for s, n in view.counts.items() if n)
    parts: list[Grid | Para] = [_grid(view)]
    if view.overdue:
        parts.append(Para(f"逾期未整改的问题：{len(view.overdue)}个", level=3, css="overdue"))
    pages = [Page(
        title=view.title,
        sheet="整改情况",
        parts=tuple(parts),
        subtitle=f"（{view.year}年度评价）" if view.year else None,
        meta_left=view.scope,
        meta_right=f"统计日期：{view.today.isoformat()}",
        landscape=True,
        notes=(f"共{len(view.rows)}个问题：{counts or '无'}。逾期：整改期限已过仍未整改完成的问题。",),
    )]
    if view.files:
        with_files = sum(1 for r in view.rows if r.files)
        pages.append(Page(
            title="佐证材料清单",
            sheet="佐证材料",
            parts=(_files_grid(view),),
            subtitle=f"（{view.title}附表）",
            meta_left=view.scope,
            meta_right=f"统计日期：{view.today.isoformat()}",
            landscape=True,
            notes=(f"共{len(view.files)}件佐证材料，涉及{with_files}个问题。问题序号为整改情况表中的序号；"
                   "SHA-256 为文件内容的摘要，可用于核对文件未被改动。",),
        ))
    return pages


register_formats("rectification", "rectification.html", layout)
