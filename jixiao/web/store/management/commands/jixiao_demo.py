"""``python -m jixiao.web jixiao_demo [--fresh] [--examples DIR]``: the demo database."""

from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from jixiao.web.store import demo


class Command(BaseCommand):
    help = "建立演示数据库：迁移、导入示例文档、创建各角色的演示账号并打印。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fresh", action="store_true", help="先清空数据库中的全部数据")
        parser.add_argument("--examples", type=Path, default=demo.EXAMPLES_DIR, help="示例文档目录（*.txt）")

    def handle(self, *args, fresh: bool = False, examples: Path = demo.EXAMPLES_DIR, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if fresh:
            call_command("flush", interactive=False, verbosity=0)
        if not examples.is_dir():
            self.stderr.write(f"示例文档目录不存在：{examples}")
        else:
            for name in demo.import_examples(examples):
                self.stdout.write(f"已导入：{name}")
            for line in demo.attach_measurements(examples):
                self.stdout.write(line)
        demo.create_accounts()
        if examples.is_dir():  # the example monitoring reports (jixiao.web.monitoring), so the demo shows lights
            from jixiao.web.monitoring.demo import load_examples

            for line in load_examples(examples / "monitoring"):
                self.stdout.write(line)
        self.stdout.write(demo.accounts_table())
