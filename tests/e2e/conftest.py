"""Browser tests: a real ``jixiao serve`` and Debian's chromium driven by Playwright.

Approach: the server is the command a newcomer runs (``jixiao serve --demo --fresh``) in a
subprocess, on a free loopback port, with a throw-away data folder (SQLite, the bundled demo
documents and accounts), so the browser sees exactly what ``make demo`` shows — migrations,
demo loading, static files and all. Playwright's sync API launches ``/usr/bin/chromium``
(never a downloaded browser) headless with the arguments of stack.md.

Nothing here needs Django in the test process. Playwright's sync API keeps an event loop in
the main thread, which makes Django's ORM refuse synchronous calls; the loop lives only as long
as this package's tests, and ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set for exactly that time.

When chromium or Playwright is missing the tests are skipped with a message, except under
``CI=true`` where they fail. Screenshots go to a temporary folder, or to ``$JIXIAO_SCREENSHOTS``
(``make screenshots`` points it at docs/screenshots).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_SECONDS = 180
WAIT_MS = 20_000  # the longest any page or htmx answer may take in the browser
REPO = Path(__file__).resolve().parents[2]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: browser test against a live `jixiao serve` (Playwright + chromium)")


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "未安装 Playwright（pip install -r requirements-dev.txt）"
    if not os.access(CHROMIUM, os.X_OK):
        return f"未找到 {CHROMIUM}（apt-get install chromium）"
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    mine = [item for item in items if here in Path(str(item.path)).parents]
    for item in mine:
        item.add_marker(pytest.mark.e2e)
    reason = _missing_browser()
    if reason is None or not mine:
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"端到端测试无法运行：{reason}。CI 中不能跳过。")
    for item in mine:
        item.add_marker(pytest.mark.skip(reason=f"跳过浏览器测试：{reason}"))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    data: Path
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def _wait_until_serving(url: str, process: subprocess.Popen, server: Server) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"jixiao serve 退出（代码 {process.returncode}）：\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(url + "/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"jixiao serve 在 {SERVER_START_SECONDS} 秒内未就绪：\n{server.log_tail()}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # jixiao serve turns SIGTERM into a clean stop
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """``jixiao serve --demo --fresh`` on a free loopback port with its own data folder (SQLite)."""
    data = tmp_path_factory.mktemp("e2e-data")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "JIXIAO_DATA")}
    env.update(JIXIAO_SECRET_KEY="jixiao-e2e-only-not-secret", JIXIAO_DEBUG="0", PYTHONUNBUFFERED="1")
    command = [
        sys.executable, "-c", "from jixiao.cli.app import main; main()",
        "serve", "--demo", "--fresh", "--no-worker", "--data", str(data), "--host", "127.0.0.1", "--port", str(port),
    ]  # fmt: skip
    log = data / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    running = Server(f"http://127.0.0.1:{port}", data, log)
    try:
        _wait_until_serving(running.url, process, running)
        yield running
    finally:
        _stop(process)


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    """Headless Debian chromium through Playwright (never ``playwright install``)."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                yield launched
            finally:
                launched.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, server: Server) -> Iterator[object]:
    """A fresh browser context (no cookies) on the live server, Chinese locale."""
    context = browser.new_context(
        base_url=server.url, locale="zh-CN", viewport={"width": 1280, "height": 860}, device_scale_factor=1
    )
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the test saves its screenshots: ``$JIXIAO_SCREENSHOTS`` or a temporary folder."""
    chosen = os.environ.get("JIXIAO_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("e2e-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None
