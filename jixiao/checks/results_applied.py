"""Results applied (评价结果应用) across years: a project graded 中 or 差 last year whose budget
rises this year without a stated reason.

财预〔2020〕10号 asks that evaluation results be tied to the next budget: a project graded 中 or
差 is cut or stopped unless there is a reason. A department's 绩效目标表 of year Y+1 is set
against its 部门决算 of year Y (``checks.documents.year_pairs`` / ``project_pairs``: the same
matching as the other cross-year checks). The grade of year Y is the one the documents state:
an evaluation report of the project (财政评价 before 部门评价), else the
self-evaluation summary's row (自评情况汇总表); a grade not stated is not guessed. The budget
compared is the self-evaluation form's 年初预算数 against the new table's 预算数. A reason counts
as stated when the new table's 资金用途 or 绩效目标 says why the money grows (增加 / 新增 / 调增 …
with 原因 / 因 / 由于 / 用于); otherwise the finding is a warning (a reader of the two documents
sees it, and the rule says the budget should not rise).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from jixiao.checks.documents import match_name, project_pairs, year_pairs
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.model.goals import Project
from jixiao.model.names import project_key
from jixiao.numbers import money, pct

LOW_GRADES = ("中", "差")  # model.grades.GRADES: the two lower grades
REASON = re.compile(
    r"(?:增加|增长|新增|调增|提高|上调)[^。；;]{0,40}(?:原因|理由|是因为|系因|因为|由于|用于)"
    r"|(?:因|由于|鉴于|根据)[^。；;]{0,40}(?:增加|增长|新增|调增|上调)"
)


def stated_grade(accounts: Document, name: str) -> tuple[str, str] | None:
    """(grade, where it is stated) of project ``name`` in final-accounts ``accounts``."""
    assert accounts.accounts is not None
    key = project_key(name)
    reports = [e for e in accounts.accounts.evaluations
               if e.grade and e.project and match_name(key, [project_key(e.project)]) == 0]
    if reports:  # the finance bureau's evaluation before the department's own
        e = sorted(reports, key=lambda r: r.kind != "finance")[0]
        return e.grade, f"《{e.title}》"  # type: ignore[return-value]
    summary = accounts.accounts.self_evaluation_summary
    rows = [r for r in summary.rows if r.grade] if summary is not None else []
    j = match_name(key, [project_key(r.project) for r in rows])
    if j is not None:
        return rows[j].grade, f"自评情况汇总表第{rows[j].source.line}行"  # type: ignore[return-value]
    return None


def reason_stated(project: Project) -> bool:
    return any(REASON.search(text or "") for text in (project.purpose, project.goal))


@check("cross-year-budget-raised-low-grade", applies_to="documents")
def check_low_grade_budget_raised(docs: Sequence[Document]) -> Iterator[Finding]:
    for goals, accounts in year_pairs(docs):
        for project, form in project_pairs(goals, accounts):
            line = form.total_line
            if project.budget is None or line is None or line.initial is None or line.initial.value is None:
                continue
            before = line.initial.value
            if project.budget <= before or reason_stated(project):
                continue
            graded = stated_grade(accounts, project.name)
            if graded is None or graded[0] not in LOW_GRADES:
                continue
            diff = project.budget - before
            change = money(diff) + (f"，+{pct(diff / before * 100, 1)}" if before else "")
            yield make_finding(
                "cross-year-budget-raised-low-grade", project.source, subject=project.name, year=goals.year,
                prev_year=accounts.year, grade=graded[0], where=graded[1], actual=money(project.budget),
                expected=f"{line.initial.raw}（{form.project}）", change=change,
            )
