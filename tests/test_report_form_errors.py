"""Errors injected into jixiao's own 项目支出绩效自评表 (report kind ``selfeval-form``) and 财政评价
指标评分表 (``evaluation-table``), read back from the text layer of their PDFs (issue 21): both print
a computed score (得分（计算）, 计算得分) beside the form's own 得分; the readers keep the two apart,
and each injected error is found by its check.

The forms are rendered from the seeds in tests/data (docs 000 and 002) as tests/test_ocr_forms.py
renders them, but read from the text layer (no OCR): fast, and what the scans are compared with."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.checks import run_checks
from jixiao.ingest import read_bytes, read_file
from tests.conftest import shared_path
from tests.scans import report_pdf

DATA = Path(__file__).parent / "data"
NUM = '<td class="num ">{}</td>'


@pytest.fixture(scope="module")
def view():
    import jixiao.report.selfeval as selfeval

    docs = [read_file(DATA / "000_9e54d6a05597118f.txt"), read_file(DATA / "002_898987880c89420a.txt")]
    return selfeval.build_selfeval_forms(docs, project="法律援助及12348业务费")


def read(view, replace=(), name="selfeval-form"):
    return read_bytes(report_pdf(name, view, replace), f"{name}.pdf")


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


# -- 财政评价指标评分表 ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def table():
    import jixiao.report.evaluation as evaluation

    docs = [read_file(DATA / "000_9e54d6a05597118f.txt"), read_file(DATA / "002_898987880c89420a.txt")]
    measurements = Path(__file__).parent.parent / "examples" / "legal-aid-2022-measurements.yaml"
    (shown,) = evaluation.build_evaluation_table(docs, measurements=measurements).tables
    return shown


def read_table(table, replace=()):
    from jixiao.report.evaluation import EvaluationTableBook

    return read(EvaluationTableBook((table,)), replace, "evaluation-table")


def test_clean_score_table_reads_its_own_scores_and_keeps_the_computed_ones(table):
    doc = read_table(table)
    assert doc.kind == "evaluation_scores"
    (read_back,) = doc.forms.score_tables
    assert [(i.weight, i.score, i.raw_rate) for i in read_back.items] == [
        (r.weight, r.published, r.raw_rate) for r in table.rows
    ]
    assert [i.computed for i in read_back.items] == [round(r.computed, 2) for r in table.rows]
    assert read_back.total is not None and read_back.total.value == table.published_total
    assert read_back.total_weight is not None and read_back.total_weight.value == table.weight_total
    assert table.published_total != round(table.computed_total, 2)  # the computed column differs: it was not read
    assert errors(doc) == []


def _row(table, k: int) -> tuple[str, str]:
    r = table.rows[k]
    return NUM.format(r.raw_score) + NUM.format(r.raw_rate), r.raw_score


def _partial(table) -> int:
    return next(k for k, r in enumerate(table.rows) if r.published is not None and 0 < r.published < r.weight)


def test_injected_total_of_the_score_table_is_found(table):
    total = format(table.published_total, "f")
    wrong = format(table.published_total + 1, "f")
    old = f'<td class="num diff">{total}</td><td class=" "></td>'
    found = errors(read_table(table, [(old, old.replace(total, wrong))]))
    assert found == [("score-sum-mismatch", total, wrong)]


def test_injected_score_above_its_weight_is_found_in_the_score_table(table):
    k = _partial(table)
    cells, score = _row(table, k)
    over = format(table.rows[k].weight + 1, "f")
    found = errors(read_table(table, [(cells, cells.replace(score, over, 1))]))
    assert {c for c, *_ in found} == {"score-out-of-range", "score-sum-mismatch"}
    assert ("score-out-of-range", None, over) in found


def test_injected_score_rate_is_found(table):
    k = _partial(table)
    cells, _ = _row(table, k)
    rate = table.rows[k].raw_rate
    wrong = f"{float(rate.rstrip('%')) + 10:.2f}%"
    found = errors(read_table(table, [(cells, cells.replace(rate, wrong))]))
    assert found == [("score-rate-mismatch", rate, wrong)]



@pytest.mark.parametrize("label", ["小计", "小 计", "产出指标小计"])
def test_a_subtotal_inside_the_indicator_rows_does_not_cut_them(label):
    # a 小计 ends the rows only when the 总分 (or the end) follows its numbers; one printed in the middle
    # of the rows (a section's subtotal, as some regions print) must not cut the indicators after it.
    # Corpus 04 (河北廊坊, one cell a line) with such a row put before its 效益指标.
    text = shared_path("corpus/text/04_hebei-langfang_project-selfeval_2019.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(n for n, ln in enumerate(lines) if ln.strip() == "效益指标")
    (before,) = read_bytes(text.encode("utf-8"), "04.txt").forms.self_evaluations
    varied = [*lines[:at], label, "", "50", "", "50", "", *lines[at:]]
    (after,) = read_bytes("\n".join(varied).encode("utf-8"), "04.txt").forms.self_evaluations
    names = [i.name for i in after.indicators if "小计" not in i.name.replace(" ", "")]
    assert names == [i.name for i in before.indicators] and len(names) == 9
