"""Template helpers of the monitoring pages: a light badge, percentages, row errors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html

from jixiao.monitor.model import LIGHT_ZH, Light
from jixiao.numbers import pct as _pct

register = template.Library()


def _light(value: Any) -> Light:
    if isinstance(value, dict):
        value = value.get("code")
    try:
        return Light(str(value))
    except ValueError:
        return Light.NONE


@register.simple_tag
def light(value: Any) -> str:
    """``<span class="light light-red">红灯</span>`` for a Light (or its code)."""
    lt = _light(value)
    return format_html('<span class="light light-{}">{}</span>', str(lt), LIGHT_ZH[lt])


@register.filter
def light_code(value: Any) -> str:
    return str(_light(value))


@register.filter
def pct(value: Any) -> str:
    """A percentage (already × 100): ``16.79%``."""
    if value is None or value == "":
        return ""
    return _pct(Decimal(str(value)))


@register.filter
def has(values: Any, item: Any) -> bool:
    return item in (values or ())
