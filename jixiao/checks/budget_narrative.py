"""A budget disclosure's narrative against its tables and against itself.

The narrative prints 万元 and the tables mostly 元: a table amount is converted and rounded
to the places the narrative prints (``686万元`` is 0 places, ``57.8万元`` one) before it is
compared; equal passes, a gap of one printed last place is ``budget-narrative-rounding``
(info), more is an error. A stated change (``比2025年预算执行数增加17.62%``) is recomputed
from the two figures the sentence gives; a rise from 0 has no percentage. Years: the
comparison year must be the year before the budget year, a project's 实施周期 must include
the budget year. A 单位 edition must not call itself 部门; a 类 name in the narrative must be
the one the tables use for the same code (an old category name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from jixiao.checks.budget import column, grand, name_key, row, tables, value
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.accounts import Entry, Fact
from jixiao.model.budget import BudgetTable, BudgetTableKind, Edition, to_yuan
from jixiao.model.document import Document
from jixiao.model.finding import Finding
from jixiao.numbers import money

K = BudgetTableKind
WAN = Decimal(10000)
UP, DOWN = ("增加", "增长", "上升"), ("减少", "下降", "降低")


def places(raw: str) -> int:
    return len(raw.split(".")[1]) if "." in raw else 0


def _wan(t: BudgetTable, e: Entry | None, col: str | None) -> Decimal | None:
    v = value(e, col)
    if v is None:
        return None
    yuan = to_yuan(v, t.unit or "元")
    return None if yuan is None else yuan / WAN


def _compare(f: Fact, t: BudgetTable, e: Entry | None, col: str | None, what: str) -> Finding | None:
    expected = _wan(t, e, col)
    if expected is None or f.value is None:
        return None
    n = places(f.raw)
    last = Decimal(1).scaleb(-n)
    shown = expected.quantize(last, ROUND_HALF_UP)
    if shown == f.value:
        return None
    code = "budget-narrative-rounding" if abs(expected - f.value) <= last else "budget-narrative-mismatch"
    where = f"表“{t.title}”" + (f"“{e.name or e.code}”行" if e is not None and (e.name or e.code) else "")
    rule = f"表中{money(value(e, col))}{t.unit or '元'}，折合{money(expected)}万元" if t.unit != "万元" else "同为万元"
    return make_finding(code, f.source, subject=what, what=what, table=where, rule=rule,
                        expected=f"{shown}万元", actual=f"{f.raw}万元")


def _fiscal_total(ts: dict, side: str) -> tuple[BudgetTable | None, Entry | None, str | None]:
    t = ts.get(K.SUMMARY)
    if t is None:
        return None, None, None
    g = grand(t, side)
    return t, g, g.amounts[0].column if g is not None and g.amounts else None


def _target(ts: dict[BudgetTableKind, BudgetTable], key: str) -> tuple[BudgetTable | None, Entry | None, str | None]:
    """Where the tables hold the amount a narrative total states."""
    s = ts.get(K.SUMMARY)
    first = (lambda e: e.amounts[0].column if e is not None and e.amounts else None)  # noqa: E731
    if key in ("income.total", "expenditure.total"):
        return _fiscal_total(ts, "收入" if key == "income.total" else "支出")
    names = {"income.fiscal": "一、财政拨款收入", "income.business": "事业收入",
             "income.operation": "事业单位经营收入", "income.other": "其他收入"}
    if key in names and s is not None:
        e = row(s, names[key], "收入")
        return s, e, first(e)
    if key == "expenditure.fiscal" and (f := ts.get(K.FISCAL_SUMMARY)) is not None:
        return f, grand(f, "支出"), column(f, "合计")
    kinds = {"expenditure.general": K.GENERAL, "expenditure.gov_fund": K.GOV_FUND,
             "expenditure.state_capital": K.STATE_CAPITAL}
    if key in kinds and (t := ts.get(kinds[key])) is not None:
        g = grand(t)
        return (t, g, column(t, "合计")) if g is not None and any(a.raw for a in g.amounts) else (t, None, None)
    if key.startswith("three_public.") or key == "operating.total":
        t = ts.get(K.THREE_PUBLIC)
        if t is None or not t.rows:
            return None, None, None
        words = {"three_public.total": ("合计",), "three_public.abroad": ("因公出国(境)费", "因公出国（境）费"),
                 "three_public.reception": ("公务接待费",), "three_public.vehicle": ("小计",),
                 "three_public.vehicle_purchase": ("购置费",), "three_public.vehicle_running": ("运行费", "运行维护费")}
        col = column(t, *words[key]) if key in words else next((c for c in t.columns if "机关运行经费" in c), None)
        if key == "three_public.total":
            col = next((c for c in t.columns if "三公" in c and c.endswith("合计")), col)
        return t, t.rows[0], col
    return None, None, None


TOTAL_WORDS = {
    "income.total": "收入预算", "income.fiscal": "财政拨款收入", "income.business": "事业收入",
    "income.operation": "事业单位经营收入", "income.other": "其他收入", "expenditure.total": "支出预算",
    "expenditure.fiscal": "财政拨款支出预算", "expenditure.general": "一般公共预算拨款支出预算",
    "expenditure.gov_fund": "政府性基金拨款支出预算", "expenditure.state_capital": "国有资本经营预算拨款支出预算",
    "three_public.total": "“三公”经费预算", "three_public.abroad": "因公出国（境）费",
    "three_public.vehicle": "公务用车购置及运行费", "three_public.vehicle_purchase": "公务用车购置费",
    "three_public.vehicle_running": "公务用车运行费", "three_public.reception": "公务接待费",
    "operating.total": "机关运行经费预算",
}


@check("budget-narrative-mismatch", "budget-narrative-rounding", applies_to="budget")
def budget_narrative_totals(doc: Document) -> Iterator[Finding]:
    """Totals, 三公 and 机关运行经费 stated in the narrative equal the tables (元 → 万元)."""
    ts = tables(doc)
    seen: set[str] = set()
    for f in doc.budget.facts if doc.budget else ():
        if f.key not in TOTAL_WORDS or f.key in seen:
            continue
        seen.add(f.key)  # the first statement of each (the 三公 section repeats its parts)
        t, e, col = _target(ts, f.key)
        if t is not None and e is None and col is None and f.value == 0:
            continue  # an empty table and "0万元"
        if t is not None and (found := _compare(f, t, e, col, f"说明中的{TOTAL_WORDS[f.key]}")):
            yield found


def _item_rows(ts: dict[BudgetTableKind, BudgetTable]) -> tuple[BudgetTable | None, list[Entry]]:
    t = ts.get(K.GENERAL) or ts.get(K.EXPENDITURE)
    return t, [e for e in (t.rows if t else ()) if e.code and e.code.isdigit()]


def _find_item(rows: list[Entry], names: tuple[str, ...], code: str | None) -> Entry | None:
    if code:
        return next((e for e in rows if e.code == code), None)
    by_code = {e.code: e for e in rows}
    for e in rows:
        if len(e.code or "") != 7 or name_key(e.name) != name_key(names[-1]):
            continue
        parent = by_code.get((e.code or "")[:5])
        if len(names) < 2 or parent is None or name_key(parent.name) == name_key(names[-2]):
            return e
    return None


def _items(doc: Document) -> dict[int, dict[str, Fact]]:
    """The item facts grouped by the item they belong to (in order)."""
    groups: dict[int, dict[str, Fact]] = {}
    k = -1
    for f in doc.budget.facts if doc.budget else ():
        if not f.key.startswith("item."):
            continue
        if f.key == "item.amount":
            k += 1
        groups.setdefault(k, {})[f.key] = f
    return groups


@check("budget-narrative-mismatch", "budget-narrative-rounding", "budget-narrative-row-missing",
       "budget-heading-sentence-mismatch", "budget-old-category-name", applies_to="budget")
def budget_narrative_items(doc: Document) -> Iterator[Finding]:
    """Each 项 the narrative lists: its amount against the table row, heading against sentence,
    its 类 name against the table's name for the same code."""
    ts = tables(doc)
    t, rows = _item_rows(ts)
    if t is None:
        return
    by_code = {e.code: e for e in rows}
    for item in _items(doc).values():
        amount = item.get("item.amount")
        if amount is None:
            continue
        names = amount.classification
        code = item["item.code"].raw if "item.code" in item else None
        e = _find_item(rows, names, code)
        if e is None:
            yield make_finding("budget-narrative-row-missing", amount.source, subject="-".join(names), table=t.title)
        else:
            col = column(t, "合计")
            if found := _compare(amount, t, e, col, f"说明中“{amount.subject}”的金额"):
                yield found
            cls = by_code.get((e.code or "")[:3])
            if cls is not None and names and name_key(cls.name) != name_key(names[0]):
                yield make_finding("budget-old-category-name", amount.source, subject=names[0],
                                   expected=cls.name, actual=names[0], class_code=cls.code)
        current = item.get("item.current")
        if current is not None and current.value != amount.value:
            yield make_finding("budget-heading-sentence-mismatch", current.source, subject=amount.subject,
                               expected=f"{amount.raw}万元", actual=f"{current.raw}万元", year=current.label)


