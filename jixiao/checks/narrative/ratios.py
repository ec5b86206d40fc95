"""Percentages: shares (占…%) against part ÷ the whole the sentence names, growth (增长 Y%) against
the previous-year figure the narrative implies, completion (完成年初预算的 Z%) against 决算 ÷ 预算
(see :mod:`jixiao.checks.narrative` for the tolerance)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from jixiao import numbers
from jixiao.checks.narrative.common import (
    HUNDRED,
    QUANTITIES,
    TABLE_HALF,
    THREE_PUBLIC_PARTS,
    ZERO,
    Num,
    View,
    half,
    ratio_verdict,
    rounding_pct_finding,
    show,
    table_cell,
)
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model import facts as F
from jixiao.model.accounts import Fact
from jixiao.model.document import Document
from jixiao.model.facts import ItemPart as I
from jixiao.model.facts import Key as K
from jixiao.model.facts import ThreePublicPart as T
from jixiao.model.facts import three_public
from jixiao.model.finding import Finding

# -- shares (占…%) ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Share:
    share_key: str
    what: str
    numerator: str  # fact key
    denominator: tuple[str, str]  # (fact key, name) the sentence names
    alternatives: tuple[tuple[str, str], ...] = ()  # other wholes a writer may have used


INCOME_WHOLE = (K.INCOME_TOTAL, "本年收入合计")
SPENDING_WHOLE = (K.EXPENDITURE_TOTAL, "本年支出合计")
GRAND_TOTAL = (K.TOTAL, "收、支总计")
PROCUREMENT_WHOLE = (K.PROCUREMENT, "政府采购支出总额")
FISCAL, OTHER = F.income(F.Income.FISCAL), F.income(F.Income.OTHER)
BASIC, PROJECT = F.expenditure(F.Expenditure.BASIC), F.expenditure(F.Expenditure.PROJECT)
SHARES: tuple[Share, ...] = (
    Share(F.share(FISCAL), "财政拨款收入占比", FISCAL, INCOME_WHOLE, (GRAND_TOTAL,)),
    Share(F.share(OTHER), "其他收入占比", OTHER, INCOME_WHOLE, (GRAND_TOTAL,)),
    Share(F.share(BASIC), "基本支出占比", BASIC, SPENDING_WHOLE, (GRAND_TOTAL,)),
    Share(F.share(PROJECT), "项目支出占比", PROJECT, SPENDING_WHOLE, (GRAND_TOTAL,)),
    Share(
        K.GENERAL_BUDGET_SHARE,
        "一般公共预算财政拨款支出占本年支出合计的比例",
        K.GENERAL_BUDGET,
        SPENDING_WHOLE,
        (GRAND_TOTAL, INCOME_WHOLE, (K.FISCAL_TOTAL, "财政拨款收、支总计")),
    ),
    Share(K.PROCUREMENT_SME_SHARE, "授予中小企业合同金额占比", K.PROCUREMENT_SME, PROCUREMENT_WHOLE),
    Share(K.PROCUREMENT_SMALL_MICRO_SHARE, "授予小微企业合同金额占比", K.PROCUREMENT_SMALL_MICRO, PROCUREMENT_WHOLE),
)


def _class_shares(v: View) -> list[Share]:
    out = []
    for n in v.numbered(F.CLASS):
        amount = v.fact(F.budget_class(n, F.ClassPart.AMOUNT))
        name = (amount.subject if amount and amount.subject else f"第{n}类") + "（类）支出"
        out.append(
            Share(
                F.budget_class(n, F.ClassPart.SHARE),
                f"{name}占比",
                F.budget_class(n, F.ClassPart.AMOUNT),
                (K.GENERAL_BUDGET, "一般公共预算财政拨款支出"),
                (SPENDING_WHOLE,),
            )
        )
    return out


def _whole(v: View, key: str) -> Num | None:
    """A whole the narrative states, else the table cell that holds it."""
    stated = v.num(key)
    if stated is not None:
        return stated
    for q in QUANTITIES:
        if key in q.keys and q.kind is not None:
            cell = table_cell(v, q.kind, q.row, q.spec, q.side)
            if cell is not None:
                return Num(cell.value, TABLE_HALF, f"{cell.value:f}")
    return None


@check("narrative-share-mismatch", "narrative-amount-mismatch", "narrative-rounding-gap", applies_to="final_accounts")
def narrative_shares(doc: Document) -> Iterator[Finding]:
    """Each 占…% recomputed as part ÷ the whole the sentence names (other wholes tried when it fails)."""
    v = View(doc)
    shares = (*SHARES, *_class_shares(v))
    balancing = _balancing_shares(v, shares)
    for share in shares:
        found = _share_finding(v, share, share.share_key in balancing)
        if found:
            yield found
    yield from _procurement_category_shares(v)


def _balancing_shares(v: View, shares: tuple[Share, ...]) -> set[str]:
    """The shares adjusted so that a list adds up to 100% (尾差调整): in a group of shares of one whole
    (the same denominator) whose printed values add up to exactly 100 while the correctly rounded
    values do not, the one share printed one unit of its last place away from its correct rounding.
    Only a single such share per group: two shares off is not a balancing adjustment."""
    groups: dict[str, list[Share]] = {}
    for share in shares:
        groups.setdefault(share.denominator[0], []).append(share)
    out: set[str] = set()
    for key, group in groups.items():
        den = _whole(v, key)
        rows = []
        for share in group:
            fact, num = v.fact(share.share_key), v.num(share.numerator)
            if den is None or fact is None or fact.value is None or num is None:
                break
            result = ratio_verdict(fact.value, fact.raw, num, den)
            if result is None:
                break
            rows.append((share, fact.value, fact.raw, result))
        else:
            if len(rows) < 2 or sum(r[1] for r in rows) != HUNDRED or sum(r[3].expected for r in rows) == HUNDRED:
                continue
            off = [r for r in rows if r[3].verdict == "mismatch"]
            if len(off) == 1 and abs(off[0][1] - off[0][3].expected) == Decimal(1).scaleb(-numbers.places(off[0][2])):
                out.add(off[0][0].share_key)
    return out


def _share_finding(v: View, share: Share, balancing: bool = False) -> Finding | None:
    fact, num = v.fact(share.share_key), v.num(share.numerator)
    den = _whole(v, share.denominator[0])
    if fact is None or fact.value is None or num is None or den is None:
        return None
    result = ratio_verdict(fact.value, fact.raw, num, den)
    if result is None or result.verdict == "ok":
        return None
    rule = f"{_label(v, share.numerator)}÷{share.denominator[1]}"
    if result.verdict == "rounding":
        return rounding_pct_finding(share.what, fact, result, f"按“{rule}”计算")
    if balancing:
        return rounding_pct_finding(share.what, fact, result, f"按“{rule}”计算",
                                    detail="同组各项占比合计恰为100%，此项是为此所作的尾差调整")
    places = numbers.places(fact.raw)
    return make_finding(
        "narrative-share-mismatch",
        fact.source,
        subject=share.what,
        expected=numbers.pct(result.expected, places),
        actual=numbers.pct(fact.value, places),
        what=share.what,
        rule=rule,
        numerator=show(num.value),
        denominator=show(den.value),
        detail=_other_wholes(v, share, fact, num),
    )


def _label(v: View, key: str) -> str:
    f = v.fact(key)
    for q in QUANTITIES:
        if key in q.keys:
            return q.what
    return (f.label if f and f.label else key) or key


def _other_wholes(v: View, share: Share, fact: Fact, num: Num) -> str:
    tried = []
    for key, name in share.alternatives:
        den = _whole(v, key)
        if den is None:
            continue
        result = ratio_verdict(fact.value, fact.raw, num, den)
        if result is not None and result.verdict != "mismatch":
            named = share.denominator[1]
            found = f"；按“{name}”（{show(den.value)}）计算为{numbers.pct(result.exact, 4)}，与说明一致"
            return f"{found}：说明实际所用的分母不是所称的“{named}”"
        tried.append(name)
    if not tried:
        return ""
    return f"；按其他可能的分母（{'、'.join(tried)}）也得不出说明中的比例"


PROCUREMENT_CATEGORIES = (  # name, amount, its SME share
    ("货物", K.PROCUREMENT_GOODS, K.PROCUREMENT_GOODS_SME_SHARE),
    ("工程", K.PROCUREMENT_WORKS, K.PROCUREMENT_WORKS_SME_SHARE),
    ("服务", K.PROCUREMENT_SERVICES, K.PROCUREMENT_SERVICES_SME_SHARE),
)


def _procurement_category_shares(v: View) -> Iterator[Finding]:
    """Σ(category amount × its SME share) must give the SME amount, within the rounding of the shares.

    The narrative states each category's SME share but not the category's SME amount, so the
    shares can only be checked together against the SME total they must add up to.
    """
    sme = v.fact(K.PROCUREMENT_SME)
    given = [(name, v.num(key), v.fact(share)) for name, key, share in PROCUREMENT_CATEGORIES]
    terms = [
        (name, amount, share, percent)
        for name, amount, share in given
        if amount is not None and share is not None and (percent := share.value) is not None
    ]
    if sme is None or sme.value is None or len(terms) != len(given):
        return
    implied = ZERO
    spread = half(sme.raw)
    parts = []
    for name, amount, share, percent in terms:
        implied += amount.value * percent / HUNDRED
        spread += amount.value * half(share.raw, 0) / HUNDRED + amount.half * percent / HUNDRED
        parts.append(f"{name}{show(amount.value)}×{share.raw}%")
    if abs(implied - sme.value) <= spread:
        return
    first_share = terms[0][2]
    yield make_finding(
        "narrative-share-mismatch",
        first_share.source,
        subject="授予中小企业合同金额",
        expected=numbers.money(implied),
        actual=show(sme.value),
        what="货物、工程、服务采购授予中小企业合同金额的占比",
        rule="Σ各类采购支出×其中小企业占比",
        numerator="+".join(parts),
        denominator="100",
        detail=f"；说明中的授予中小企业合同金额为{show(sme.value)}，"
        f"相差{numbers.money(abs(implied - sme.value))}，超出各占比四舍五入可解释的±{numbers.money(spread)}",
    )


# -- growth (增加 X，增长 Y%) -------------------------------------------------------------------

GROWTHS: tuple[tuple[str, str, str, str], ...] = (
    ("收、支总计", K.TOTAL, K.TOTAL_CHANGE, K.TOTAL_GROWTH),
    ("财政拨款收、支总计", K.FISCAL_TOTAL, K.FISCAL_CHANGE, K.FISCAL_GROWTH),
    ("一般公共预算财政拨款支出", K.GENERAL_BUDGET, K.GENERAL_BUDGET_CHANGE, K.GENERAL_BUDGET_GROWTH),
    ("机关运行经费支出", K.ADMIN_COSTS, K.ADMIN_COSTS_CHANGE, K.ADMIN_COSTS_CHANGE_PCT),
)
DECREASE_WORDS = ("减少", "下降", "降低", "节约")


@check("narrative-growth-mismatch", "narrative-rounding-gap", applies_to="final_accounts")
def narrative_growth(doc: Document) -> Iterator[Finding]:
    """增长/减少 Y% against X ÷ (current ∓ X), the previous-year figure the narrative implies."""
    v = View(doc)
    for what, current_key, change_key, pct_key in GROWTHS:
        current, change, pct = v.num(current_key), v.num(change_key), v.fact(pct_key)
        change_fact = v.fact(change_key)
        if current is None or change is None or pct is None or pct.value is None or change_fact is None:
            continue
        decrease = (change_fact.label or "").startswith(DECREASE_WORDS)
        previous = current.value + change.value if decrease else current.value - change.value
        result = ratio_verdict(pct.value, pct.raw, change, Num(previous, current.half + change.half))
        if result is None or result.verdict == "ok":
            continue
        direction = "减少" if decrease else "增加"
        if result.verdict == "rounding":
            yield rounding_pct_finding(
                f"{what}{direction}幅度",
                pct,
                result,
                f"按上年数{numbers.money(previous)}（本年{current.raw}{'+' if decrease else '−'}{change.raw}）计算",
            )
            continue
        places = numbers.places(pct.raw)
        yield make_finding(
            "narrative-growth-mismatch",
            pct.source,
            subject=what,
            expected=numbers.pct(result.expected, places),
            actual=numbers.pct(pct.value, places),
            what=what,
            direction=direction,
            change=change.raw,
            previous=numbers.money(previous),
        )


# -- completion (完成年初预算的 Z%) --------------------------------------------------------------


def _completions(v: View) -> list[tuple[str, str, str, str, str]]:
    """(what, numerator key, denominator key, pct key, rule)."""
    out: list[tuple[str, str, str, str, str]] = [
        (
            "一般公共预算财政拨款支出",
            K.GENERAL_BUDGET_ACTUAL,
            K.GENERAL_BUDGET_INITIAL,
            K.GENERAL_BUDGET_COMPLETION,
            "支出决算÷年初预算",
        )
    ]
    for n in v.numbered(F.ITEM):
        f = v.fact(F.budget_item(n, I.ACTUAL))
        what = f.subject if f and f.subject else f"第{n}项"
        keys = (F.budget_item(n, I.ACTUAL), F.budget_item(n, I.INITIAL), F.budget_item(n, I.COMPLETION))
        out.append((what, *keys, "支出决算÷年初预算"))
    for what, item in THREE_PUBLIC_PARTS:
        keys = (three_public(T.ACTUAL, item), three_public(T.BUDGET, item), three_public(T.COMPLETION, item))
        out.append((what, *keys, "支出决算÷全年预算"))
    return out


@check("narrative-completion-mismatch", "narrative-rounding-gap", applies_to="final_accounts")
def narrative_completion(doc: Document) -> Iterator[Finding]:
    """完成年初预算的 Z% / 完成全年预算的 Z% against 决算 ÷ 预算 as the narrative states them."""
    v = View(doc)
    for what, num_key, den_key, pct_key, rule in _completions(v):
        pct, num, den = v.fact(pct_key), v.num(num_key), v.num(den_key)
        if pct is None or pct.value is None or num is None or den is None:
            continue
        found = completion_finding(what, pct, num, den, rule)
        if found:
            yield found


def completion_finding(
    what: str, pct: Fact, num: Num, den: Num, rule: str, subject: str | None = None, precise: Decimal | None = None
) -> Finding | None:
    result = ratio_verdict(pct.value, pct.raw, num, den)
    if result is None or result.verdict == "ok":
        return None
    if precise is not None:  # the form's unrounded 执行数 the narrative rounded
        again = ratio_verdict(pct.value, pct.raw, Num(precise), den)
        if again is not None and again.verdict == "ok":
            return None
    if result.verdict == "rounding":
        return rounding_pct_finding(f"{what}完成率", pct, result, f"按“{rule}”计算", subject=subject)
    places = numbers.places(pct.raw)
    return make_finding(
        "narrative-completion-mismatch",
        pct.source,
        subject=subject or what,
        expected=numbers.pct(result.expected, places),
        actual=numbers.pct(pct.value, places),
        what=what,
        rule=rule,
        numerator=show(num.value),
        denominator=show(den.value),
    )
