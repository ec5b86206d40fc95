from __future__ import annotations

import os
from pathlib import Path

import pytest

from jixiao.ingest import read_file

DATA = Path(__file__).parent / "data"
GOALS = DATA / "000_9e54d6a05597118f.txt"
ACCOUNTS = DATA / "002_898987880c89420a.txt"

# Real documents from outside the project (published PDFs, the corpus of other provinces) are never
# committed: they live in ../shared beside the checkout, on every developer machine and in CI.
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def shared_path(relative: str) -> Path:
    """The path of ``relative`` under ../shared; skips the calling test where ../shared is absent.

    Under ``CI=true`` a missing file fails instead, so CI can never pass without the real documents.
    """
    path = SHARED / relative
    if path.exists():
        return path
    reason = f"需要 ../shared/{relative}（项目外的真实文档，不随项目分发）：{SHARED} 下没有此文件，跳过。"
    if os.environ.get("CI") == "true":
        pytest.fail(reason.replace("，跳过。", "；CI 中不能跳过。"), pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def goals_doc():
    return read_file(GOALS)


@pytest.fixture(scope="session")
def accounts_doc():
    return read_file(ACCOUNTS)
