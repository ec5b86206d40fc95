"""Result application (评价结果应用) as data: which decision a grade brings for next year's budget.

A rule file (``jixiao/rules/applications/*.yaml``; ``default`` is shipped) maps each grade to a
decision (保持 / 调减 / 整改后安排 / 取消 …) and a change of the budget written as a percentage
(``-10%`` = 调减10%, ``-100%`` = 取消); ``with_open_problems`` gives another line for a project whose
evaluation problems are not yet rectified; ``no_grade`` is the decision without a grade. Files are
read with :mod:`jixiao.rules.schemefile`: a mistake raises a Chinese :class:`SchemeError` with its line.

    rule = load_rule("default")
    rule.decide("中", Decimal("378.5"), open_problems=0)   # 调减, -10%, 340.65
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from jixiao.model.rectification import Decision
from jixiao.numbers import pct, plain, rounded
from jixiao.rules.schemefile import Node, SchemeError, load_tree

RULE_DIR = Path(__file__).parent / "applications"
_LINE_KEYS = ("decision", "change")


@dataclass(frozen=True, slots=True)
class Line:
    decision: str
    change: Decimal | None  # fraction; None: the amount is decided by hand


@dataclass(frozen=True, slots=True)
class ApplicationRule:
    name: str
    title: str
    grades: dict[str, tuple[Line, Line | None]]  # grade → (line, line with open problems)
    no_grade: Line

    def decide(self, grade: str | None, budget: Decimal | None, open_problems: int = 0) -> Decision:
        """The decision for a project graded ``grade`` with this year's ``budget`` (万元)."""
        if grade not in self.grades:
            line, why = self.no_grade, "无评价等级" if not grade else f"规则未规定等级“{grade}”"
        else:
            plain_line, open_line = self.grades[grade]
            if open_problems and open_line is not None:
                line, why = open_line, f"评价等级“{grade}”且有{open_problems}个问题未整改完成"
            else:
                line, why = plain_line, f"评价等级“{grade}”"
        amount = None
        if budget is not None and line.change is not None:
            amount = rounded(budget * (1 + line.change), 2)
        change = "" if line.change is None else f"，预算{_signed(line.change)}"
        shown = "" if amount is None else f"，下年度安排{plain(amount)}万元"
        reason = f"{why}：按“{self.title}”{line.decision}{change}{shown}。"
        return Decision(grade, line.decision, line.change, budget, amount, reason)


def _signed(change: Decimal) -> str:
    if change == 0:
        return "不变"
    text = pct(change * 100, 0)
    return f"变动{text}" if change < 0 else f"变动+{text}"


def shipped_rules() -> list[str]:
    return sorted(p.stem for p in RULE_DIR.glob("*.yaml"))


@functools.lru_cache(maxsize=8)
def load_rule(name_or_path: str = "default") -> ApplicationRule:
    """A shipped rule by name, or a rule file by path."""
    path = RULE_DIR / f"{name_or_path}.yaml"
    return parse_rule(path if path.exists() else Path(name_or_path))


def parse_rule(source: str | Path, text: str | None = None) -> ApplicationRule:
    tree = load_tree(source, text)
    tree.only("name", "title", "grades", "no_grade")
    grades = {}
    for grade, node in tree.get("grades", expect=dict).items():
        extra = node.get("with_open_problems", None)
        grades[grade] = (_line(node, "with_open_problems"), None if extra.value is None else _line(extra))
    if not grades:
        raise tree.error("“grades”至少要规定一个等级")
    return ApplicationRule(
        name=tree.get("name").text(),
        title=tree.get("title").text(),
        grades=grades,
        no_grade=_line(tree.get("no_grade", {"decision": "待定"})),
    )


def _line(node: Node, *also: str) -> Line:
    node.only(*_LINE_KEYS, *also)
    decision = node.get("decision").text().strip()
    if not decision:
        raise node.error(f"“{node.key}.decision”不能为空")
    change = node.get("change", None)
    return Line(decision, None if change.value is None else _percent(change))


def _percent(node: Node) -> Decimal:
    value = node.value
    text = str(value).strip() if not isinstance(value, bool) else ""
    try:
        number = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
    except ArithmeticError:
        raise node.error(f"“{node.key}”应写成百分比，如 -10%，实际写的是“{value}”") from None
    if number < -1:
        raise node.error(f"“{node.key}”不能少于 -100%（实际 {value}）")
    return number


__all__ = ["ApplicationRule", "SchemeError", "load_rule", "parse_rule", "shipped_rules"]
