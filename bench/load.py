"""Load test of the web app (issue #5): 50 concurrent users browsing and saving against PostgreSQL.

Run: ``.venv/bin/python bench/load.py [--users 50] [--duration 60] [--warmup 10] [--server gunicorn|runserver]``
(``make bench-load``). Target on this 2-core machine: p95 latency under 200 ms and no errors.

What it does, on loopback only, bounded in time and stopping by itself:

1. creates a fresh PostgreSQL database (``--database-url``, default
   ``postgres://postgres@127.0.0.1:5432/jixiao_load``; dropped again at the end), migrates it and
   loads the demo (bundled documents + the README's demo accounts) with ``jixiao_demo``;
2. starts the app: by default gunicorn (``jixiao.web.wsgi:application``, ``--workers`` processes
   × ``--threads`` threads, the production set-up of docs/web.md), or ``jixiao serve``
   (Django's threaded development server, one process) with ``--server runserver``;
3. runs ``--users`` simulated users, one thread each (stdlib ``http.client``, keep-alive, own
   cookies and CSRF token): every user logs in as a demo account (clerk, clerk2, reviewer,
   bureau, evaluator) or stays anonymous (the public), then browses like a person — the
   organisation tree, department dashboards, units, project pages, self-evaluations, the
   final-accounts page, evaluation reports — following only links the pages showed them, with a
   think time of ``--think`` seconds (uniform) between pages. Clerks each own one 2023 draft
   project of 124001 and now and then (``--save-every``) open its edit form and save it (the
   ``version`` field included, the goal text toggled), which the app audits;
4. after ``--duration`` seconds of measurement (requests in the first ``--warmup`` seconds are
   not counted: each server process fills its cache of checks and scores then) prints requests
   per second, latency percentiles per page kind and errors, and the target verdict.

An error is any transport failure, any status ≥ 400, a login that does not log in, or a save
that is not accepted (anything but the redirect to the project page). The exit status is 1 when
the target is missed.
"""

from __future__ import annotations

import argparse
import html.parser
import http.client
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/jixiao_load"
TARGET_P95_MS = 200.0
ACCOUNTS = {
    "clerk": "jixiao-clerk-2026",
    "clerk2": "jixiao-clerk2-2026",
    "reviewer": "jixiao-reviewer-2026",
    "bureau": "jixiao-bureau-2026",
    "evaluator": "jixiao-evaluator-2026",
}
ROLES = ("clerk", "reviewer", "bureau", "public", "evaluator", "clerk2")  # users take these in turn
LINK = re.compile(r'href="(/(?:org|departments|projects|selfevals|final-accounts|evaluations)/\d+/)"')
KIND = re.compile(r"^/([a-z-]+)/")
SAVE_MARK = "（负载测试）"


# ---------------------------------------------------------------- database and server


def _database_parts(url: str) -> tuple[str, str]:
    """(URL of the maintenance database ``postgres``, name of the bench database)."""
    parsed = urllib.parse.urlsplit(url)
    name = parsed.path.lstrip("/")
    if parsed.scheme not in ("postgres", "postgresql") or not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"需要 PostgreSQL 地址（postgres://user@host:port/name，库名为小写字母数字）：{url}")
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"负载测试只在本机回环地址上运行：{parsed.hostname}")
    return urllib.parse.urlunsplit(parsed._replace(path="/postgres")), name


def recreate_database(url: str, drop_only: bool = False) -> None:
    import psycopg

    admin, name = _database_parts(url)
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(args: argparse.Namespace, data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DATABASE_URL=args.database_url,
        JIXIAO_DATA=str(data),
        JIXIAO_SECRET_KEY="jixiao-load-bench-only",
        JIXIAO_DEBUG="0",
        PYTHONUNBUFFERED="1",
    )
    return env


