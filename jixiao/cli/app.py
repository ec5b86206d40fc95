"""The ``jixiao`` command: a thin layer over the library, with ``--json`` everywhere."""

from __future__ import annotations

import typer

from jixiao.cli import catalogue as catalogue_cmd
from jixiao.cli import check as check_cmd
from jixiao.cli import export as export_cmd
from jixiao.cli import monitor as monitor_cmd
from jixiao.cli import parse as parse_cmd
from jixiao.cli import report as report_cmd
from jixiao.cli import score as score_cmd
from jixiao.cli import serve as serve_cmd

app = typer.Typer(
    help="jixiao（绩效）：预算绩效管理——读取、评分、检查、发布。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("parse", help="读取文档（绩效目标表、部门决算），显示读到的内容和发现的问题。")(parse_cmd.parse)
app.command("score", help="按评分方案计算自评表和评价报告的得分，并与表中得分逐项比较。")(score_cmd.score)
app.command("report", help="生成报告（部门决算公开、目标表、自评表、评价评分表、检查报告）：HTML、XLSX、DOCX、PDF。")(
    report_cmd.report
)
app.command("check", help="检查文档中的每一个数字：合计、勾稽、说明与表格、目标表、自评表、评价报告。")(check_cmd.check)
app.command("catalogue", help="列出所有发现类型（代码、级别、标题、消息模板）。")(catalogue_cmd.catalogue)
app.command("export", help="将绩效目标表或绩效自评表导出为官方版式的Excel填报模板。")(export_cmd.export)
app.command("monitor", help="绩效运行监控（双监控）：按规则集计算红黄绿蓝灯，列出须填写的偏差原因和措施。")(
    monitor_cmd.monitor
)
app.command("serve", help="启动网页应用（默认 http://127.0.0.1:8000）：迁移数据库，需要时导入演示数据。")(serve_cmd.serve)


@app.callback()
def _root() -> None:
    """jixiao（绩效）：预算绩效管理。"""


def main() -> None:
    app()