def _signed(f: Fact) -> Decimal | None:
    if f.label == "持平":
        return Decimal(0)
    if f.value is None:
        return None
    return f.value if f.label in UP else -f.value if f.label in DOWN else None


@check("budget-change-mismatch", "budget-change-from-zero", applies_to="budget")
def budget_narrative_changes(doc: Document) -> Iterator[Finding]:
    """A stated change of a 项 against the two figures the sentence gives."""
    for item in _items(doc).values():
        change, previous = item.get("item.change"), item.get("item.previous")
        if change is None or previous is None or previous.value is None or change.unit not in ("%", None):
            continue
        stated = _signed(change)
        currents = [f.value for f in (item.get("item.current"), item.get("item.amount")) if f and f.value is not None]
        if stated is None or not currents:
            continue
        subject = change.subject or ""
        if previous.value == 0:
            if stated != 0 and currents[0] != 0:
                yield make_finding("budget-change-from-zero", change.source, subject=subject,
                                   word=change.label, actual=change.raw)
            continue
        # the two figures are themselves rounded: half a printed place each moves the percentage
        p, half = previous.value, Decimal("0.5") * Decimal(1).scaleb(-places(previous.raw))
        last = Decimal(1).scaleb(-places(change.raw))
        computed = [((c - p) / p * 100) for c in currents]
        slack = [last + 100 * (half / p + half * abs(c) / (p * p)) for c in currents]
        if any(abs(c - stated) <= s for c, s in zip(computed, slack, strict=True)):
            continue
        shown = computed[0].quantize(Decimal("0.01"), ROUND_HALF_UP)
        word = "增加" if shown > 0 else "减少" if shown < 0 else "持平"
        yield make_finding("budget-change-mismatch", change.source, subject=subject, year=change.text,
                           word=change.label, actual=f"{change.raw}%", previous=f"{previous.raw}万元",
                           current=f"{(item.get('item.current') or item['item.amount']).raw}万元",
                           expected=f"{word}{abs(shown)}%")