def load_demo(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "jixiao.web", "jixiao_demo"], cwd=REPO, env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def start_server(args: argparse.Namespace, env: dict[str, str], data: Path, port: int, log: Path) -> subprocess.Popen:
    if args.server == "gunicorn":
        command = [
            sys.executable, "-m", "gunicorn", "jixiao.web.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.workers), "--threads", str(args.threads), "--worker-class", "gthread",
            "--keep-alive", "30", "--access-logfile", "-", "--log-level", "warning",
        ]  # fmt: skip
    else:
        command = [
            sys.executable, "-c", "from jixiao.cli.app import main; main()", "serve", "--no-demo", "--no-worker",
            "--data", str(data), "--port", str(port),
        ]  # fmt: skip
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_until_serving(port: int, process: subprocess.Popen, log: Path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"服务器退出（代码 {process.returncode}）：\n{log.read_text(errors='replace')[-3000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.25)
    raise SystemExit("服务器未能在规定时间内启动")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# ---------------------------------------------------------------- one simulated user


@dataclass
class Sample:
    start: float
    ms: float
    kind: str
    status: int
    error: str | None = None


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


class FormFields(html.parser.HTMLParser):
    """The named inputs and textareas of the first ``<form method="post" class="panel">`` (the edit form)."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[list[str]] = []
        self.inside = False
        self.textarea: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form" and "panel" in (a.get("class") or ""):
            self.inside = True
        elif tag == "template":
            self.inside = False  # the row template holds empty fields
        elif self.inside and tag == "input" and a.get("name") and a.get("type") not in ("button", "submit"):
            self.fields.append([a["name"] or "", a.get("value") or ""])
        elif self.inside and tag == "textarea" and a.get("name"):
            self.textarea = [a["name"] or "", ""]
            self.fields.append(self.textarea)

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


class User:
    """A person with a browser: cookies, the links seen so far, a role and maybe a project to edit."""

    def __init__(self, number: int, role: str, port: int, recorder: Recorder, args: argparse.Namespace) -> None:
        self.number, self.role, self.port, self.recorder, self.args = number, role, port, recorder, args
        self.random = random.Random(args.seed * 1000 + number)
        self.cookies: dict[str, str] = {}
        self.links: set[str] = {"/"}
        self.project: str | None = None
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, kind: str, body: dict | list | None = None) -> tuple[int, str, dict]:
        headers = {"Host": f"127.0.0.1:{self.port}", "User-Agent": "jixiao-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body).encode("utf-8")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        start = time.monotonic()
        for attempt in (1, 2):  # a kept-alive connection the server closed meanwhile: reconnect once
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", errors="replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as e:
                self.conn = None
                if attempt == 2:
                    self.recorder.add(Sample(start, (time.monotonic() - start) * 1000, kind, 0, repr(e)))
                    return 0, "", {}
            except OSError as e:
                self.conn = None
                self.recorder.add(Sample(start, (time.monotonic() - start) * 1000, kind, 0, repr(e)))
                return 0, "", {}
        ms = (time.monotonic() - start) * 1000
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.conn = None
        error = f"HTTP {response.status}" if response.status >= 400 else None
        self.recorder.add(Sample(start, ms, kind, response.status, error))
        return response.status, text, dict(response.headers)

    def fail(self, kind: str, message: str) -> None:
        self.recorder.add(Sample(time.monotonic(), 0.0, kind, 0, message))

    def think(self, deadline: float) -> None:
        time.sleep(max(0.0, min(self.random.uniform(*self.args.think), deadline - time.monotonic())))

    def login(self) -> bool:
        status, text, _ = self.request("GET", "/accounts/login/", "login-form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        if status != 200 or token is None:
            return False
        form = {"csrfmiddlewaretoken": token.group(1), "username": self.role, "password": ACCOUNTS[self.role],
                "next": "/"}  # fmt: skip
        status, _, _ = self.request("POST", "/accounts/login/", "login", form)
        if status != 302 or "sessionid" not in self.cookies:
            self.fail("login", f"登录失败：{self.role}（HTTP {status}）")
            return False
        return True

    def browse(self, path: str) -> None:
        kind = _kind(path)
        status, text, _ = self.request("GET", path, kind)
        if status == 200:
            self.links.update(LINK.findall(text))

    def save(self) -> None:
        status, text, _ = self.request("GET", f"{self.project}edit/", "project-edit-form")
        if status != 200:
            return
        parser = FormFields()
        parser.feed(text)
        fields = parser.fields
        for item in fields:
            if item[0] == "goal":
                goal = item[1]
                item[1] = goal[: -len(SAVE_MARK)] if goal.endswith(SAVE_MARK) else goal + SAVE_MARK
        status, _, headers = self.request("POST", f"{self.project}edit/", "project-save", [tuple(f) for f in fields])
        if status != 302 or not headers.get("Location", "").endswith(self.project):
            self.fail("project-save", f"保存未被接受：HTTP {status}")

    def run(self, deadline: float) -> None:
        try:
            self.session(deadline)
        except Exception as e:  # a crashed user is an error of the bench run, never silent
            self.fail("user", f"用户线程异常：{e!r}")

    def session(self, deadline: float) -> None:
        # people arrive one by one during the warm-up (a login costs ~0.3 s of CPU: PBKDF2 by design)
        time.sleep(self.number * self.args.warmup * 0.8 / max(1, self.args.users))
        if self.role != "public" and not self.login():
            return
        self.browse("/")
        steps = 0
        while time.monotonic() < deadline:
            self.think(deadline)
            if time.monotonic() >= deadline:
                break
            steps += 1
            if self.project and steps % self.args.save_every == 0:
                self.save()
            else:
                self.browse(self.pick())
        if self.conn is not None:
            self.conn.close()

    def pick(self) -> str:
        """The next page: mostly a detail page seen so far, sometimes back to the tree."""
        if self.random.random() < 0.1:
            return "/"
        return self.random.choice(sorted(self.links))


def _kind(path: str) -> str:
    found = KIND.match(path)
    return found.group(1) if found else "home"


def clerk_projects(port: int) -> list[str]:
    """The 2023 draft projects of 124001 as the clerk sees them (one per saving user)."""
    user = User(-1, "clerk", port, Recorder(), argparse.Namespace(seed=0, think=(0, 0)))
    if not user.login():
        raise SystemExit("演示账号 clerk 无法登录")
    _, text, _ = user.request("GET", "/", "setup")
    unit = re.search(r'href="(/org/\d+/)">124001', text)
    if unit is None:
        raise SystemExit("组织机构中没有 124001")
    _, text, _ = user.request("GET", unit.group(1), "setup")
    return sorted(set(re.findall(r'href="(/projects/\d+/)"', text)), key=lambda p: int(p.split("/")[2]))


# ---------------------------------------------------------------- report


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]  # nearest rank


def report(samples: list[Sample], start: float, seconds: float, args: argparse.Namespace, setup: str) -> bool:
    measured = [s for s in samples if s.start >= start]
    errors = [s for s in samples if s.error]  # errors count also during the warm-up
    latencies = [s.ms for s in measured if not s.error]
    p95 = percentile(latencies, 95)
    print(f"\n== 负载测试结果（{setup}）")
    print(f"用户 {args.users} 个，测量 {seconds:.0f} 秒（之前预热 {args.warmup:.0f} 秒不计），"
          f"思考时间 {args.think[0]}–{args.think[1]} 秒")  # fmt: skip
    print(f"请求 {len(measured)} 次，{len(measured) / seconds:.1f} 次/秒；保存 "
          f"{sum(1 for s in measured if s.kind == 'project-save')} 次")  # fmt: skip
    if latencies:
        print(f"延迟（毫秒）：p50 {percentile(latencies, 50):.0f}  p95 {p95:.0f}  p99 {percentile(latencies, 99):.0f}"
              f"  最大 {max(latencies):.0f}  平均 {statistics.fmean(latencies):.0f}")  # fmt: skip
    by_kind: dict[str, list[float]] = defaultdict(list)
    for s in measured:
        if not s.error:
            by_kind[s.kind].append(s.ms)
    print(f"{'页面':<20}{'次数':>8}{'p50':>8}{'p95':>8}{'最大':>8}")
    for kind, values in sorted(by_kind.items(), key=lambda kv: -len(kv[1])):
        print(f"{kind:<20}{len(values):>8}{percentile(values, 50):>8.0f}{percentile(values, 95):>8.0f}"
              f"{max(values):>8.0f}")  # fmt: skip
    print(f"错误 {len(errors)} 个")
    for message, count in sorted(_count(f"{s.kind}: {s.error}" for s in errors).items())[:20]:
        print(f"  {count} × {message}")
    ok = bool(latencies) and p95 < TARGET_P95_MS and not errors
    verdict = "达到" if ok else "未达到"
    print(f"目标：p95 < {TARGET_P95_MS:.0f} 毫秒且无错误 —— {verdict}（p95 {p95:.0f} 毫秒，错误 {len(errors)} 个）")
    return ok


def _count(items) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item] += 1
    return counts


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="jixiao 网页负载测试（PostgreSQL，本机回环）")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="测量秒数")
    parser.add_argument("--warmup", type=float, default=20.0, help="预热秒数：用户陆续登录，不计入结果")
    parser.add_argument("--think", type=float, nargs=2, default=(0.5, 2.0), metavar=("MIN", "MAX"))
    parser.add_argument("--save-every", type=int, default=8, help="填报人每隔几步保存一次")
    parser.add_argument("--server", choices=("gunicorn", "runserver"), default="gunicorn")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn 进程数")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn 每进程线程数")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    data = Path(tempfile.mkdtemp(prefix="jixiao-load-"))
    port = free_port()
    log = data / "server.log"
    env = server_env(args, data)
    process = None
    recreate_database(args.database_url)
    try:
        print(f"准备数据库 {args.database_url} 与演示数据 …", flush=True)
        load_demo(env)
        process = start_server(args, env, data, port, log)
        wait_until_serving(port, process, log)
        projects = clerk_projects(port)
        setup = (f"gunicorn {args.workers} 进程 × {args.threads} 线程" if args.server == "gunicorn"
                 else "jixiao serve（Django 开发服务器）") + "，PostgreSQL"  # fmt: skip
        print(f"服务器：{setup}，http://127.0.0.1:{port}/；填报人可编辑项目 {len(projects)} 个", flush=True)
        recorder = Recorder()
        begin = time.monotonic()
        measure_from = begin + args.warmup
        deadline = measure_from + args.duration
        users = []
        for i in range(args.users):
            user = User(i, ROLES[i % len(ROLES)], port, recorder, args)
            if user.role == "clerk" and projects:
                user.project = projects.pop(0)
            users.append(user)
        threads = [threading.Thread(target=u.run, args=(deadline,), daemon=True) for u in users]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(1.0, deadline - time.monotonic() + 40))
        ok = report(recorder.samples, measure_from, args.duration, args, setup)
        return 0 if ok else 1
    finally:
        if process is not None:
            stop(process)
        recreate_database(args.database_url, drop_only=True)
        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
