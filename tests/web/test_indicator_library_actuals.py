"""The 指标库 holds last years' actuals and how often each indicator's target is met: seed 002's
self-evaluation forms are the 2022 actuals of projects whose 2023 targets are in seed 000. The values
asserted are read from the documents here; the met rate is counted by hand from the forms; merging the
tables and forms in any order gives the library built at once (hypothesis)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.model.indicator_library import build_library, entry_key, merge_entries
from jixiao.web.review import library
from jixiao.web.review.models import LibraryEntry
from tests.web.test_api import token_for

NAME = "警用被服采购数量"


def _forms(doc):
    return [f for body in doc.all_bodies() for f in getattr(body, "self_evaluations", ()) or ()]


def _target_of(goals_doc, name):
    return next(i for p in goals_doc.goals.projects for i in p.indicators if i.name == name)


def _result_of(accounts_doc, name):
    return next((f, i) for f in _forms(accounts_doc) for i in f.indicators if i.name == name)


def test_last_years_actual_stands_beside_this_years_target(goals_doc, accounts_doc):
    target = _target_of(goals_doc, NAME)
    form, result = _result_of(accounts_doc, NAME)
    assert (goals_doc.goals.year, form.year) == (2023, 2022)  # next year's targets, last year's actuals
    assert target.target.raw.startswith("≥14500") and result.actual.raw == "36106"  # the example
    entries = {e.key: e for e in build_library(library.document_appearances([goals_doc, accounts_doc]))}
    e = entries[entry_key(target.level1, target.level2, NAME)]
    assert (form.year, (result.actual.raw,)) in e.actuals
    assert target.target.raw in dict(e.values) and result.target.raw in dict(e.values)
    assert e.years == (2022, 2023) and any(" 自评 " in s for s in e.seen) and any(" 目标 " in s for s in e.seen)
    # 2022: ≥38000 set, 36106 achieved: not met
    assert (e.met, e.judged, e.met_label) == (0, 1, "达成 0/1")


_AT_LEAST = re.compile(r"^[≥>]=?\s*([0-9]+(?:\.[0-9]+)?)\s*(%|[^\d\s]*)$")
_NUMBER = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(%|[^\d\s]*)$")


def _by_hand(target: str, actual: str) -> bool | None:
    """≥ N against a number in the same unit (or none on the actual): met when actual ≥ N."""
    t, a = _AT_LEAST.match(target.replace(" ", "")), _NUMBER.match(actual.replace(" ", ""))
    if not t or not a or (a.group(2) and a.group(2) != t.group(2)) or target.startswith(">"):
        return None
    return Decimal(a.group(1)) >= Decimal(t.group(1))


def test_met_rate_counted_by_hand_from_the_forms(accounts_doc):
    hand: dict[str, list[bool | None]] = {}
    for form in _forms(accounts_doc):
        for it in form.indicators:
            hand.setdefault(entry_key(it.level1, it.level2, it.name), []).append(_by_hand(it.target.raw, it.actual.raw))
    entries = {e.key: e for e in build_library(library.document_appearances([accounts_doc]))}
    checked = 0
    for key, outcomes in hand.items():
        if not outcomes or None in outcomes:
            continue
        e = entries[key]
        assert (e.met, e.judged) == (sum(outcomes), len(outcomes)), key
        checked += 1
    assert checked >= 10  # enough entries are decided by hand to mean something
    assert any(e.judged and e.met < e.judged for e in entries.values())  # some targets were missed


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_merging_in_any_order_gives_the_same_library(goals_doc, accounts_doc, data):
    seen = list(library.document_appearances([goals_doc, accounts_doc]))
    whole = {e.key: e for e in build_library(seen)}
    order = data.draw(st.permutations(seen))
    cuts = sorted(data.draw(st.sets(st.integers(1, len(order) - 1), max_size=4)))
    batches = [order[a:b] for a, b in zip([0, *cuts], [*cuts, len(order)], strict=True)]
    merged: dict[str, object] = {}
    for batch in batches:
        for e in build_library(batch):
            merged[e.key] = merge_entries(merged[e.key], e) if e.key in merged else e  # type: ignore[arg-type]
    assert merged == whole


@pytest.mark.django_db
def test_library_page_api_and_live_check_show_actuals_and_met_rate(imported, accounts_doc, django_user_model):
    from jixiao.web.store import models as m

    _, result = _result_of(accounts_doc, NAME)
    assert library.rebuild() > 0  # from the stored target tables and self-evaluation forms
    row = LibraryEntry.objects.get(key=entry_key(result.level1, result.level2, NAME))
    assert row.actuals == [[2022, [result.actual.raw]]] and (row.met, row.judged) == (0, 1)
    assert library.met_text(row) == "达成 0/1（0%）" and library.actuals_text(row) == "2022年实际 36106"
    user = django_user_model.objects.create_user("clerk-lib19", password="pw-clerk-lib19-2026")
    m.Profile.objects.create(user=user, role=m.Role.UNIT_CLERK, organisation=m.Organisation.objects.get(code="124001"))
    client = Client()
    client.force_login(user)
    page = client.get(reverse("review:library"), {"q": NAME}).content.decode()
    assert "历年实际完成值" in page and "2022年实际 36106" in page and "达成 0/1（0%）" in page
    typed = client.get(reverse("review:suggest"), {"ind_name": "被服", "format": "json"}).json()["suggestions"]
    found = next(s for s in typed if s["name"] == NAME)
    assert found["actuals"] == [{"year": 2022, "values": ["36106"]}] and found["met_text"] == "达成 0/1（0%）"
    assert "2022年实际 36106" in found["hint"]
    check = client.get(reverse("pages:check_target"), {"ind_target": "≥14500件", "ind_name": NAME,
                                                        "ind_level1": result.level1, "ind_level2": result.level2})
    html = check.content.decode()
    assert "指标库：" in html and "2022年实际 36106" in html and "达成 0/1（0%）" in html
    assert "本指标值低于2022年实际 36106" in html  # 14500 against 36106, compared by the core
    assert library.standing("≥40000件", row).startswith("本指标值高于2022年实际 36106")
    assert library.standing("全部完成", row) == ""  # prose does not compare
    api = Client().get("/api/review/library", {"q": NAME}, HTTP_AUTHORIZATION=f"Bearer {token_for('clerk-lib19')}")
    got = next(e for e in api.json()["entries"] if e["name"] == NAME)
    assert (got["met"], got["judged"], got["actuals_text"]) == (0, 1, "2022年实际 36106")


@pytest.mark.django_db
def test_a_stored_final_accounts_adds_its_forms_once(imported, accounts_doc):
    goals_sd, accounts_sd = imported
    _, result = _result_of(accounts_doc, NAME)
    LibraryEntry.objects.all().delete()
    created, changed = library.add_stored(accounts_sd)  # the task queued when the 决算 is stored
    assert created > 0 and changed == 0
    key = entry_key(result.level1, result.level2, NAME)
    assert LibraryEntry.objects.get(key=key).actuals == [[2022, ["36106"]]]
    assert library.add_stored(accounts_sd) == (0, 0)  # the same document again: nothing changes
    library.add_stored(goals_sd)  # next year's target table joins the same entry
    row = LibraryEntry.objects.get(key=key)
    assert row.years == [2022, 2023] and (row.met, row.judged) == (0, 1) and row.uses == 2
