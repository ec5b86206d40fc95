"""The kinds of forms that stand on their own: ``self_evaluation`` (project or 部门整体
绩效自评表, one or several in a file) and ``evaluation_scores`` (绩效评价得分表 / 评分表 with
分值 and 得分, and a score stated in prose: "自评得分 90 分").

Score tables are a kind of their own rather than part of ``self_evaluation``: a score table is
a rubric (一级 / 二级 / 三级 with 分值 and 得分) with no 指标值 and no 完成值, the same whether a
department scored itself or a third party scored it, and a bureau sorting what it received
needs to tell the two apart. Both kinds keep their content in the one ``Document.forms``
field (:class:`~jixiao.model.selfeval.SelfEvaluationForms`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from jixiao.ingest import cells as C
from jixiao.ingest import forms as F
from jixiao.ingest.context import ReadContext
from jixiao.ingest.evaluation.score_table import ScoreTableReader
from jixiao.ingest.evaluation.text import DEFAULT_LEVEL1
from jixiao.ingest.registry import Clue, Detection, clues, document_kind, word
from jixiao.ingest.score_rows import read_rows
from jixiao.ingest.text import Line, is_page_footer
from jixiao.ingest.units import table_unit
from jixiao.model.selfeval import Figure, ScoreTable, SelfEvaluationForms, StatedScore

_self_clues = clues(
    word("自评表", 0.6),
    word("自评价", 0.3),
    word("绩效自评", 0.3),
    word("完成值", 0.3),
    word("执行率", 0.3),
    word("偏差原因", 0.3),
    word("未完成原因", 0.3),
)
_WEIGHTS = re.compile(r"\d+(?:\.\d+)?\s*分\s*[)）]")
_LEVELS = (*C.INDICATOR_COLUMNS["level1"], *C.INDICATOR_COLUMNS["level2"], *C.INDICATOR_COLUMNS["name"])


def _score_header(text: str) -> bool:
    """A score table's header row: an indicator level, 得分 and how it is scored (评分标准 …) on
    one line — the title of a scan can be misread (评分表 as 评1价表) while its header is read."""
    return any(
        any(w in line for w in _LEVELS) and "得分" in line and any(w in line for w in C.INDICATOR_COLUMNS["method"])
        for line in text.splitlines()
    )


_score_clues = clues(
    word("得分表", 0.6), word("评分表", 0.6), word("总分", 0.3), word("项目决策", 0.3), word("部门决策", 0.3),
    Clue("三处以上印在括号里的分值（“(10分)”）", 0.4, lambda text: len(_WEIGHTS.findall(text)) >= 3),
    Clue("评分表的表头（指标级次、得分、评分标准在同一行）", 0.6, _score_header),
)  # fmt: skip
DECISIVE = ("部门决算", "收入支出决算总表", "决算情况说明")  # a 决算 holds forms; it is not one


def _self_evidence(text: str) -> Detection:
    d = _self_clues(text)
    if any(w in text for w in DECISIVE):
        return Detection(d.confidence / 2, d.evidence, (*d.missing, "（含决算字样，表在决算之内）"))
    return d


def _score_evidence(text: str) -> Detection:
    d = _score_clues(text)
    if "自评表" in text or any(w in text for w in DECISIVE):
        return Detection(d.confidence / 2, d.evidence, d.missing)
    return d


@document_kind("self_evaluation", "绩效自评表", _self_evidence)
def read_self_evaluations(ctx: ReadContext) -> SelfEvaluationForms:
    lines = ctx.lines
    how = C.layout(lines)
    footers = [ln for ln in lines if is_page_footer(ln.raw)]  # 第 1 页，共 2 页: not a row of the form
    ctx.place(*footers)
    stream = C.tokenise([ln for ln in lines if not is_page_footer(ln.raw)], how)
    year = F.form_year(lines)
    unit = F.money_unit(lines)
    title = next((c.text for c in stream if "自评表" in c.text), None)
    forms = []
    for start, stop in F.segments(stream):
        numbers = {c.line.number for c in stream[start:stop]}
        own = table_unit(ln.raw for ln in lines if ln.number in numbers)  # the form's 单位：…, else the document's
        form = F.read_self_evaluation(ctx, stream, start, stop, how, title, year, own or unit)
        if form is not None:
            forms.append(form)
    if not forms or all(not f.indicators and not f.budget_lines for f in forms):
        ctx.report(
            "form-layout-unreadable",
            ctx.source(stream[0].line if stream else 1),
            subject=title or ctx.path,
            detail="找不到可按列读取的表头，或表格文字顺序错乱",
        )
    department = next((f.department or f.unit for f in forms if f.department or f.unit), None)
    return SelfEvaluationForms(title, year, department, tuple(forms), (), (), ctx.source(1))


STATED = re.compile(r"(自评得分|评价得分|综合得分|总得分)\s*(?:为)?\s*(\d+(?:\.\d+)?)\s*分")
ITEM = re.compile(r"^(?P<name>.*?)\s*(?P<weight>\d+(?:\.\d+)?)\s+(?P<score>\d+(?:\.\d+)?)\s*(?P<next>\S.*)?$")


@document_kind("evaluation_scores", "绩效评价得分表", _score_evidence)
def read_score_tables(ctx: ReadContext) -> SelfEvaluationForms:
    """Score tables whose text is too damaged to split into columns are kept raw and reported
    at info; the scores stated in prose are read."""
    lines = ctx.lines
    stated = []
    for ln in lines:
        joined = ln.raw
        m = STATED.search(joined)
        nxt = (ln.number < len(lines) and lines[ln.number].raw) or ""
        if m is None and re.search(r"(自评得分|评价得分)\s*$", joined):
            m2 = re.match(r"\s*(\d+(?:\.\d+)?)\s*分", nxt)
            if m2:
                stated.append(
                    StatedScore(
                        joined.split()[-1][-4:],
                        Decimal(m2.group(1)),
                        joined.strip()[-20:] + nxt[: m2.end()],
                        ctx.source(ln),
                        _sentence(lines, ln.number, len(joined)) + nxt[: m2.end()],
                    )
                )
                ctx.place(ln, ln.number + 1)
                continue
        if m:
            sentence = _sentence(lines, ln.number, m.end())
            stated.append(StatedScore(m.group(1), Decimal(m.group(2)), m.group(0), ctx.source(ln), sentence))
            ctx.place(ln)
    tables = _column_tables(ctx, lines) or [
        t for region, title in _score_regions(lines) if (t := _score_table(ctx, region, title)) is not None
    ]
    year = F.form_year(lines)
    return SelfEvaluationForms(
        tables[0].title if tables else None, year, None, (), tuple(tables), tuple(stated), ctx.source(1)
    )


def _column_tables(ctx: ReadContext, lines: list[Line]) -> list[ScoreTable]:
    """Score tables whose rows keep their columns (a title, a ``一级指标 … 权重 … 得分`` header, one
    row per indicator, a 合计 row), read as an evaluation report's 附件1 is; [] when there is none."""
    if C.layout(lines) != "tabs":
        return []
    out: list[ScoreTable] = []
    i = 0
    while i < len(lines):
        reader = ScoreTableReader(ctx, lines, lambda: set(DEFAULT_LEVEL1), list)
        if not reader.starts_at(i):
            i += 1
            continue
        i = max(reader.read(i), i + 1)
        if not reader.items:
            continue
        where = reader.items[0].source
        weight = score = None
        if reader.total is not None:
            w, sc, where = reader.total
            weight = Figure(plain_text(w), w, where) if w is not None else None
            score = Figure(plain_text(sc), sc, where) if sc is not None else None
        out.append(ScoreTable(reader.title, tuple(reader.items), score, where,
                              total_row=reader.total[2] if reader.total else None, total_weight=weight))  # fmt: skip
    return out


