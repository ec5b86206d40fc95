"""The ``jixiao`` command: a thin layer over the library, with ``--json`` everywhere."""

from __future__ import annotations

import sys

import typer

from jixiao.cli import catalogue as catalogue_cmd
from jixiao.cli import check as check_cmd
from jixiao.cli import export as export_cmd
from jixiao.cli import monitor as monitor_cmd
from jixiao.cli import parse as parse_cmd
from jixiao.cli import report as report_cmd
from jixiao.cli import score as score_cmd
from jixiao.cli import serve as serve_cmd
from jixiao.cli.common import EXIT_HELP, EXIT_NOT_DONE, usage_message

app = typer.Typer(
    help="jixiao（绩效）：预算绩效管理——读取、评分、检查、发布。",
    epilog=EXIT_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
COMMANDS = (  # name, module function, help; every command but the two listings states the exit contract
    ("parse", parse_cmd.parse, "读取文档（绩效目标表、部门决算），显示读到的内容和发现的问题。"),
    ("score", score_cmd.score, "按评分方案计算自评表和评价报告的得分，并与表中得分逐项比较。"),
    ("report", report_cmd.report, "生成报告（决算公开、目标表、自评表、评分表、检查报告）：HTML、XLSX、DOCX、PDF。"),
    ("check", check_cmd.check, "检查文档中的每一个数字：合计、勾稽、说明与表格、目标表、自评表、评价报告。"),
    ("catalogue", catalogue_cmd.catalogue, "列出所有发现类型（代码、级别、标题、消息模板）。"),
    ("export", export_cmd.export, "将绩效目标表或绩效自评表导出为官方版式的Excel填报模板。"),
    ("monitor", monitor_cmd.monitor, "绩效运行监控（双监控）：按规则集计算红黄绿蓝灯，列出须填写的偏差原因和措施。"),
    ("serve", serve_cmd.serve, "启动网页应用（默认 http://127.0.0.1:8000）：迁移数据库，需要时导入演示数据。"),
)
for _name, _fn, _help in COMMANDS:
    app.command(_name, help=_help, epilog=EXIT_HELP)(_fn)


@app.callback()
def _root() -> None:
    """jixiao（绩效）：预算绩效管理。"""


def main() -> None:
    """Run the command; the framework's own usage errors come out in Chinese with status 2."""
    try:
        code = app(standalone_mode=False)
    except Exception as e:  # the CLI framework's usage errors (a ClickException of typer's vendored click)
        if not (hasattr(e, "format_message") and type(e).__module__.startswith("typer")):
            raise
        name = sys.argv[1] if len(sys.argv) > 1 else ""
        known = {c.name for c in app.registered_commands}
        help_hint = f"jixiao {name} --help" if name in known else "jixiao --help"
        typer.echo(f"错误：{usage_message(e.format_message())}（用 {help_hint} 查看用法）", err=True)
        sys.exit(EXIT_NOT_DONE)
    sys.exit(code if isinstance(code, int) else 0)
