"""Counts the narrative states: vehicles by kind against the total, 保有量 within it, vehicles
bought against their purchase cost; projects per grade against the projects evaluated and the
summary table; forms and summary rows against the number stated (see :mod:`jixiao.checks.narrative`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.checks.narrative.common import ZERO, View
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model import facts as F
from jixiao.model.document import Document
from jixiao.model.facts import Key as K
from jixiao.model.facts import ThreePublicItem as T3
from jixiao.model.facts import ThreePublicPart as T
from jixiao.model.facts import three_public
from jixiao.model.finding import Finding
from jixiao.model.grades import GRADES
from jixiao.model.source import Source


@check("narrative-count-mismatch", applies_to="final_accounts")
def narrative_counts(doc: Document) -> Iterator[Finding]:
    """Vehicles by kind, grades, forms and published/undisclosed projects against the counts stated."""
    v = View(doc)
    yield from _vehicle_counts(v)
    yield from _grade_counts(v)
    yield from _form_counts(v)


def _count(
    source: Source, what: str, stated: Decimal, expected: Decimal | int, basis: str, op: str = "="
) -> Finding | None:
    ok = stated == expected if op == "=" else stated <= expected
    if ok:
        return None
    shown = f"{expected}" if op == "=" else f"不超过{expected}"
    return make_finding(
        "narrative-count-mismatch", source, subject=what, expected=shown, actual=f"{stated:f}", what=what, basis=basis
    )


def _vehicle_counts(v: View) -> Iterator[Finding]:
    total = v.fact(K.VEHICLES)
    kinds = [v.fact(F.vehicles(k)) for k in F.VehicleKind]
    present = [(k, value) for k in kinds if k is not None and (value := k.value) is not None]
    if total is not None and total.value is not None and present:
        parts = "+".join(f"{k.label}{k.raw}" for k, _ in present)
        found = _count(
            total.source,
            "本部门车辆总数",
            total.value,
            sum((value for _, value in present), ZERO),
            f"各类车辆之和（{parts}）",
        )
        if found:
            yield found
    yield from _purchase_count(v)
    held = v.fact(three_public(T.HELD, T3.VEHICLES))
    if held is not None and held.value is not None and total is not None and total.value is not None:
        found = _count(
            held.source,
            "财政拨款开支运行维护费的公务用车保有量",
            held.value,
            total.value,
            f"国有资产占用情况中本部门车辆总数{total.raw}辆（保有量是其中一部分）",
            op="≤",
        )
        if found:
            yield found


def _purchase_count(v: View) -> Iterator[Finding]:
    """Vehicles bought (辆) and their purchase cost (万元) must both be zero or both not."""
    bought = v.fact(three_public(T.PURCHASED, T3.VEHICLES))
    cost = v.fact(three_public(T.PURCHASE, T3.VEHICLES))
    if bought is None or cost is None or bought.value is None or cost.value is None:
        return
    if (bought.value == 0) != (cost.value == 0):
        yield make_finding(
            "narrative-count-mismatch",
            bought.source,
            subject="购置公务用车数量",
            expected="0" if cost.value == 0 else "大于0",
            actual=f"{bought.value:f}",
            what="使用财政拨款购置公务用车数量",
            basis=f"按公务用车购置费支出{cost.raw}万元",
        )


def _grade_counts(v: View) -> Iterator[Finding]:
    total = v.fact(K.SELF_EVAL_TOTAL) or v.fact(K.SELF_EVAL_PROJECTS)
    grades = [(word, v.fact(F.grade_count(word))) for word in GRADES]
    stated = [(w, g, value) for w, g in grades if g is not None and (value := g.value) is not None]
    if total is not None and total.value is not None and stated:
        parts = "+".join(f"{g.raw}个{w}" for w, g, _ in stated)
        found = _count(
            total.source,
            "自评项目数",
            total.value,
            sum((value for _, _, value in stated), ZERO),
            f"各等级项目数之和（{parts}）",
        )
        if found:
            yield found
    summary = v.accounts.self_evaluation_summary if v.accounts else None
    if summary is None:
        return
    for word, g, value in stated:
        listed = sum(1 for r in summary.rows if (r.grade or "").strip() == word)
        if listed > value:
            yield make_finding(
                "narrative-count-mismatch",
                g.source,
                subject=f"自评等级为{word}的项目数",
                expected=f"至少{listed}",
                actual=f"{g.value:f}",
                what=f"自评等级为{word}的项目数",
                basis=f"自评情况汇总表中列出的{word}级项目数（第{summary.source.line}行起）",
            )


UNDISCLOSED = re.compile(r"另外\s*(\d+)\s*[项个]")


def _form_counts(v: View) -> Iterator[Finding]:
    acc = v.accounts
    if acc is None:
        return
    forms = v.fact(K.SELF_EVAL_FORMS)
    summary = acc.self_evaluation_summary
    if forms is not None and forms.value is not None:
        if acc.self_evaluations:
            found = _count(
                forms.source,
                "公开的绩效自评表数",
                forms.value,
                len(acc.self_evaluations),
                "第五部分附件中的绩效自评表数",
            )
            if found:
                yield found
        if summary is not None and summary.rows:
            found = _count(
                forms.source,
                "公开的绩效自评项目数",
                forms.value,
                len(summary.rows),
                f"自评情况汇总表的项目行数（第{summary.source.line}行起）",
            )
            if found:
                yield found
    total = v.fact(K.SELF_EVAL_TOTAL) or v.fact(K.SELF_EVAL_PROJECTS)
    if total is None or total.value is None or summary is None or not summary.rows:
        return
    hidden = [int(m.group(1)) for r in summary.remarks for m in [UNDISCLOSED.search(r)] if m]
    if hidden:
        found = _count(
            total.source,
            "自评项目数",
            total.value,
            len(summary.rows) + hidden[0],
            f"自评情况汇总表公开的{len(summary.rows)}项与注明不予公开的{hidden[0]}项之和",
        )
        if found:
            yield found
