"""An uploaded scan: while its pages are read by OCR, the job page shows pages done / total
(issue 21), fetched over HTTP as the page's htmx poll does."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from jixiao.ingest.ocr import available
from jixiao.web.pages.models import ImportJob
from jixiao.web.store import models as m

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not available(), reason="未安装OCR组件 rapidocr_onnxruntime（pip install -r requirements.txt）"),
]
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _blank_scan(pages: int) -> bytes:
    from PIL import Image

    images = [Image.new("L", (600, 850), 255) for _ in range(pages)]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=150)
    return buf.getvalue()


@override_settings(TASKS=IMMEDIATE)
def test_job_page_shows_ocr_pages_done_while_the_upload_is_read(client, django_user_model, monkeypatch):
    from jixiao.ingest.ocr import scan

    bureau = django_user_model.objects.create_user("bureau-ocr", password="pw-bureau-ocr-2026")
    m.Profile.objects.create(user=bureau, role=m.Role.FINANCE_BUREAU)
    client.force_login(bureau)
    seen: list[str] = []
    real = scan.read_page

    def watched(gray, budget, dpi=200):  # each page: what the job page says just before it is read
        job = ImportJob.objects.latest("id")
        seen.append(client.get(reverse("pages:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode())
        return real(gray, budget, dpi=dpi)

    monkeypatch.setattr(scan, "read_page", watched)
    upload = SimpleUploadedFile("scan.pdf", _blank_scan(2), content_type="application/pdf")
    response = client.post(reverse("pages:upload"), {"file": upload})
    assert response.status_code == 302
    assert len(seen) == 2
    assert "正在读取文件</b>（10%） · 正在用OCR识别扫描页：已完成 0/2 页，正在识别第1页" in seen[0]
    assert "正在读取文件</b>（30%） · 正在用OCR识别扫描页：已完成 1/2 页，正在识别第2页" in seen[1]
    assert 'hx-trigger="every 1s"' in seen[1]  # still running: the page keeps polling
    done = client.get(response["Location"]).content.decode()
    assert "正在用OCR识别扫描页" not in done  # finished: the job says how it ended instead
