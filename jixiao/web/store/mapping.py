"""The core model ↔ the store's rows.

``import_document(doc, raw, user)`` stores a read :class:`~jixiao.model.document.Document`:
the file and what was read (``SourceDocument.snapshot``), the organisations it names, and
one row per record people work on — projects with their indicators and spending plan,
self-evaluations with their budget lines and indicator results, the final accounts and the
evaluation reports. The ``*_to_model`` functions read rows back into the core model, so every
rule, score and check runs on the same objects as on the CLI. Reading back what was
imported gives records equal to the originals (tests/web/test_store.py, SQLite and PostgreSQL).

Organisations: the finance bureau is the root (``<city>财政局``, from the department's name,
e.g. 青岛市司法局 → 青岛市财政局), the document's department sits under it, and units under the
department. A unit is found by code, else by name (a unit first met without code gets its
code when a later document prints it). A self-evaluation whose 实施单位 is the department
itself (青岛市司法局) belongs to the department's own-level unit ``<department>本级``.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction

from jixiao.grammar import parse_target
from jixiao.ingest.text import parse_decimal
from jixiao.model import codec
from jixiao.model.budget import BudgetDisclosure
from jixiao.model.department import DepartmentTargets
from jixiao.model.document import Document, FinalAccounts
from jixiao.model.evaluation import Evaluation
from jixiao.model.goals import Indicator, PlanPoint, Project, SpendingPlan, Unit
from jixiao.model.selfeval import BudgetLine, Figure, IndicatorResult, SelfEvaluation
from jixiao.model.source import Source
from jixiao.model.target import TargetValue
from jixiao.model.unit_identity import OWN_LEVEL_SUFFIX
from jixiao.web.store import links, versions
from jixiao.web.store import models as m
from jixiao.web.store.department import store_uploaded

BUDGET_FIGURES = ("initial", "adjusted", "executed", "weight", "rate", "score")
INDICATOR_FIGURES = ("weight", "score")
SELFEVAL_FIGURES = ("subtotal_weight", "subtotal_score", "total")



# ---------------------------------------------------------------- organisations


def finance_bureau_name(department: str | None) -> str:
    """青岛市司法局 → 青岛市财政局 (the city or province prefix + 财政局)."""
    found = re.match(r"^(.+?(?:自治区|省|市|县|区|州|盟|旗))", department or "")
    return f"{found.group(1) if found else ''}财政局"


def organisation(kind: str, name: str, parent: m.Organisation | None, code: str | None = None) -> m.Organisation:
    """The organisation of that kind with that code (else name), created when missing."""
    org = None
    if code:
        org = m.Organisation.objects.filter(code=code).first()
    if org is None:
        org = m.Organisation.objects.filter(kind=kind, name=name).first()
    if org is None:
        return m.Organisation.objects.create(kind=kind, name=name, code=code or None, parent=parent)
    if code and not org.code:
        org.code = code
        org.save(update_fields=["code"])
    if org.parent is None and parent is not None and org.kind != m.Organisation.Kind.BUREAU:
        org.parent = parent
        org.save(update_fields=["parent"])
    return org


class Organisations:
    """The organisations of one document: bureau → department → units."""

    def __init__(self, department_name: str | None) -> None:
        self.bureau = organisation(m.Organisation.Kind.BUREAU, finance_bureau_name(department_name), None)
        self.department = (
            organisation(m.Organisation.Kind.DEPARTMENT, department_name, self.bureau) if department_name else None
        )

    def unit(self, code: str | None, name: str | None) -> m.Organisation | None:
        if not name and not code:
            return None
        if self.department is not None and name == self.department.name and not code:
            name = name + OWN_LEVEL_SUFFIX
        return organisation(m.Organisation.Kind.UNIT, name or code or "", self.department, code)


# ---------------------------------------------------------------- small converters


def _enc(value: Any) -> Any:
    return codec.encode(value) if value is not None else None


def _source(data: Any) -> Source | None:
    return codec.decode(data, Source) if data is not None else None


def _target(raw: str, data: Any, role: str) -> TargetValue:
    """The stored parse when it belongs to ``raw``, else a fresh parse (the raw text was edited)."""
    if isinstance(data, dict) and data.get("raw") == raw:
        return codec.decode(data, TargetValue)
    return parse_target(raw, role=role).value


def _put_figures(row: Any, names: Iterable[str], values: Any) -> None:
    sources = {}
    for name in names:
        fig: Figure | None = getattr(values, name)
        setattr(row, f"{name}_raw", fig.raw if fig else None)
        setattr(row, f"{name}_value", fig.value if fig else None)
        if fig is not None:
            sources[name] = codec.encode(fig.source)
    row.figure_sources = sources


def _figure(row: Any, name: str) -> Figure | None:
    raw = getattr(row, f"{name}_raw")
    if raw is None:
        return None
    value = getattr(row, f"{name}_value")
    written = parse_decimal(raw.strip().rstrip("%％"))  # a rate made in the app prints "10.59%", value 10.59
    if written is not None and value is not None and written == value:
        value = written  # the number as written ("0.95896603"), not padded to the column's scale
    return Figure(raw, value, _source(row.figure_sources.get(name)) or Source(""))


def _figures(data: Any) -> tuple[Figure, ...]:
    return tuple(codec.decode(f, Figure) for f in data or ())


# ---------------------------------------------------------------- import


def import_document(
    doc: Document, raw: bytes | None, user: Any = None, status: str = m.Status.DRAFT
) -> m.SourceDocument:
    """Store a read document and every record in it (one transaction)."""
    with transaction.atomic():
        department = doc.department.name if doc.department else None
        orgs = Organisations(department)
        severities = Counter(str(f.severity) for f in doc.findings)
        sd = m.SourceDocument.objects.create(
            file_name=Path(doc.path).name,
            kind=doc.kind,
            encoding=doc.encoding,
            raw=raw,
            line_count=doc.line_count,
            title=doc.title,
            year=doc.year,
            department=orgs.department,
            snapshot=codec.encode(doc),
            finding_count=len(doc.findings),
            error_count=severities["error"],
            warning_count=severities["warning"],
            info_count=severities["info"],
            uploaded_by=user,
            content_hash=versions.content_hash(raw) if raw else "",
        )
        if doc.goals is not None:
            for position, project in enumerate(doc.goals.projects):
                store_project(project, orgs, year=doc.goals.year, source_document=sd, position=position, status=status)
        if doc.accounts is not None:
            _store_accounts(doc.accounts, orgs, sd, status)
        if doc.budget is not None:
            store_budget(doc.budget, orgs, sd)
        for body in doc.all_bodies():  # a 部门整体支出绩效目标表, on its own or inside a 部门预算
            if isinstance(body, DepartmentTargets):
                store_uploaded(body, orgs.department, sd)
        # the new records to projects, and the older records of the units given new projects to those
        units = m.Project.objects.filter(source_document=sd).values_list("unit_id", flat=True).distinct()
        links.link_units(list(units), sd)
        return sd


def store_budget(b: BudgetDisclosure, orgs: Organisations, sd: m.SourceDocument | None = None) -> m.Budget:
    """A budget disclosure as one row (its tables and narrative in the snapshot)."""
    return m.Budget.objects.create(
        source_document=sd,
        department=orgs.department,
        year=b.year,
        edition=str(b.edition) if b.edition else None,
        title=b.title,
        snapshot=codec.encode(b),
    )


def budget_to_model(row: m.Budget) -> BudgetDisclosure:
    return codec.decode(row.snapshot, BudgetDisclosure)


def store_project(
    p: Project,
    orgs: Organisations,
    *,
    year: int | None,
    source_document: m.SourceDocument | None = None,
    position: int = 0,
    status: str = m.Status.DRAFT,
) -> m.Project:
    row = m.Project.objects.create(
        source_document=source_document,
        position=position,
        unit=orgs.unit(p.unit.code, p.unit.name) if p.unit else None,
        unit_source=_enc(p.unit.source) if p.unit else None,
        year=year,
        number=p.number,
        code=p.code,
        name=p.name,
        money_unit=p.money_unit,
        budget=p.budget,
        fiscal_funds=p.fiscal_funds,
        other_funds=p.other_funds,
        purpose=p.purpose,
        goal=p.goal,
        title=p.title,
        plan_header=p.spending_plan.header if p.spending_plan else None,
        plan_source=_enc(p.spending_plan.source) if p.spending_plan else None,
        source=_enc(p.source),
        status=status,
    )
    m.Indicator.objects.bulk_create(
        m.Indicator(
            project=row,
            position=i,
            level1=ind.level1,
            level2=ind.level2,
            name=ind.name,
            description=ind.description,
            target_raw=ind.target.raw,
            target=codec.encode(ind.target),
            basis=ind.basis,
            level1_inherited=ind.level1_inherited,
            source=_enc(ind.source),
        )
        for i, ind in enumerate(p.indicators)
    )
    points = p.spending_plan.points if p.spending_plan else ()
    m.PlanPoint.objects.bulk_create(
        m.PlanPoint(
            project=row,
            position=i,
            label=pt.label,
            month=pt.month,
            amount=pt.amount,
            raw=pt.raw,
            source=_enc(pt.source),
        )
        for i, pt in enumerate(points)
    )
    return row


def _store_accounts(fa: FinalAccounts, orgs: Organisations, sd: m.SourceDocument, status: str) -> m.FinalAccounts:
    row = m.FinalAccounts.objects.create(
        source_document=sd,
        department=orgs.department,
        year=fa.year,
        title=fa.title,
        snapshot=codec.encode(dataclasses.replace(fa, self_evaluations=(), evaluations=())),
    )
    for position, se in enumerate(fa.self_evaluations):
        store_self_evaluation(se, orgs, source_document=sd, final_accounts=row, position=position, status=status)
    for position, ev in enumerate(fa.evaluations):
        m.Evaluation.objects.create(
            source_document=sd,
            final_accounts=row,
            position=position,
            kind=ev.kind,
            title=ev.title,
            year=ev.year,
            project_name=ev.project,
            evaluated_unit=orgs.unit(None, ev.evaluated_unit) if ev.evaluated_unit else None,
            score=ev.total.score if ev.total else None,
            grade=ev.grade,
            snapshot=codec.encode(ev),
        )
    return row


def store_self_evaluation(
    se: SelfEvaluation,
    orgs: Organisations,
    *,
    source_document: m.SourceDocument | None = None,
    final_accounts: m.FinalAccounts | None = None,
    position: int = 0,
    status: str = m.Status.DRAFT,
) -> m.SelfEvaluation:
    row = m.SelfEvaluation(
        source_document=source_document,
        final_accounts=final_accounts,
        position=position,
        unit=orgs.unit(None, se.unit),
        year=se.year,
        title=se.title,
        project_name=se.project,
        department_name=se.department,
        unit_name=se.unit,
        phone=se.phone,
        money_unit=se.money_unit,
        budget_weight_label=se.budget_weight_label,
        budget_points=se.budget_points,
        goal_expected=se.goal_expected,
        goal_actual=se.goal_actual,
        indicator_weight_label=se.indicator_weight_label,
        indicator_points=se.indicator_points,
        low_score_label=se.low_score_label,
        low_score_explanation=se.low_score_explanation,
        notes=list(se.notes),
        stray=codec.encode(se.stray),
        source=_enc(se.source),
        snapshot=codec.encode(se),
        status=status,
        department_wide=se.department_wide,
    )
    _put_figures(row, SELFEVAL_FIGURES, se)
    row.save()
    lines = []
    for i, line in enumerate(se.budget_lines):
        r = m.SelfEvalBudgetLine(
            self_evaluation=row, position=i, name=line.name, extra=codec.encode(line.extra), source=_enc(line.source)
        )
        _put_figures(r, BUDGET_FIGURES, line)
        lines.append(r)
    m.SelfEvalBudgetLine.objects.bulk_create(lines)
    results = []
    for i, ind in enumerate(se.indicators):
        r = m.SelfEvalIndicator(
            self_evaluation=row,
            position=i,
            level1=ind.level1,
            level2=ind.level2,
            name=ind.name,
            target_raw=ind.target.raw,
            target=codec.encode(ind.target),
            actual_raw=ind.actual.raw,
            actual=codec.encode(ind.actual),
            deviation=ind.deviation,
            level1_points=ind.level1_points,
            level1_inherited=ind.level1_inherited,
            level2_inherited=ind.level2_inherited,
            extra=codec.encode(ind.extra),
            source=_enc(ind.source),
        )
        _put_figures(r, INDICATOR_FIGURES, ind)
        results.append(r)
    m.SelfEvalIndicator.objects.bulk_create(results)
    return row


# ---------------------------------------------------------------- rows → model


_PROJECT_MODELS: OrderedDict[tuple[Any, ...], Project] = OrderedDict()  # (pk, version, updated) → model
_PROJECT_MODELS_SIZE = 2048


def project_to_model(p: m.Project) -> Project:
    """The core model of a stored project. Every edit (of the project or of its indicator and
    plan rows) bumps its version, so (pk, version, updated) identifies its content: the
    rebuilt model is kept for that key and reused (the records are immutable)."""
    key = (p.pk, p.version, p.updated)
    if p.pk is not None and key in _PROJECT_MODELS:
        return _PROJECT_MODELS[key]
    model = _project_to_model(p)
    if p.pk is not None:
        _PROJECT_MODELS[key] = model
        while len(_PROJECT_MODELS) > _PROJECT_MODELS_SIZE:
            _PROJECT_MODELS.popitem(last=False)
    return model


def _project_to_model(p: m.Project) -> Project:
    unit = Unit(p.unit.code, p.unit.name, _source(p.unit_source)) if p.unit_id else None
    plan = None
    if p.plan_header is not None:
        points = tuple(
            PlanPoint(pt.label, pt.month, pt.amount, pt.raw, _source(pt.source) or Source(""))
            for pt in p.plan_points.all()  # Meta.ordering: project, position, id (uses a prefetch)
        )
        plan = SpendingPlan(p.plan_header, points, _source(p.plan_source) or Source(""))
    indicators = tuple(
        Indicator(
            level1=i.level1,
            level2=i.level2,
            name=i.name,
            description=i.description,
            target=_target(i.target_raw, i.target, "target"),
            basis=i.basis,
            source=_source(i.source) or Source(""),
            level1_inherited=i.level1_inherited,
        )
        for i in p.indicators.all()  # Meta.ordering: project, position, id (uses a prefetch)
    )
    return Project(
        number=p.number,
        code=p.code,
        name=p.name,
        unit=unit,
        money_unit=p.money_unit,
        budget=p.budget,
        fiscal_funds=p.fiscal_funds,
        other_funds=p.other_funds,
        purpose=p.purpose,
        spending_plan=plan,
        goal=p.goal,
        indicators=indicators,
        title=p.title,
        source=_source(p.source) or Source(""),
    )


def selfeval_to_model(se: m.SelfEvaluation) -> SelfEvaluation:
    budget_lines = tuple(
        BudgetLine(
            line.name,
            *(_figure(line, name) for name in BUDGET_FIGURES),
            source=_source(line.source) or Source(""),
            extra=_figures(line.extra),
        )
        for line in se.budget_lines.all()  # Meta.ordering: position, id (uses a prefetch)
    )
    indicators = tuple(
        IndicatorResult(
            level1=r.level1,
            level2=r.level2,
            name=r.name,
            target=_target(r.target_raw, r.target, "target"),
            actual=_target(r.actual_raw, r.actual, "actual"),
            weight=_figure(r, "weight"),
            score=_figure(r, "score"),
            deviation=r.deviation,
            source=_source(r.source) or Source(""),
            level1_points=r.level1_points,
            level1_inherited=r.level1_inherited,
            level2_inherited=r.level2_inherited,
            extra=_figures(r.extra),
        )
        for r in se.indicator_results.all()  # Meta.ordering: position, id
    )
    return SelfEvaluation(
        title=se.title,
        year=se.year,
        project=se.project_name,
        department=se.department_name,
        unit=se.unit_name,
        phone=se.phone,
        money_unit=se.money_unit,
        budget_weight_label=se.budget_weight_label,
        budget_points=se.budget_points,
        budget_lines=budget_lines,
        goal_expected=se.goal_expected,
        goal_actual=se.goal_actual,
        indicator_weight_label=se.indicator_weight_label,
        indicator_points=se.indicator_points,
        indicators=indicators,
        subtotal_weight=_figure(se, "subtotal_weight"),
        subtotal_score=_figure(se, "subtotal_score"),
        total=_figure(se, "total"),
        low_score_label=se.low_score_label,
        low_score_explanation=se.low_score_explanation,
        notes=tuple(se.notes or ()),
        source=_source(se.source) or Source(""),
        stray=_figures(se.stray),
        department_wide=se.department_wide,
    )


def evaluation_to_model(ev: m.Evaluation) -> Evaluation:
    return codec.decode(ev.snapshot, Evaluation)


def final_accounts_to_model(fa: m.FinalAccounts) -> FinalAccounts:
    """The final accounts with the self-evaluations and evaluations as they are now in the store."""
    base: FinalAccounts = codec.decode(fa.snapshot, FinalAccounts)
    return dataclasses.replace(
        base,
        self_evaluations=tuple(selfeval_to_model(s) for s in fa.self_evaluations.order_by("position", "id")),
        evaluations=tuple(evaluation_to_model(e) for e in fa.evaluations.order_by("position", "id")),
    )


def document_from_store(sd: m.SourceDocument) -> Document:
    """The document as it is now: the snapshot as read, with the records replaced by their rows."""
    doc: Document = codec.decode(sd.snapshot, Document)
    goals, accounts = doc.goals, doc.accounts
    if goals is not None:
        projects = tuple(project_to_model(p) for p in sd.projects.order_by("position", "id"))
        goals = dataclasses.replace(goals, projects=projects)
    if accounts is not None:
        row = sd.final_accounts.order_by("id").first()
        if row is not None:
            accounts = final_accounts_to_model(row)
    return dataclasses.replace(doc, goals=goals, accounts=accounts)



def project_document(p: m.Project) -> Document:
    """A stored project on its own as a target-tables document (for a project entered in the
    browser, which has no file): the checks run on it as on an imported one."""
    return goal_document(project_to_model(p), p.unit, p.year, f"项目{p.pk}")


def goal_document(project: Project, unit: m.Organisation | None, year: int | None, path: str) -> Document:
    """A target-tables document holding one project of ``unit`` (its department from the unit's parent)."""
    from jixiao.model.goals import Department, GoalTables

    parent = unit.parent if unit is not None else None
    department = Department(parent.name, parent.code) if parent is not None else None
    goals = GoalTables(department, year, project.title or project.name, (project,), Source(""))
    return Document(path, "goal_tables", None, 0, goals, None, (), ())
