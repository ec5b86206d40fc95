"""Performance results the narrative states: each project's 自评综述 against its form (总分,
全年预算数 = 调整后预算数, 执行数, 执行率) and the summary table (自评得分, 评价等级, graded under the
summary's own bands or the default scheme's), and the 部门评价 / 财政评价 scores and grades against
the reports in the same document (see :mod:`jixiao.checks.narrative`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao import numbers
from jixiao.checks.narrative.common import HUNDRED, ZERO, Num, View, same_at
from jixiao.checks.narrative.ratios import completion_finding
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model import facts as F
from jixiao.model.accounts import Fact
from jixiao.model.document import Document
from jixiao.model.facts import EvaluationPart as E
from jixiao.model.facts import ProjectPart as P
from jixiao.model.finding import Finding
from jixiao.model.grades import GRADES, GradeBands
from jixiao.model.selfeval import BudgetLine, SelfEvaluation, SummaryRow
from jixiao.rules.schemes import shipped_self_scheme

BAND = re.compile(  # "90（含）-100分为优" in the summary table's note
    rf"(\d+(?:\.\d+)?)\s*[（(]含[）)]\s*[-—－~～至]\s*\d+(?:\.\d+)?\s*(?:分)?\s*为\s*[“\"]?([{''.join(GRADES)}])"
)


def _bands(v: View) -> GradeBands | None:
    """Grade bands as the summary table's note states them, else the default scheme's (10号: 90/80/60)."""
    summary = v.accounts.self_evaluation_summary if v.accounts else None
    found: list[tuple[str, Decimal]] = []
    for note in summary.notes if summary else ():
        found += [(m.group(2), Decimal(m.group(1))) for m in BAND.finditer(note)]
    if not found:
        scheme = shipped_self_scheme()
        return scheme.grades if scheme is not None else None
    if not any(g == "差" for g, _ in found):
        found.append(("差", ZERO))
    return GradeBands.of(found)


def _key(name: str | None) -> str:
    return re.sub(r"\s+", "", name or "")


@check(
    "narrative-selfeval-mismatch",
    "narrative-completion-mismatch",
    "narrative-rounding-gap",
    applies_to="final_accounts",
)
def narrative_self_evaluations(doc: Document) -> Iterator[Finding]:
    """Each project's 自评综述 against its form and its row of the summary table."""
    v = View(doc)
    acc = v.accounts
    if acc is None:
        return
    forms = {_key(f.project): f for f in acc.self_evaluations if f.project}
    rows = {_key(r.project): r for r in acc.self_evaluation_summary.rows} if acc.self_evaluation_summary else {}
    bands = _bands(v)
    for n in v.numbered(F.PROJECT):
        score = v.fact(F.project(n, P.SCORE))
        name = next((f.subject for f in v.all_facts if f.key.startswith(F.project(n)) and f.subject), None)
        if name is None:
            continue
        form, row = forms.get(_key(name)), rows.get(_key(name))
        yield from _score_against(name, score, form, row, bands)
        yield from _budget_against(v, name, n, form)


def _score_against(
    name: str,
    score: Fact | None,
    form: SelfEvaluation | None,
    row: SummaryRow | None,
    bands: GradeBands | None,
) -> Iterator[Finding]:
    if score is None or score.value is None:
        return
    total = form.total if form is not None else None
    if total is not None and total.value is not None and not same_at(score, total.value):
        yield make_finding(
            "narrative-selfeval-mismatch",
            score.source,
            subject=name,
            expected=total.raw,
            actual=score.raw,
            what="自评得分",
            basis=f"自评表总分（第{total.source.line}行）",
            detail="",
        )
    if row is not None and row.score is not None and row.score.value is not None:
        coarse = min(numbers.places(score.raw), numbers.places(row.score.raw))
        if numbers.rounded(score.value, coarse) != numbers.rounded(row.score.value, coarse):
            yield make_finding(
                "narrative-selfeval-mismatch",
                score.source,
                subject=name,
                expected=row.score.raw,
                actual=score.raw,
                what="自评得分",
                basis=f"自评情况汇总表的自评得分（第{row.source.line}行）",
                detail="",
            )
    if row is not None and row.grade and bands is not None:
        implied = bands.grade(score.value)
        if implied is not None and implied != row.grade.strip():
            yield make_finding(
                "narrative-selfeval-mismatch",
                score.source,
                subject=name,
                expected=row.grade,
                actual=f"{score.raw}分（按等级标准为{implied}）",
                what="自评等级",
                basis=f"自评情况汇总表的评价等级（第{row.source.line}行）",
                detail="",
            )


