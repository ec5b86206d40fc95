"""The indicator library's incremental update (jixiao/model/indicator_library.merge_entries): seed
000's target tables split in two and merged equal the library built at once; a document seen before
changes nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.model.indicator_library import TOP, Appearance, build_library, merge_entries


def _merged(first, second):
    out = {e.key: e for e in build_library(first)}
    for e in build_library(second):
        out[e.key] = merge_entries(out[e.key], e) if e.key in out else e
    return out


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_split_and_merged_equals_built_at_once(goals_doc, data):
    seen = [Appearance(2023, p.unit.code if p.unit else "", p) for p in goals_doc.goals.projects]
    picks = data.draw(st.lists(st.booleans(), min_size=len(seen), max_size=len(seen)))
    first = [a for a, pick in zip(seen, picks, strict=True) if pick]
    second = [a for a, pick in zip(seen, picks, strict=True) if not pick]
    whole = {e.key: e for e in build_library(seen)}
    merged = _merged(first, second)
    assert merged.keys() == whole.keys()
    for key, e in whole.items():
        m = merged[key]
        assert (m.projects, m.years, m.uses, set(m.units), m.project_count) == (
            e.projects, e.years, e.uses, set(e.units), e.project_count)
        if len(e.values) < TOP:  # every value still counted
            assert dict(m.values) == dict(e.values)


def test_a_document_seen_before_changes_nothing(goals_doc):
    seen = [Appearance(2023, p.unit.code if p.unit else "", p) for p in goals_doc.goals.projects]
    once = {e.key: e for e in build_library(seen)}
    again = _merged(seen, seen)
    assert again == once
