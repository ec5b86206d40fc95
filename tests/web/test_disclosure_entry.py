"""The next disclosure from the data: the seed's 2022 final accounts stored; the entries imported
(as last year's source for 2023, as the year's own text for 2022) and edited on the page; the
2022 package generated from the store — every part, section 十一 from the system's records — and
read back with jixiao's reader, the checks find no error."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.checks.runner import run_checks
from jixiao.ingest import read_text
from jixiao.web.pages import report_files
from jixiao.web.store import demo
from jixiao.web.store import models as m

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(imported, django_user_model):
    demo.create_accounts()
    m.SelfEvaluation.objects.filter(year=2022).update(status=m.Status.PUBLISHED)
    users = {u.username: u for u in django_user_model.objects.order_by("id")}
    fa = m.FinalAccounts.objects.get(year=2022)
    return users, fa, fa.department


def _import(client, dept, fa, year):
    response = client.post(f"/departments/{dept.pk}/disclosure/{year}/", {"action": "import", "source": fa.pk})
    assert response.status_code == 302
    return m.DisclosureEntry.objects.get(department=dept, year=year)


def test_last_years_document_gives_the_prior_figures_and_texts(client, world):
    users, fa, dept = world
    client.force_login(users["reviewer"])
    row = _import(client, dept, fa, 2023)
    assert row.data["prior_total"] == "96719.61" and row.data["prior_fiscal_total"] is not None
    assert row.data["admin_costs_prior"] == "5494.05"
    assert len(row.data["duties"]) == 15 and row.data["institutions"][1] == "青岛监狱"
    assert row.data["glossary"][0].startswith("财政拨款收入：指单位本年度")
    assert "2022年度部门决算" in row.data["provenance"]["prior"]
    page = client.get(f"/departments/{dept.pk}/disclosure/2023/").content.decode()
    assert "没有青岛市司法局2023年度的部门决算" in page  # no 2023 tables yet: entries only
    assert "<li>上年数：取自2022年度部门决算" in page  # the provenance says which part and from where
    assert "<li>名词解释：沿用2022年度部门决算" in page


def test_package_from_the_store_reads_back_and_checks_without_error(client, world):
    users, fa, dept = world
    client.force_login(users["reviewer"])
    _import(client, dept, fa, 2022)
    response = client.get(f"/departments/{dept.pk}/disclosure/2022/package.txt")
    assert response.status_code == 200
    text = response.getvalue().decode()
    for heading in (
        "部门概况",
        "十、其他重要事项情况说明",
        "（三）国有资产占用情况",
        "十一、预算绩效情况说明",
        "名词解释",
    ):
        assert heading in text
    assert "机关运行经费支出5,494.05万元，比上年决算数减少20,655.83万元，减少78.99%" in text
    assert "市级预算绩效自评的12个项目中，11个项目自评等级为优，1个项目自评等级为差" in text
    assert "“法律援助及12348业务费”项目，绩效评价得分为“98.75”分" in text
    assert "〔待补充〕" not in text
    doc = read_text(text, "generated-2022.txt")
    facts = {f.key: f.value for f in doc.accounts.facts}
    assert facts["procurement.sme.share"] == Decimal("24.18") and facts["assets.vehicles"] == 44
    assert facts["performance.self_eval.total"] == 12 and facts["performance.grade.excellent"] == 11
    errors = [f for f in run_checks([doc]).findings if str(f.severity) == "error"]
    assert not errors, [f.message for f in errors]


def test_entries_typed_on_the_page_and_gaps_said(client, world):
    users, _fa, dept = world
    client.force_login(users["bureau"])
    page = client.get(f"/departments/{dept.pk}/disclosure/2022/").content.decode()
    assert "20407 监狱" in page  # a 年初预算 input per leaf of table 05
    data = {"action": "save", "admin_costs": "5,494.05", "admin_costs_prior": "6000", "admin_costs_reason": ""}
    data.update({"procurement-total": "abc"})
    assert (
        "“政府采购支出总额（万元）”不是数字：abc"
        in client.post(f"/departments/{dept.pk}/disclosure/2022/", data).content.decode()
    )
    data["procurement-total"] = "100"
    assert "已保存" in client.post(f"/departments/{dept.pk}/disclosure/2022/", data).content.decode()
    row = m.DisclosureEntry.objects.get(department=dept, year=2022)
    assert row.data["admin_costs"] == "5494.05" and row.data["procurement"] == {"total": "100"}
    text = client.get(f"/departments/{dept.pk}/disclosure/2022/package.txt").getvalue().decode()
    assert "比上年决算数减少505.95万元，减少8.43%，主要原因是：〔待补充〕。" in text
    assert "本部门共有车辆〔待补充〕辆" in text


def test_only_the_bureau_and_the_department(client, world):
    users, _, dept = world
    client.force_login(users["clerk"])
    assert client.get(f"/departments/{dept.pk}/disclosure/2022/").status_code == 403
    assert client.get(f"/departments/{dept.pk}/disclosure/2022/package.txt").status_code == 403
    client.force_login(users["evaluator"])
    assert client.get(f"/departments/{dept.pk}/disclosure/2022/").status_code == 403


def test_a_second_package_download_is_a_file_send_and_a_changed_record_gives_a_new_file(client, world, builds):
    users, fa, dept = world
    client.force_login(users["reviewer"])
    _import(client, dept, fa, 2022)
    url = f"/departments/{dept.pk}/disclosure/2022/package.txt"
    first = client.get(url)
    assert first.streaming and first["Content-Disposition"].endswith(".txt")
    text = first.getvalue().decode()
    assert client.get(url).getvalue().decode() == text
    assert builds == [(f"{dept.pk}-2022", "disclosure-package", "txt")]  # built once
    # each record the package reads, changed, gives a new file on the next download
    row = m.DisclosureEntry.objects.get(department=dept, year=2022)
    row.data = {**row.data, "admin_costs": "1234.56"}
    row.save()
    changed = client.get(url).getvalue().decode()
    assert changed != text and "1,234.56万元" in changed and len(builds) == 2
    se = m.SelfEvaluation.objects.filter(year=2022, status=m.Status.PUBLISHED).order_by("id").first()
    se.status = m.Status.DRAFT
    se.save()
    fewer = client.get(url).getvalue().decode()
    assert "市级预算绩效自评的11个项目" in fewer and len(builds) == 3
    assert client.get(url).getvalue().decode() == fewer and len(builds) == 3
    files = list((report_files.reports_root() / "disclosure-package" / f"{dept.pk}-2022").glob("*.txt"))
    assert len(files) == 1  # the older files of the package removed
    client.force_login(users["clerk"])  # the file is there: permissions are still checked first
    assert client.get(url).status_code == 403
