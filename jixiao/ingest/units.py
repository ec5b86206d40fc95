"""Reading the money unit where it is printed: a table's ``单位：万元`` (or ``金额单位：元``,
``（单位：万元）``), a column header's ``金额（元）`` / ``预算数(万元)``, a sentence's ``…万元``.
The model keeps every amount in its printed unit (:mod:`jixiao.model.units`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from jixiao.model.units import MONEY_UNITS

_UNIT = r"(万元|亿元|元)"
TABLE_UNIT = re.compile(rf"(?:金额)?单位\s*[:：]\s*{_UNIT}(?![\u4e00-\u9fff])")
HEADER_UNIT = re.compile(rf"[(（]\s*(?:单位\s*[:：]\s*)?{_UNIT}\s*[)）]")
SENTENCE_UNIT = re.compile(rf"\d(?:[\d,，]*\d)?(?:\.\d+)?\s*{_UNIT}")


def table_unit(texts: Iterable[str]) -> str | None:
    """The unit a table states for itself (``单位：万元``), from its lines in order; None when none."""
    for text in texts:
        if m := TABLE_UNIT.search(text):
            return m.group(1)
    return None


def header_unit(label: str) -> str | None:
    """The unit a column header prints (``金额（元）`` → 元); None when it prints none."""
    m = HEADER_UNIT.search(label)
    return m.group(1) if m else None


def without_unit(label: str) -> str:
    """A column header without the money unit it prints (``金额（元）`` → ``金额``); unchanged without one."""
    return HEADER_UNIT.sub("", label).strip() or label if "元" in label else label


def sentence_units(text: str) -> list[str]:
    """The money units a sentence prints after its numbers, in order (``3.5万元…200元`` → 万元, 元)."""
    return [m.group(1) for m in SENTENCE_UNIT.finditer(text) if m.group(1) in MONEY_UNITS]
