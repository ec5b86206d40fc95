"""Numbers total (issue 16, item 4): any written number is a value jixiao computes with, or text kept
with a ``number-out-of-range`` finding; never an exception, in reading, scoring, checking or printing."""

from __future__ import annotations

import re
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.checks.runner import run_checks
from jixiao.grammar import parse_target
from jixiao.ingest import read_text
from jixiao.ingest.text import out_of_range, parse_decimal
from jixiao.numbers import MAX_DIGITS, in_range, money, pct, plain, rounded
from jixiao.rules.score_evaluation import score_evaluation
from jixiao.rules.score_self import score_self_evaluations
from tests.conftest import ACCOUNTS

ACCOUNTS_TEXT = ACCOUNTS.read_text(encoding="utf-8")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

digits = st.text(alphabet="0123456789", min_size=1, max_size=450)
written = st.builds(
    lambda sign, whole, point, frac, wide: (sign + whole + (point + frac if frac else "")).translate(FULL_WIDTH)
    if wide
    else sign + whole + (point + frac if frac else ""),
    st.sampled_from(["", "-", "+"]),
    digits,
    st.just("."),
    st.one_of(st.just(""), digits),
    st.booleans(),
)
any_decimal = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.builds(lambda n, e: Decimal(n).scaleb(e), st.integers(-(10**60), 10**60), st.integers(-500, 500)),
)


def _ascii_letters(text: str) -> str:
    return "".join(c for c in text if c.isascii() and c.isalpha())


@given(written)
def test_a_written_number_is_a_value_in_range_or_refused_as_out_of_range(text):
    value = parse_decimal(text)
    if value is not None:
        assert in_range(value) and not out_of_range(text)
        assert rounded(value, 2) == value.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    else:
        whole, _, frac = text.lstrip("+-").partition(".")
        assert out_of_range(text)
        assert len(whole.lstrip("0０")) > MAX_DIGITS or len(frac) > MAX_DIGITS


@given(any_decimal, st.integers(0, 6))
def test_printing_any_decimal_is_total_and_chinese(value, places):
    for text in (plain(value), plain(value, places), pct(value, places), money(value, places), money(value, None)):
        assert not _ascii_letters(text), text
    rounded(value, places)


@given(written, st.sampled_from(["", "万元", "亿元", "%", "次", "万"]), st.sampled_from(["", "≥", "≤", "不低于"]))
def test_the_grammar_reads_a_value_or_says_out_of_range(number, unit, lead):
    parsed = parse_target(f"{lead}{number}{unit}", role="target")
    codes = {p.code for p in parsed.problems}
    if parsed.value.number is not None:
        assert in_range(parsed.value.number) and "number-out-of-range" not in codes
        if parsed.value.ratio is not None:
            rounded(parsed.value.ratio, 4)
    else:
        assert codes, number  # text is never silently accepted
    if out_of_range(number.lstrip("+-")):
        assert parsed.value.number is None and "number-out-of-range" in codes, (number, codes)


def score_document(doc):
    """What ``jixiao score`` scores of a final-accounts document: its forms and its evaluations."""
    found = list(score_self_evaluations(doc.accounts))
    return found + [score_evaluation(e) for e in doc.accounts.evaluations]


def _with_weight(weight: str) -> tuple[str, int]:
    """Seed 002 with the 分值 of 组织培训次数 (法律培训费) replaced; the line number changed."""
    lines = ACCOUNTS_TEXT.split("\n")
    i = next(i for i, ln in enumerate(lines) if ln.endswith("组织培训次数\t≥3 次\t4\t10\t10\t"))
    cells = lines[i].split("\t")
    cells[-3] = weight
    lines[i] = "\t".join(cells)
    return "\n".join(lines), i + 1


def test_a_401_digit_score_cell_is_reported_not_raised_issue_16():
    text, line = _with_weight("9" * 401)
    doc = read_text(text, "big.txt")
    (found,) = [f for f in doc.findings if f.code == "number-out-of-range"]
    assert found.source.line == line and found.source.column == len(text.split("\n")[line - 1].split("\t")) - 2
    assert "共401位" in found.message and not _ascii_letters(found.message)
    results = score_document(doc)
    assert results and all(r.to_dict()["computed_total"] is not None for r in results)
    assert [f.message for f in run_checks([doc]).findings if f.code == "check-failed"] == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(written)
def test_any_score_cell_reads_scores_and_checks_without_exception(weight):
    text, line = _with_weight(weight)
    doc = read_text(text, "weight.txt")
    for result in score_document(doc):
        result.to_dict()
    checked = run_checks([doc]).findings
    assert [f.message for f in checked if f.code == "check-failed"] == []
    for f in checked:
        assert not re.search(r"InvalidOperation|Overflow", f.message), f.message
    if out_of_range(weight):
        assert any(f.code == "number-out-of-range" and f.source.line == line for f in doc.findings)


def test_a_workbook_number_out_of_range_is_reported_not_computed(tmp_path, goals_doc):
    from openpyxl import load_workbook

    from jixiao.export.xlsx import write_workbook
    from jixiao.ingest import read_file

    book = write_workbook(goals_doc, tmp_path / "goals.xlsx")
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    assert ws["B5"].value is not None  # 预算数 of the first project
    ws["B5"].value = 1e300
    wb.save(book)
    doc = read_file(book)
    (found,) = [f for f in doc.findings if f.code == "number-out-of-range"]
    assert found.source.table == ws.title and "1e+300" in found.message
    assert doc.goals.projects[0].budget is None
    assert [f.message for f in run_checks([doc]).findings if f.code == "check-failed"] == []
