"""The bundled seeds are the published documents, byte for byte (mistakes included)."""

import hashlib

from tests.conftest import ACCOUNTS, GOALS


def test_seed_bytes_unchanged():
    # sha256 of the originals in ../shared/seeds at the time they were copied
    assert hashlib.sha256(GOALS.read_bytes()).hexdigest()[:16] == SHA[GOALS.name]
    assert hashlib.sha256(ACCOUNTS.read_bytes()).hexdigest()[:16] == SHA[ACCOUNTS.name]


SHA = {"000_9e54d6a05597118f.txt": "d848780f8931df89", "002_898987880c89420a.txt": "7e598ef057078355"}
