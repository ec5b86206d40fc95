from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.ingest import read_file

DATA = Path(__file__).parent / "data"
GOALS = DATA / "000_9e54d6a05597118f.txt"
ACCOUNTS = DATA / "002_898987880c89420a.txt"


@pytest.fixture(scope="session")
def goals_doc():
    return read_file(GOALS)


@pytest.fixture(scope="session")
def accounts_doc():
    return read_file(ACCOUNTS)
