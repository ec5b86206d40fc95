"""PDF limits (issue 16, item 1): page count, inflated stream size and a time budget per page; a page
over a limit is kept as ``pdf-page-skipped`` and reading goes on; the libraries' warnings are caught."""

from __future__ import annotations

from dataclasses import replace

import pytest

import jixiao.ingest.pdf as pdf_reader
from jixiao.ingest import read_bytes
from jixiao.ingest.limits import LIMITS
from tests.pdfmake import inflating_pdf, one_page_pdf, text_pdf


def _codes(doc):
    return [f.code for f in doc.findings]


def test_pages_over_the_limit_are_reported_and_not_read(monkeypatch):
    monkeypatch.setattr(pdf_reader, "LIMITS", replace(LIMITS, pdf_pages=2))
    doc = read_bytes(text_pdf(["Page text 1"], pages=5), "five.pdf")
    (over,) = [f for f in doc.findings if f.code == "pdf-pages-over-limit"]
    assert "共5页" in over.message and "前2页" in over.message
    assert sorted({u.source.page for u in doc.unplaced}) == [1, 2]


def test_a_stream_that_inflates_to_40_mb_is_skipped_unparsed_issue_16():
    data = inflating_pdf(40)
    assert len(data) < 1024 * 1024
    doc = read_bytes(data, "bomb.pdf")
    (skipped,) = [f for f in doc.findings if f.code == "pdf-page-skipped"]
    assert skipped.source.page == 1 and "解压后超过 20 MB" in skipped.message, skipped.message


def test_a_page_over_its_time_budget_is_skipped_and_reading_goes_on(monkeypatch):
    monkeypatch.setattr(pdf_reader, "LIMITS", replace(LIMITS, pdf_page_seconds=1, pdf_stream_bytes=10**9))
    doc = read_bytes(inflating_pdf(8), "slow.pdf")
    (skipped,) = [f for f in doc.findings if f.code == "pdf-page-skipped"]
    assert skipped.source.page == 1 and "超过 1 秒" in skipped.message, skipped.message


def test_library_warnings_are_findings_not_stderr(capsys):
    # a path and a printed space of its own (pdfium drops it, so the page goes through pdfminer)
    # and an undefined font: pdfminer logs a warning
    content = b"10 10 m 20 20 l S BT /F9 12 Tf 50 800 Td (abc) Tj ET BT /F1 12 Tf 300 400 Td ( ) Tj ET"
    doc = read_bytes(one_page_pdf(content), "warn.pdf")
    assert capsys.readouterr().err == ""
    (note,) = [f for f in doc.findings if f.code == "pdf-library-notes"]
    assert "FontBBox" in note.original and "FontBBox" not in note.message
    assert [u.text for u in doc.unplaced] == ["abc"]


@pytest.mark.parametrize("cut", [200, 5000, 60000])
def test_a_truncated_fixture_pdf_is_a_chinese_finding(cut):
    from tests.conftest import shared_path

    data = shared_path("fixtures/pdf/shanghai-putuo-social-work-dept-2024-final-accounts.pdf").read_bytes()[:cut]
    doc = read_bytes(data, "cut.pdf")
    for f in doc.findings:
        assert not any(c.isascii() and c.isalpha() for c in f.message.replace("PDF", "")), f.message
