"""Two paragraphs every 部门预算 and 部门决算 prints, read on their own when a document (or a part of
one) is just that paragraph: the **机关运行经费** paragraph and the **政府采购** paragraph.

The wording of the official templates (财政部 决算公开 / 预算公开) and of the provinces' variants:

- ``2022年度本部门机关运行经费支出45.60万元，比上年增加5.60万元，增长14.00%，主要原因是…``
  (also 机关运行经费预算 / 财政拨款安排的机关运行经费 / 比2021年减少);
- ``2022年度本部门政府采购支出总额120.50万元，其中：政府采购货物支出20.50万元、政府采购工程支出
  60.00万元、政府采购服务支出40.00万元。授予中小企业合同金额100.00万元，占政府采购支出总额的
  82.99%，其中：授予小微企业合同金额50.00万元，占政府采购支出总额的41.49%。``

The paragraph is read by :func:`jixiao.ingest.statement.read_statement` (its paragraphs with
their lines, any blank left unfilled), and each of the figures above is labelled with what it is
(:data:`OPERATING`, :data:`PROCUREMENT` and its parts, :data:`SME`, :data:`SMALL_MICRO`), so the
statement checks (a change and its percent against the amount) and
:mod:`jixiao.checks.admin_paragraphs` (parts against the total, shares against their base) read
them. Neither kind is taken for a text that is a 部门预算/决算 or a “三公” statement: those kinds read
these paragraphs as one section among others.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from decimal import Decimal

from jixiao.ingest.context import ReadContext
from jixiao.ingest.hanzi import simplified
from jixiao.ingest.registry import Clue, Detection, clues, document_kind, word
from jixiao.ingest.statement import read_statement
from jixiao.ingest.text import parse_decimal
from jixiao.model.statement import (
    AMOUNT,
    CHANGE,
    CHANGE_PERCENT,
    DOWN,
    FLAT,
    LAST_YEAR,
    SHARE,
    UP,
    StatedFigure,
    Statement,
)

OPERATING = "机关运行经费"
PROCUREMENT = "政府采购支出总额"
GOODS, WORKS, SERVICES = "政府采购货物支出", "政府采购工程支出", "政府采购服务支出"
SME = "授予中小企业合同金额"
SMALL_MICRO = "授予小微企业合同金额"
PROCUREMENT_PARTS = (GOODS, WORKS, SERVICES)

N = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
MONEY = r"\s*(万元|亿元|元)"
AMOUNTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        OPERATING,
        re.compile(r"机关运行经费(?:支出|预算|决算|财政拨款)?(?:数|合计)?(?:为|共计|合计|安排)?\s*" + N + MONEY),
    ),
    (PROCUREMENT, re.compile(r"政府采购(?:支出|预算|合同)?(?:总额|合计|金额|总计)(?:为|共计)?\s*" + N + MONEY)),
    (GOODS, re.compile(r"货物(?:类)?(?:采购)?(?:支出|金额|预算)?(?:为)?\s*" + N + MONEY)),
    (WORKS, re.compile(r"工程(?:类)?(?:采购)?(?:支出|金额|预算)?(?:为)?\s*" + N + MONEY)),
    (SERVICES, re.compile(r"服务(?:类)?(?:采购)?(?:支出|金额|预算)?(?:为)?\s*" + N + MONEY)),
    (SME, re.compile(r"(?<!小微)(?:授予)?中小企业(?:的)?(?:合同)?(?:金额|采购金额)?(?:为)?\s*" + N + MONEY)),
    (SMALL_MICRO, re.compile(r"(?:授予)?小微企业(?:的)?(?:合同)?(?:金额|采购金额)?(?:为)?\s*" + N + MONEY)),
)
CHANGE_AFTER = re.compile(
    r"[^。；;]{0,6}?(?:比|较)(上年|上一年|去年|\d{4}\s*年度?)(?:决算|预算)?(?:数)?(增加|增长|减少|下降|持平)\s*(?:了)?"
    r"(?:" + N + MONEY + r")?(?:[，,]\s*(?:增长|下降|增幅|降幅|减少|增加)(?:率)?(?:为)?\s*(\d+(?:\.\d+)?)\s*[%％])?"
)
SHARE_AFTER = re.compile(r"[，,]?\s*占([^，,；;。\d%％]{0,20}?)的?\s*(\d+(?:\.\d+)?)\s*[%％]")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
NOT_ALONE = re.compile(r"三公|因公出国|公务接待|公务用车|决算表|预算表|情况表|总表")


def _evidence(*items: Clue) -> Callable[[str], Detection]:
    base = clues(*items)

    def evidence(text: str) -> Detection:
        body = simplified(text)
        found = base(body)
        others = len(NOT_ALONE.findall(body))
        if others:
            return Detection(0.0, found.evidence, (*found.missing, f"只有这一段（文中还有{others}处“三公”经费或表名）"))
        if not re.search(r"\d\s*(?:万元|元)", body):
            return Detection(0.0, found.evidence, (*found.missing, "文中的金额"))
        return found

    return evidence


def _pattern(label: str, rx: str, weight: float) -> Clue:
    compiled = re.compile(rx)
    return Clue(label, weight, lambda text: bool(compiled.search(text)))


@document_kind(
    "operating_costs",
    "机关运行经费说明",
    _evidence(
        word("机关运行经费", 0.6),
        _pattern("机关运行经费的金额", r"机关运行经费[^。]{0,12}?\d[\d,.]*\s*万?元", 0.4),
        _pattern("比上年的增减", r"比上年[^。]{0,6}?(?:增加|减少|增长|下降|持平)", 0.2),
    ),
)
def read_operating_costs(ctx: ReadContext) -> Statement:
    return _labelled(read_statement(ctx, "operating_costs"))


@document_kind(
    "procurement",
    "政府采购情况说明",
    _evidence(
        word("政府采购", 0.6),
        _pattern("货物、工程、服务", r"货物[^。]{0,30}工程[^。]{0,30}服务", 0.4),
        _pattern("授予中小企业合同金额", r"中小企业[^。]{0,10}?合同", 0.4),
    ),
)
def read_procurement(ctx: ReadContext) -> Statement:
    return _labelled(read_statement(ctx, "procurement"))


def _labelled(s: Statement) -> Statement:
    """The statement with the two paragraphs' figures labelled (they replace the figures the
    generic reader read at the same place)."""
    labelled = list(_figures(s))
    places = {(f.source.line, f.source.column) for f in labelled}
    kept = [f for f in s.figures if (f.source.line, f.source.column) not in places and f.what not in (AMOUNT, SHARE)]
    ordered = sorted([*kept, *labelled], key=lambda f: (f.source.line or 0, f.source.column or 0))
    return replace(s, figures=tuple(ordered))


def _figures(s: Statement) -> Iterator[StatedFigure]:
    year = s.year
    for p in s.paragraphs:
        text = p.text
        years = [(m.start(), int(m.group(1))) for m in YEAR.finditer(text)]
        found: list[tuple[int, str, re.Match[str]]] = []
        for subject, rx in AMOUNTS:  # the first pattern to claim a number names it
            for m in rx.finditer(text):
                if not any(f[0] == m.start(1) for f in found):
                    found.append((m.start(1), subject, m))
        for start, subject, m in sorted(found, key=lambda f: f[0]):
            own_year = next((y for at, y in reversed(years) if at < m.start()), year)
            value = parse_decimal(m.group(1))
            label = text[max(0, m.start() - 10) : m.start(1)]
            edition = "budget" if "预算" in label else "final"
            yield _figure(
                p.at(start),
                subject,
                AMOUNT,
                value,
                m.group(2),
                m.group(1) + m.group(2),
                own_year,
                label=label,
                edition=edition,
            )
            yield from _after(p.at, text, m.end(), subject, own_year, m.group(2))


def _after(at, text: str, end: int, subject: str, year: int | None, unit: str) -> Iterator[StatedFigure]:
    change = CHANGE_AFTER.match(text, end)
    if change:
        word_ = change.group(2)
        direction = FLAT if word_ == "持平" else UP if word_ in ("增加", "增长") else DOWN
        if direction == FLAT:
            yield _figure(at(change.start(2)), subject, CHANGE, Decimal(0), "", word_, year, direction=FLAT)
        if change.group(3):
            yield _figure(
                at(change.start(3)),
                subject,
                CHANGE,
                parse_decimal(change.group(3)),
                change.group(4),
                change.group(3) + change.group(4),
                year,
                direction=direction,
                label=change.group(0),
            )
        if change.group(5):
            yield _figure(
                at(change.start(5)),
                subject,
                CHANGE_PERCENT,
                parse_decimal(change.group(5)),
                "%",
                change.group(5) + "%",
                year,
                direction=direction,
                label=change.group(0),
            )
    share = SHARE_AFTER.match(text, end)
    if share:
        yield _figure(
            at(share.start(2)),
            subject,
            SHARE,
            parse_decimal(share.group(2)),
            "%",
            share.group(2) + "%",
            year,
            label=share.group(1),
        )


def _figure(
    source,
    subject: str,
    what: str,
    value: Decimal | None,
    unit: str,
    raw: str,
    year: int | None,
    *,
    direction: str | None = None,
    label: str = "",
    edition: str | None = None,
) -> StatedFigure:
    decimals = len(raw.split(".")[1].rstrip("万元亿%")) if "." in raw else 0
    return StatedFigure(
        subject=subject,
        what=what,
        value=value,
        unit=unit,
        raw=raw,
        source=source,
        year=year,
        direction=direction,
        against=LAST_YEAR if what in (CHANGE, CHANGE_PERCENT) else None,
        edition=edition if what == AMOUNT else None,
        label=label,
        places=decimals,
    )
