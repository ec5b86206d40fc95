"""The JSON API of the sampling review (自评抽查 / 复核) and of the next disclosure's entries
(决算公开补充数据), mounted at ``/api/``.

The same functions and rules as the pages (:mod:`jixiao.web.pages.sampling`,
:mod:`jixiao.web.pages.disclosure_entry`):

- sampling: every signed-in user reads; the bureau and department reviewers draw a sample (within
  their scope); the organisation that drew it assigns reviewers; the assigned reviewer records the
  复核分 per item and the 复核意见. The summary sets the self score against the review score;
- disclosure entries: the bureau and the department's reviewer read, write (with the version read),
  import from a stored 部门决算 of the department, and fetch the generated package as text.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from jixiao.numbers import plain
from jixiao.report.disclosure_entries import decode, encode, entries_from_document
from jixiao.web.api.common import ERRORS, TEXT, current_user, require_login
from jixiao.web.api.errors import ApiError
from jixiao.web.pages import disclosure_entry as disclosure
from jixiao.web.pages import sampling
from jixiao.web.store import models as m

router = Router()
SAMPLING, DISCLOSURE = "自评抽查", "决算公开补充数据"
NUMBER = Annotated[str, Field(max_length=50)]


def _dec(value: Any) -> str | None:
    return None if value is None else plain(value)


# -- sampling review -------------------------------------------------------------------------


class SampleIn(Schema):
    year: int
    method: Annotated[str, Field(max_length=16, description="random 随机 / amount 按金额 / findings 按问题")]
    size: int = Field(..., ge=1, le=1000)
    department_id: int | None = None
    seed: int | None = Field(
        None, ge=0, le=10**15, description="随机抽取的种子；省略则随机生成并记录（按金额、按问题抽取不使用种子）"
    )


class ReviewerIn(Schema):
    reviewer: Annotated[str, Field(max_length=150)] | None = Field(None, description="复核人用户名；null 取消分配")


class ReviewIn(Schema):
    scores: dict[str, NUMBER] = Field(..., description="评分项序号（position）→ 复核分")
    opinion: TEXT = ""


def _review_dict(review: m.SampleReview, detail: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": review.id, "title": review.title, "year": review.year, "method": review.method,
        "seed": review.seed if review.method == "random" else None, "size": review.size,
        "population": review.population,
        "organisation": review.organisation.name,
        "department": review.department.name if review.department else None,
    }
    if detail:
        drawn = sampling.review_terms(review)
        out["terms"] = {"rule": drawn.rule, "params": dict(drawn.params)}
        out["items"] = []
        for row in sampling.summary(review):
            item, se, c = row["item"], row["se"], row["c"]
            out["items"].append({
                "id": item.id, "position": item.position, "self_evaluation_id": se.id,
                "unit": se.unit.name if se.unit else se.unit_name, "project": se.project_name,
                "amount": _dec(item.amount), "errors": item.errors, "warnings": item.warnings,
                "reviewer": item.reviewer.get_username() if item.reviewer else None,
                "self_total": _dec(c.self_total), "review_total": _dec(c.review_total),
                "difference": _dec(c.difference), "self_grade": c.self_grade, "review_grade": c.review_grade,
                "grade_changed": c.grade_changed, "opinion": item.opinion,
                "scores": [{"position": s.position, "name": s.name, "weight": _dec(s.weight),
                            "self_score": _dec(s.self_score), "review_score": _dec(s.review_score)}
                           for s in item.scores.all()],
            })
    return out


@router.get("/sampling", tags=[SAMPLING], summary="自评抽查列表", response={200: dict, **ERRORS})
def list_reviews(request: HttpRequest, year: int | None = None):
    require_login(current_user(request))
    qs = m.SampleReview.objects.select_related("organisation", "department")
    if year is not None:
        qs = qs.filter(year=year)
    return {"count": qs.count(), "results": [_review_dict(r) for r in qs]}


@router.post("/sampling", tags=[SAMPLING], summary="抽取自评表（随机 / 按金额 / 按问题）",
             response={201: dict, **ERRORS})
def create_review(request: HttpRequest, payload: SampleIn):
    user = current_user(request)
    require_login(user)
    if not sampling.can_create(user):
        raise ApiError(403, "只有财政局或主管部门可以组织自评抽查。")
    department = None
    if payload.department_id is not None:
        department = next((d for d in sampling.departments_of(user) if d.pk == payload.department_id), None)
        if department is None:
            raise ApiError(403, "您不能抽查该部门的自评表。")
    problem = sampling.new_review_problem(user, payload.year, department, payload.method, payload.size)
    if problem:
        raise ApiError(422, problem)
    review = sampling.create_review(user, payload.year, department, payload.method, payload.size, payload.seed)
    return Status(201, _review_dict(review, detail=True))


def _review(user: Any, pk: int) -> m.SampleReview:
    require_login(user)
    review = m.SampleReview.objects.select_related("organisation", "department").filter(pk=pk).first()
    if review is None:
        raise ApiError(404, "未找到该抽查。")
    return review


@router.get("/sampling/{pk}", tags=[SAMPLING], summary="抽查详情：每份自评表的自评分与复核分对照",
            response={200: dict, **ERRORS})
def read_review(request: HttpRequest, pk: int):
    return _review_dict(_review(current_user(request), pk), detail=True)


def _item(review: m.SampleReview, item: int) -> m.SampleItem:
    found = review.items.select_related("reviewer", "review").filter(pk=item).first()
    if found is None:
        raise ApiError(404, "该抽查中没有这份自评表。")
    return found


@router.put("/sampling/{pk}/items/{item}/reviewer", tags=[SAMPLING], summary="分配复核人",
            response={200: dict, **ERRORS})
def assign(request: HttpRequest, pk: int, item: int, payload: ReviewerIn):
    user = current_user(request)
    review = _review(user, pk)
    if not sampling.can_manage(user, review):
        raise ApiError(403, "只有组织抽查的单位可以分配复核人。")
    chosen = None
    if payload.reviewer:
        chosen = next((u for u in sampling.reviewer_choices() if u.get_username() == payload.reviewer), None)
        if chosen is None:
            raise ApiError(422, f"“{payload.reviewer}”不是可分配的复核人（财政局、主管部门审核人或评价人员）。")
    sampling.assign_reviewer(user, _item(review, item), chosen)
    return _review_dict(review, detail=True)


@router.put("/sampling/{pk}/items/{item}/review", tags=[SAMPLING], summary="录入复核分和复核意见（分配的复核人）",
            response={200: dict, **ERRORS})
def record(request: HttpRequest, pk: int, item: int, payload: ReviewIn):
    user = current_user(request)
    review = _review(user, pk)
    row = _item(review, item)
    if not sampling.can_record(user, row):
        raise ApiError(403, "只有分配的复核人可以录入复核分。")
    by_position = {str(s.position): s.pk for s in row.scores.all()}
    unknown = sorted(set(payload.scores) - set(by_position))
    if unknown:
        raise ApiError(422, f"没有序号为 {'、'.join(unknown)} 的评分项（共 {len(by_position)} 项）。")
    raw = {pk_: payload.scores.get(position, "") for position, pk_ in by_position.items()}
    errors = sampling.record_review(user, row, raw, payload.opinion)
    if errors:
        raise ApiError(422, "；".join(errors))
    return _review_dict(review, detail=True)


# -- disclosure entries ----------------------------------------------------------------------


class EntriesIn(Schema):
    version: int | None = Field(None, description="读取时的版本号（已有记录时必填）")
    data: dict[str, Any] = Field(..., description="补充数据（与 GET 返回的 data 同一结构）")


class ImportIn(Schema):
    final_accounts_id: int = Field(..., description="本部门已导入的部门决算（上年或本年）")


def _department(user: Any, pk: int) -> m.Organisation:
    require_login(user)
    department = m.Organisation.objects.filter(pk=pk, kind=m.Organisation.Kind.DEPARTMENT).first()
    if department is None:
        raise ApiError(404, "未找到该主管部门。")
    if not disclosure.may_enter(user, department):
        raise ApiError(403, "只有财政局和本部门可以录入决算公开补充数据。")
    return department


def _entries_dict(department: m.Organisation, year: int) -> dict[str, Any]:
    row = m.DisclosureEntry.objects.filter(department=department, year=year).first()
    return {"department": department.name, "department_id": department.pk, "year": year,
            "version": row.version if row else None, "data": encode(disclosure.entries_of(department, year))}


@router.get("/disclosure-entries/{department_id}/{year}", tags=[DISCLOSURE], summary="决算公开补充数据",
            response={200: dict, **ERRORS})
def read_entries(request: HttpRequest, department_id: int, year: int):
    return _entries_dict(_department(current_user(request), department_id), year)


@router.put("/disclosure-entries/{department_id}/{year}", tags=[DISCLOSURE], summary="保存决算公开补充数据（带版本号）",
            response={200: dict, **ERRORS})
def write_entries(request: HttpRequest, department_id: int, year: int, payload: EntriesIn):
    user = current_user(request)
    department = _department(user, department_id)
    row = m.DisclosureEntry.objects.filter(department=department, year=year).first()
    if row is not None and payload.version != row.version:
        raise ApiError(409, f"该记录已被他人修改（您读取的版本 {payload.version}，当前版本 {row.version}），"
                            "请重新读取后再保存。")
    texts = [*(payload.data.get("reasons") or {}).values(), *(payload.data.get("provenance") or {}).values()]
    texts += [x for k in ("duties", "institutions", "glossary") for x in (payload.data.get(k) or [])]
    texts += [payload.data.get(k) or "" for k in ("admin_costs_reason", "duties_intro", "institutions_intro")]
    if not all(isinstance(t, str) for t in texts):
        raise ApiError(422, "补充数据的结构不对：原因、说明、职责、机构和名词解释应为文字。")
    try:
        entries = decode({**payload.data, "year": year, "department": department.name})
    except (AttributeError, KeyError, TypeError, ValueError, ArithmeticError) as e:
        raise ApiError(422, f"补充数据的结构不对：{e}") from e
    disclosure.save_entries(user, department, entries)
    return _entries_dict(department, year)


@router.post("/disclosure-entries/{department_id}/{year}/import", tags=[DISCLOSURE],
             summary="从已导入的部门决算（上年或本年）取得补充数据", response={200: dict, **ERRORS})
def import_entries(request: HttpRequest, department_id: int, year: int, payload: ImportIn):
    user = current_user(request)
    department = _department(user, department_id)
    source = m.FinalAccounts.objects.filter(pk=payload.final_accounts_id, department=department).first()
    if source is None:
        raise ApiError(404, "本部门没有这份部门决算。")
    try:
        entries = entries_from_document(disclosure.document_of(source), year)
    except ValueError as e:
        raise ApiError(422, str(e)) from e
    disclosure.save_entries(user, department, entries, action="import")
    return _entries_dict(department, year)


@router.get("/disclosure-entries/{department_id}/{year}/package", tags=[DISCLOSURE],
            summary="由系统数据生成的部门决算公开（全文文本）", response={200: dict, **ERRORS})
def package_text(request: HttpRequest, department_id: int, year: int):
    from jixiao.report.disclosure_text import to_seed_text

    department = _department(current_user(request), department_id)
    if disclosure.accounts_of(department, year) is None:
        raise ApiError(404, f"系统中没有{department.name}{year}年度的部门决算。")
    return {"department": department.name, "year": year, "text": to_seed_text(disclosure.package(department, year))}