SENTENCE_END = re.compile(r"[。！？；;]|\.(?!\d)")


def _sentence(lines: list[Line], number: int, end: int) -> str:
    """The sentence that ends at column ``end`` of line ``number``, from its start (on that line or the
    lines above, up to three)."""
    out = lines[number - 1].raw[:end]
    for above in range(number - 1, max(number - 4, 0), -1):
        cut = [m.end() for m in SENTENCE_END.finditer(out)]
        if cut:
            return out[cut[-1] :].strip()
        previous = lines[above - 1].raw.rstrip() if above >= 1 else ""
        if not previous or previous[-1].isdigit():  # a blank line or a table row above: the sentence starts here
            break
        out = previous + out
    cut = [m.end() for m in SENTENCE_END.finditer(out)]
    return out[cut[-1] :].strip() if cut else out.strip()


TABLE_TITLE = re.compile(r"(?:\d{4}\s*年度?\s*)?[^\s，。,;；:：]{0,30}?(?:得分表|评分表)")


def _score_regions(lines: list[Line]) -> list[tuple[list[Line], re.Match[str] | None]]:
    """Each score table's lines: from a title (…得分表 / …评分表) to the next; the lines before the
    first title form a table of their own from the first line that prints a weight (an excerpt that
    starts inside a table)."""
    titled = [(n, m) for n, ln in enumerate(lines) if (m := TABLE_TITLE.search(ln.raw))]
    out: list[tuple[list[Line], re.Match[str] | None]] = []
    first = titled[0][0] if titled else len(lines)
    head = next((n for n in range(first) if WEIGHT_PRINTED.search(lines[n].raw)), None)
    if head is not None:
        out.append((lines[head:first], None))
    for k, (n, m) in enumerate(titled):
        stop = titled[k + 1][0] if k + 1 < len(titled) else len(lines)
        title_line = Line(lines[n].number, " " * m.end() + lines[n].raw[m.end() :])
        out.append(([title_line, *lines[n + 1 : stop]], m))
    return out


