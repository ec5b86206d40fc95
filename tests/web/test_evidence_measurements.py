"""Evidence files (佐证材料) of an evaluator's measurement: the seed's finance evaluation of 法律援助及12348业务费
set up by the bureau (tests/web/test_evaluation_work.py), the evaluator enters 预算执行率 and attaches a real
PDF on the measurement page; who may download it; nothing is added or removed once it is submitted; the API."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.web.attachments.models import Attachment
from jixiao.web.evaluations.models import WorkMeasurement
from jixiao.web.store import models as m
from tests.conftest import shared_path
from tests.web.test_evaluation_work import api, create, users  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
PDF = "fixtures/pdf/shanghai-putuo-social-work-dept-2024-final-accounts.pdf"


@pytest.fixture
def measured(client, users, settings, tmp_path):  # noqa: F811
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    pk = create(client, users)
    client.force_login(users["evaluator"])
    client.post(f"/evaluation-work/{pk}/template/", {"template": "qingdao-legal-aid-2022"})
    client.post(f"/evaluation-work/{pk}/measure/", {"indicator": "预算执行率", "actual": "97.47%",
                                                     "actual_of": "368.89/378.5", "check_count": "0"})
    return WorkMeasurement.objects.get(work_id=pk, indicator="预算执行率")


def test_evaluator_attaches_evidence_on_the_measurement_page(client, users, measured):  # noqa: F811
    pdf = shared_path(PDF).read_bytes()
    client.force_login(users["evaluator"])
    page = client.get(f"/evaluation-work/{measured.work_id}/").content.decode()
    assert f'action="/evidence/measurements/{measured.pk}/"' in page  # the upload form of this indicator
    r = client.post(f"/evidence/measurements/{measured.pk}/", {"file": SimpleUploadedFile("决算.pdf", pdf)},
                    follow=True)
    page = r.content.decode()
    att = Attachment.objects.get()
    assert "已上传佐证材料：决算.pdf" in page and f"/evidence/{att.pk}/file" in page
    assert (att.measurement_id, att.sha256, att.size) == (measured.pk, hashlib.sha256(pdf).hexdigest(), len(pdf))
    entry = m.AuditEntry.objects.get(object_type="evaluations.evaluationwork", object_id=str(measured.work_id),
                                     action="evidence-add")
    assert entry.reason == "指标“预算执行率”：决算.pdf" and entry.user.username == "evaluator"
    for username, status in (("evaluator", 200), ("bureau", 200), ("clerk", 403), ("clerk2", 403)):
        client.force_login(users[username])
        r = client.get(f"/evidence/{att.pk}/file")
        assert r.status_code == status, username
        if status == 200:
            assert b"".join(r.streaming_content) == pdf
    assert Client().get(f"/evidence/{att.pk}/file")["Location"].startswith("/accounts/login/")
    client.force_login(users["bureau"])  # a reviewer sees it but may not add
    assert client.post(f"/evidence/measurements/{measured.pk}/",
                       {"file": SimpleUploadedFile("b.txt", b"note")}).status_code == 403


def test_nothing_added_or_removed_once_submitted(client, users, measured):  # noqa: F811
    client.force_login(users["evaluator"])
    r = client.post(f"/api/evidence/measurements/{measured.pk}", {"file": SimpleUploadedFile("a.txt", b"2022")})
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert client.get(f"/api/evidence/measurements/{measured.pk}").json()["files"][0]["name"] == "a.txt"
    type(measured.work).objects.filter(pk=measured.work_id).update(status=m.Status.SUBMITTED)  # out of their hands
    assert client.delete(f"/api/evidence/{pk}").status_code == 403
    r = client.post(f"/api/evidence/measurements/{measured.pk}", {"file": SimpleUploadedFile("b.txt", b"x")})
    assert r.status_code == 403 and "评价人员" in r.json()["error"]
    assert client.get(f"/api/evidence/{pk}/file").status_code == 200
    client.force_login(users["clerk"])
    assert client.get(f"/api/evidence/measurements/{measured.pk}").status_code == 404
    assert client.get(f"/api/evidence/{pk}/file").status_code == 404
