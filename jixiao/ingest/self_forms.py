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
from jixiao.ingest.registry import Detection, clues, document_kind, word
from jixiao.model.selfeval import ScoreTable, SelfEvaluationForms, StatedScore

_self_clues = clues(
    word("自评表", 0.6),
    word("自评价", 0.3),
    word("绩效自评", 0.3),
    word("完成值", 0.3),
    word("执行率", 0.3),
    word("偏差原因", 0.3),
    word("未完成原因", 0.3),
)
_score_clues = clues(
    word("得分表", 0.6), word("评分表", 0.6), word("总分", 0.3), word("项目决策", 0.3), word("部门决策", 0.3)
)
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
    stream = C.tokenise(lines, how)
    year = F.form_year(lines)
    unit = F.money_unit(lines)
    title = next((c.text for c in stream if "自评表" in c.text), None)
    forms = []
    for start, stop in F.segments(stream):
        form = F.read_self_evaluation(ctx, stream, start, stop, how, title, year, unit)
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
                    )
                )
                ctx.place(ln, ln.number + 1)
                continue
        if m:
            stated.append(StatedScore(m.group(1), Decimal(m.group(2)), m.group(0), ctx.source(ln)))
            ctx.place(ln)
    titles = [ln for ln in lines if re.search(r"(得分表|评分表)", ln.raw)]
    tables = []
    for t in titles:
        m = re.search(r"[^\s]*?(?:\d{4}\s*年)?[^\s]*(?:得分表|评分表)", t.raw)
        tables.append(ScoreTable(m.group(0) if m else t.raw.strip(), (), None, ctx.source(t), raw=(t.raw,)))
        ctx.report(
            "form-layout-unreadable",
            ctx.source(t),
            subject=m.group(0) if m else "得分表",
            detail="分值与得分分行排列、与指标名称脱节，未拆分为指标行",
        )
    year = F.form_year(lines)
    return SelfEvaluationForms(
        tables[0].title if tables else None, year, None, (), tuple(tables), tuple(stated), ctx.source(1)
    )
