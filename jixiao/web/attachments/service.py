"""Adding, listing, reading and removing evidence files, for the pages and the API alike.

Who (the record's own permission functions, nothing new):

- **sees and downloads**: a signed-in user who may see the record — a measurement:
  ``evaluations.service.may_view`` of its evaluation; a problem: ``rectification.flow.can_view``.
  The public never (anonymous users are sent to the login);
- **adds**: whoever may edit the record now — a measurement: ``evaluations.service.may_work`` (the
  assigned evaluators while the evaluation is a draft or returned); a problem: the owner unit's
  clerk (``flow.is_owner``) while it is open (待整改 / 整改中);
- **removes**: the uploader, while they may still add.

A file is accepted by its content, not its name: PDF, PNG / JPEG / GIF / WEBP pictures, .xlsx, .docx
and UTF-8 / GB18030 text, and its extension must say the same; anything else is refused with a
Chinese message, as is a file over ``settings.EVIDENCE_LIMIT_BYTES``. Every add and remove is an
audit entry on the record that owns the history (the evaluation of a measurement, the problem).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from jixiao.ingest.xlsx.reader import zip_bomb_reason
from jixiao.web.attachments.models import Attachment
from jixiao.web.evaluations import service as evaluations
from jixiao.web.evaluations.models import WorkMeasurement
from jixiao.web.rectification import flow
from jixiao.web.rectification.models import Problem
from jixiao.web.workflow import audit
from jixiao.web.workflow.uploads import EXECUTABLE_MAGIC, check_text

Record = WorkMeasurement | Problem
KINDS = {  # extension → (kind sniffed from the content, content type)
    ".pdf": ("pdf", "application/pdf"),
    ".png": ("png", "image/png"),
    ".jpg": ("jpeg", "image/jpeg"),
    ".jpeg": ("jpeg", "image/jpeg"),
    ".gif": ("gif", "image/gif"),
    ".webp": ("webp", "image/webp"),
    ".xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".txt": ("text", "text/plain; charset=utf-8"),
}
KIND_LABELS = {"pdf": "PDF 文件", "png": "PNG 图片", "jpeg": "JPEG 图片", "gif": "GIF 图片", "webp": "WEBP 图片",
               "xlsx": "Excel 工作簿", "docx": "Word 文档", "text": "文本", "zip": "压缩包"}
ALLOWED_TEXT = "PDF、图片（.png/.jpg/.gif/.webp）、Excel（.xlsx）、Word（.docx）或文本（.txt）"


class EvidenceError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


# -- who ----------------------------------------------------------------------------------------


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def may_view(user: Any, record: Record) -> bool:
    if not _signed_in(user):
        return False
    if isinstance(record, WorkMeasurement):
        return evaluations.may_view(user, record.work)
    return flow.can_view(user, record)


def may_add(user: Any, record: Record) -> bool:
    if not _signed_in(user):
        return False
    if isinstance(record, WorkMeasurement):
        return evaluations.may_work(user, record.work)
    return record.is_open and flow.is_owner(user, record.unit_id)


def may_remove(user: Any, att: Attachment) -> bool:
    return _signed_in(user) and att.uploaded_by_id == user.pk and may_add(user, record_of(att))


def record_of(att: Attachment) -> Record:
    return att.measurement if att.measurement_id else att.problem  # type: ignore[return-value]


def history_owner(record: Record) -> Any:
    """The record whose audit trail shows the evidence: the evaluation of a measurement, the problem."""
    return record.work if isinstance(record, WorkMeasurement) else record


# -- what ---------------------------------------------------------------------------------------


def limit() -> int:
    return int(getattr(settings, "EVIDENCE_LIMIT_BYTES", 20 * 1024 * 1024))


def _mb(n: int) -> str:
    return format(n / (1024 * 1024), ".1f").removesuffix(".0")


def clean_name(name: str) -> str:
    """The uploaded name as shown: its last path part, without control characters, at most 255 long."""
    base = PurePath(str(name).replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip()
    return (base or "未命名")[-255:]


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise ValidationError("文件已损坏，无法打开。", code="content") from e
    if any(n.lower().endswith(("vbaproject.bin", ".exe", ".dll")) for n in names):
        raise ValidationError("文件含有宏或可执行内容，拒绝接收。", code="content")
    bomb = zip_bomb_reason(data)
    if bomb is not None:
        raise ValidationError(bomb + "。", code="size")
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
        return "docx"
    return "zip"


def sniff(data: bytes) -> str:
    """The kind of ``data`` read from its first bytes (``text`` when nothing else matches)."""
    head = data[:16]
    if head.startswith(EXECUTABLE_MAGIC):
        raise ValidationError("文件内容是可执行程序，拒绝接收。", code="content")
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return "text"


def validate(data: bytes, name: str) -> tuple[str, str]:
    """``(clean name, content type)`` of an acceptable evidence file; ``ValidationError`` (Chinese) else."""
    shown = clean_name(name)
    suffix = PurePath(shown).suffix.lower()
    if suffix not in KINDS:
        raise ValidationError(
            f"不支持的文件类型“{suffix or '（无扩展名）'}”：佐证材料只接受 {ALLOWED_TEXT} 文件。", code="type"
        )
    if len(data) > limit():
        raise ValidationError(f"文件过大（{_mb(len(data))} MB）：佐证材料不得超过 {_mb(limit())} MB。", code="size")
    if not data.strip():
        raise ValidationError("文件为空。", code="empty")
    expected, content_type = KINDS[suffix]
    found = sniff(data)
    if found == "text":
        check_text(data)
    if found != expected:
        raise ValidationError(
            f"文件扩展名为 {suffix}，但内容是{KIND_LABELS.get(found, '其他格式')}："
            f"佐证材料只接受 {ALLOWED_TEXT} 文件。",
            code="content",
        )
    if found == "text":  # check_text accepted UTF-8 or GB18030: say which, so the browser shows it right
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            content_type = "text/plain; charset=gb18030"
    return shown, content_type


# -- where --------------------------------------------------------------------------------------


def root() -> Path:
    return Path(getattr(settings, "EVIDENCE_ROOT", Path(settings.MEDIA_ROOT) / "evidence"))


def path_of(sha256: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError("not a SHA-256")
    return root() / sha256[:2] / sha256


def _store(data: bytes, sha256: str) -> None:
    target = path_of(sha256)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read(file: Any) -> bytes:
    if isinstance(file, (bytes, bytearray)):
        return bytes(file)
    size = getattr(file, "size", None)
    if size is not None and size > limit():
        raise EvidenceError(400, f"文件过大（{_mb(size)} MB）：佐证材料不得超过 {_mb(limit())} MB。")
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read(limit() + 1)


# -- do -----------------------------------------------------------------------------------------


def listed(user: Any, record: Record) -> list[Attachment]:
    if not may_view(user, record):
        raise EvidenceError(404 if _signed_in(user) else 401, "未找到该记录，或您无权查看其佐证材料。")
    return list(_of(record).select_related("uploaded_by"))


def _of(record: Record):
    if isinstance(record, WorkMeasurement):
        return Attachment.objects.filter(measurement=record)
    return Attachment.objects.filter(problem=record)


def add(user: Any, record: Record, file: Any, name: str | None = None) -> Attachment:
    if not may_add(user, record):
        if isinstance(record, WorkMeasurement):
            raise EvidenceError(403, "只有该评价的评价人员在评价退回或起草时可以上传佐证材料。")
        raise EvidenceError(403, "只有责任单位的经办人在整改期间（待整改、整改中）可以上传佐证材料。")
    data = _read(file)
    try:
        shown, content_type = validate(data, name or getattr(file, "name", "") or "")
    except ValidationError as e:
        raise EvidenceError(400, e.messages[0]) from None
    sha = hashlib.sha256(data).hexdigest()
    _store(data, sha)
    link = {"measurement": record} if isinstance(record, WorkMeasurement) else {"problem": record}
    with transaction.atomic():
        att = Attachment.objects.create(name=shown, size=len(data), sha256=sha, content_type=content_type,
                                        uploaded_by=user, **link)
        audit.record_change(user, history_owner(record), {}, {"evidence": _described(att)},
                            action="evidence-add", reason=_reason(att, record))
    return att


def remove(user: Any, att: Attachment) -> None:
    record = record_of(att)
    if not may_remove(user, att):
        raise EvidenceError(403, "只有上传人可以在记录仍可修改时删除佐证材料。")
    sha = att.sha256
    with transaction.atomic():
        audit.record_change(user, history_owner(record), {"evidence": _described(att)}, {},
                            action="evidence-remove", reason=_reason(att, record))
        att.delete()
        transaction.on_commit(lambda: _forget(sha))


def _forget(sha256: str) -> None:
    if not Attachment.objects.filter(sha256=sha256).exists():
        path_of(sha256).unlink(missing_ok=True)


def _described(att: Attachment) -> dict[str, Any]:
    return {"name": att.name, "size": att.size, "sha256": att.sha256}


def _reason(att: Attachment, record: Record) -> str:
    where = f"指标“{record.indicator}”" if isinstance(record, WorkMeasurement) else "整改问题"
    return f"{where}：{att.name}"


def get(user: Any, pk: int) -> Attachment:
    """Attachment ``pk`` if ``user`` may see its record (401 signed out, 404 unknown, 403 not allowed)."""
    att = Attachment.objects.select_related("measurement__work", "problem").filter(pk=pk).first()
    if not _signed_in(user):
        raise EvidenceError(401, "请先登录。")
    if att is None:
        raise EvidenceError(404, "未找到该佐证材料。")
    if not may_view(user, record_of(att)):
        raise EvidenceError(403, "您无权查看该佐证材料。")
    return att


def as_dict(att: Attachment, user: Any = None) -> dict[str, Any]:
    return {
        "id": att.pk,
        "name": att.name,
        "size": att.size,
        "sha256": att.sha256,
        "content_type": att.content_type,
        "uploaded_by": att.uploaded_by.username if att.uploaded_by_id else None,
        "uploaded": att.uploaded.isoformat(),
        "removable": may_remove(user, att) if user is not None else False,
    }


def kind_label(content_type: str) -> str:
    """The kind of a stored file in words (``PDF 文件``, ``PNG 图片``…), from its content type."""
    bare = content_type.split(";")[0].strip()
    for kind, ct in KINDS.values():
        if ct.split(";")[0] == bare:
            return KIND_LABELS[kind]
    return bare or "其他格式"


def problem_files(problems: Any) -> dict[int, list[Attachment]]:
    """The evidence of every problem in ``problems``, by problem id (one query)."""
    out: dict[int, list[Attachment]] = {}
    for att in Attachment.objects.filter(problem__in=problems).select_related("uploaded_by"):
        out.setdefault(att.problem_id, []).append(att)  # type: ignore[arg-type]
    return out


def measurement_files(work: Any) -> dict[int, list[Attachment]]:
    """The evidence of every measurement of evaluation ``work``, by measurement id (one query)."""
    out: dict[int, list[Attachment]] = {}
    for att in Attachment.objects.filter(measurement__work=work).select_related("uploaded_by"):
        out.setdefault(att.measurement_id, []).append(att)  # type: ignore[arg-type]
    return out
