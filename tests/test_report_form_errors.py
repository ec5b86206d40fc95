"""Errors injected into jixiao's own 项目支出绩效自评表 (report kind ``selfeval-form``), read back
from the text layer of its PDF (issue 21): the form prints a computed score (得分（计算）) beside
its own 得分; the reader keeps the two apart, and each injected error is found by its check.

The forms are rendered from the seeds in tests/data (docs 000 and 002) as tests/test_ocr_forms.py
renders them, but read from the text layer (no OCR): fast, and what the scans are compared with."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.checks import run_checks
from jixiao.ingest import read_bytes, read_file
from tests.scans import report_pdf

DATA = Path(__file__).parent / "data"
NUM = '<td class="num ">{}</td>'


@pytest.fixture(scope="module")
def view():
    import jixiao.report.selfeval as selfeval

    docs = [read_file(DATA / "000_9e54d6a05597118f.txt"), read_file(DATA / "002_898987880c89420a.txt")]
    return selfeval.build_selfeval_forms(docs, project="法律援助及12348业务费")


def read(view, replace=()):
    return read_bytes(report_pdf("selfeval-form", view, replace), "selfeval-form.pdf")


def errors(doc) -> list[tuple[str, str | None, str | None]]:
    return sorted((f.code, f.expected, f.actual) for f in run_checks([doc]).findings if str(f.severity) == "error")


@pytest.fixture(scope="module")
def clean(view):
    return read(view)


def test_clean_form_reads_its_own_scores_and_keeps_the_computed_ones(view, clean):
    shown = view.forms[0]
    published = shown.model
    assert clean.kind == "self_evaluation"
    (read_form,) = clean.forms.self_evaluations
    line = read_form.total_line
    assert line is not None and line.score is not None and line.computed is not None
    assert line.score.value == published.total_line.score.value  # the form's own 得分, not the computed one
    assert [i.score.value for i in read_form.indicators] == [i.score.value for i in published.indicators]
    assert all(i.computed is not None for i in read_form.indicators)
    assert read_form.total is not None and read_form.total.value == published.total.value
    assert read_form.total_computed is not None and read_form.total_computed.value == round(shown.computed_total, 2)
    assert read_form.subtotal_score is not None and read_form.subtotal_score.value == published.subtotal_score.value
    assert errors(clean) == []


def _total_line_cells(view) -> tuple[str, str]:
    line = view.forms[0].model.total_line
    return line.rate.raw, line.score.raw


def test_injected_execution_rate_is_found(view):
    rate, _ = _total_line_cells(view)
    wrong = str(round(float(rate) + 0.02, 8))
    found = errors(read(view, [(NUM.format(rate), NUM.format(wrong))]))
    assert [c for c, *_ in found] == ["selfeval-execution-rate-mismatch"] and found[0][2] == wrong


def test_injected_total_is_found(view):
    total = view.forms[0].model.total.raw
    wrong = total.replace(total[0], str((int(total[0]) + 8) % 10), 1)
    found = errors(read(view, [(NUM.format(total), NUM.format(wrong))]))
    assert [c for c, *_ in found] == ["selfeval-score-sum-mismatch"] and found[0][2] == wrong


def test_injected_budget_score_is_found(view):
    _, score = _total_line_cells(view)
    wrong = score.replace(score[0], str(int(score[0]) - 1), 1)
    found = errors(read(view, [(NUM.format(score), NUM.format(wrong))]))
    assert [c for c, *_ in found] == ["selfeval-score-sum-mismatch"]


def test_injected_score_above_its_weight_is_found(view):
    item = next(i for i in view.forms[0].model.indicators if i.score is not None and i.score.value == i.weight.value)
    weight = item.weight.raw
    over = str(item.weight.value + 2)
    row = NUM.format(weight) + NUM.format(item.score.raw)
    found = errors(read(view, [(row, NUM.format(weight) + NUM.format(over))]))
    assert ("selfeval-score-out-of-range", None, over) in found
    assert {c for c, *_ in found} == {"selfeval-score-out-of-range", "selfeval-score-sum-mismatch"}  # 小计 too
