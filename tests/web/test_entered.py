"""Entered data is checked like imported data: a project typed in the browser gets the same
findings as the same project read from a file, last year's actuals are shown beside the targets,
the indicator levels are the official drop-downs, and every form can be cancelled."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from jixiao.model.goals import INDICATOR_LEVELS
from jixiao.web.store import models as m

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode("utf-8")


@pytest.fixture
def clerk(imported, django_user_model):
    user = django_user_model.objects.create_user("clerk-entered", password="pw-clerk-entered-2026")
    m.Profile.objects.create(user=user, role=m.Role.UNIT_CLERK, organisation=m.Organisation.objects.get(code="124001"))
    return user


def _new_project(client, unit: m.Organisation, **over) -> m.Project:
    data = {
        "name": "普法宣传费",
        "year": "2024",
        "budget": "12.5",
        "fiscal_funds": "12.5",
        "plan-0": "5",
        "plan-1": "3",  # the cumulative plan falls
        "plan-2": "10",
        "plan-3": "12.5",
        "ind_level1": ["产出指标", "成本指标"],
        "ind_level2": ["数量指标", "经济成本指标"],
        "ind_name": ["宣传活动次数", "宣传费用"],
        "ind_description": ["全年宣传活动", "全年费用"],
        "ind_target": ["≥12次", "≤20万元"],  # a cost cap above the 12.5 万元 budget
        "ind_basis": ["计划标准", "预算支出标准"],
        **over,
    }
    response = client.post(reverse("pages:project_new", args=[unit.pk]), data)
    assert response.status_code == 302, _text(response)
    return m.Project.objects.filter(name=data["name"], source_document__isnull=True).get()


def test_a_project_entered_in_the_browser_is_checked_like_an_import(clerk, client):
    client.force_login(clerk)
    p = _new_project(client, m.Organisation.objects.get(code="124001"))
    assert p.source_document is None
    html = _text(client.get(reverse("pages:project", args=[p.pk])))
    counts = re.search(r"错误 (\d+) · 警告 (\d+)", html)
    assert counts and (counts.group(1), counts.group(2)) == ("2", "2"), counts
    assert "goal-plan-falls" in html and "goal-cost-exceeds-budget" in html
    assert "6月底的3.00小于3月底的5.00" in html


def test_edits_are_checked_again(clerk, client):
    client.force_login(clerk)
    p = _new_project(client, m.Organisation.objects.get(code="124001"))
    from jixiao.web.pages import entered

    before = {f.code for f in entered.project_findings(p) if str(f.severity) == "error"}
    data = {
        "version": p.version, "name": p.name, "budget": "12.5", "fiscal_funds": "12.5",
        "plan-0": "3", "plan-1": "5", "plan-2": "10", "plan-3": "12.5",
        "ind_level1": ["产出指标", "成本指标"], "ind_level2": ["数量指标", "经济成本指标"],
        "ind_name": ["宣传活动次数", "宣传费用"], "ind_description": ["", ""],
        "ind_target": ["≥12次", "≤10万元"], "ind_basis": ["计划标准", "预算支出标准"],
    }  # fmt: skip
    assert client.post(reverse("pages:project_edit", args=[p.pk]), data).status_code == 302
    p.refresh_from_db()
    after = {f.code for f in entered.project_findings(p) if str(f.severity) == "error"}
    assert before and not after, (before, after)


def test_a_target_below_last_years_actual_is_found_across_documents(clerk, client):
    """法律培训费 2022 self-evaluation: 组织培训次数 actual 4; a 2023 target of ≥1次 is far below it."""
    client.force_login(clerk)
    unit = m.Organisation.objects.get(code="124001")
    p = _new_project(
        client,
        unit,
        name="法律培训费",
        year="2023",
        **{"ind_name": ["组织培训次数", "宣传费用"], "ind_target": ["≥1次", "≤10万元"]},
    )
    html = _text(client.get(reverse("pages:project", args=[p.pk])))
    assert "cross-year-target-low" in html
    edit = _text(client.get(reverse("pages:project_edit", args=[p.pk])))
    assert "上年（2022年）实际完成值：4" in edit


def test_last_years_actual_is_shown_while_typing(clerk, client):
    client.force_login(clerk)
    unit = m.Organisation.objects.get(code="124001")
    data = {
        "ind_target": "≥5次",
        "ind_name": "组织培训次数",
        "name": "法律 培训费",
        "ctx_unit": unit.pk,
        "year": "2023",
    }
    html = _text(client.post(reverse("pages:check_target"), data))
    assert "已识别" in html and "上年（2022年）实际完成值：4，上年指标值 ≥3 次" in html
    assert "上年" not in _text(client.post(reverse("pages:check_target"), {**data, "year": "2025"}))
    assert "上年" not in _text(client.post(reverse("pages:check_target"), {**data, "ind_name": "无此指标"}))


def test_last_years_actual_is_not_shown_to_a_clerk_of_another_unit(imported, client, django_user_model):
    other = django_user_model.objects.create_user("clerk-other", password="pw-clerk-other-2026")
    m.Profile.objects.create(user=other, role=m.Role.UNIT_CLERK, organisation=m.Organisation.objects.get(code="124005"))
    client.force_login(other)
    unit = m.Organisation.objects.get(code="124001")
    data = {"ind_target": "≥5次", "ind_name": "组织培训次数", "name": "法律培训费", "ctx_unit": unit.pk, "year": "2023"}
    html = _text(client.post(reverse("pages:check_target"), data))
    assert "已识别" in html and "上年" not in html


def test_indicator_levels_are_the_official_drop_downs_and_forms_cancel(clerk, client):
    client.force_login(clerk)
    unit = m.Organisation.objects.get(code="124001")
    html = _text(client.get(reverse("pages:project_new", args=[unit.pk])))
    assert '<select name="ind_level1"' in html and '<select name="ind_level2"' in html
    for level1, level2s in INDICATOR_LEVELS.items():
        assert f'<optgroup label="{level1}">' in html
        for level2 in level2s:
            assert f'<option value="{level2}">{level2}</option>' in html
    assert '<input type="text" name="ind_name"' in html  # 三级 stays free text
    assert f'href="{reverse("pages:organisation", args=[unit.pk])}">取消</a>' in html
    p = m.Project.objects.filter(unit=unit, source_document__isnull=False).order_by("id").first()
    edit = _text(client.get(reverse("pages:project_edit", args=[p.pk])))
    assert f'href="{reverse("pages:project", args=[p.pk])}">取消</a>' in edit
    assert '<option value="产出指标" selected>' in edit


def test_the_pairing_check_reads_the_same_vocabulary():
    from jixiao.checks.goals import PAIRS, pairing_ok
    from jixiao.xlsx_layout import LEVEL2_BY_LEVEL1

    assert LEVEL2_BY_LEVEL1 is INDICATOR_LEVELS
    for level1, level2s in INDICATOR_LEVELS.items():
        assert all(pairing_ok(level1, level2) for level2 in level2s)
        assert set(PAIRS[level1]) >= {n.removesuffix("指标") for n in level2s}
    assert not pairing_ok("效益指标", "数量指标")
