"""Budget disclosures across documents (``jixiao check`` given several files).

- A department budget (部门预算) against its units' budgets (单位预算) of the same year: a unit
  belongs to the department when its name is the department's (the department's own office,
  本部) or is named in the department's 机构设置. A department budget covers its units, so no
  amount of the units together may exceed the department's, row by row (subject code) and
  column by column, in every table (error); how much of the department the given units cover
  is reported (info): the corpus gives one unit of a department of two.
- A budget against the same year's final accounts of the same body: the 决算's “三公” table
  states the 预算数, which must be the budget's “三公” amounts.
- A project's 年度预算安排 in the budget's 项目经费情况说明 against the same project's 绩效目标表
  (预算数) and self-evaluation (年初预算数 of the 年度资金总额 row), same year, the names
  compared without spaces; equal within the rounding of the printed figure (warning).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal

from jixiao.checks.budget import grand, tables, value
from jixiao.checks.registry import check
from jixiao.findings import make_finding
from jixiao.model.accounts import TableKind
from jixiao.model.budget import BudgetTable, BudgetTableKind, Edition, to_yuan
from jixiao.model.document import Document
from jixiao.model.facts import Key
from jixiao.model.finding import Finding
from jixiao.model.names import normalise_name
from jixiao.model.source import Source
from jixiao.numbers import money

K = BudgetTableKind


def _name(doc: Document) -> str:
    return doc.department.name if doc.department else ""


def _short(name: str) -> str:
    """The name without the city/district prefix (``上海市普陀区司法局`` → ``司法局``)."""
    for mark in ("区", "市", "县", "省"):
        if mark in name[:6]:
            name = name[name.index(mark) + 1 :] or name
    return name


def units_of(dept: Document, docs: Sequence[Document]) -> list[Document]:
    """The unit budgets among ``docs`` that belong to the department budget ``dept``."""
    assert dept.budget is not None
    setup = "\n".join(s.text for s in dept.budget.sections if "机构设置" in s.part)
    out = []
    for d in docs:
        b = d.budget
        if b is None or d is dept or b.edition != Edition.UNIT or b.year != dept.budget.year:
            continue
        if _name(d) == _name(dept) or (_short(_name(d)) and _short(_name(d)) in setup):
            out.append(d)
    return out


def _cells(t: BudgetTable) -> dict[tuple[str, str], tuple[Decimal, Source]]:
    """(row key, column) → (amount in 元, source) for every coded row and the total rows."""
    out: dict[tuple[str, str], tuple[Decimal, Source]] = {}
    for e in t.rows:
        key = e.code if e.code and e.code.isdigit() else (f"{e.side}{e.name}" if e.name else "")
        if not key:
            continue
        for a in e.amounts:
            if a.value is not None and (v := to_yuan(a.value, t.unit or "元")) is not None:
                out.setdefault((key, a.column), (v, a.source))
    return out


@check("budget-units-exceed-department", "budget-units-coverage", applies_to="documents")
def department_against_units(docs: Sequence[Document]) -> Iterator[Finding]:
    for dept in docs:
        b = dept.budget
        if b is None or b.edition != Edition.DEPARTMENT:
            continue
        units = units_of(dept, docs)
        if not units:
            continue
        for kind, t in tables(dept).items():
            mine = _cells(t)
            sums: dict[tuple[str, str], Decimal] = {}
            where: dict[tuple[str, str], Source] = {}
            for u in units:
                ut = tables(u).get(kind)
                for key, (v, source) in (_cells(ut) if ut is not None else {}).items():
                    sums[key] = sums.get(key, Decimal(0)) + v
                    where.setdefault(key, source)
            for key, v in sums.items():
                d = mine.get(key)
                if d is not None and v > d[0] + Decimal("0.5") * len(units):
                    what = f"表“{t.title}”“{key[0]}”行“{key[1]}”栏"
                    yield make_finding("budget-units-exceed-department", where[key], subject=what,
                                       what=what, expected=f"{money(d[0])}元", actual=f"{money(v)}元")
        s = tables(dept).get(K.SUMMARY)
        g = grand(s, "收入") if s is not None else None
        dv = value(g, g.amounts[0].column) if s and g and g.amounts else None
        total_dept = to_yuan(dv, s.unit or "元") if s and dv is not None else None
        total_units = Decimal(0)
        for u in units:
            us = tables(u).get(K.SUMMARY)
            ug = grand(us, "收入") if us is not None else None
            if us is not None and ug is not None and ug.amounts and (uv := value(ug, ug.amounts[0].column)) is not None:
                total_units += to_yuan(uv, us.unit or "元") or Decimal(0)
        if total_dept:
            share = f"{(total_units / total_dept * 100).quantize(Decimal('0.01'))}%"
            names = "、".join(_name(u) for u in units)
            yield make_finding("budget-units-coverage", s.source if s else b.source,
                               subject=names, what=f"部门预算“{_name(dept)}”与单位预算（{names}）收入总计",
                               expected=f"{money(total_dept)}元", actual=f"{money(total_units)}元", share=share,
                               rest="" if total_units == total_dept else "（其余为未提供的下属单位）")


THREE_PUBLIC_WORDS = (("合计", "合计"), ("因公出国", "因公出国"), ("公务接待", "公务接待"), ("小计", "小计"))


@check("budget-final-accounts-mismatch", applies_to="documents")
def budget_against_final_accounts(docs: Sequence[Document]) -> Iterator[Finding]:
    """The 决算's 三公 预算数 against the same year's budget of the same body."""
    for fa in docs:
        if fa.accounts is None:
            continue
        t9 = next((t for t in fa.accounts.tables if t.kind == TableKind.THREE_PUBLIC), None)
        if t9 is None or not t9.entries:
            continue
        for bd in docs:
            b = bd.budget
            if b is None or b.year != fa.year or _name(bd) != _name(fa):
                continue
            bt = tables(bd).get(K.THREE_PUBLIC)
            if bt is None or not bt.rows:
                continue
            for fa_word, b_word in THREE_PUBLIC_WORDS:
                fa_cell = next((a for a in t9.entries[0].amounts if "预算" in a.column and fa_word in a.column
                                and (fa_word != "合计" or "三公" in a.column or a.column.count("·") <= 1)), None)
                b_col = next((c for c in bt.columns if "三公" in c and b_word in c), None)
                b_col = b_col or next((c for c in bt.columns if b_word in c), None)
                b_val = value(bt.rows[0], b_col)
                if fa_cell is None or fa_cell.value is None or b_val is None:
                    continue
                fv, bv = to_yuan(fa_cell.value, t9.money_unit or "万元"), to_yuan(b_val, bt.unit or "万元")
                if fv is not None and bv is not None and abs(fv - bv) > Decimal(100):  # 0.01 万元
                    what = f"“三公”经费{fa_word}（决算表“{t9.title}”）"
                    yield make_finding("budget-final-accounts-mismatch", fa_cell.source, subject=what, what=what,
                                       year=b.year, expected=f"{money(b_val)}{bt.unit or ''}",
                                       actual=f"{fa_cell.raw}{t9.money_unit or ''}")


@check("budget-initial-mismatch", applies_to="documents")
def initial_budget_against_budget(docs: Sequence[Document]) -> Iterator[Finding]:
    """The 决算 narrative's 一般公共预算财政拨款支出“年初预算为…万元” against the 合计 of the same body's
    budget for that year (一般公共预算支出功能分类预算表), in one unit, to the printed places."""
    for fa in docs:
        if fa.accounts is None:
            continue
        stated = next((f for f in fa.accounts.facts if f.key == Key.GENERAL_BUDGET_INITIAL), None)
        if stated is None or stated.value is None:
            continue
        for bd in docs:
            b = bd.budget
            if b is None or b.year != fa.year or _name(bd) != _name(fa):
                continue
            general = tables(bd).get(K.GENERAL)
            total = grand(general) if general is not None else None
            cell = next((a for a in total.amounts if a.value is not None), None) if total is not None else None
            if cell is None or cell.value is None:
                continue
            unit = general.unit if general is not None and general.unit else "元"
            budget_yuan = to_yuan(cell.value, unit)
            stated_yuan = to_yuan(stated.value, stated.unit or "万元")
            tolerance = to_yuan(_half_unit(stated.raw), stated.unit or "万元")
            if budget_yuan is None or stated_yuan is None or tolerance is None:
                continue
            if abs(budget_yuan - stated_yuan) > tolerance:
                yield make_finding(
                    "budget-initial-mismatch", stated.source, subject="一般公共预算财政拨款支出年初预算",
                    year=b.year, expected=f"{money(cell.value)}{unit}",
                    actual=f"{stated.raw}{stated.unit or '万元'}",
                )  # fmt: skip


def _half_unit(raw: str) -> Decimal:
    """Half a unit of the last printed place of ``raw`` (``"795"`` → 0.5, ``"158.05"`` → 0.005)."""
    places = len(raw.split(".", 1)[1]) if "." in raw else 0
    return Decimal(5) / Decimal(10) ** (places + 1)


def _stated_elsewhere(doc: Document, year: int | None) -> Iterator[tuple[str, str, Decimal, str, Source]]:
    """(project name, where, amount in 元, as printed, source) of each project's budget in ``doc``."""
    goals_year = doc.goals.year if doc.goals else None
    for p in doc.goals.projects if doc.goals and goals_year in (None, year) else ():
        if p.budget is not None:
            yuan = to_yuan(p.budget, p.money_unit or "万元")
            if yuan is not None:
                yield p.name, "绩效目标表的预算数", yuan, f"{money(p.budget)}{p.money_unit or '万元'}", p.source
    forms = doc.accounts.self_evaluations if doc.accounts else ()
    for se in (*forms, *(doc.forms.self_evaluations if doc.forms else ())):
        line = se.total_line
        if se.year in (None, year) and line is not None and line.initial is not None and line.initial.value is not None:
            yuan = to_yuan(line.initial.value, se.unit_of(line.initial) or "万元")
            if yuan is not None:
                printed = f"{line.initial.raw}{se.unit_of(line.initial) or '万元'}"
                yield se.project, "绩效自评表的年初预算数", yuan, printed, line.source


@check("budget-project-mismatch", applies_to="documents")
def project_against_goals_and_selfeval(docs: Sequence[Document]) -> Iterator[Finding]:
    for bd in docs:
        b = bd.budget
        if b is None:
            continue
        stated = {normalise_name(f.subject): f for f in b.facts if f.key == "project.amount" and f.value is not None}
        if not stated:
            continue
        for other in docs:
            if other is bd:
                continue
            for name, where, yuan, printed, source in _stated_elsewhere(other, b.year):
                f = stated.get(normalise_name(name))
                if f is None or f.value is None:
                    continue
                budget_yuan = to_yuan(f.value, f.unit or "万元") or Decimal(0)
                tolerance = to_yuan(_half_unit(f.raw), f.unit or "万元") or Decimal(0)
                if abs(yuan - budget_yuan) > tolerance:
                    yield make_finding("budget-project-mismatch", source, subject=name, where=where,
                                       actual=printed, year=b.year, expected=f"{f.raw}{f.unit or '万元'}")
