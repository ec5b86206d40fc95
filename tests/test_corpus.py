"""The corpus of other provinces (../shared/corpus): every document recognised with its kind, nothing lost.

The expected kind of each file is the one the corpus README states for it (its "kind" column:
GOAL, SELF, SELF report, EVAL, MONITOR, 3PUB, FINAL, BUDGET), read from the README itself, so
this test holds the reader to the corpus's own description, not to a list written here.
"""

from __future__ import annotations

import re

import pytest

from jixiao.checks import run_checks
from jixiao.ingest import read_file
from tests.conftest import SHARED, shared_path

# the README's kind words → jixiao's kinds (a "FINAL, 三公 section" excerpt is a 三公 explanation)
KINDS = (
    (re.compile(r"^SELF report"), {"selfeval_report"}),
    (re.compile(r"^SELF"), {"self_evaluation"}),
    (re.compile(r"^GOAL"), {"goal_tables"}),
    (re.compile(r"^EVAL"), {"evaluation_scores"}),
    (re.compile(r"^MONITOR"), {"monitoring_report"}),
    (re.compile(r"^3PUB"), {"three_public"}),
    (re.compile(r"^FINAL, 三公"), {"three_public", "final_accounts"}),
    (re.compile(r"^FINAL"), {"final_accounts"}),
    (re.compile(r"^BUDGET"), {"budget"}),
)


def _described() -> list[tuple[str, str]]:
    readme = SHARED / "corpus" / "README.md"
    if not readme.exists():
        return [("（../shared/corpus 不在）", "")]
    rows = re.findall(r"^\| (\d\d_[^ |]+) \| ([^|]+?) \|", readme.read_text(encoding="utf-8"), re.M)
    return rows


def _expected(description: str) -> set[str]:
    return next(kinds for pattern, kinds in KINDS if pattern.search(description))


@pytest.mark.parametrize(("name", "description"), _described())
def test_each_excerpt_is_recognised_with_its_kind(name, description):
    path = shared_path(f"corpus/text/{name}.txt")
    doc = read_file(path)
    assert doc.kind in _expected(description), (name, description, doc.kind)
    note = next(f for f in doc.findings if f.code == "document-kind-detected")
    assert "依据" in note.message
    assert not [f for f in doc.findings if f.code == "document-kind-unknown"]


@pytest.mark.parametrize("name", ["22_xinjiang-urumqi-gov-service-center_final_2023",
                                  "28_heilongjiang-shuangyashan-united-front_budget_2021"])  # fmt: skip
def test_a_page_a_mirror_converted_to_traditional_is_recognised(name):
    doc = read_file(shared_path(f"corpus/text/{name}.txt"))
    note = next(f for f in doc.findings if f.code == "document-kind-detected")
    assert "繁体字" in note.message


def test_nothing_in_the_corpus_is_an_error_of_reading():
    """Reading alone (before the checks) never ends in an error on a real excerpt."""
    for path in sorted(shared_path("corpus/text").glob("*.txt")):
        doc = read_file(path)
        assert doc.readable
        assert not [f for f in doc.findings if f.severity == "error"], path.name


def test_every_unplaced_line_is_kept_and_reported():
    for path in sorted(shared_path("corpus/text").glob("*.txt")):
        doc = read_file(path)
        reported = {f.source.line for f in doc.findings if f.code == "unplaced-text"}
        assert {r.source.line for r in doc.unplaced} <= reported | {None}, path.name


def test_the_corpus_raises_no_error_on_the_three_public_texts_that_add_up():
    # 15 (鹤山水务局) and 20 (凉山州) state consistent figures: no error, no warning (read by hand, docs/corpus.md)
    for name in ("15_guangdong-heshan-water_3pub-budget_2018", "20_sichuan-liangshan_3pub-final_2022"):
        doc = read_file(shared_path(f"corpus/text/{name}.txt"))
        report = run_checks([doc])
        assert report.summary["error"] == 0 and report.summary["warning"] == 0, (name, report.findings)


def test_every_part_of_every_excerpt_has_a_kind_and_the_parts_follow_the_text():
    """Each excerpt's parts (issue 13, item 1) are recognised, in order, and the document's kind is
    the kind of at least one of them; 11 has three (score table, prose, score table), 16 two (预算, 决算)."""
    counts = {}
    for path in sorted(shared_path("corpus/text").glob("*.txt")):
        doc = read_file(path)
        assert doc.parts, path.name
        assert all(p.kind != "unknown" for p in doc.parts), path.name
        assert doc.kind in {p.kind for p in doc.parts}, path.name
        starts = [(p.first_line, p.first_column) for p in doc.parts]
        assert starts == sorted(starts) and all(p.first_line <= p.last_line for p in doc.parts), path.name
        counts[path.name[:2]] = len(doc.parts)
    assert (counts["11"], counts["16"], counts["17"]) == (3, 2, 1)
