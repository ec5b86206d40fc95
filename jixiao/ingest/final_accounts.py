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
from jixiao.ingest.registry import clues, document_kind, word
from jixiao.ingest.text import Line
from jixiao.model.document import FinalAccounts
from jixiao.model.goals import Department

PART = re.compile(r"^第([一二三四五六七八九十]+)部分\s*(.*)$")
FORM_TITLE = re.compile(r"绩效自评表\s*$")
SUMMARY_TITLE = re.compile(r"自评(情况)?汇总表\s*$")
REPORT_TITLE = re.compile(r"评价报告\s*$")
YEAR = re.compile(r"(\d{4})\s*年度")


@document_kind(
    "final_accounts",
    "部门决算",
    clues(*(word(w) for w in ("部门决算", "收入支出决算总表", "财政拨款收入支出决算总表", "决算情况说明", "公开01表"))),
    book=True,
)
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
    """The cover: ``2022年度`` / ``青岛市司法局部门决算`` in the first non-blank lines; a
    department name broken over several cover lines (``中共上海市普陀区委`` /
    ``社会工作部2024年度`` / ``部门决算``) is joined."""
    head = [ln for ln in lines[:40] if not ln.blank][:4]
    year = None
    department = None
    used = []
    for k, ln in enumerate(head):
        m = YEAR.search(ln.text)
        if m and year is None:
            year = int(m.group(1))
            used.append(ln)
        if "部门决算" in ln.text and department is None:
            department = YEAR.sub("", ln.text.split("部门决算")[0]).strip() or None
            used.append(ln)
            if department is None:
                department, before = _cover_name(head[:k])
                used.extend(before)
    ctx.place(used)
    title = None
    if department or year:
        title = f"{department or ''}{year or ''}{'年度' if year else ''}部门决算"
    return title, department, year


def _cover_name(before: list[Line]) -> tuple[str | None, list[Line]]:
    """The department name from the cover lines above ``部门决算``, joined without the year."""
    name_lines = [ln for ln in before if not PART.match(ln.text) and "目" not in ln.text.replace(" ", "")[:1]]
    name = "".join(YEAR.sub("", ln.text).replace(" ", "") for ln in name_lines)
    return (name or None), name_lines


def _parts(ctx: ReadContext, lines: list[Line]) -> list[tuple[str, list[Line]]]:
    """(part heading, its lines) for the body parts; the table of contents is placed as-is.

    A part whose heading is printed only in the table of contents (Shanghai's template
    heads the tables part with just ``XX局2024年度部门决算表``) starts at the first line
    after the contents that repeats the heading's title."""
    # Only a line with 部分 in it can be a heading: the cheap test spares most lines the regex.
    heads = [(i, m) for i, ln in enumerate(lines) if "部分" in ln.raw and (m := PART.match(ln.text))]
    last: dict[str, int] = {}
    for i, m in heads:
        last[m.group(1)] = i
    body_starts = sorted(last.values())
    if not body_starts:
        return []
    titled: dict[int, str] = {}  # body start → part heading taken from the table of contents
    for number, i in list(last.items()):
        earlier_parts = [j for n, j in last.items() if _rank(n) < _rank(number)]
        if earlier_parts and i < min(earlier_parts):  # printed before part 一's body: only in the contents
            body_starts.remove(i)
            start = _title_line(lines, lines[i].text, min(earlier_parts))
            if start is not None and start not in body_starts:
                body_starts.append(start)
                titled[start] = lines[i].text
    if not body_starts:
        return []
    body_starts.sort()
    toc_end = body_starts[0]
    out = []
    toc = [ln for ln in lines[:toc_end] if not ln.blank and ln.number not in ctx.placed]
    if toc:  # the table of contents, kept as a prose part of its own
        out.append(("目录", toc))
    for k, start in enumerate(body_starts):
        end = body_starts[k + 1] if k + 1 < len(body_starts) else len(lines)
        ctx.place(lines[start])
        body = lines[start + 1 : end]
        if start in titled:
            out.append((titled[start], body))
            continue
        m = PART.match(lines[start].text)
        name = lines[start].text
        nxt = next((ln for ln in body if not ln.blank), None)
        if m is not None and nxt is not None and _continues_title(m.group(2).strip(), nxt.text):
            name = f"{name} {nxt.text}" if not m.group(2).strip() else f"{name}{nxt.text}"
            ctx.place(nxt)
            body = [ln for ln in body if ln.number != nxt.number]
        out.append((name, body))
    return out


def _continues_title(title: str, following: str) -> bool:
    """"第二部分" alone: the title is the next non-blank line; a title broken over two lines
    ("…2024年度部门决算情况" / "说明") goes on with a short word that is no heading."""
    if not title:
        return len(following) <= 30
    return following in ("说明", "情况说明", "表", "决算表")


_NUMERALS = "一二三四五六七八九十"


def _rank(numeral: str) -> int:
    """第X部分's number: 一 … 十 (the parts never go past ten)."""
    return _NUMERALS.index(numeral) + 1 if numeral in _NUMERALS else 99


def _title_line(lines: list[Line], heading: str, after: int) -> int | None:
    """The first line after ``after`` whose text is the title of ``heading`` (spaces ignored)."""
    m = PART.match(heading)
    title = (m.group(2) if m else "").replace(" ", "")
    if not title:
        return None
    for j in range(after + 1, len(lines)):
        if lines[j].text.replace(" ", "") == title:
            return j
    return None


def _attachments(ctx: ReadContext, lines: list[Line]):
    """Split 第五部分 into the summary table, the forms and the evaluation reports."""
    if not lines:
        return None, [], []
    starts: list[tuple[int, str]] = []
    for i, ln in enumerate(lines):
        t = ln.text
        if not t.endswith(("表", "报告")):  # every title does (t is stripped, so "\s*$" stands for the end)
            continue
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
