"""Evidence files (佐证材料): one table for both records that carry evidence.

An :class:`Attachment` belongs to exactly one record: an evaluator's measurement of one indicator
(:class:`~jixiao.web.evaluations.models.WorkMeasurement`) or a problem under rectification
(:class:`~jixiao.web.rectification.models.Problem`). The bytes live in the data folder under their
SHA-256 (``settings.EVIDENCE_ROOT/ab/abcdef…``), never under the uploaded name, which is kept only
to be shown and offered on download.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.web.evaluations.models import WorkMeasurement
from jixiao.web.rectification.models import Problem


class Attachment(models.Model):
    measurement = models.ForeignKey(
        WorkMeasurement, models.CASCADE, null=True, blank=True, related_name="attachments", verbose_name="测量值"
    )
    problem = models.ForeignKey(
        Problem, models.CASCADE, null=True, blank=True, related_name="attachments", verbose_name="整改问题"
    )
    name = models.CharField("文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    content_type = models.CharField("文件类型", max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="上传人"
    )
    uploaded = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ("uploaded", "id")
        verbose_name = verbose_name_plural = "佐证材料"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(measurement__isnull=False, problem__isnull=True)
                | models.Q(measurement__isnull=True, problem__isnull=False),
                name="attachment_one_record",
            )
        ]

    def __str__(self) -> str:
        return self.name
