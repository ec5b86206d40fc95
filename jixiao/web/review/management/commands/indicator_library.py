"""``python -m jixiao.web indicator_library [FOLDER …] [--rebuild]``: load the target tables and
self-evaluation forms (targets, last years' actuals, met or not) in the files of the folders given
into the 指标库 (read by the core, not stored; added to the library as it is), each folder recorded
(``review.LibraryFolder``); with ``--rebuild`` rebuild the library from every stored target table and
form, every folder loaded before and the folders given. A recorded folder that no longer exists is
reported and skipped (its record kept, so it comes back when the folder does)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from jixiao.ingest import read_file
from jixiao.model.document import Document
from jixiao.web.review import library


def _counts(docs: list[Document]) -> tuple[int, int]:
    """(target tables, self-evaluation forms) in ``docs``."""
    goals = sum(1 for d in docs if d.goals is not None and d.goals.projects)
    forms = sum(len(getattr(b, "self_evaluations", ()) or ()) for d in docs for b in d.all_bodies())
    return goals, forms


def _read(folder: Path) -> tuple[int, list[Document]]:
    files = [p for p in sorted(folder.rglob("*")) if p.is_file()]
    return len(files), [read_file(p) for p in files]


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
        given = [str(Path(f).resolve()) for f in options["folders"]]
        folders = list(dict.fromkeys([*library.loaded_folders(), *given] if options["rebuild"] else given))
        docs: list[Document] = []
        files = 0
        for folder in folders:
            if not Path(folder).is_dir():
                self.stdout.write(f"以前载入的文件夹已不存在，未重新载入：{folder}")
                continue
            count, read = _read(Path(folder))
            library.record_folder(folder, count, *_counts(read))
            files, docs = files + count, docs + read
        goals, forms = _counts(docs)
        read_text = f"读取文件{files}个，其中目标表{goals}个，自评表{forms}张"
        if options["rebuild"]:
            count = library.rebuild(docs)
            loaded = "、".join(f for f in folders if Path(f).is_dir()) or "无"
            self.stdout.write(f"指标库已重建：{count}个指标（按已存目标表和自评表及文件夹：{loaded}；{read_text}）。")
            return
        created, changed = library.add_documents(docs)
        self.stdout.write(f"已载入指标库：新增指标{created}个，更新{changed}个（{read_text}）。")
