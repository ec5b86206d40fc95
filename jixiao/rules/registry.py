"""Scoring rules as plain functions in one named registry.

A rule is ``fn(item: RuleInput, **params) -> RuleResult``. It is registered under a
stable kebab-case name with :func:`rule`; schemes name rules and give their parameters
as data, so a scheme file never contains code. Rules compute exactly (``Decimal``); the
engine rounds for display only.

A rule's Chinese working is written only when it is read: a rule may give ``working`` as a
function of no arguments that returns the text, and :attr:`RuleResult.explanation` calls it.
Scoring many inputs at once (``rules/batch.py``) never reads it, so it never pays for the
number formatting; the object path reads it once per item and gets the same text as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from jixiao.model.target import TargetValue


@dataclass(frozen=True, slots=True)
class RuleInput:
    weight: Decimal  # the item's 分值 / 权重
    target: TargetValue | None = None  # 年度指标值 (A) / 标杆值
    actual: TargetValue | None = None  # 实际完成值 (B)
    published: Decimal | None = None  # the score the document gives, if any
    measured: Mapping[str, Any] = field(default_factory=dict)  # evaluation measurements


@dataclass(frozen=True, slots=True)
class RuleResult:
    score: Decimal  # exact, in [0, weight]
    working: str | Callable[[], str]  # the explanation, or a function that writes it (see the module doc)
    band: tuple[Decimal, Decimal] | None = None  # a judgement rule's allowed range
    judged: bool = False  # the score is a judgement (document's score accepted, or the default)
    inputs: Mapping[str, Any] = field(default_factory=dict)  # the numbers used, for the working

    @property
    def explanation(self) -> str:
        """Chinese: how the score was reached ("实际/目标 = 36106/38000 …"), written on each access."""
        working = self.working
        return working if isinstance(working, str) else working()


RuleFn = Callable[..., RuleResult]
RULES: dict[str, RuleFn] = {}
RULE_TITLES: dict[str, str] = {}  # the Chinese name users see; the code stays for search, files and the API
# a score an evaluation report states item by item (rules/score_evaluation.py), no rule function of its own
RULE_TITLES["sum-of-statements"] = "报告逐项得分合计"


def rule(name: str, title: str = "") -> Callable[[RuleFn], RuleFn]:
    """Register a scoring rule under ``name`` with its Chinese ``title`` (built-ins use the same
    decorator as plug-ins)."""

    def register(fn: RuleFn) -> RuleFn:
        if name in RULES and RULES[name] is not fn:
            raise ValueError(f"rule {name!r} registered twice")
        RULES[name] = fn
        RULE_TITLES[name] = title or name
        return fn

    return register
