"""Folders of documents loaded into the 指标库 (``indicator_library FOLDER``): their documents are
read, not stored, so each folder is recorded (``review.LibraryFolder``) and every rebuild — the
command's ``--rebuild``, the library page's button, ``POST /api/review/library/rebuild`` — reads them
again. A recorded folder that no longer exists is reported and skipped; its record is kept, so it
counts again when it comes back."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.ingest import read_file
from jixiao.model.document import Document
from jixiao.web.review import library
from jixiao.web.review.models import LibraryFolder


@dataclass
class Loaded:
    """What was read: the folders read, those recorded but gone, the files and documents."""

    folders: list[str] = field(default_factory=list)
    vanished: list[str] = field(default_factory=list)
    files: int = 0
    documents: list[Document] = field(default_factory=list)

    @property
    def tables(self) -> int:
        return sum(1 for d in self.documents if d.goals is not None and d.goals.projects)

    @property
    def forms(self) -> int:
        return sum(len(getattr(b, "self_evaluations", ()) or ()) for d in self.documents for b in d.all_bodies())

    def said(self) -> str:
        """``读取文件37个，其中目标表3个，自评表19张``"""
        return f"读取文件{self.files}个，其中目标表{self.tables}个，自评表{self.forms}张"

    def gone(self) -> list[str]:
        return [f"以前载入的文件夹已不存在，未重新载入：{f}" for f in self.vanished]


def loaded_folders() -> list[str]:
    """The folders loaded into the library before, by path."""
    return list(LibraryFolder.objects.order_by("path").values_list("path", flat=True))


def read(folders: Iterable[str | Path], again: bool = False) -> Loaded:
    """Read the files of ``folders`` (and with ``again`` of every folder loaded before) and record
    each folder read; a folder that is not there is listed in :attr:`Loaded.vanished`."""
    given = [str(Path(f).resolve()) for f in folders]
    out = Loaded()
    for folder in dict.fromkeys([*loaded_folders(), *given] if again else given):
        if not Path(folder).is_dir():
            out.vanished.append(folder)
            continue
        files = [p for p in sorted(Path(folder).rglob("*")) if p.is_file()]
        one = Loaded([folder], [], len(files), [read_file(p) for p in files])
        LibraryFolder.objects.update_or_create(path=folder, defaults={
            "files": one.files, "tables": one.tables, "forms": one.forms})
        out.folders.append(folder)
        out.files += one.files
        out.documents += one.documents
    return out


def rebuild(folders: Iterable[str | Path] = ()) -> tuple[int, Loaded]:
    """Rebuild the library from the stored tables and forms, every folder loaded before and
    ``folders``: (entries, what was read)."""
    loaded = read(folders, again=True)
    return library.rebuild(loaded.documents), loaded
