"""The 指标库 counts a project once and judges a form by its own scheme:

- a unit printed by code on a target table (``124005``) and by name on a self-evaluation form
  (``青岛市法律援助中心``, or the department's name for its own level) is one unit, learned from the
  code–name pairs the tables print (:class:`jixiao.model.unit_identity.UnitDirectory`), so a
  project's targets and its actuals are one project;
- a stored form scored under a known scheme is judged met / not met by that scheme's rule;
- ``--rebuild`` reads again every folder loaded before; a folder that vanished is reported.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

import jixiao
from jixiao.model.indicator_library import build_library, entry_key
from jixiao.model.unit_identity import OWN_LEVEL_SUFFIX, UnitDirectory
from jixiao.web.review import folders, library
from jixiao.web.review.models import LibraryEntry
from jixiao.web.store import models as m
from tests.conftest import shared_path

CLOTHING = "警用被服采购数量"


def _forms(doc):
    return [f for body in doc.all_bodies() for f in getattr(body, "self_evaluations", ()) or ()]


def _seed_library(goals_doc, accounts_doc, units):
    return build_library(library.document_appearances([goals_doc, accounts_doc], units))


def test_a_projects_targets_and_its_self_evaluation_are_one_project(goals_doc, accounts_doc):
    printed = library.printed_units([goals_doc, accounts_doc])
    units = UnitDirectory.learn(printed)
    assert ("124005", "青岛市法律援助中心") in printed and ("124001", "青岛市司法局本级") in printed
    form_units = {f.unit for f in _forms(accounts_doc)}
    assert form_units == {"青岛市司法局", "青岛市法律援助中心"}  # the forms print names only
    assert {units.identity(None, u) for u in form_units} == {"124001", "124005"}
    naive = _seed_library(goals_doc, accounts_doc, UnitDirectory())  # a unit as printed: code, else name
    one = _seed_library(goals_doc, accounts_doc, units)
    assert [e.key for e in naive] == [e.key for e in one]  # the same indicators …
    naive_projects = {p for e in naive for p in e.projects}
    projects = {p for e in one for p in e.projects}
    assert any(p.startswith("青岛市法律援助中心 ") for p in naive_projects)  # … counted under two names before
    assert all(p.split(" ", 1)[0] in ("124001", "124005") for p in projects)  # every seed project by its code
    tables = {f"{p.unit.code} {p.name}" for p in goals_doc.goals.projects}
    assert tables <= projects and len(projects) < len(naive_projects)
    seen = {s for e in one for s in e.seen}  # legal aid's 2023 targets and 2022 actuals: one project
    assert {"2023 目标 124005 法律援助及12348业务费", "2022 自评 124005 法律援助及12348业务费"} <= seen
    e = next(e for e in one if e.name == CLOTHING)  # the example: ≥14500 set for 2023, 36106 achieved in 2022
    assert e.projects == ("124001 警用服装费",) and e.years == (2022, 2023) and e.actuals == ((2022, ("36106",)),)
    before = next(x for x in naive if x.key == e.key)
    assert before.projects == ("124001 警用服装费", "青岛市司法局 警用服装费") and e.project_count == 1


_SPACES = st.sampled_from(["", " ", "\u3000", "  "])


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_unit_is_known_by_its_name_however_it_is_written(goals_doc, data):
    pairs = [(p.unit.code, p.unit.name) for p in goals_doc.goals.projects if p.unit]
    units = UnitDirectory.learn(pairs)
    code, name = data.draw(st.sampled_from(sorted(set(pairs))))
    cut = data.draw(st.integers(0, len(name)))
    written = name[:cut] + data.draw(_SPACES) + name[cut:] + data.draw(_SPACES)
    assert units.identity(None, written) == code
    if name.endswith(OWN_LEVEL_SUFFIX):  # the department's own level printed by the department's name
        assert units.identity(None, name.removesuffix(OWN_LEVEL_SUFFIX)) == code
    assert units.identity(code, "另一个单位") == code  # a printed code wins
    other = data.draw(st.text(alphabet="甲乙丙丁戊己庚辛区县市局中心", min_size=2, max_size=8))
    if units.code(other) is None:
        assert units.identity(None, other) == other  # unknown: its name
    assert units.resolve(code) == code and units.resolve(written) == code  # typed as a code or a name
    twice = UnitDirectory.learn([*pairs, ("999999", name)])  # a name printed with two codes: ambiguous
    assert twice.identity(None, name) == name.replace(" ", "")


@pytest.mark.django_db
def test_stored_forms_are_judged_by_their_own_scheme(imported, tmp_path):
    text = (Path(jixiao.__file__).parent / "schemes" / "mof-2020-10.yaml").read_text(encoding="utf-8")
    assert "mode: explain-at-130" in text  # over-performance explained, never deducted
    deduct = tmp_path / "deduct.yaml"  # the same scheme deducting from 130% of the target on
    deduct.write_text(text.replace("mode: explain-at-130", "mode: deduct"), encoding="utf-8")
    form = m.SelfEvaluation.objects.get(project_name="法律培训费")
    it = form.indicator_results.get(name="组织培训次数")
    assert (it.target_raw, it.actual_raw) == ("≥3 次", "4")  # 4 ≥ 3 × 130%
    key = entry_key(it.level1, it.level2, it.name)

    def met_judged():
        library.rebuild()
        row = LibraryEntry.objects.get(key=key)
        return row.met, row.judged

    assert form.scheme == ""  # read from a document: the default scheme
    met, judged = met_judged()
    assert met >= 1
    form.scheme = str(deduct)
    form.save(update_fields=["scheme"])
    assert met_judged() == (met - 1, judged)  # judged by the form's own scheme: over-performance deducted
    form.scheme = "mof-2021-101"  # shipped: completion c = B/A with a 60% floor; 4/3 ≥ 1 is full marks
    form.save(update_fields=["scheme"])
    assert met_judged() == (met, judged)
    form.scheme = "no-such-scheme"  # unknown: the default
    form.save(update_fields=["scheme"])
    assert met_judged() == (met, judged)


@pytest.mark.django_db
def test_rebuild_reports_a_folder_that_vanished(imported, tmp_path, capsys, django_user_model):
    folder = tmp_path / "gone"
    folder.mkdir()
    shutil.copy(shared_path("corpus/text") / "01_tianjin-baodi_goal-table_2022.txt", folder)  # read, never kept
    call_command("indicator_library", str(folder))
    assert capsys.readouterr().out.startswith("已载入指标库：新增指标")
    baodi = "宝坻区人民政府 农业绿色发展专项(畜禽粪污资源化利用整县推进项目)"
    assert any(baodi in e.projects for e in LibraryEntry.objects.all())
    call_command("indicator_library", "--rebuild")
    assert any(baodi in e.projects for e in LibraryEntry.objects.all())  # read again
    shutil.rmtree(folder)
    call_command("indicator_library", "--rebuild")
    said = capsys.readouterr().out
    assert f"以前载入的文件夹已不存在，未重新载入：{folder.resolve()}" in said and "指标库已重建：" in said
    assert not any(baodi in e.projects for e in LibraryEntry.objects.all())
    assert LibraryEntry.objects.exists()  # the stored tables and forms still counted
    assert folders.loaded_folders() == [str(folder.resolve())]  # kept: it counts again when it comes back
    admin = django_user_model.objects.create_superuser("lib-admin", password="pw-lib-admin-2026")
    client = Client()
    client.force_login(admin)
    page = client.post(reverse("review:library"), follow=True).content.decode()  # the page's button alike
    assert "指标库已按全部已存目标表和自评表重建" in page and f"以前载入的文件夹已不存在，未重新载入：{folder.resolve()}" in page


@pytest.mark.django_db
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_projects_added_in_parts_equal_those_kept_at_once(goals_doc, accounts_doc, data):
    from jixiao.web.review import kinds
    from jixiao.web.review.models import LibraryProject

    seen = list(library.document_appearances([goals_doc, accounts_doc]))
    picks = data.draw(st.lists(st.booleans(), min_size=len(seen), max_size=len(seen)))

    def rows():
        return {(r.label, r.name, r.unit, r.code, tuple(r.indicators)) for r in LibraryProject.objects.all()}

    kinds.store(seen, replace=True)
    whole = rows()
    kinds.store([a for a, pick in zip(seen, picks, strict=True) if pick], replace=True)
    kinds.store([a for a, pick in zip(seen, picks, strict=True) if not pick])
    assert rows() == whole
    assert "124005 法律援助及12348业务费" in {label for label, *_ in whole}
    assert not any(label.startswith("青岛市") for label, *_ in whole)  # every seed unit by its code
