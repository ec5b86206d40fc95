"""Reading a ruled page from pypdfium2's characters and paths gives exactly what pdfminer
(pdfplumber) gives: every line, table cell and amount of the real PDFs and of seed 002's
tables rendered to a PDF (issue 20, item 3)."""

from __future__ import annotations

import pytest

from jixiao.ingest import pdf as pdf_module
from jixiao.ingest import pdf_geometry, read_bytes
from jixiao.serialize import document_dict
from tests.conftest import shared_path

REAL = [
    "fixtures/pdf/shanghai-putuo-social-work-dept-2024-final-accounts.pdf",
    "fixtures/pdf/shanghai-2024-final-accounts-template.pdf",
    "corpus/pdf/putuo-commerce-units-2025-budget.pdf",
    "corpus/pdf/putuo-govoffice-2025-budget.pdf",
    "corpus/pdf/putuo-govoffice-units-2025-budget.pdf",
    "corpus/pdf/putuo-justice-2026-budget.pdf",
    "corpus/pdf/putuo-justice-units-2026-budget.pdf",
    "corpus/pdf/putuo-wanli-subdistrict-2024-budget.pdf",
]


def _pdfminer_only(monkeypatch) -> None:
    """The reader as before: pages with vector graphics go through pdfplumber."""
    shape = pdf_geometry.page_shape
    monkeypatch.setattr(pdf_geometry, "page_shape", lambda raw, page: shape(raw, page)._replace(geometry=None))


def _both(monkeypatch, data: bytes):
    fast = pdf_module.extract_text(data)
    doc = document_dict(read_bytes(data, "x.pdf"))
    with monkeypatch.context() as m:
        _pdfminer_only(m)
        slow = pdf_module.extract_text(data)
        slow_doc = document_dict(read_bytes(data, "x.pdf"))
    return fast, slow, doc, slow_doc


def _assert_same(fast, slow, doc, slow_doc) -> None:
    assert [p.lines for p in fast.pages] == [p.lines for p in slow.pages]
    assert [p.tables for p in fast.pages] == [p.tables for p in slow.pages]
    assert [(p.images, p.error) for p in fast.pages] == [(p.images, p.error) for p in slow.pages]
    assert doc == slow_doc  # every table, cell, amount, fact and finding


@pytest.mark.parametrize("relative", REAL)
def test_real_pdfs_read_the_same_with_pdfium_rules(monkeypatch, relative):
    data = shared_path(relative).read_bytes()
    fast, slow, doc, slow_doc = _both(monkeypatch, data)
    _assert_same(fast, slow, doc, slow_doc)
    if "fixtures" in relative:  # no printed spaces pdfium drops: every ruled page takes the fast path
        assert all(p.engine == "pypdfium2" for p in fast.pages)


def test_seed_tables_pdf_reads_the_same_with_pdfium_rules(monkeypatch):
    from tests.test_pdf import seed_tables_pdf

    fast, slow, doc, slow_doc = _both(monkeypatch, seed_tables_pdf())
    _assert_same(fast, slow, doc, slow_doc)
    assert all(p.engine == "pypdfium2" for p in fast.pages)
    assert sum(p.tables for p in fast.pages) >= 9


def test_pdfium_edges_give_pdfplumbers_tables():
    import pdfplumber
    import pypdfium2

    path = shared_path(REAL[0])

    def rows(tables):
        return [[[tuple(round(v, 3) for v in c) if c else None for c in r.cells] for r in t.rows] for t in tables]

    with pdfplumber.open(path) as plumber:
        doc = pypdfium2.PdfDocument(path.read_bytes())
        for index, page in enumerate(plumber.pages):
            shape = pdf_geometry.page_shape(pypdfium2.raw, doc[index])
            if shape.geometry is None:
                continue
            expected = page.find_tables() if page.lines or page.rects else []
            assert rows(pdf_geometry.find_tables(shape.geometry)) == rows(expected), f"page {index + 1}"
        doc.close()
