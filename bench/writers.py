"""Concurrent writers on SQLite (issue 16): no HTTP 500, no "database is locked".

Starts ``jixiao serve --demo --fresh --no-worker`` (gunicorn, SQLite in WAL mode) on a free
loopback port with its own data folder, then runs ``--writers`` threads at once: each saves a draft
project through the API (``PUT /api/projects/<id>`` with the version it read, so that most saves
meet a newer version and get 409 — the version check — and some succeed) and reads
(token-authenticated ``GET``s) in between. Prints the count of each status and the target:
0 responses with status 500 and 0 failed connections.

    .venv/bin/python bench/writers.py [--writers 100] [--rounds 5]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        data = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        try:
            return resp.status, json.loads(raw or b"{}")
        except ValueError:
            return resp.status, {}
    finally:
        conn.close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    data = Path(tempfile.mkdtemp(prefix="jixiao-writers-"))
    env = {**os.environ, "JIXIAO_DATA": str(data)}
    env.pop("DATABASE_URL", None)
    port = free_port()
    log = (data / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "jixiao", "serve", "--demo", "--fresh", "--no-worker", "--data", str(data),
         "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        for _ in range(120):
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                time.sleep(0.5)
        token = subprocess.run(
            [sys.executable, "-m", "jixiao.web", "jixiao_token", "clerk"], env=env, cwd=ROOT,
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        status, listed = request(port, "GET", "/api/projects?status=draft", token)
        projects = [p for p in listed.get("results", []) if p.get("can_edit", True)][:5]
        if status != 200 or not projects:
            print(f"无法列出草稿项目（状态 {status}）")
            return 2
        counts: Counter[str] = Counter()
        lock = threading.Lock()
        barrier = threading.Barrier(args.writers)

        def writer(k: int) -> None:
            pid = projects[k % len(projects)]["id"]
            barrier.wait()
            for r in range(args.rounds):
                try:
                    s, body = request(port, "GET", f"/api/projects/{pid}", token)
                    version = body.get("version", 1)
                    s2, _ = request(port, "PUT", f"/api/projects/{pid}", token,
                                    {"version": version, "purpose": f"并发保存 {k}-{r}"})
                    with lock:
                        counts[f"GET {s}"] += 1
                        counts[f"PUT {s2}"] += 1
                except OSError as e:
                    with lock:
                        counts[f"connection failed ({type(e).__name__})"] += 1

        threads = [threading.Thread(target=writer, args=(k,)) for k in range(args.writers)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.perf_counter() - start
        print(f"{args.writers} writers × {args.rounds} rounds on SQLite (gunicorn, WAL) in {took:.1f} s:")
        for key, n in sorted(counts.items()):
            print(f"  {key}: {n}")
        bad = sum(n for key, n in counts.items() if key.endswith(" 500") or key.startswith("connection"))
        verdict = "meets" if not bad else "MISSES"
        print(f"target: 0 responses with status 500 and 0 failed connections — {verdict} ({bad})")
        return 0 if not bad else 1
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
