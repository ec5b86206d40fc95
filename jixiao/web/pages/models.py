"""An upload being read in the background: its bytes, its stage and the document it became."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

# A job that has not moved for this long while reading, storing or checking has lost its worker
# (killed, machine restarted): it is marked failed rather than shown as running for ever.
JOB_LEASE = timedelta(minutes=10)
ABANDONED = "后台任务进程意外停止，导入没有完成（数据库未改动），请重新上传该文件。"


class ImportJob(models.Model):
    class Stage(models.TextChoices):
        QUEUED = "queued", "排队等待"
        READING = "reading", "正在读取文件"
        STORING = "storing", "正在入库"
        CHECKING = "checking", "正在检查"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"
        DUPLICATE = "duplicate", "已有此文件，等待确认"
        CANCELLED = "cancelled", "已取消"

    file_name = models.CharField("文件名", max_length=255)
    raw = models.BinaryField("文件内容")  # kept only until read; never executed, never served back
    size = models.PositiveIntegerField("大小（字节）", default=0)
    stage = models.CharField("进度", max_length=16, choices=Stage.choices, default=Stage.QUEUED)
    percent = models.PositiveSmallIntegerField("完成百分比", default=0)
    message = models.TextField("说明", blank=True, default="")
    task_id = models.CharField("后台任务编号", max_length=64, blank=True, default="")
    document = models.ForeignKey(
        "store.SourceDocument", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="导入结果"
    )
    duplicate_of = models.ForeignKey(
        "store.SourceDocument",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="已存储的同一文件",
    )
    duplicate_reason = models.CharField("重复原因", max_length=300, blank=True, default="")
    as_version = models.BooleanField("作为新版本导入", default=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name="上传人")
    created = models.DateTimeField("上传时间", auto_now_add=True)
    updated = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "导入任务"
        ordering = ["-created", "-id"]

    @property
    def finished(self) -> bool:
        return self.stage in (self.Stage.DONE, self.Stage.FAILED, self.Stage.DUPLICATE, self.Stage.CANCELLED)

    RUNNING = ("reading", "storing", "checking")

    @classmethod
    def fail_abandoned(cls, *, older_than: timedelta = JOB_LEASE) -> int:
        """Mark failed the jobs left running by a worker that died; how many there were.

        ``jixiao serve`` calls it with ``older_than=timedelta(0)`` before it (re)starts its one
        worker (no job can be running then); the job page with the lease, for workers run apart."""
        cutoff = timezone.now() - older_than
        stale = cls.objects.filter(stage__in=cls.RUNNING, updated__lte=cutoff)
        return stale.update(stage=cls.Stage.FAILED, percent=100, message=ABANDONED, updated=timezone.now())
