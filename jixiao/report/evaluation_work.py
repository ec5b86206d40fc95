"""The evaluation report written from the evaluator's workspace (评价报告, DOCX / PDF / HTML).

The chapters follow the seed's finance evaluation report (财预〔2020〕10号 附3): 一、基本情况;
二、绩效评价工作开展情况; 三、综合评价情况及评价结论; 四、绩效评价指标分析; 五、主要经验及做法、
存在的问题及原因分析; 六、有关建议; then 附件1 评分表. Everything comes from what was entered: the
evaluation's facts (kind, projects, budget, commissioning body, firm, evaluators), the indicator
system (:class:`EvaluationScheme`), each indicator's score with its working and evidence (the
core's :func:`~jixiao.rules.score_evaluation.score_evaluation` result) and the evaluator's texts.
Only a text the evaluator has not written yet is marked 〔待补充〕.

    pages = work_report_pages(report)
    write_work_report(report, "docx", out)   # or "pdf", "html"
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from jixiao.numbers import money, pct, plain
from jixiao.report.evaluation import PLACEHOLDER
from jixiao.report.forms import (
    Grid,
    Page,
    Para,
    head,
    nested_spans,
    number_cell,
    text,
    write_docx,
    write_html,
    write_pdf,
)
from jixiao.rules.evaluation_schemes import EvaluationScheme
from jixiao.rules.evaluation_workspace import RULE_TITLES
from jixiao.rules.result import ScoredItem, ScoreResult, shown

TEMPLATE = "evaluation_outline.html"
FORMATS = ("docx", "pdf", "html")


@dataclass(frozen=True, slots=True)
class WorkReport:
    """What the report is written from (all Chinese, as entered)."""

    title: str
    kind: str  # 部门评价 / 财政评价 / 重点评价
    year: int | None
    scheme: EvaluationScheme
    result: ScoreResult
    projects: tuple[tuple[str, Decimal | None], ...] = ()  # (name, budget 万元)
    department: str | None = None
    commissioner: str | None = None
    firm: str | None = None
    evaluators: tuple[str, ...] = ()
    overview: str = ""  # 项目概况 as the evaluator writes it
    work: str = ""  # 评价工作开展情况
    experience: str = ""
    problems: str = ""
    suggestions: str = ""
    evidence: dict[str, str] = field(default_factory=dict)  # indicator → 评分依据 (evidence, source)


def _score(value: Decimal | None) -> str:
    return "—" if value is None else f"{shown(value):.2f}"


def _paras(value: str) -> list[Para]:
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    return [Para(line) for line in lines] or [Para(PLACEHOLDER, css="placeholder")]


def _basic(r: WorkReport) -> list[Para]:
    names = "、".join(name for name, _ in r.projects) or r.department or PLACEHOLDER
    out = [Para("（一）项目概况", level=3), Para(f"评价对象：{names}；评价年度：{r.year or PLACEHOLDER}。")]
    budgets = [(name, b) for name, b in r.projects if b is not None]
    if budgets:
        total = sum((b for _, b in budgets), Decimal(0))
        parts = "；".join(f"{name} {money(b)} 万元" for name, b in budgets)
        out.append(Para(f"资金投入：{parts}" + (f"，合计 {money(total)} 万元。" if len(budgets) > 1 else "。")))
    out += _paras(r.overview)
    return out


def _work(r: WorkReport) -> list[Para]:
    s = r.scheme
    levels = "、".join(f"{g.name}（{plain(g.weight)}分）" for g in s.sections)
    rules = sorted({i.rule for i in s.items})
    return [
        Para("（一）绩效评价目的、对象和范围", level=3),
        Para(
            f"本次为{r.kind}，委托方：{r.commissioner or PLACEHOLDER}；评价机构：{r.firm or PLACEHOLDER}；"
            f"评价人员：{'、'.join(r.evaluators) or PLACEHOLDER}。"
        ),
        Para("（二）绩效评价指标体系、评价方法和评价标准", level=3),
        Para(
            f"评价指标体系“{s.title or s.name}”设一级指标 {len(s.sections)} 个：{levels}，"
            f"共 {len(s.groups)} 个指标组、{len(s.items)} 个评分指标，权重合计 {plain(s.total_weight)} 分。"
        ),
        Para(f"评分方法：{'、'.join(RULE_TITLES.get(x, x) for x in rules)}，逐项按评分标准和测量值计算。"),
        Para(f"评价等级标准：{s.grade_bands.ranges_text()}。"),
        Para("（三）绩效评价工作过程", level=3),
        *_paras(r.work),
    ]


def _sections_grid(r: WorkReport) -> Grid:
    rows = [tuple(head(h) for h in ("一级指标", "权重", "得分", "得分率"))]
    for s in r.result.sections:
        rate = "" if not s.weight else pct(shown(s.computed) / s.weight * 100)
        rows.append(
            (text(s.name), number_cell(s.weight), text(_score(s.computed), align="num"), text(rate, align="num"))
        )
    total = r.result.computed_total
    rows.append((head("合计"), number_cell(r.scheme.total_weight), text(_score(total), align="num"), text("")))
    return Grid(rows=tuple(rows), widths=(20, 10, 10, 10), header_rows=1)


def _conclusion(r: WorkReport) -> Para:
    res = r.result
    return Para(f"经综合评价，{r.title}得分 {_score(res.computed_total)} 分，评价等级为“{res.grade or '—'}”。")


def _analysis(r: WorkReport) -> list[Para]:
    out: list[Para] = []
    for k, s in enumerate(r.result.sections):
        out.append(Para(f"（{'一二三四五六七八九十'[k] if k < 10 else k + 1}）{s.name}指标", level=3))
        out.append(Para(f"{s.name}指标权重 {plain(s.weight)} 分，得 {_score(s.computed)} 分。"))
        for item in (i for i in r.result.items if i.path and i.path[0] == s.name):
            out.append(Para(_item_sentence(item, r.evidence.get(item.name))))
    return out


def _item_sentence(item: ScoredItem, evidence: str | None) -> str:
    said = f"“{item.name}”权重 {plain(item.weight)} 分，得 {_score(item.computed)} 分：{item.explanation}"
    if evidence and evidence not in said:
        said += f"。评分依据：{evidence}"
    return said if said.endswith("。") else said + "。"


def _lost(r: WorkReport) -> list[Para]:
    lost = [i for i in r.result.items if shown(i.computed) < i.weight]
    if not lost:
        return [Para("各评分指标均得满分。")]
    return [
        Para(f"“{i.name}”扣 {_score(i.weight - i.computed)} 分（得 {_score(i.computed)} / {plain(i.weight)} 分）。")
        for i in lost
    ]


def _score_grid(r: WorkReport) -> Grid:
    levels = [((*i.path, "", "", "")[:3], i) for i in r.scheme.items]
    by_name = {i.name: i for i in r.result.items}
    header = tuple(
        head(h)
        for h in (
            "一级指标",
            "二级指标",
            "三级指标",
            "四级指标",
            "权重",
            "标杆值",
            "评分标准",
            "评分规则",
            "评分依据",
            "得分",
        )
    )
    s1 = nested_spans([p[:1] for p, _ in levels])
    s2 = nested_spans([p[:2] for p, _ in levels])
    s3 = nested_spans([p[:3] for p, _ in levels])
    rows = [header]
    for k, (path, item) in enumerate(levels):
        cells = [text(v, rowspan=sp[k], align="center") for sp, v in zip((s1, s2, s3), path, strict=True) if sp[k]]
        scored = by_name.get(item.name)
        cells += [
            text(item.name),
            number_cell(item.weight),
            text(item.benchmark or item.target or "", align="center"),
            text(item.standard or ""),
            text(RULE_TITLES.get(item.rule, item.rule)),
            text(r.evidence.get(item.name) or (scored.actual if scored else "") or ""),
            text(_score(scored.computed if scored else None), align="num"),
        ]
        rows.append(tuple(cells))
    rows.append(
        (
            head("合计", colspan=4),
            number_cell(r.scheme.total_weight),
            text("", colspan=4),
            text(_score(r.result.computed_total), align="num"),
        )
    )
    return Grid(rows=tuple(rows), widths=(6, 7, 7, 10, 4, 6, 18, 8, 22, 5), header_rows=1, css="small")


def work_report_pages(r: WorkReport) -> list[Page]:
    """The report (portrait) and its score table (附件1, landscape)."""
    parts: list[Grid | Para] = [Para("一、基本情况", level=1), *_basic(r)]
    parts += [Para("二、绩效评价工作开展情况", level=1), *_work(r)]
    parts += [Para("三、综合评价情况及评价结论", level=1), _conclusion(r), _sections_grid(r)]
    parts += [Para("四、绩效评价指标分析", level=1), *_analysis(r)]
    parts += [Para("五、主要经验及做法、存在的问题及原因分析", level=1), Para("（一）主要经验及做法", level=3)]
    parts += [*_paras(r.experience), Para("（二）存在的问题及原因分析", level=3), *_lost(r)]
    if r.problems.strip():
        parts += _paras(r.problems)
    parts += [Para("六、有关建议", level=1), *_paras(r.suggestions)]
    if r.result.notes:
        parts += [Para("七、其他需要说明的问题", level=1), *(Para(n) for n in r.result.notes)]
    cover = "；".join(
        x for x in (r.commissioner and f"委托方：{r.commissioner}", r.firm and f"评价机构：{r.firm}") if x
    )
    return [
        Page(title=r.title, sheet="评价报告", parts=tuple(parts), subtitle=cover or None),
        Page(title=f"{r.title}评分表", sheet="评分表", parts=(Para("附件1", level=4), _score_grid(r)), landscape=True),
    ]


def write_work_report(r: WorkReport, fmt: str, out: Path) -> Path:
    """Write the report as ``docx``, ``pdf`` or ``html`` to ``out``."""
    pages: Sequence[Page] = work_report_pages(r)
    if fmt == "docx":
        write_docx(pages, out)
    elif fmt == "pdf":
        write_pdf(TEMPLATE, r, pages, out)
    elif fmt == "html":
        write_html(TEMPLATE, r, pages, out)
    else:
        raise ValueError(f"不支持的格式：{fmt}（可用：{'、'.join(FORMATS)}）")
    return Path(out)
