"""Whose file is it: an upload is stored only when the uploader may hold every record it brings.

- a unit clerk: target tables of their own unit only (a project's 预算单位 is their unit, by code
  when both have one, else by name once normalised; a department's own-level unit is written as
  the department, ``青岛市司法局`` for ``青岛市司法局本级``). Department-wide documents (部门决算,
  部门预算) are uploaded by the department;
- a department reviewer: documents of their department (by name once normalised);
- the finance bureau, an admin and a superuser: any document.

:func:`upload_refusal` gives the Chinese reason a read document is refused, or None.
"""

from __future__ import annotations

from typing import Any

from jixiao.model.document import Document
from jixiao.model.goals import Unit
from jixiao.model.names import normalise_name
from jixiao.web.store import models as m
from jixiao.web.workflow import permissions as perm

KIND_LABELS = {
    "goal_tables": "绩效目标表", "final_accounts": "部门决算", "budget": "部门（单位）预算",
    "department_targets": "部门整体支出绩效目标表",
}  # fmt: skip
OWN_LEVEL = "本级"


def upload_refusal(user: Any, doc: Document) -> str | None:
    if perm.is_superuser(user) or perm.role_of(user) in (m.Role.FINANCE_BUREAU, m.Role.ADMIN):
        return None
    if not perm.can_upload(user):
        return "您没有上传文件的权限。"
    profile = perm.profile_of(user)
    org = profile.organisation if profile is not None else None
    if org is None:
        return "您的账号未设置所属单位，不能上传文件。"
    department = doc.department.name if doc.department else ""
    if profile.role == m.Role.DEPARTMENT_REVIEWER:
        if normalise_name(department) != normalise_name(org.name):
            return f"此文件属于“{department or '未写明的部门'}”，您只能上传本部门（{org.name}）的文件。"
        return None
    if doc.kind != "goal_tables" or doc.goals is None:
        label = KIND_LABELS.get(doc.kind, "此类文件")
        return f"{label}是部门的文件，由主管部门上传；单位填报人只能上传本单位的绩效目标表。"
    foreign = sorted({_unit_label(p.unit) for p in doc.goals.projects if not _is_unit(p.unit, org, department)})
    if foreign:
        return (
            f"文件中有其他单位的项目（{'、'.join(foreign)}），您只能上传本单位（{org}）的文件；"
            "请由该单位的填报人上传，或由主管部门上传。"
        )
    return None


def _unit_label(unit: Unit | None) -> str:
    if unit is None:
        return "未写明预算单位"
    return f"{unit.code or ''}{unit.name}"


def _is_unit(unit: Unit | None, org: m.Organisation, department: str) -> bool:
    if unit is None:
        return False
    if unit.code and org.code:
        return unit.code == org.code
    name = unit.name
    if department and normalise_name(name) == normalise_name(department):
        name += OWN_LEVEL
    return normalise_name(name) == normalise_name(org.name)
