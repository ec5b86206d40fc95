"""The ``jixiao`` command: a thin layer over the library, with ``--json`` everywhere."""

from __future__ import annotations

import typer

from jixiao.cli import catalogue as catalogue_cmd
from jixiao.cli import parse as parse_cmd

app = typer.Typer(
    help="jixiao（绩效）：预算绩效管理——读取、评分、检查、发布。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("parse", help="读取文档（绩效目标表、部门决算），显示读到的内容和发现的问题。")(parse_cmd.parse)
app.command("catalogue", help="列出所有发现类型（代码、级别、标题、消息模板）。")(catalogue_cmd.catalogue)


@app.callback()
def _root() -> None:
    """jixiao（绩效）：预算绩效管理。"""


def main() -> None:
    app()
