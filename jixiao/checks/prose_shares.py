"""The shares of all the parts of one whole must add up to 100%.

A sentence that states a whole and then, after 其中 (主要用于, 包括, 分别为 …), each part with its amount and its share
(``本年支出合计1,000.00万元，其中：基本支出800.00万元，占80.00%；项目支出200.00万元，占20.00%``;
the 类 of an expenditure breakdown, 基本支出 / 项目支出, the sources of income …) lists *all*
the parts when the parts' amounts add up to the whole (within 0.01 per part, as everywhere).
Then the shares it prints must add up to 100%: each share is rounded, so n shares printed to
d decimals may be off by up to n × half a unit of the last decimal (尾数误差, info); a larger
gap is an error that names every part and its share. A listing whose amounts do not add up to
the whole (some parts unnamed), or with a part without its share, is not judged here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from jixiao.checks.arith import verdict
from jixiao.checks.prose import prose_texts
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.numbers import places

AMOUNT = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万元|亿元|元)")
SHARE = re.compile(
    r"[^，,；;。\d%％]{0,3}[，,]?\s*(?:占|比重为|占比为?)([^，,；;。\d%％]{0,20}?)(\d+(?:\.\d+)?)\s*[%％]"
)
# a share of a budget, a plan or last year is a completion or growth rate, not a share of the whole
OTHER_BASE = re.compile(r"年初|全年|调整|上年|去年|同期|计划|预算数|预算的?$|决算数")
HUNDRED = Decimal(100)
# the words that open the list of parts (其中：…；主要用于：…；分别为…)
LEAD = re.compile(r"其中|主要用于|包括|分别为|分别是|具体为|具体是")


@dataclass(frozen=True, slots=True)
class Part:
    name: str
    amount: Decimal  # in 万元
    raw: str
    share: Decimal
    share_raw: str


def _wan(raw: str, unit: str) -> Decimal:
    value = Decimal(raw.replace(",", ""))
    return value / 10000 if unit == "元" else value * 10000 if unit == "亿元" else value


def _name(text: str, end: int) -> str:
    start = max(text.rfind(c, 0, end) for c in "，,；;：:、。") + 1
    return LEAD.sub("", text[start:end]).strip(" :：") or "（未具名）"


@dataclass(frozen=True, slots=True)
class Listing:
    at: int  # offset of the whole
    whole: str
    parts: tuple[Part, ...]


def listings(text: str) -> Iterator[Listing]:
    """Each whole followed by 其中 and every part with its amount and share, in one sentence."""
    for sentence in re.finditer(r"[^。\n]+", text):
        s = sentence.group()
        lead = LEAD.search(s)
        if lead is None:
            continue
        k = lead.start()
        wholes = list(AMOUNT.finditer(s, 0, k))
        if not wholes:
            continue
        whole = wholes[-1]
        parts: list[Part] = []
        bases: set[str] = set()  # the words naming what each share is of (占本年支出合计的 …)
        complete = True
        for m in AMOUNT.finditer(s, k):
            share = SHARE.match(s, m.end())
            if share is None or OTHER_BASE.search(share.group(1).strip()):
                complete = False
                break
            bases.add(share.group(1).strip())
            try:
                parts.append(
                    Part(
                        _name(s, m.start()),
                        _wan(m.group(1), m.group(2)),
                        m.group(0),
                        Decimal(share.group(2)),
                        share.group(2) + "%",
                    )
                )
            except InvalidOperation:
                complete = False
                break
        if complete and len(parts) >= 2 and len(bases - {""}) <= 1:  # one base for every share
            yield Listing(sentence.start() + whole.start(), whole.group(0), tuple(parts))


def _whole_value(raw: str) -> Decimal:
    m = AMOUNT.match(raw)
    assert m is not None  # a whole is an amount
    return _wan(m.group(1), m.group(2))


@check("shares-sum-mismatch", "shares-sum-rounding")
def check_shares_sum(doc: Document) -> Iterator[Finding]:
    for t in prose_texts(doc):
        for listing in listings(t.text):
            whole = _whole_value(listing.whole)
            summed = sum((p.amount for p in listing.parts), Decimal(0))
            if verdict(whole, summed, len(listing.parts)) == "mismatch":
                continue  # not every part is named: the shares need not add up to 100%
            shares = sum((p.share for p in listing.parts), Decimal(0))
            decimals = max(places(p.share_raw[:-1]) for p in listing.parts)
            tolerance = len(listing.parts) * Decimal("0.5").scaleb(-decimals)
            gap = abs(shares - HUNDRED)
            if gap == 0:
                continue
            src = t.locate(listing.at)
            where = f"{t.where}第{src.line}行：" if src.line is not None else f"{t.where}："
            items = "、".join(f"{p.name}{p.raw}占{p.share_raw}" for p in listing.parts)
            code = "shares-sum-rounding" if gap <= tolerance else "shares-sum-mismatch"
            yield make_finding(
                code,
                src,
                subject=listing.whole,
                where=where,
                what=f"总额{listing.whole}",
                items=items,
                actual=f"{shares}%",
                expected="100%",
                tolerance=f"{tolerance}%",
            )
