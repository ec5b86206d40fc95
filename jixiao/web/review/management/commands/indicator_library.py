"""``python -m jixiao.web indicator_library [FOLDER …] [--rebuild]``: load the target tables and
self-evaluation forms (targets, last years' actuals, met or not) in the files of the folders given
into the 指标库 (read by the core, not stored; added to the library as it is), or with ``--rebuild``
rebuild the library from every stored target table and form and those folders."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jixiao.ingest import read_file
from jixiao.web.review import library


class Command(BaseCommand):
    help = "把文件夹中的绩效目标表和绩效自评表载入指标库（--rebuild：按全部已存目标表及所给文件夹重建）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folders", nargs="*", help="含绩效目标表文件的文件夹")
        parser.add_argument("--rebuild", action="store_true", help="清空后按全部已存目标表及所给文件夹重建")

    def handle(self, *args: Any, **options: Any) -> None:
        missing = [f for f in options["folders"] if not Path(f).is_dir()]
        if missing:
            raise CommandError(f"不是文件夹：{'、'.join(missing)}")
        files = [p for folder in options["folders"] for p in sorted(Path(folder).rglob("*")) if p.is_file()]
        docs = [read_file(p) for p in files]
        goals = sum(1 for d in docs if d.goals is not None and d.goals.projects)
        forms = sum(len(getattr(b, "self_evaluations", ()) or ()) for d in docs for b in d.all_bodies())
        if options["rebuild"]:
            count = library.rebuild(docs)
            self.stdout.write(f"指标库已重建：{count}个指标（读取文件{len(files)}个，其中目标表{goals}个，自评表{forms}张）。")
            return
        created, changed = library.add_documents(docs)
        self.stdout.write(f"已载入指标库：新增指标{created}个，更新{changed}个（读取文件{len(files)}个，其中目标表{goals}个，自评表{forms}张）。")
