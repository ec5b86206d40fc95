"""Kinds of projects learned from the seeds and the corpus (jixiao/model/project_kinds.py): no list
of kinds is written; projects are grouped by their names (rare character pairs weigh most), their
indicators, their function subject and unit, and a new project joins the kind of the stored project
it is most alike. Names are varied by hypothesis; the kinds asserted are those the documents give."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.ingest import read_file
from jixiao.model.project_kinds import (
    LINK,
    Profile,
    alike,
    classify,
    function_code,
    learn_kinds,
    name_parts,
    pairs,
    profiles,
)
from jixiao.model.unit_identity import UnitDirectory
from tests.conftest import shared_path

LEGAL_AID = "124005 法律援助及12348业务费"


@pytest.fixture(scope="module")
def learned():
    from jixiao.web.review.library import document_appearances, printed_units  # the feed of the library (pure)

    docs = [read_file(p) for folder in (shared_path("seeds"), shared_path("corpus/text"))
            for p in sorted(folder.rglob("*")) if p.is_file()]
    ps = profiles(document_appearances(docs, UnitDirectory.learn(printed_units(docs))))
    return ps, learn_kinds(ps)


def _kind_of(kinds, label):
    return kinds.kinds[kinds.kind_of[label]]


def test_kinds_are_learned_from_the_documents(learned):
    ps, kinds = learned
    labels = {p.label for p in ps}
    assert LEGAL_AID in labels and "124001 警用服装费" in labels and "3岁以下婴幼儿照护服务项目" in labels
    assert sorted(m for k in kinds.kinds for m in k.members) == sorted(labels)  # every project in one kind
    legal_aid = next(p for p in ps if p.label == LEGAL_AID)  # its 2023 targets and 2022 form are one project
    assert len(legal_aid.indicators) > 9
    # linked by what they measure: the two forms print the same indicators under names sharing nothing
    relic, prison = (next(p for p in ps if p.label == f"124001 {n}") for n in ("国家文物保护专项资金", "李村华人监狱修缮项目前期费"))
    assert not pairs(relic.name) & pairs(prison.name) and relic.indicators == prison.indicators
    assert kinds.kind_of[relic.label] == kinds.kind_of[prison.label]
    assert _kind_of(kinds, LEGAL_AID) != _kind_of(kinds, "124001 警用服装费")
    assert _kind_of(kinds, LEGAL_AID) != _kind_of(kinds, "124001 法律培训费")  # sharing 法律 is not enough


def test_every_pair_alike_enough_is_of_one_kind(learned):
    ps, kinds = learned  # (the grouping compares only projects sharing a name pair or an indicator)
    linked = [(p, q) for p in ps for q in ps if p.label < q.label and alike(p, q, kinds.weights, kinds.unseen) >= LINK]
    assert linked and all(kinds.kind_of[p.label] == kinds.kind_of[q.label] for p, q in linked)
    assert len(kinds.kinds) < len(ps)


def test_the_same_profiles_in_any_order_give_the_same_kinds(learned):
    ps, kinds = learned
    assert learn_kinds(reversed(ps)) == kinds


_PREFIX = st.sampled_from(["", "2023年", "2024年度", "区", "市级", "县", "青岛市", "公共法律服务—", "公共法律服务-",
                           "2022年度公共法律服务—"])
_MIDDLE = st.sampled_from(["", "中心", "案件", "及12348热线", "工作站", "服务"])
_SUFFIX = st.sampled_from(["经费", "补助", "补贴", "业务费", "专项资金", "工作经费", "项目", "补助资金", "费"])


@settings(max_examples=120, deadline=None)
@given(prefix=_PREFIX, middle=_MIDDLE, suffix=_SUFFIX)
def test_legal_aid_however_named_is_of_the_legal_aid_kind(learned, prefix, middle, suffix):
    _, kinds = learned
    name = f"{prefix}法律援助{middle}{suffix}"
    assert classify(Profile("", name), kinds) == _kind_of(kinds, LEGAL_AID), name


@pytest.mark.parametrize("name", ["法律援助及12348业务费", "2023年法律援助经费", "公共法律服务—法律援助补助",
                                  "区法律援助中心法律援助案件补贴"])
def test_the_names_of_the_issue_land_in_one_kind(learned, name):
    _, kinds = learned
    assert classify(Profile("", name), kinds) == _kind_of(kinds, LEGAL_AID)


_YEAR = st.sampled_from(["", "2023年", "2024年度"])
_END = st.sampled_from(["", "经费", "项目", "专项资金"])


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_an_unrelated_project_keeps_its_own_kind(learned, data):
    ps, kinds = learned
    other = data.draw(st.sampled_from([p for p in ps if kinds.kind_of[p.label] != kinds.kind_of[LEGAL_AID]]))
    name = data.draw(_YEAR) + "".join(name_parts(other.name)) + data.draw(_END)
    found = classify(Profile("", name), kinds)
    assert found == _kind_of(kinds, other.label), (name, found)


@pytest.mark.parametrize("name", ["社区养老服务补贴", "道路维修工程", "城市绿化养护经费", "中小学校舍维修", "义务教育学生营养餐补助"])
def test_a_project_like_none_stored_has_no_kind(learned, name):
    _, kinds = learned
    assert classify(Profile("", name), kinds) is None


def test_the_function_subject_counts_beside_the_name(learned):
    ps, _ = learned
    # the legal-aid project as if its table printed 2040604 (司法—法律援助): kinds learned again
    coded = [Profile(p.label, p.name, p.unit, "2040604", p.indicators) if p.label == LEGAL_AID else p for p in ps]
    with_code = learn_kinds(coded)
    legal_aid = _kind_of(with_code, LEGAL_AID)
    hotline = "12348热线运行维护"  # shares only the hotline's number with the stored name
    assert classify(Profile("", hotline), with_code) is None
    assert classify(Profile("", hotline, code="2040604"), with_code) == legal_aid  # the same 项
    assert classify(Profile("", hotline, code="2130101"), with_code) is None  # another 类 (农林水)
    p = next(x for x in coded if x.label == LEGAL_AID)
    same, unknown, other = (alike(Profile("", "法律援助补助", code=c), p, with_code.weights, with_code.unseen)
                            for c in ("2040604", "", "2130101"))
    assert same > unknown >= LINK > other  # the same 项 pulls, another 类 pushes away, unknown leaves the name
    assert function_code("功能分类科目列“213.农林水支出”") == "213" and function_code("科目 2040604 法律援助") == ""


def test_the_same_unit_counts_a_little(learned):
    ps, kinds = learned
    p = next(x for x in ps if x.label == LEGAL_AID)
    query = "公共法律服务—法律援助补助"
    plain, own = (alike(Profile("", query, unit=u), p, kinds.weights, kinds.unseen) for u in ("", "124005"))
    assert own > plain
