"""Recognise what kind of document a text is, from the words it uses."""

from __future__ import annotations

from jixiao.ingest.text import Line

_MARKERS = {
    "goal_tables": ("绩效目标表", "项目编码", "指标值确定依据", "资金支出计划"),
    "final_accounts": ("部门决算", "收入支出决算总表", "财政拨款收入支出决算总表", "决算情况说明", "公开01表"),
}


def kind(lines: list[Line]) -> str:
    """``goal_tables``, ``final_accounts``, ``budget`` or ``unknown``: the kind whose marker words
    occur most (each marker counted once), if at least two of them occur."""
    text = "\n".join(ln.raw for ln in lines[:4000])
    scores = {k: sum(1 for m in markers if m in text) for k, markers in _MARKERS.items()}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] >= 2:
        return best
    from jixiao.ingest.budget import evidence  # 部门预算 / 单位预算 (issue 14): asked only when nothing else fits

    return "budget" if evidence(text).confidence >= 0.6 else "unknown"