PARTS = (
    ("procurement.total", ("procurement.goods", "procurement.works", "procurement.services"), "政府采购预算"),
    ("three_public.total", ("three_public.abroad", "three_public.vehicle", "three_public.reception"), "“三公”经费预算"),
    ("three_public.vehicle", ("three_public.vehicle_purchase", "three_public.vehicle_running"), "公务用车购置及运行费"),
)


@check("budget-parts-mismatch", "budget-goals-exceed-projects", applies_to="budget")
def budget_narrative_parts(doc: Document) -> Iterator[Finding]:
    """A stated total against its stated parts; the 绩效目标 amount within 项目支出."""
    facts: dict[str, Fact] = {}
    for f in doc.budget.facts if doc.budget else ():
        facts.setdefault(f.key, f)
    for whole, parts, what in PARTS:
        w = facts.get(whole)
        found = [facts[p] for p in parts if p in facts]
        if w is None or len(found) != len(parts) or w.value is None:
            continue
        s = sum((f.value for f in found if f.value is not None), Decimal(0))
        last = max(Decimal(1).scaleb(-places(f.raw)) for f in (w, *found))
        if abs(s - w.value) > last * len(parts):
            yield make_finding("budget-parts-mismatch", w.source, subject=what, what=f"说明中的{what}",
                               expected=f"{s}万元", actual=f"{w.raw}万元")
    goals = facts.get("goals.amount")
    exp = tables(doc).get(K.EXPENDITURE)
    g = grand(exp) if exp is not None else None
    project = _wan(exp, g, column(exp, "项目支出")) if exp is not None else None
    limit = project.quantize(Decimal("0.01"), ROUND_HALF_UP) + Decimal("0.01") if project is not None else None
    if goals is not None and goals.value is not None and limit is not None and goals.value > limit:
            yield make_finding("budget-goals-exceed-projects", goals.source, actual=goals.raw, expected=money(project))


YEARISH = re.compile(r"(\d{4})")


@check("budget-year-wrong", "budget-project-period-year", "budget-edition-mismatch", applies_to="budget")
def budget_years_and_edition(doc: Document) -> Iterator[Finding]:
    """Comparison years, a project's period, and a 单位 edition calling itself 部门."""
    b = doc.budget
    if b is None:
        return
    year = b.year
    periods: dict[str, list[Fact]] = {}
    wrong: dict[str, list[Fact]] = {}  # one finding per wrong year, naming every statement
    for f in b.facts if year else ():
        if f.key.endswith(".change") and f.text and f.text.isdigit() and int(f.text) >= year:  # type: ignore[operator]
            wrong.setdefault(f.text, []).append(f)
        elif f.key == "project.period":
            periods.setdefault(f.subject or "", []).append(f)
    for stated, found in wrong.items():
        whats = [TOTAL_WORDS.get(f.key.removesuffix(".change")) or f.subject or f.key for f in found]
        what = "、".join(dict.fromkeys(whats))
        yield make_finding("budget-year-wrong", found[0].source, subject=what, what=f"说明中的{what}",
                           stated=stated, year=year)
    for project, found in periods.items():
        if year is not None and found and not any(f.value == year for f in found):
            text = (found[0].text or "").split("\n")[0][:40]
            yield make_finding("budget-project-period-year", found[0].source, subject=project, text=text, year=year)
    if b.edition == Edition.UNIT:
        for s in b.sections:
            if "名词解释" in s.part or s.part == "目录":
                continue
            m = re.search(r"本部门|部门预算(?!经济分类)", s.text)
            if m:
                line = s.line_at(m.start())
                start = max(0, m.start() - 12)
                text = s.text[start : m.end() + 12].replace("\n", "")
                yield make_finding("budget-edition-mismatch", s.source.at(line=line), text=text)