def _budget_against(v: View, name: str, n: str, form: SelfEvaluation | None) -> Iterator[Finding]:
    budget, executed = v.fact(F.project(n, P.BUDGET)), v.fact(F.project(n, P.EXECUTED))
    pct = v.fact(F.project(n, P.EXECUTION_PCT))
    line = form.total_line if form else None
    precise = line.executed.value if line and line.executed else None
    if (
        line is not None
        and line.executed is not None
        and executed is not None
        and executed.value is not None
        and precise is not None
        and not same_at(executed, precise)
    ):
        yield make_finding(
            "narrative-selfeval-mismatch",
            executed.source,
            subject=name,
            expected=line.executed.raw,
            actual=executed.raw,
            what="执行数",
            basis=f"自评表全年执行数（第{line.source.line}行）",
            detail="",
        )
        precise = None
    budget_differs = False
    if (
        budget is not None
        and budget.value is not None
        and line is not None
        and line.adjusted is not None
        and line.adjusted.value is not None
        and not same_at(budget, line.adjusted.value)
    ):
        budget_differs = True
        yield make_finding(
            "narrative-selfeval-mismatch",
            budget.source,
            subject=name,
            expected=line.adjusted.raw,
            actual=budget.raw,
            what="全年预算数",
            basis=f"自评表的全年预算数（调整后预算数(A)，第{line.source.line}行）",
            detail=_budget_detail(budget, pct, line),
        )
    if pct is not None and pct.value is not None and budget is not None and executed is not None:
        num, den = Num.of(executed), Num.of(budget)
        if num is not None and den is not None:
            found = completion_finding(
                f"项目“{name}”", pct, num, den, "执行数÷全年预算数", subject=name, precise=precise
            )
            if found:
                yield found
                return
    if not budget_differs:
        yield from _rate_against(name, pct, line)


def _budget_detail(budget: Fact, pct: Fact | None, line: BudgetLine) -> str:
    parts = []
    if line.initial is not None and line.initial.value is not None and same_at(budget, line.initial.value):
        parts.append(f"说明中的数字是自评表的年初预算数{line.initial.raw}")
    if pct is not None and pct.value is not None and line.rate is not None and line.rate.value is not None:
        rate = numbers.pct(line.rate.value * HUNDRED)
        parts.append(f"完成预算的{pct.raw}%因此按年初预算计算，而自评表执行率(B/A)为{rate}")
    return "；" + "，".join(parts) if parts else ""


def _rate_against(name: str, pct: Fact | None, line: BudgetLine | None) -> Iterator[Finding]:
    if pct is None or pct.value is None or line is None or line.rate is None or line.rate.value is None:
        return
    if not same_at(pct, line.rate.value * HUNDRED):
        yield make_finding(
            "narrative-selfeval-mismatch",
            pct.source,
            subject=name,
            expected=numbers.pct(line.rate.value * HUNDRED),
            actual=f"{pct.raw}%",
            what="完成预算的比例",
            basis=f"自评表执行率(B/A)（第{line.source.line}行）",
            detail="",
        )


# -- the 部门评价 / 财政评价 results against the reports --------------------------------------------

EVALUATIONS = (
    ("department", F.Evaluated.DEPARTMENT, "部门评价"),
    ("finance", F.Evaluated.FINANCE, "财政评价"),
)


@check("narrative-evaluation-mismatch", applies_to="final_accounts")
def narrative_evaluations(doc: Document) -> Iterator[Finding]:
    """The score and grade the narrative gives each evaluation against the report in the document."""
    v = View(doc)
    reports = v.accounts.evaluations if v.accounts else ()
    for kind, which, title in EVALUATIONS:
        report = next((r for r in reports if r.kind == kind), None)
        score, grade = v.fact(F.evaluation(which, E.SCORE)), v.fact(F.evaluation(which, E.GRADE))
        if report is None:
            continue
        subject = (score.subject if score else None) or (grade.subject if grade else None) or title
        published = report.total.score if report.total and report.total.score is not None else report.score_table_total
        where = report.total.source.line if report.total else report.source.line
        if score is not None and score.value is not None and published is not None and not same_at(score, published):
            yield make_finding(
                "narrative-evaluation-mismatch",
                score.source,
                subject=subject,
                expected=f"{published:f}",
                actual=score.raw,
                what=f"{title}得分",
                basis=f"{title}报告（第{where}行）",
            )
        if grade is not None and grade.text and report.grade and grade.text.strip() != report.grade.strip():
            yield make_finding(
                "narrative-evaluation-mismatch",
                grade.source,
                subject=subject,
                expected=report.grade,
                actual=grade.text,
                what=f"{title}等级",
                basis=f"{title}报告（第{where}行）",
            )
