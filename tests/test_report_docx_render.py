"""The DOCX reports as a reader opens them: LibreOffice (Debian's headless writer) converts each to
PDF, which is then read back and rendered to PNG — not only checked structurally.

Skipped with a reason where LibreOffice is not installed (apt-packages.txt installs it under
``make test`` as root); under ``CI=true`` a missing LibreOffice fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest

from jixiao.cli.report import build_view
from jixiao.report.registry import REPORTS, load_builtin_reports

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Path:
    if SOFFICE is None:
        reason = "需要 LibreOffice（apt-packages.txt：libreoffice-writer-nogui）才能打开 DOCX 报告。"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return tmp_path_factory.mktemp("office")


def _open_in_libreoffice(docx: Path, out: Path) -> Path:
    profile = out / "profile"  # a private LibreOffice profile: tests never share or leave one behind
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir", str(out),
         str(docx)], check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = out / (docx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice did not open {docx.name}"
    return pdf


@pytest.mark.parametrize(
    ("kind", "seed", "expected"),
    [
        ("selfeval-form", "accounts", ["项目支出绩效自评表", "年度资金总额", "警用服装费"]),
        ("goal-table", "goals", ["法律培训费绩效目标表", "37020023P88002811020P", "一级指标"]),
        ("disclosure", "accounts", ["收入支出决算总表", "91,455.09"]),
    ],
)
def test_docx_opens_in_libreoffice_and_shows_its_content(office, goals_doc, accounts_doc, kind, seed, expected):
    load_builtin_reports()
    doc = accounts_doc if seed == "accounts" else goals_doc
    docx = office / f"{kind}.docx"
    REPORTS[kind].renderers["docx"](build_view(kind, [doc]), docx)
    pdf = _open_in_libreoffice(docx, office)
    with pdfplumber.open(pdf) as opened:
        pages = len(opened.pages)
        text = "".join(page.extract_text() or "" for page in opened.pages).replace(" ", "")
    assert pages >= 1
    for word in expected:
        assert word.replace(" ", "") in text, (kind, word)
    png = office / f"{kind}-page"
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(png)], check=True, timeout=60)
    (image,) = office.glob(f"{kind}-page*.png")
    assert image.stat().st_size > 5_000  # a page with content, not a blank sheet
