"""Template filters of the pages: money and score formats, finding labels, dictionary lookup."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from django import template
from django.http import QueryDict

from jixiao.findings import CATALOGUE
from jixiao.model.goals import INDICATOR_LEVELS
from jixiao.numbers import money as _money
from jixiao.numbers import plain as _plain
from jixiao.web.pages.analysis import severity_label

register = template.Library()


@register.filter
def money(value: Any, places: int = 2) -> str:
    """Decimal → ``96,719.61`` (blank for None)."""
    if value is None or value == "":
        return ""
    return _money(Decimal(str(value)), int(places))


@register.filter
def plain(value: Any) -> str:
    """Decimal without trailing zeros of the column scale: 378.500000 → 378.5."""
    if value is None or value == "":
        return ""
    return _plain(Decimal(str(value)))


@register.filter
def score(value: Any) -> str:
    """A score at the forms' printed precision, 2 places half-up: 99.5896603 → ``99.59`` (blank for None)."""
    if value is None or value == "":
        return ""
    return _plain(Decimal(str(value)), 2)


@register.filter
def sev(value: Any) -> str:
    return severity_label(value)


@register.filter
def kind_title(name: Any) -> str:
    """The Chinese name of a document kind from the reader registry (``three_public`` →
    “三公”经费说明); "unknown" → 未识别."""
    from jixiao.ingest.registry import UNKNOWN, kinds

    if not name or name == UNKNOWN:
        return "未识别"
    return next((k.title for k in kinds() if k.name == name), str(name))


@register.filter
def finding_title(code: Any) -> str:
    """The Chinese name of a finding code from the one catalogue (``rounding-gap`` → 尾数误差)."""
    kind = CATALOGUE.get(str(code))
    return kind.title if kind is not None else str(code)


@register.filter
def rule_title(code: Any) -> str:
    """The Chinese name of a scoring rule (``execution-rate`` → 预算执行率（按比例）)."""
    from jixiao.rules.registry import RULE_TITLES

    return RULE_TITLES.get(str(code), str(code))


@register.filter
def scheme_title(name: Any) -> str:
    """A scoring scheme's Chinese title from its file (``mof-2020-10`` → 项目支出绩效自评（财预〔2020〕10号）)."""
    return _scheme_title(str(name or ""))


@register.filter
def ruleset_title(name: Any) -> str:
    """A monitoring rule set's Chinese title from its file (``henan`` → 河南（1-7月监控））."""
    return _ruleset_title(str(name or ""))


@functools.lru_cache(maxsize=64)
def _scheme_title(name: str) -> str:
    from jixiao.rules.schemefile import SchemeError
    from jixiao.rules.schemes import load_scheme
    from jixiao.rules.score_evaluation import DOCUMENT, DOCUMENT_TITLE

    if name == DOCUMENT:
        return DOCUMENT_TITLE

    try:
        return str(load_scheme(name).title) if name else ""
    except (SchemeError, OSError):
        return name


@functools.lru_cache(maxsize=64)
def _ruleset_title(name: str) -> str:
    from jixiao.monitor.rulesets import load_ruleset
    from jixiao.rules.schemefile import SchemeError

    try:
        return load_ruleset(name).title if name else ""
    except (SchemeError, OSError):
        return name


@register.simple_tag(takes_context=True)
def findings_by_severity(context: Any, findings: Any) -> list[dict[str, Any]]:
    """Findings grouped error → warning → info with their counts; the public (not logged in) sees
    errors and warnings only — coverage notes are for the people who work on the document."""
    request = context.get("request")
    public = request is None or not request.user.is_authenticated
    groups = []
    for severity in ("error", "warning", "info"):
        if public and severity == "info":
            continue
        items = [f for f in findings or () if str(f.severity) == severity]
        if items:
            groups.append({"severity": severity, "label": severity_label(severity), "items": items})
    return groups


@register.filter
def get(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def percent_of(value: Any, total: Any) -> int:
    """Bar width: ``value`` as a whole percentage of ``total`` (0–100)."""
    try:
        v, t = Decimal(str(value or 0)), Decimal(str(total or 0))
    except ArithmeticError:
        return 0
    if t <= 0:
        return 0
    return max(0, min(100, int(v * 100 / t)))


@register.filter
def cell_class_of(pinned: Any, column: int) -> str:
    """The highlight class of cell ``column`` of a row's :class:`~jixiao.web.pages.analysis.Pinned`."""
    try:
        return pinned.cell_class(int(column))
    except (AttributeError, TypeError, ValueError):
        return ""


@register.inclusion_tag("pages/partials/level_select.html")
def level_select(level: int, value: str | None) -> dict[str, Any]:
    """A drop-down of the official 一级 (``level`` 1) or 二级 (2, grouped by 一级) indicator levels
    (``jixiao.model.goals.INDICATOR_LEVELS``); a stored value outside them is kept as an option."""
    value = value or ""
    groups = [("", list(INDICATOR_LEVELS))] if level == 1 else list(INDICATOR_LEVELS.items())
    known = {name for _, names in groups for name in names}
    return {
        "name": f"ind_level{level}",
        "label": "一级指标" if level == 1 else "二级指标",
        "groups": groups,
        "value": value,
        "other": value if value and value not in known else "",
    }


@register.simple_tag(takes_context=True)
def query_with(context: Any, name: str, value: Any) -> str:
    """The request's query string with ``name`` set to ``value`` (a pager link keeps the other lists' pages)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query[name] = str(value)
    return query.urlencode()
