"""``python -m jixiao.web indicator_library [FOLDER …] [--rebuild]``: load the target tables and
self-evaluation forms (targets, last years' actuals, met or not) in the files of the folders given
into the 指标库 (read by the core, not stored; added to the library as it is), each folder recorded
(``review.folders``); with ``--rebuild`` rebuild the library from every stored target table and
form, every folder loaded before and the folders given. A recorded folder that no longer exists is
reported and skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jixiao.web.review import folders, library


class Command(BaseCommand):
    help = "把文件夹中的绩效目标表和绩效自评表载入指标库（--rebuild：按全部已存目标表、自评表及已载入和所给文件夹重建）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folders", nargs="*", help="含绩效目标表文件的文件夹")
        parser.add_argument("--rebuild", action="store_true",
                            help="清空后按全部已存目标表、自评表及以前载入过的和所给文件夹重建")

    def handle(self, *args: Any, **options: Any) -> None:
        missing = [f for f in options["folders"] if not Path(f).is_dir()]
        if missing:
            raise CommandError(f"不是文件夹：{'、'.join(missing)}")
        if options["rebuild"]:
            count, loaded = folders.rebuild(options["folders"])
            for line in loaded.gone():
                self.stdout.write(line)
            read = "、".join(loaded.folders) or "无"
            self.stdout.write(f"指标库已重建：{count}个指标（按已存目标表和自评表及文件夹：{read}；{loaded.said()}）。")
            return
        loaded = folders.read(options["folders"])
        created, changed = library.add_documents(loaded.documents)
        self.stdout.write(f"已载入指标库：新增指标{created}个，更新{changed}个（{loaded.said()}）。")
