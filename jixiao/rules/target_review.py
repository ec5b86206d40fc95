"""Target review (绩效目标审核) as data: the check-list per indicator and the review score table.

A review scheme (``jixiao/rules/review_schemes/*.yaml``; ``zhengzhou`` is shipped, after
rules.md §3.8) names the questions a reviewer answers for every indicator (``indicator_checks``:
指标是否细化量化, 指标值是否有确定依据 …), the review points of the whole table with their maximum
points (``points``, adding up to 100) and the grade bands of the total (``grades``: the lowest
total of each grade). Files are read with :mod:`jixiao.rules.schemefile`: a mistake raises a
Chinese :class:`SchemeError` naming its line.

    scheme = load_review_scheme()
    scheme.score({"standard": Decimal(9), …})   # ReviewScore(total=Decimal("87"), grade="良", …)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jixiao.model.finding import Finding
from jixiao.model.goals import Project
from jixiao.model.names import normalise_name
from jixiao.numbers import plain
from jixiao.rules.schemefile import Node, SchemeError, load_tree

SCHEME_DIR = Path(__file__).parent / "review_schemes"
DEFAULT_REVIEW_SCHEME = "zhengzhou"


@dataclass(frozen=True, slots=True)
class CheckItem:
    code: str
    text: str  # the question, e.g. 指标是否细化量化
    findings: tuple[str, ...] = ()  # finding codes whose messages are suggested under this question
    blank_basis: str = ""  # the suggestion when an indicator's 指标值确定依据 is blank ("" = none)


@dataclass(frozen=True, slots=True)
class ReviewPoint:
    code: str
    group: str  # 完整性 …
    name: str  # 规范完整性 …
    points: Decimal  # the most it can get


@dataclass(frozen=True, slots=True)
class ReviewScore:
    total: Decimal
    grade: str
    problems: tuple[str, ...]  # Chinese messages: a point missing or out of range


@dataclass(frozen=True, slots=True)
class Suggestions:
    indicators: dict[int, dict[str, list[str]]]  # indicator index → check code → messages
    overall: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReviewScheme:
    name: str
    title: str
    checks: tuple[CheckItem, ...]
    points: tuple[ReviewPoint, ...]
    grades: tuple[tuple[str, Decimal], ...]  # (grade, lowest total), highest first

    def check(self, code: str) -> CheckItem | None:
        return next((c for c in self.checks if c.code == code), None)

    def suggestions(self, project: Project, findings: Iterable[Finding]) -> Suggestions:
        """The review opinions the checks suggest for ``project``: per indicator (its index) and
        question, the messages of the findings on it; the rest of the findings on the table overall."""
        by_code = {code: item.code for item in self.checks for code in item.findings}
        per: dict[int, dict[str, list[str]]] = {}
        names: dict[str, int] = {}
        for i, ind in enumerate(project.indicators):
            names.setdefault(normalise_name(ind.name), i)
            for check in self.checks:
                if check.blank_basis and project.basis_column and not (ind.basis or "").strip():
                    per.setdefault(i, {}).setdefault(check.code, []).append(check.blank_basis)
        overall: list[str] = []
        for f in findings:
            index = names.get(normalise_name(f.subject)) if f.subject else None
            question = by_code.get(f.code)
            if index is not None and question is not None:
                messages = per.setdefault(index, {}).setdefault(question, [])
                if f.message not in messages:
                    messages.append(f.message)
            elif f.message not in overall:
                overall.append(f.message)
        return Suggestions(per, tuple(overall))

    def grade_of(self, total: Decimal) -> str:
        return next((g for g, low in self.grades if total >= low), self.grades[-1][0])

    def score(self, given: dict[str, Decimal | None]) -> ReviewScore:
        """The total and grade of the points ``given`` (code → points; a point not given counts 0)."""
        problems, total = [], Decimal(0)
        for point in self.points:
            value = given.get(point.code)
            if value is None:
                problems.append(f"“{point.group}—{point.name}”未评分")
                continue
            if value < 0 or value > point.points:
                problems.append(f"“{point.group}—{point.name}”的得分应在0至{plain(point.points)}分之间")
                continue
            total += value
        return ReviewScore(total, self.grade_of(total), tuple(problems))


def shipped_review_schemes() -> list[str]:
    return sorted(p.stem for p in SCHEME_DIR.glob("*.yaml"))


@functools.lru_cache(maxsize=8)
def load_review_scheme(name_or_path: str = DEFAULT_REVIEW_SCHEME) -> ReviewScheme:
    """A shipped scheme by name, or a scheme file by path."""
    path = SCHEME_DIR / f"{name_or_path}.yaml"
    return parse_review_scheme(path if path.exists() else Path(name_or_path))


def parse_review_scheme(source: str | Path, text: str | None = None) -> ReviewScheme:
    tree = load_tree(source, text)
    tree.only("name", "title", "indicator_checks", "points", "grades")
    checks = tuple(_check(n) for n in tree.get("indicator_checks", expect=list).list())
    points = tuple(_point(n) for n in tree.get("points", expect=list).list())
    for what, codes in (("indicator_checks", [c.code for c in checks]), ("points", [p.code for p in points])):
        if len(set(codes)) != len(codes):
            raise tree.get(what).error(f"“{what}”中的 code 不能重复")
    total = sum((p.points for p in points), Decimal(0))
    if total != 100:
        raise tree.get("points").error(f"各审核要点的分值合计应为100，实际为{plain(total)}")
    grades_node = tree.get("grades", expect=dict)
    grades = sorted(((g, n.expect(Decimal).decimal()) for g, n in grades_node.items()), key=lambda x: -x[1])
    if not grades or grades[-1][1] != 0:
        raise grades_node.error("“grades”应列出各等级的最低总分，且最低一档为0")
    return ReviewScheme(tree.get("name").text(), tree.get("title").text(), checks, points, tuple(grades))


def _check(node: Node) -> CheckItem:
    node.only("code", "text", "findings", "blank_basis")
    codes = tuple(n.text() for n in node.get("findings", []).list())
    return CheckItem(node.get("code").text(), node.get("text").text(), codes, node.get("blank_basis", "").text())


def _point(node: Node) -> ReviewPoint:
    node.only("code", "group", "name", "points")
    points = node.get("points").expect((Decimal, int)).decimal()
    if points <= 0:
        raise node.error("“points”应大于0")
    return ReviewPoint(node.get("code").text(), node.get("group").text(), node.get("name").text(), points)


__all__ = ["CheckItem", "ReviewPoint", "ReviewScheme", "ReviewScore", "SchemeError", "Suggestions",
           "load_review_scheme", "parse_review_scheme", "shipped_review_schemes"]
