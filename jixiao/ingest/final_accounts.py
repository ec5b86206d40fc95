"""Reading a 部门决算 document: cut it into its parts, hand each part to its reader.

The parts are found by their headings (第一部分 … 第五部分), not by position; the table
of contents at the top repeats those headings, so the body parts are the last occurrence
of each. Inside 第五部分 (附件) the summary table, the self-evaluation forms and the
evaluation reports are found by their titles.
"""

from __future__ import annotations

import re

from jixiao.ingest import evaluation, narrative, selfeval
from jixiao.ingest.context import ReadContext
from jixiao.ingest.disclosure_tables import read_tables
from jixiao.ingest.text import Line
from jixiao.model.document import FinalAccounts
from jixiao.model.goals import Department

PART = re.compile(r"^第([一二三四五六七八九十]+)部分\s*(.*)$")
FORM_TITLE = re.compile(r"绩效自评表\s*$")
SUMMARY_TITLE = re.compile(r"自评(情况)?汇总表\s*$")
REPORT_TITLE = re.compile(r"评价报告\s*$")
YEAR = re.compile(r"(\d{4})\s*年度")


def read_final_accounts(ctx: ReadContext) -> FinalAccounts:
    lines = ctx.lines
    title, department, year = _cover(ctx, lines)
    parts = _parts(ctx, lines)

    tables = []
    sections = []
    attachments: list[Line] = []
    if not any("决算表" in name for name, _ in parts):
        tables = read_tables(ctx, lines)  # no part headings: look for tables anywhere
    for name, body in parts:
        if "决算表" in name and "说明" not in name:
            tables.extend(read_tables(ctx, body))
        elif "附件" in name or "附 件" in name:
            attachments = body
        else:
            sections.extend(narrative.read_prose(ctx, body, name))
    facts = narrative.extract_facts(ctx, sections)

    summary, forms, reports = _attachments(ctx, attachments)
    money_unit = next((t.money_unit for t in tables if t.money_unit), None)
    return FinalAccounts(
        department=Department(department) if department else None,
        year=year,
        title=title,
        money_unit=money_unit,
        tables=tuple(tables),
        sections=tuple(sections),
        facts=tuple(facts),
        self_evaluation_summary=summary,
        self_evaluations=tuple(forms),
        evaluations=tuple(reports),
        source=ctx.source(1),
    )


def _cover(ctx: ReadContext, lines: list[Line]) -> tuple[str | None, str | None, int | None]:
    """The cover: ``2022年度`` / ``青岛市司法局部门决算`` in the first non-blank lines."""
    head = [ln for ln in lines[:40] if not ln.blank][:4]
    year = None
    department = None
    used = []
    for ln in head:
        m = YEAR.search(ln.text)
        if m and year is None:
            year = int(m.group(1))
            used.append(ln)
        if "部门决算" in ln.text and department is None:
            department = YEAR.sub("", ln.text.split("部门决算")[0]).strip() or None
            used.append(ln)
    ctx.place(used)
    title = None
    if department or year:
        title = f"{department or ''}{year or ''}{'年度' if year else ''}部门决算"
    return title, department, year


def _parts(ctx: ReadContext, lines: list[Line]) -> list[tuple[str, list[Line]]]:
    """(part heading, its lines) for the body parts; the table of contents is placed as-is."""
    heads = [(i, PART.match(ln.text)) for i, ln in enumerate(lines)]
    heads = [(i, m) for i, m in heads if m]
    last: dict[str, int] = {}
    for i, m in heads:
        last[m.group(1)] = i
    body_starts = sorted(last.values())
    if not body_starts:
        return []
    toc_end = body_starts[0]
    out = []
    toc = [ln for ln in lines[:toc_end] if not ln.blank and ln.number not in ctx.placed]
    if toc:  # the table of contents, kept as a prose part of its own
        out.append(("目录", toc))
    for k, start in enumerate(body_starts):
        end = body_starts[k + 1] if k + 1 < len(body_starts) else len(lines)
        m = PART.match(lines[start].text)
        assert m
        name = lines[start].text
        body = lines[start + 1 : end]
        ctx.place(lines[start])
        if not m.group(2).strip():  # "第二部分" alone; the title is the next non-blank line
            nxt = next((ln for ln in body if not ln.blank), None)
            if nxt is not None and len(nxt.text) <= 30:
                name = f"{name} {nxt.text}"
                ctx.place(nxt)
                body = [ln for ln in body if ln.number != nxt.number]
        out.append((name, body))
    return out


def _attachments(ctx: ReadContext, lines: list[Line]):
    """Split 第五部分 into the summary table, the forms and the evaluation reports."""
    if not lines:
        return None, [], []
    starts: list[tuple[int, str]] = []
    for i, ln in enumerate(lines):
        t = ln.text
        if SUMMARY_TITLE.search(t):
            starts.append((i, "summary"))
        elif FORM_TITLE.search(t):
            starts.append((i, "form"))
        elif REPORT_TITLE.search(t) and _followed_by(lines, i, "评价单位"):
            starts.append((i, "report"))
    summary = None
    forms = []
    reports = []
    head = lines[: starts[0][0]] if starts else lines
    ctx.place(ln for ln in head if ln.text in ("附 件", "附件"))
    for k, (start, what) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        chunk = lines[start:end]
        if what == "summary":
            summary = selfeval.read_summary(ctx, chunk)
        elif what == "form":
            form = selfeval.read_form(ctx, chunk)
            if form is not None:
                forms.append(form)
        else:
            report = evaluation.read_report(ctx, chunk)
            if report is not None:
                reports.append(report)
    return summary, forms, reports


def _followed_by(lines: list[Line], i: int, word: str, window: int = 4) -> bool:
    following = [ln for ln in lines[i + 1 : i + 12] if not ln.blank][:window]
    return any(word in ln.text for ln in following)
