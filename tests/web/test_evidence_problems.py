"""Evidence files (佐证材料) of a problem under rectification, on the workflow world: the clerk of the owner
unit (clerk2, 124005) uploads a real PDF while rectifying; who may download it (the owner, the reviewer, the
bureau; not the other unit's clerk; the public is sent to the login); refused types and sizes; removal by the
uploader while the problem is open; the audit trail; the API (multipart upload, list, download, delete)."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from jixiao.web.attachments import service
from jixiao.web.attachments.models import Attachment
from jixiao.web.rectification import flow
from jixiao.web.store import models as m
from tests.conftest import shared_path
from tests.web.test_rectification import FINANCE, auth, login, user

PDF = "fixtures/pdf/shanghai-2024-final-accounts-template.pdf"


@pytest.fixture
def evidence_root(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


@pytest.fixture
def problem(world, db, evidence_root):
    made = flow.import_evaluation(user("reviewer"), m.Evaluation.objects.get(title=FINANCE))
    return next(p for p in made if p.title == "绩效指标不够明确合理")


@pytest.fixture
def pdf() -> bytes:
    return shared_path(PDF).read_bytes()


def upload(client: Client, pk: int, name: str, data: bytes):
    return client.post(f"/evidence/problems/{pk}/", {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_clerk_uploads_a_pdf_stored_by_hash_listed_and_audited(problem, pdf, evidence_root):
    clerk2 = login("clerk2")
    page = upload(clerk2, problem.pk, "../../整改报告.pdf", pdf).content.decode()
    assert "已上传佐证材料：整改报告.pdf" in page
    att = Attachment.objects.get()
    sha = hashlib.sha256(pdf).hexdigest()
    assert (att.problem_id, att.name, att.size, att.sha256, att.content_type, att.uploaded_by.username) == (
        problem.pk, "整改报告.pdf", len(pdf), sha, "application/pdf", "clerk2")
    stored = evidence_root / sha[:2] / sha
    assert stored.read_bytes() == pdf and list(evidence_root.rglob("*.pdf")) == []  # the name is never a path
    assert f'/evidence/{att.pk}/file' in page and "整改报告.pdf" in page
    entry = m.AuditEntry.objects.get(object_type="rectification.problem", object_id=str(problem.pk),
                                     action="evidence-add")
    assert entry.user.username == "clerk2" and entry.changes == {
        "evidence": [None, {"name": "整改报告.pdf", "size": len(pdf), "sha256": sha}]}
    assert "上传佐证材料" in clerk2.get(f"/rectification/problems/{problem.pk}/").content.decode()


@pytest.mark.parametrize(("username", "status"), [("clerk2", 200), ("reviewer", 200), ("bureau", 200),
                                                  ("admin", 200), ("clerk", 403), ("evaluator", 403)])
def test_download_permission_matrix(problem, pdf, username, status):
    att = service.add(user("clerk2"), problem, pdf, name="整改报告.pdf")
    r = login(username).get(f"/evidence/{att.pk}/file")
    assert r.status_code == status
    if status == 200:
        assert b"".join(r.streaming_content) == pdf
        assert r["Content-Type"] == "application/pdf"
        assert r["Content-Disposition"] == "attachment; filename*=UTF-8''%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf"


def test_the_public_is_sent_to_the_login(problem, pdf):
    att = service.add(user("clerk2"), problem, pdf, name="a.pdf")
    r = Client().get(f"/evidence/{att.pk}/file")
    assert r.status_code == 302 and r["Location"].startswith("/accounts/login/")
    assert Client().get(f"/api/evidence/{att.pk}/file").status_code == 401


@pytest.mark.parametrize("username", ["reviewer", "clerk", "bureau"])
def test_only_the_owner_units_clerk_uploads(problem, pdf, username):
    r = login(username).post(f"/evidence/problems/{problem.pk}/", {"file": SimpleUploadedFile("a.pdf", pdf)})
    assert r.status_code == 403 and not Attachment.objects.exists()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("setup.exe", b"MZ\x90\x00", "不支持的文件类型“.exe”"),
    ("报告.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "不支持的文件类型“.doc”"),
    ("伪装.pdf", b"MZ\x90\x00" + b"\x00" * 64, "文件内容是可执行程序"),
    ("图片.png", b"%PDF-1.4\n", "文件扩展名为 .png，但内容是PDF 文件"),
    ("说明.txt", b"\x00\x01\x02binary", "内容不是文本"),
    ("page.html", b"<script>alert(1)</script>", "不支持的文件类型“.html”"),
])
def test_refused_types_say_why_in_chinese(problem, name, data, message):
    page = upload(login("clerk2"), problem.pk, name, data).content.decode()
    assert message in page and not Attachment.objects.exists()


def test_too_large_is_refused(problem, pdf, settings):
    settings.EVIDENCE_LIMIT_BYTES = 1024 * 1024
    big = pdf + b"\n%" + b"x" * (1024 * 1024)
    page = upload(login("clerk2"), problem.pk, "大.pdf", big).content.decode()
    assert "佐证材料不得超过 1 MB" in page and not Attachment.objects.exists()


def test_uploader_removes_while_open_not_after_verification(problem, pdf, evidence_root,
                                                            django_capture_on_commit_callbacks):
    clerk2 = login("clerk2")
    att = service.add(user("clerk2"), problem, pdf, name="a.pdf")
    keep = service.add(user("clerk2"), problem, b"2023\xe5\xb9\xb4\xe7\x9b\xae\xe6\xa0\x87\xe8\xa1\xa8", name="b.txt")
    assert login("reviewer").post(f"/evidence/{att.pk}/remove/").status_code == 403  # not the uploader
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once no record names it
        assert clerk2.post(f"/evidence/{att.pk}/remove/").status_code == 302
    assert list(Attachment.objects.values_list("name", flat=True)) == ["b.txt"]
    assert not (evidence_root / att.sha256[:2] / att.sha256).exists()
    assert m.AuditEntry.objects.filter(object_id=str(problem.pk), action="evidence-remove").count() == 1
    p = flow.move(user("clerk2"), problem, "rectify", problem.version, "已量化")
    flow.move(user("reviewer"), p, "verify", p.version, "已核实")
    assert clerk2.post(f"/evidence/{keep.pk}/remove/").status_code == 403  # the problem is closed
    assert upload(clerk2, problem.pk, "c.txt", b"late").status_code == 403


def test_api_upload_list_download_delete(problem, pdf):
    client = Client()
    r = client.post(f"/api/evidence/problems/{problem.pk}", {"file": SimpleUploadedFile("整改.pdf", pdf)},
                    **auth("clerk2"))
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["name"], body["size"], body["content_type"], body["uploaded_by"], body["removable"]) == (
        "整改.pdf", len(pdf), "application/pdf", "clerk2", True)
    listed = client.get(f"/api/evidence/problems/{problem.pk}", **auth("reviewer")).json()
    assert [f["sha256"] for f in listed["files"]] == [hashlib.sha256(pdf).hexdigest()]
    assert listed["can_add"] is False and listed["files"][0]["removable"] is False
    assert client.get(f"/api/evidence/problems/{problem.pk}", **auth("clerk")).status_code == 404
    shown = client.get(f"/api/rectification/problems/{problem.pk}", **auth("bureau")).json()["files"]
    assert [(f["name"], f["url"]) for f in shown] == [("整改.pdf", f"/api/evidence/{body['id']}/file")]
    assert client.get(f"/api/evidence/{body['id']}/file", **auth("clerk")).status_code == 404
    r = client.get(f"/api/evidence/{body['id']}/file", **auth("reviewer"))
    assert r.status_code == 200 and b"".join(r.streaming_content) == pdf
    r = client.post(f"/api/evidence/problems/{problem.pk}", {"file": SimpleUploadedFile("x.zip", b"PK\x03\x04")},
                    **auth("clerk2"))
    assert r.status_code == 400 and "不支持的文件类型“.zip”" in r.json()["error"]
    assert client.delete(f"/api/evidence/{body['id']}", **auth("reviewer")).status_code == 403
    assert client.delete(f"/api/evidence/{body['id']}", **auth("clerk2")).status_code == 204
    assert not Attachment.objects.exists()


def test_text_in_gb18030_is_served_with_its_charset(problem):
    text = "整改情况说明：2023年目标表已量化。".encode("gb18030")
    att = service.add(user("clerk2"), problem, text, name="说明.txt")
    r = login("reviewer").get(f"/evidence/{att.pk}/file")
    assert r["Content-Type"] == "text/plain; charset=gb18030" and b"".join(r.streaming_content) == text
    utf8 = service.add(user("clerk2"), problem, "说明".encode(), name="u.txt")
    assert utf8.content_type == "text/plain; charset=utf-8"


@given(st.text(max_size=400))
def test_shown_name_is_never_a_path(name):
    shown = service.clean_name(name)
    assert shown and len(shown) <= 255 and "/" not in shown and "\\" not in shown
    assert not any(ord(c) < 32 or ord(c) == 127 for c in shown)


def test_an_uploaded_file_stands_as_the_evidence_of_rectify(problem, pdf):
    """整改: a text or an evidence file (or both) is the evidence; neither is refused in Chinese."""
    clerk2 = login("clerk2")
    r = clerk2.post(f"/rectification/problems/{problem.pk}/rectify/", {"version": problem.version, "text": ""},
                    follow=True)
    assert "“提交整改结果”须填写整改情况及佐证，或先上传佐证材料。" in r.content.decode()
    problem.refresh_from_db()
    assert problem.status == "pending"
    page = clerk2.get(f"/rectification/problems/{problem.pk}/").content.decode()
    assert "（填写整改情况，或先上传佐证材料）" in page and 'name="text" rows="3" cols="60" required' in page
    upload(clerk2, problem.pk, "整改报告.pdf", pdf)
    page = clerk2.get(f"/rectification/problems/{problem.pk}/").content.decode()
    assert "（已上传佐证材料，可不填）" in page and 'name="text" rows="3" cols="60" required' not in page
    r = clerk2.post(f"/rectification/problems/{problem.pk}/rectify/", {"version": problem.version, "text": ""},
                    follow=True)
    problem.refresh_from_db()
    assert (problem.status, problem.evidence) == ("rectified", "")
    assert "已提交整改结果" in r.content.decode()
    p = flow.move(user("reviewer"), problem, "reject", problem.version, "佐证不足")  # back to 整改中: the file stays
    p = flow.move(user("clerk2"), p, "rectify", p.version, "  ")
    assert p.status == "rectified"


def test_the_opinion_still_needs_its_text_with_files(problem, pdf):
    service.add(user("clerk2"), problem, pdf, name="a.pdf")
    p = flow.move(user("clerk2"), problem, "rectify", problem.version)
    with pytest.raises(flow.FlowError, match="“核实通过”须填写核实意见。"):
        flow.move(user("reviewer"), p, "verify", p.version, "")


def test_the_rectification_report_lists_each_problems_files_in_every_format(problem, pdf):
    """整改情况表: the files of each problem named in its 整改情况及佐证 cell and listed on 佐证材料清单
    (问题序号, 文件名, 类型, 大小, SHA-256 前12位, 上传人, 上传时间) in HTML, XLSX, DOCX and PDF."""
    import io

    import docx
    import openpyxl
    import pdfplumber
    from django.utils import timezone

    from jixiao.report.rectification import file_size

    note = "整改情况说明：2023年目标表已量化。".encode()
    a = service.add(user("clerk2"), problem, pdf, name="整改报告.pdf")
    b = service.add(user("clerk2"), problem, note, name="说明.txt")
    flow.move(user("clerk2"), problem, "rectify", problem.version, "已修订指标")
    bureau = login("bureau")
    rows = [p for p in flow.visible(user("bureau")).order_by("unit__code", "deadline", "id")]
    k = rows.index(problem) + 1
    expected = [
        [str(k), "绩效指标不够明确合理", att.name, kind, file_size(att.size), att.sha256[:12], "clerk2",
         timezone.localtime(att.uploaded).strftime("%Y-%m-%d %H:%M")]
        for att, kind in ((a, "PDF 文件"), (b, "文本"))]
    assert file_size(len(pdf)).endswith(" KB") and file_size(len(note)) == f"{len(note)} 字节"

    html = bureau.get("/rectification/report.html").content.decode()
    assert "佐证材料清单" in html and "佐证材料2件：整改报告.pdf；说明.txt（见佐证材料清单）" in html
    for row in expected:
        assert all(cell in html for cell in row[2:])
    assert "共2件佐证材料，涉及1个问题" in html

    wb = openpyxl.load_workbook(io.BytesIO(bureau.get("/rectification/report.xlsx").content))
    assert wb.sheetnames == ["整改情况", "佐证材料"]
    sheet = [[str(v) for v in r if v is not None] for r in wb["佐证材料"].iter_rows(values_only=True)]
    start = sheet.index(["问题序号", "问题", "文件名", "类型", "大小", "SHA-256（前12位）", "上传人", "上传时间"])
    assert sheet[start + 1:start + 3] == expected
    main = [[str(v) for v in r if v is not None] for r in wb["整改情况"].iter_rows(values_only=True)]
    mine = next(r for r in main if "绩效指标不够明确合理" in "".join(r))
    assert "已修订指标\n佐证材料2件：整改报告.pdf；说明.txt（见佐证材料清单）" in mine

    document = docx.Document(io.BytesIO(bureau.get("/rectification/report.docx").content))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "问题序号")
    assert [[c.text for c in r.cells] for r in table.rows[1:]] == expected

    with pdfplumber.open(io.BytesIO(bureau.get("/rectification/report.pdf").content)) as doc:
        text = "".join(pg.extract_text() or "" for pg in doc.pages).replace("\n", "").replace(" ", "")
    assert "佐证材料清单" in text
    for row in expected:
        assert row[5] in text and row[2] in text


def test_no_files_no_list(problem):
    html = login("bureau").get("/rectification/report.html").content.decode()
    assert "佐证材料清单" not in html and "件佐证材料" not in html
