"""Checking an uploaded file before anything reads it: name, size and content (magic bytes).

Allowed: ``.txt`` (text: no NUL bytes, decodable as UTF-8 or GB18030), ``.pdf`` (starts with
``%PDF-``) and ``.xlsx`` (a zip archive holding ``[Content_Types].xml`` and ``xl/``). Files are
only ever read by the core (``jixiao.ingest``), never executed, never served back as files.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from jixiao.ingest.limits import LIMITS
from jixiao.ingest.xlsx.reader import zip_bomb_reason

ALLOWED_SUFFIXES = (".txt", ".pdf", ".xlsx")
SNIFF_BYTES = 64 * 1024
EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xce")


def upload_limit() -> int:
    """The largest upload: the site's setting, never more than the core reads at all (``LIMITS``)."""
    return min(int(getattr(settings, "UPLOAD_LIMIT_BYTES", 20 * 1024 * 1024)), LIMITS.file_bytes)


def _read_all(file: Any) -> bytes:
    if isinstance(file, (bytes, bytearray)):
        return bytes(file)
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read()
    if hasattr(file, "seek"):
        file.seek(0)
    return data


def _mb(n: int) -> str:
    return format(n / (1024 * 1024), ".0f") if n % (1024 * 1024) == 0 else format(n / (1024 * 1024), ".1f")


def validate_upload(file: Any, name: str | None = None) -> None:
    """Raise ``ValidationError`` (Chinese message) unless ``file`` is an allowed, sound document.

    ``file``: a Django ``UploadedFile`` (or any object with ``name``/``size``/``read``), or bytes
    with ``name`` given.
    """
    name = name or getattr(file, "name", "") or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        shown = suffix or "（无扩展名）"
        raise ValidationError(f"不支持的文件类型“{shown}”：只接受 .txt、.pdf、.xlsx 文件。", code="type")
    size = getattr(file, "size", None)
    limit = upload_limit()
    if size is not None and size > limit:
        raise ValidationError(f"文件过大（{_mb(size)} MB）：上传文件不得超过 {_mb(limit)} MB。", code="size")
    data = _read_all(file)
    if len(data) > limit:
        raise ValidationError(f"文件过大（{_mb(len(data))} MB）：上传文件不得超过 {_mb(limit)} MB。", code="size")
    if not data.strip():
        raise ValidationError("文件为空。", code="empty")
    if data.startswith(EXECUTABLE_MAGIC):
        raise ValidationError("文件内容是可执行程序，拒绝接收。", code="content")
    {".txt": check_text, ".pdf": _check_pdf, ".xlsx": _check_xlsx}[suffix](data)


def check_text(data: bytes) -> None:
    if len(data) > LIMITS.text_bytes:
        raise ValidationError(
            f"文本文件过大（{_mb(len(data))} MB）：文本文件不得超过 {_mb(LIMITS.text_bytes)} MB。", code="size"
        )
    head = data[:SNIFF_BYTES]
    if b"\x00" in head or head.startswith((b"%PDF-", b"PK\x03\x04")):
        raise ValidationError("文件扩展名为 .txt，但内容不是文本。", code="content")
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
            return
        except UnicodeDecodeError:
            continue
    raise ValidationError("文本文件的编码无法识别（应为 UTF-8 或 GBK/GB18030）。", code="content")


def _check_pdf(data: bytes) -> None:
    if not data[:1024].lstrip().startswith(b"%PDF-"):
        raise ValidationError("文件扩展名为 .pdf，但内容不是 PDF 文件。", code="content")


def _check_xlsx(data: bytes) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise ValidationError("文件扩展名为 .xlsx，但内容不是 Excel 工作簿。", code="content")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise ValidationError("Excel 工作簿已损坏，无法打开。", code="content") from e
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ValidationError("文件扩展名为 .xlsx，但内容不是 Excel 工作簿。", code="content")
    bomb = zip_bomb_reason(data)  # the core's limits, from the zip directory alone
    if bomb is not None:
        raise ValidationError(bomb + "。", code="size")
    if any(n.lower().endswith(("vbaproject.bin", ".exe", ".dll")) for n in names):
        raise ValidationError("工作簿含有宏或可执行内容，拒绝接收（请另存为不含宏的 .xlsx）。", code="content")
