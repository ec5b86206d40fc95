"""Documents from outside the project are read from ../shared, never committed (README, "Test documents")."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import SHARED, shared_path


def test_missing_shared_document_skips_with_a_reason(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"需要 \.\./shared/corpus/none\.pdf"):
        shared_path("corpus/none.pdf")


def test_missing_shared_document_fails_under_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI 中不能跳过"):
        shared_path("corpus/none.pdf")


def test_present_shared_document_is_returned():
    path = shared_path("fixtures/pdf/shanghai-2024-final-accounts-template.pdf")
    assert path.parent.parent.parent == SHARED and path.read_bytes().startswith(b"%PDF")


def test_no_outside_document_is_committed():
    listed = subprocess.run(
        ["git", "ls-files", "*.pdf", "*.xlsx", "*.xls", "*.docx", "*.doc"],
        capture_output=True, text=True, cwd=Path(__file__).resolve().parent.parent, check=False,
    )  # fmt: skip
    if listed.returncode != 0:
        pytest.skip("不是 git 检出，无法列出已提交的文件。")
    assert listed.stdout.split() == []
