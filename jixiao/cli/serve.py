"""``jixiao serve [--data DIR] [--host 127.0.0.1] [--port 8000] [--demo/--no-demo] [--fresh]``.

Migrates the database, loads the demo (bundled documents + one account per role) when asked or
when the database is empty, then runs the web app under gunicorn (``--workers`` processes ×
``--threads`` threads; static files served by WhiteNoise) and one background-task worker
(``db_worker`` of django-tasks-db), and watches both until Ctrl-C: a worker that dies is started
again, and the jobs it left half done are marked failed with the reason. The data folder holds the
SQLite database (WAL mode) unless ``DATABASE_URL`` points at PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    data: Annotated[Path | None, typer.Option("--data", help="数据目录（默认 $JIXIAO_DATA 或 ./data）")] = None,
    host: Annotated[str, typer.Option("--host", help="监听地址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口")] = 8000,
    demo: Annotated[
        bool | None, typer.Option("--demo/--no-demo", help="导入示例文档并创建演示账号（默认：数据库为空时）")
    ] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="先清空数据库（删除全部数据）")] = False,
    worker: Annotated[bool, typer.Option("--worker/--no-worker", help="同时启动后台任务进程")] = True,
    workers: Annotated[int, typer.Option("--workers", min=1, max=32, help="网页服务进程数")] = 2,
    threads: Annotated[int, typer.Option("--threads", min=1, max=64, help="每个进程的线程数")] = 4,
) -> None:
    _configure_environment(data, host)
    from django.core.management import call_command

    import jixiao.web

    if fresh:
        _remove_sqlite_database()
    jixiao.web.setup()
    call_command("migrate", interactive=False, verbosity=0)
    if fresh:
        call_command("flush", interactive=False, verbosity=0)  # PostgreSQL (SQLite was removed above)
    if demo or (demo is None and _database_is_empty()):
        call_command("jixiao_demo")
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    typer.echo(f"jixiao 绩效：http://{bind}/  （Ctrl-C 停止）")
    server = _start_server(bind, workers, threads)
    child = _start_worker() if worker else None
    signal.signal(signal.SIGTERM, _stop)  # `kill` stops the server and the worker too (the finally below)
    try:
        while server.poll() is None:
            time.sleep(0.5)
            if child is not None and child.poll() is not None:
                typer.echo(f"后台任务进程已退出（代码 {child.returncode}），正在重新启动。", err=True)
                child = _start_worker()
        typer.echo(f"错误：网页服务进程已退出（代码 {server.returncode}）。", err=True)
        raise typer.Exit(2)
    except KeyboardInterrupt:
        pass
    finally:
        for process in (server, child):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _configure_environment(data: Path | None, host: str) -> None:
    if data is not None:
        os.environ["JIXIAO_DATA"] = str(data.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    if host not in LOOPBACK and "JIXIAO_ALLOWED_HOSTS" not in os.environ:
        allowed = "*" if host in ("0.0.0.0", "::") else f"{host},127.0.0.1,localhost"
        os.environ["JIXIAO_ALLOWED_HOSTS"] = allowed


def _remove_sqlite_database() -> None:
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.sqlite3":
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db['NAME']}{suffix}").unlink(missing_ok=True)


def _database_is_empty() -> bool:
    from django.contrib.auth import get_user_model

    from jixiao.web.store.models import SourceDocument

    return not get_user_model().objects.exists() and not SourceDocument.objects.exists()


def _start_server(bind: str, workers: int, threads: int) -> subprocess.Popen:
    """gunicorn with threaded workers (the production set-up of docs/web.md, also used by bench/load.py)."""
    command = [
        sys.executable, "-m", "gunicorn", "jixiao.web.wsgi:application", "--bind", bind,
        "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
        "--timeout", "120", "--graceful-timeout", "10", "--keep-alive", "5", "--log-level", "warning",
    ]  # fmt: skip
    return subprocess.Popen(command, env=os.environ.copy())


def _start_worker() -> subprocess.Popen:
    """One ``db_worker`` for background jobs (imports); on SQLite one worker avoids lock contention.

    Jobs left running by a previous worker cannot be running now: they are marked failed first."""
    from datetime import timedelta

    from jixiao.web.pages.models import ImportJob

    abandoned = ImportJob.fail_abandoned(older_than=timedelta(0))
    if abandoned:
        typer.echo(f"已将 {abandoned} 个未完成的导入任务标记为失败（上一个后台任务进程意外停止）。", err=True)
    command = [sys.executable, "-m", "jixiao.web", "db_worker", "--no-startup-delay"]
    return subprocess.Popen(command, env=os.environ.copy())
