"""Background import of an uploaded document (django-tasks; ``jixiao serve`` runs the worker).

The upload view stores the bytes in an :class:`~jixiao.web.pages.models.ImportJob` and enqueues
:func:`import_upload` with the job's id; the task reads the file with the core reader
(``read_bytes``, which picks the reader of a text, a PDF or an Excel workbook), stores it
with ``mapping.import_document``,
counts the findings of the checks, queues the update of the 指标库 with a target table's
indicators (``review.tasks.update_library``), and moves the job through its stages so the page polling
it can show progress (scanned pages: pages read by OCR so far of all, :func:`read_upload`).
A document the uploader may not hold is refused with the Chinese
reason (``workflow.ownership``); a document already stored stops at the stage ``duplicate``
until the uploader chooses to import it as a new version (``store.versions``) or to cancel.
A failure is recorded on the job (in Chinese), never raised to the page.
"""

from __future__ import annotations

from django_tasks import task

from jixiao.web.pages.models import ImportJob


def _stage(job: ImportJob, stage: str, percent: int, message: str = "") -> None:
    job.stage, job.percent, job.message = stage, percent, message
    job.save(update_fields=["stage", "percent", "message", "updated"])


def read_upload(name: str, data: bytes, job: ImportJob | None = None):
    """The core's reading of the uploaded bytes; with ``job``, its scanned pages read by OCR
    are shown on the job as they are read (pages done / total, between 10 % and 50 %)."""
    from jixiao.ingest import read_bytes
    from jixiao.ingest.ocr.progress import showing

    if job is None:
        return read_bytes(data, name)

    def shown(done: int, total: int, page: int) -> None:
        message = f"正在用OCR识别扫描页：已完成 {done}/{total} 页" + (f"，正在识别第{page}页" if page else "")
        _stage(job, ImportJob.Stage.READING, 10 + 40 * done // max(total, 1), message)

    with showing(shown):
        return read_bytes(data, name)


def run_import(job_id: int) -> int | None:
    """Do the import of job ``job_id``; the new SourceDocument's id (None on failure)."""
    from jixiao.web.pages.stored import refresh_document
    from jixiao.web.store.mapping import import_document
    from jixiao.web.store.versions import already_stored, replace
    from jixiao.web.workflow.ownership import upload_refusal

    job = ImportJob.objects.get(pk=job_id)
    try:
        _stage(job, ImportJob.Stage.READING, 10)
        data = bytes(job.raw)
        doc = read_upload(job.file_name, data, job)
        if not doc.readable or doc.kind == "unknown":
            codes = "、".join(sorted({f.message for f in doc.findings})[:3])
            _stage(job, ImportJob.Stage.FAILED, 100, f"无法识别为绩效目标表或部门决算。{codes}")
            return None
        refusal = upload_refusal(job.user, doc)
        if refusal is not None:
            job.raw = b""
            job.save(update_fields=["raw"])
            _stage(job, ImportJob.Stage.FAILED, 100, f"未导入：{refusal}")
            return None
        if not job.as_version:
            old, why = already_stored(doc, data)
            if old is not None:  # the uploader chooses on the job page: a new version, or cancel
                job.duplicate_of, job.duplicate_reason = old, why[:300]
                job.save(update_fields=["duplicate_of", "duplicate_reason"])
                _stage(job, ImportJob.Stage.DUPLICATE, 100, f"{why}，尚未导入：请选择作为新版本导入或取消。")
                return None
        _stage(job, ImportJob.Stage.STORING, 50)
        sd = import_document(doc, data, user=job.user)
        job.document = sd
        job.save(update_fields=["document"])
        note = ""
        if job.as_version and job.duplicate_of is not None:
            removed, kept = replace(job.duplicate_of, sd)
            note = f"已作为“{job.duplicate_of.file_name}”的新版本导入：替换旧版本中未提交的记录 {removed} 条"
            note += f"，已提交或已审核的 {kept} 条保留。" if kept else "。"
        _stage(job, ImportJob.Stage.CHECKING, 80)
        summary = refresh_document(sd)  # its findings counted and its forms scored, kept on the records
        found = sum(n for _, _, n in summary)
        job.raw = b""
        job.save(update_fields=["raw"])
        if doc.goals is not None and doc.goals.projects:  # the 指标库 learns the new target tables
            from jixiao.web.review.tasks import update_library

            update_library.enqueue(sd.pk)
        _stage(job, ImportJob.Stage.DONE, 100, f"{note}已读取并入库，检查发现 {found} 条。")
        return sd.pk
    except Exception as e:  # the page must show why, not crash the worker
        _stage(job, ImportJob.Stage.FAILED, 100, f"导入失败：{type(e).__name__}: {e}")
        return None


@task()
def import_upload(job_id: int) -> int | None:
    return run_import(job_id)
