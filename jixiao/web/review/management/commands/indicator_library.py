"""``python -m jixiao.web indicator_library [FOLDER …]``: rebuild the 指标库 from every stored target
table and from the target tables in the files of the folders given (read by the core, not stored)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from jixiao.ingest import read_file
from jixiao.web.review import library


class Command(BaseCommand):
    help = "按全部已存目标表（及所给文件夹中的目标表）重建指标库"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folders", nargs="*", help="含绩效目标表文件的文件夹")

    def handle(self, *args: Any, **options: Any) -> None:
        files = [p for folder in options["folders"] for p in sorted(Path(folder).rglob("*")) if p.is_file()]
        docs = (read_file(p) for p in files)
        count = library.rebuild(docs)
        self.stdout.write(f"指标库已重建：{count}个指标（读取文件{len(files)}个）。")
