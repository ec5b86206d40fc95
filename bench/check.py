"""Checking speed (run on demand: `make bench`). Target (issue #8): checking the parsed seed 002
takes under 100 ms."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from jixiao.checks import run_checks
from jixiao.ingest import read_file

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "qingdao-justice-2022-final-accounts.txt"
TARGET_MS = 100.0


def main() -> int:
    doc = read_file(SEED)
    run_checks([doc])  # load the check modules once
    runs, start = 0, time.perf_counter()
    while time.perf_counter() - start < 2.0 or runs < 5:
        report = run_checks([doc])
        runs += 1
    ms = (time.perf_counter() - start) / runs * 1000
    print(f"target: < {TARGET_MS:.0f} ms to check the parsed seed 002")
    print(f"{SEED.name}: {ms:.1f} ms per run ({runs} runs), {len(report.findings)} findings "
          f"— {'meets' if ms < TARGET_MS else 'MISSES'} the target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