WEIGHT_PRINTED = re.compile(r"\d+(?:\.\d+)?\s*分\s*[)）]|[(（]\s*\d+(?:\.\d+)?\s*分?\s*[)）]")


def _score_table(ctx: ReadContext, region: list[Line], title: re.Match[str] | None) -> ScoreTable | None:
    rows = read_rows([(ln.number, ln.raw) for ln in region], ctx.path, ctx.pages)
    where = ctx.source(region[0].number, column=title.start() + 1 if title else None) if region else ctx.source(1)
    name = re.sub(r"\s+", "", title.group(0)) if title else None
    if not rows.items:
        if title is not None:
            ctx.report(
                "form-layout-unreadable", where, subject=name or "得分表",
                detail="分值与得分分行排列、与指标名称脱节，未拆分为指标行",
            )  # fmt: skip
            ctx.place(region[0].number)
        return ScoreTable(name, (), None, where, raw=tuple(ln.raw for ln in region[:1])) if title else None
    last = rows.prose_at.line if rows.prose_at else None
    used = [ln.number for ln in region if not ln.blank and (last is None or ln.number < last)]
    ctx.place(used, region[0].number)  # (the title line, blanked for the rows' reader, too)
    for marker, src in rows.page_numbers:
        ctx.report("page-number-in-cell", src, marker=marker, actual=marker)
    total = None
    if rows.total_score is not None and rows.total_source is not None:
        total = Figure(plain_text(rows.total_score), rows.total_score, rows.total_source)
    weight = None
    if rows.total_weight is not None and rows.total_source is not None:
        weight = Figure(plain_text(rows.total_weight), rows.total_weight, rows.total_source)
    return ScoreTable(
        name, rows.items, total, where, total_row=rows.total_source, total_weight=weight, open_levels=rows.open_levels
    )


def plain_text(value: Decimal) -> str:
    return format(value, "f")
