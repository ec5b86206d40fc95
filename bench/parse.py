"""Reading speed and peak memory (process RSS) of the text readers (run on demand: `make bench`).

Target (issue #2): at least 5 MB/s of text on one core.
Measures each seed on its own (repeated until ~2 s have passed) and a large goal-table
book made by repeating seed 000's projects (renumbered) to about 5 MB.
"""

from __future__ import annotations

import re
import resource
import sys
import time
from pathlib import Path

from jixiao.ingest import read_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [
    ROOT / "examples" / "qingdao-justice-2023-goal-tables.txt",
    ROOT / "examples" / "qingdao-justice-2022-final-accounts.txt",
]
TARGET_MB_S = 5.0


def speed(text: str, seconds: float = 2.0) -> tuple[float, float, int]:
    """MB/s by CPU time of this process (one core; steady under other load) and by wall time."""
    size = len(text.encode("utf-8"))
    n, start, cpu0 = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - start < seconds or n == 0:
        read_text(text, "bench.txt")
        n += 1
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu0
    return size * n / cpu / 1e6, size * n / wall / 1e6, n


def peak_rss_mb() -> float:
    """The process's peak resident set so far (ru_maxrss, kilobytes on Linux), not Python's heap."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def big_goal_book(target_bytes: int = 5_000_000) -> str:
    text = SEEDS[0].read_text(encoding="utf-8")
    head, first = text.split("\n1.", 1)
    body = "1." + first
    parts, k, size = [head], 0, len(head)
    while size < target_bytes:
        k += 1
        chunk = re.sub(r"^(\d+)\.", lambda m, k=k: f"{int(m.group(1)) + 10 * k}.", body, flags=re.M)
        parts.append(chunk)
        size += len(chunk.encode("utf-8"))
    return "\n".join(parts)


def main() -> int:
    print(f"target: ≥ {TARGET_MB_S} MB/s of text on one core (judged on CPU time; wall time shown too)")
    worst = float("inf")
    cases = [(p.name, p.read_text(encoding="utf-8")) for p in SEEDS] + [("goal book ×N (≈5 MB)", big_goal_book())]
    for name, text in cases:
        mb_s, wall_mb_s, runs = speed(text)
        worst = min(worst, mb_s)
        mb = len(text.encode("utf-8")) / 1e6
        print(f"{name:45s} {mb:7.3f} MB  {mb_s:6.2f} MB/s CPU  {wall_mb_s:6.2f} MB/s wall  ({runs} runs)"
              f"  peak RSS so far {peak_rss_mb():7.1f} MB")
    print(f"slowest: {worst:.2f} MB/s — {'meets' if worst >= TARGET_MB_S else 'MISSES'} the target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
