"""The 指标库 learns from every document: an uploaded target table is added by the queued task
(incremental), the ``indicator_library`` command loads a folder (seeds and ../shared/corpus), and the
library then suggests indicators for a new legal-aid project."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from jixiao.web.review import folders, kinds, library
from jixiao.web.review.models import LibraryEntry
from jixiao.web.review.tasks import run_update
from jixiao.web.store import models as m
from tests.conftest import shared_path
from tests.web.test_api import token_for
from tests.web.test_uploads_owned import IMMEDIATE, _upload, logged_in, own_unit_workbook  # noqa: F401

pytestmark = pytest.mark.django_db


@override_settings(TASKS=IMMEDIATE)
def test_an_uploaded_target_table_is_added_to_the_library(world, own_unit_workbook):  # noqa: F811
    LibraryEntry.objects.all().delete()
    m.Project.objects.filter(year=2023).delete()  # (rolled back after the test) the seed's table not stored yet
    m.SourceDocument.objects.filter(kind="goal_tables").delete()
    job = _upload(logged_in("clerk"), "124001.xlsx", own_unit_workbook)
    job.refresh_from_db()
    assert job.stage == "done" and job.document is not None, job.message
    entries = LibraryEntry.objects.all()
    names = set(entries.values_list("name", flat=True))
    assert "警用被服采购数量" in names and entries.count() > 20
    assert all(p.startswith("124001 ") for e in entries for p in e.projects)
    from jixiao.web.review.models import LibraryProject  # the projects the kinds are learned from

    assert set(LibraryProject.objects.values_list("label", flat=True)) == {p for e in entries for p in e.projects}
    before = list(entries.values_list("key", "uses"))
    assert run_update(job.document.pk) == (0, 0)  # the same document again: nothing changes
    assert list(LibraryEntry.objects.values_list("key", "uses")) == before


def test_import_command_loads_seeds_and_corpus_and_suggests_for_legal_aid(world, capsys):
    LibraryEntry.objects.all().delete()
    seeds, corpus = shared_path("seeds"), shared_path("corpus/text")
    call_command("indicator_library", str(seeds), str(corpus))
    said = capsys.readouterr().out
    assert said.startswith("已载入指标库：新增指标") and "其中目标表3个" in said  # seed 000, corpus 01 and 02
    tables = {s.split("目标 ", 1)[1] for e in LibraryEntry.objects.all() for s in e.seen if "目标 " in s}
    corpus_names = {n for n in tables if not n.startswith("124")}
    assert corpus_names == {"3岁以下婴幼儿照护服务项目", "宝坻区人民政府 农业绿色发展专项(畜禽粪污资源化利用整县推进项目)"}  # the other provinces' tables are in
    kind, found = kinds.for_project("区法律援助中心法律援助案件补贴")
    assert kind is not None and kind.members == ("124005 法律援助及12348业务费",)  # its targets and form: one project
    names = [e.name for e in found]
    assert names and all(any("法律援助" in p for p in e.projects) for e in found)
    assert "法律援助受益人达到200人次以上" in names and "援助案件优良率大于20%" in names
    got = Client().get("/api/review/library/for-project", {"name": "区法律援助中心法律援助案件补贴"},
                       HTTP_AUTHORIZATION=f"Bearer {token_for('clerk2')}").json()
    assert [e["name"] for e in got["entries"]] == names and got["kind"] == kind.name
    assert library.directory().resolve("青岛市法律援助中心") == "124005"  # a unit typed by name: its code
    assert kinds.kind_for("公共法律服务—法律援助补助", unit="124005") == kind
    typed = library.suggest("援助", "产出指标")
    assert typed and all("援助" in s["name"] or "援助" in s["level2"] for s in typed)
    call_command("indicator_library", str(seeds))  # loaded again: counted once
    assert capsys.readouterr().out.startswith("已载入指标库：新增指标0个，更新0个")
    loaded = {(e.key, e.uses, e.met, e.judged, tuple(e.projects)) for e in LibraryEntry.objects.all()}
    assert folders.loaded_folders() == sorted(str(f.resolve()) for f in (seeds, corpus))  # recorded in the DB
    call_command("indicator_library", "--rebuild")  # no folder given: the folders loaded before are read again
    said = capsys.readouterr().out
    assert said.startswith("指标库已重建：") and str(seeds.resolve()) in said and str(corpus.resolve()) in said
    assert {n for e in LibraryEntry.objects.all() for n in e.projects} >= corpus_names
    assert {(e.key, e.uses, e.met, e.judged, tuple(e.projects)) for e in LibraryEntry.objects.all()} == loaded
    rebuilt = Client().post("/api/review/library/rebuild", HTTP_AUTHORIZATION=f"Bearer {token_for('bureau')}").json()
    assert rebuilt["folders"] == [str(corpus.resolve()), str(seeds.resolve())] and rebuilt["vanished"] == []
    assert rebuilt["entries"] == len(loaded)  # the API's rebuild reads them again too
    with pytest.raises(CommandError, match="不是文件夹"):
        call_command("indicator_library", str(seeds / "000_9e54d6a05597118f.txt"))
    assert m.Project.objects.filter(year=2023).exists()
