"""``jixiao serve [--data DIR] [--host 127.0.0.1] [--port 8000] [--demo/--no-demo] [--fresh]``.

Runs the web app with Django's own server (no auto-reload): migrates the database, loads the
demo (bundled documents + one account per role) when asked or when the database is empty,
starts one background-task worker (``db_worker`` of django-tasks-db) and serves until Ctrl-C.
The data folder holds the SQLite database unless ``DATABASE_URL`` points at PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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
    typer.echo(f"jixiao 绩效：http://{'[' + host + ']' if ':' in host else host}:{port}/  （Ctrl-C 停止）")
    child = _start_worker() if worker else None
    signal.signal(signal.SIGTERM, _stop)  # `kill` stops the worker too (the finally below)
    try:
        call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True, skip_checks=True)
    finally:
        if child is not None:
            child.terminate()
            child.wait(timeout=10)


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


def _start_worker() -> subprocess.Popen:
    """One ``db_worker`` for background jobs (imports); on SQLite one worker avoids lock contention."""
    command = [sys.executable, "-m", "jixiao.web", "db_worker", "--no-startup-delay"]
    return subprocess.Popen(command, env=os.environ.copy())
