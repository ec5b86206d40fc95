"""The readable summary ``jixiao parse`` prints."""

from __future__ import annotations

from collections import Counter

from rich.console import Console

from jixiao.findings import summarize
from jixiao.ingest.registry import UNKNOWN, kinds
from jixiao.model.document import Document

console = Console(highlight=False, soft_wrap=True)


def print_summary(doc: Document) -> None:
    titles = {k.name: k.title for k in kinds()} | {UNKNOWN: "未识别"}
    console.print(f"[bold]{doc.path}[/bold]")
    console.print(f"  类型：{titles.get(doc.kind, doc.kind)}　标题：{doc.title or '—'}　年度：{doc.year or '—'}"
                  f"　编码：{doc.encoding or '—'}　行数：{doc.line_count}")
    if doc.goals is not None:
        _goals(doc)
    if doc.accounts is not None:
        _accounts(doc)
    if doc.statement is not None:
        st = doc.statement
        kinds_read = Counter(f.what for f in st.figures)
        console.print(f"  段落 {len(st.paragraphs)} 个，数字 {len(st.figures)} 个（"
                      + "，".join(f"{k} {n}" for k, n in sorted(kinds_read.items())) + "）", markup=False)
    counts = summarize(doc.findings)
    console.print(f"  发现：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}"
                  f"；未归类的行 {len(doc.unplaced)}")
    by_code = Counter(f.code for f in doc.findings)
    for code, n in sorted(by_code.items(), key=lambda kv: (-kv[1], kv[0])):
        first = next(f for f in doc.findings if f.code == code)
        console.print(f"    {code} ×{n}　例：{first.format()}", markup=False)
    console.print()


def _goals(doc: Document) -> None:
    g = doc.goals
    assert g is not None
    n_ind = sum(len(p.indicators) for p in g.projects)
    console.print(f"  项目 {len(g.projects)} 个，指标 {n_ind} 条")
    for p in g.projects:
        unit = p.unit.name if p.unit else "—"
        console.print(f"    {p.number or ''}. {p.name}（{p.code or '无编码'}，{unit}）预算 {p.budget} {p.money_unit}，"
                      f"指标 {len(p.indicators)} 条", markup=False)


def _accounts(doc: Document) -> None:
    a = doc.accounts
    assert a is not None
    console.print(f"  决算公开表 {len(a.tables)} 张（金额单位：{a.money_unit or '—'}）")
    for t in a.tables:
        n = sum(1 for e in t.entries for x in e.amounts if x.value is not None)
        console.print(f"    {t.number or '—'} {t.title}：{len(t.entries)} 行，{n} 个金额", markup=False)
    console.print(f"  说明章节 {len(a.sections)} 个，陈述数字 {sum(len(s.numbers) for s in a.sections)} 个，"
                  f"事实 {len(a.facts)} 项")
    if a.self_evaluation_summary:
        console.print(f"  自评汇总表 {len(a.self_evaluation_summary.rows)} 行")
    console.print(f"  绩效自评表 {len(a.self_evaluations)} 张")
    for s in a.self_evaluations:
        total = s.total.raw if s.total else "—"
        console.print(f"    {s.project}：指标 {len(s.indicators)} 条，总分 {total}", markup=False)
    for e in a.evaluations:
        kind = {"department": "部门评价", "finance": "财政评价"}.get(e.kind, e.kind)
        total = e.total.score if e.total else None
        console.print(f"  {kind}：{e.title}；评分表 {len(e.score_table)} 行；得分 {total}；等级 {e.grade or '—'}",
                      markup=False)
