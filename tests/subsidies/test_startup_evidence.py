"""Supporting documents (证明材料) of a start-up application: upload checked by magic bytes, size and
count with messages naming the file; delete after a confirmation; download only to those who may see
the application, each staff download logged; files kept outside MEDIA_ROOT under random names; a
start-up application cannot be submitted without one."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse

from employment import crypto
from employment.evidence import EvidenceRefused, evidence_check
from employment.models import PersonalDataAccess
from employment.storage import PrivateFileStorage, private_storage
from subsidies import services
from subsidies.models import MAX_FILES_PER_APPLICATION, SubsidyEvidence, SubsidyStatus

from .conftest import JPEG_BYTES, PDF_BYTES, PNG_BYTES, startup_filed

EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@pytest.fixture
def draft(world, policy):
    """Seeker A's start-up application, saved and not yet submitted, with no files."""
    return startup_filed(world, evidence=False)


def _stored_files(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def _upload(client, application, name: str, content: bytes, kind: str = "licence", note: str = ""):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("subsidy-evidence", args=[application.pk]), {"kind": kind, "note": note, "file": upload})


def _add(application, world, name="营业执照.pdf", content=PDF_BYTES, user="seeker_a"):
    return services.evidence_add(application=application, kind="licence", filename=name, content=content,
                                 user=world.users[user])


# ---- the check itself (no database) -----------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("营业执照.pdf", PDF_BYTES, "application/pdf"),
    ("租赁合同.JPG", JPEG_BYTES, "image/jpeg"),
    ("租赁合同.jpeg", JPEG_BYTES, "image/jpeg"),
    ("门店照片.png", PNG_BYTES, "image/png"),
    ("截图.jpg", PNG_BYTES, "image/png"),  # a PNG saved as .jpg: accepted, recorded as what it is
])
def test_accepted_types_by_content(name, content, expected):
    assert evidence_check(content, name, max_bytes=1024 * 1024).content_type == expected


@pytest.mark.parametrize(("name", "content", "says"), [
    ("营业执照.pdf", EXE_BYTES, "Windows 程序"),
    ("营业执照.pdf", b"PK\x03\x04" + b"\x00" * 40, "Word/Excel"),
    ("照片.jpg", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 40, "HEIC"),
    ("照片.png", b"just some text pretending to be an image", "无法识别"),
    ("营业执照.exe", EXE_BYTES, "“.exe”"),
    ("营业执照.docx", b"PK\x03\x04", "只接受 PDF、JPG、PNG"),
    ("营业执照", PDF_BYTES, "没有扩展名"),
    ("空文件.pdf", b"", "空文件"),
])
def test_refused_files_are_named_with_what_is_wrong(name, content, says):
    with pytest.raises(EvidenceRefused) as exc:
        evidence_check(content, name, max_bytes=1024 * 1024)
    assert name in str(exc.value) and says in str(exc.value)


def test_size_limit_boundary():
    limit = 1024
    assert evidence_check(PDF_BYTES + b"\x00" * (limit - len(PDF_BYTES)), "a.pdf", max_bytes=limit)
    with pytest.raises(EvidenceRefused, match="超过了每个文件"):
        evidence_check(PDF_BYTES + b"\x00" * (limit - len(PDF_BYTES) + 1), "a.pdf", max_bytes=limit)


# ---- applying: draft first, evidence, then submit -------------------------------------------------


def test_apply_saves_a_draft_and_leads_to_the_upload_page(world, client_for, policy):
    from domain import identity

    client = client_for(world.users["seeker_a"])
    response = client.post(reverse("subsidy-startup-apply"), {
        "year": "2025", "business_name": "小甲网店", "business_credit_code": identity.make_credit_code("91330203MA2AB1C2D"),
        "business_registered_on": "2025-03-01", "tier": "C", "tier_evidence": "带动就业2人",
        "bank_account_name": "张甲", "bank_name": "中国工商银行宁波海曙支行", "bank_account": "6222020000000001",
    })
    application = world.seeker_a.subsidy_applications.get()
    assert response.status_code == 302 and response["Location"] == reverse("subsidy-evidence", args=[application.pk])
    assert application.status == SubsidyStatus.DRAFT
    # Applying again leads back to the open application instead of starting a second one.
    again = client.get(reverse("subsidy-startup-apply"))
    assert again.status_code == 302 and again["Location"] == reverse("subsidy-detail", args=[application.pk])
    with pytest.raises(ValidationError, match="已有一份尚未提交"):
        startup_filed(world, evidence=False)


def test_submit_without_evidence_is_refused_with_a_clear_message(world, client_for, draft):
    client = client_for(world.users["seeker_a"])
    response = client.post(reverse("subsidy-submit", args=[draft.pk]), follow=True)
    assert "还没有上传证明材料，不能提交审核" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == SubsidyStatus.DRAFT and draft.submitted_at is None
    _add(draft, world)
    client.post(reverse("subsidy-submit", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == SubsidyStatus.TOWN_REVIEW


# ---- upload -----------------------------------------------------------------------------------------


def test_good_upload_is_stored_privately_under_a_random_name(world, client_for, draft, private_media, settings):
    response = _upload(client_for(world.users["seeker_a"]), draft, "张甲营业执照.pdf", PDF_BYTES, note="正本")
    assert response.status_code == 302 and response["Location"] == reverse("subsidy-evidence", args=[draft.pk])
    evidence = draft.evidence_files.get()
    assert (evidence.kind, evidence.note, evidence.original_name) == ("licence", "正本", "张甲营业执照.pdf")
    assert (evidence.size, evidence.content_type, evidence.uploaded_by) == (
        len(PDF_BYTES), "application/pdf", world.users["seeker_a"])
    path = Path(evidence.file.path).resolve()
    # Encrypted at rest (issue 13): the file on disk is not the PDF; the storage reads it back whole.
    stored = path.read_bytes()
    assert stored.startswith(crypto.FILE_MAGIC) and b"%PDF" not in stored
    with private_storage.open(evidence.file.name) as handle:
        assert handle.read() == PDF_BYTES
    # Outside MEDIA_ROOT, inside PRIVATE_MEDIA_ROOT, and nothing personal in the stored name.
    assert path.is_relative_to(Path(private_media).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "张甲" not in evidence.file.name and "营业执照" not in evidence.file.name
    assert evidence.file.name.startswith("subsidy-evidence/") and evidence.file.name.endswith(".pdf")
    with pytest.raises(ValueError):
        private_storage.url(evidence.file.name)
    page = client_for(world.users["seeker_a"]).get(reverse("subsidy-evidence", args=[draft.pk])).content.decode()
    assert "张甲营业执照.pdf" in page and reverse("subsidy-evidence-download", args=[draft.pk, evidence.pk]) in page


def test_private_root_inside_a_served_directory_is_refused(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media" / "private"
    with pytest.raises(ImproperlyConfigured):
        PrivateFileStorage().save("x.pdf", SimpleUploadedFile("x.pdf", PDF_BYTES))


def test_default_private_root_is_outside_media_root():
    from config.settings import base

    private, media = Path(str(base.PRIVATE_MEDIA_ROOT)).resolve(), Path(str(base.MEDIA_ROOT)).resolve()
    assert not private.is_relative_to(media) and private != media


@pytest.mark.parametrize(("name", "content", "says"), [
    ("营业执照.pdf", EXE_BYTES, "Windows 程序"),
    ("营业执照.pdf", b"%PD not quite a pdf", "不是 PDF、JPG 或 PNG"),
    ("营业执照.gif", b"GIF89a" + b"\x00" * 20, "只接受 PDF、JPG、PNG"),
])
def test_wrong_type_is_refused_naming_the_file_and_nothing_is_saved(world, client_for, draft, private_media,
                                                                      name, content, says):
    response = _upload(client_for(world.users["seeker_a"]), draft, name, content)
    html = response.content.decode()
    assert response.status_code == 400
    assert name in html and says in html and 'href="#id_file"' in html
    assert not draft.evidence_files.exists() and not _stored_files(private_media)


def test_too_big_is_refused_by_the_page_and_before_parsing(world, client_for, draft, private_media, settings):
    settings.UPLOAD_MAX_BYTES = 64 * 1024
    client = client_for(world.users["seeker_a"])
    # Just over the limit: the page names the file and its size.
    response = _upload(client, draft, "门店照片.jpg", JPEG_BYTES + b"\x00" * (64 * 1024))
    html = response.content.decode()
    assert response.status_code == 400 and "门店照片.jpg" in html and "超过了每个文件 0.1 MB 的上限" in html
    # Far over: refused by the upload guard before the body is parsed.
    response = _upload(client, draft, "门店照片.jpg", JPEG_BYTES + b"\x00" * (256 * 1024))
    assert response.status_code == 413 and "上传的文件太大" in response.content.decode()
    assert not draft.evidence_files.exists() and not _stored_files(private_media)


def test_eleventh_file_is_refused(world, client_for, draft, private_media):
    for n in range(MAX_FILES_PER_APPLICATION):
        _add(draft, world, name=f"材料{n}.png", content=PNG_BYTES)
    response = _upload(client_for(world.users["seeker_a"]), draft, "多余的.pdf", PDF_BYTES)
    html = response.content.decode()
    assert response.status_code == 400 and f"最多上传 {MAX_FILES_PER_APPLICATION} 个" in html and "多余的.pdf" in html
    assert draft.evidence_files.count() == MAX_FILES_PER_APPLICATION
    assert len(_stored_files(private_media)) == MAX_FILES_PER_APPLICATION  # the refused file was removed


def test_failed_database_write_leaves_no_file(world, draft, private_media, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SubsidyEvidence.objects, "create", broken)
    with pytest.raises(DatabaseError):
        _add(draft, world)
    assert not _stored_files(private_media)


def test_no_upload_or_delete_once_submitted(world, client_for, draft, private_media):
    evidence = _add(draft, world)
    services.subsidy_submit(application=draft, user=world.users["seeker_a"])
    client = client_for(world.users["seeker_a"])
    response = _upload(client, draft, "补充.pdf", PDF_BYTES)
    assert response.status_code == 302 and response["Location"] == reverse("subsidy-detail", args=[draft.pk])
    response = client.post(reverse("subsidy-evidence-delete", args=[draft.pk, evidence.pk]), follow=True)
    assert "不能修改" in response.content.decode()
    assert list(draft.evidence_files.all()) == [evidence] and len(_stored_files(private_media)) == 1


def test_others_cannot_upload_or_delete(world, client_for, draft):
    evidence = _add(draft, world)
    for other, status in (("seeker_b", 404), ("town_y", 404), ("employer_a", 404), ("provider_a", 404)):
        client = client_for(world.users[other])
        assert _upload(client, draft, "x.pdf", PDF_BYTES).status_code == status, other
        url = reverse("subsidy-evidence-delete", args=[draft.pk, evidence.pk])
        assert client.post(url).status_code == status, other
    assert draft.evidence_files.count() == 1
    # Town X files start-up applications on its seekers' behalf, so it may add evidence too.
    assert _upload(client_for(world.users["town_x"]), draft, "租赁合同.pdf", PDF_BYTES).status_code == 302


# ---- delete -----------------------------------------------------------------------------------------


def test_delete_asks_for_confirmation_then_removes_row_and_file(world, client_for, draft, private_media,
                                                                 django_capture_on_commit_callbacks):
    evidence = _add(draft, world, name="旧执照.jpg", content=JPEG_BYTES)
    client = client_for(world.users["seeker_a"])
    url = reverse("subsidy-evidence-delete", args=[draft.pk, evidence.pk])
    confirm = client.get(url)
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "确定要删除" in html and "旧执照.jpg" in html and "确定删除" in html
    assert draft.evidence_files.exists() and len(_stored_files(private_media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("subsidy-evidence", args=[draft.pk])
    assert not draft.evidence_files.exists() and not _stored_files(private_media)


def test_evidence_of_another_application_cannot_be_reached_through_ones_own(world, client_for, draft, policy):
    own = _add(draft, world)
    other_application = startup_filed(world, seeker=world.seeker_b, user=world.users["seeker_b"], evidence=False)
    other = _add(other_application, world, user="seeker_b")
    client = client_for(world.users["seeker_a"])
    assert client.get(reverse("subsidy-evidence-download", args=[draft.pk, other.pk])).status_code == 404
    assert client.post(reverse("subsidy-evidence-delete", args=[draft.pk, other.pk])).status_code == 404
    assert _download(client, own)[0].status_code == 200


# ---- download ---------------------------------------------------------------------------------------


def _download(client, evidence):
    response = client.get(reverse("subsidy-evidence-download", args=[evidence.application_id, evidence.pk]))
    # Reading the stream to the end closes the file (the test client wraps it like a WSGI server).
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


def test_download_by_applicant_own_town_and_district(world, client_for, draft):
    evidence = _add(draft, world, name="张甲 营业执照.png", content=PNG_BYTES)
    services.subsidy_submit(application=draft, user=world.users["seeker_a"])
    for allowed in ("seeker_a", "town_x", "district"):
        response, body = _download(client_for(world.users[allowed]), evidence)
        assert response.status_code == 200, allowed
        assert body == PNG_BYTES
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment")
        assert quote("张甲 营业执照.png") in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]


def test_download_refused_to_everyone_else(world, client_for, draft):
    evidence = _add(draft, world)
    for other in ("town_y", "seeker_b", "employer_a", "employer_b", "provider_a"):
        response, _ = _download(client_for(world.users[other]), evidence)
        assert response.status_code == 404, other
    client = client_for(world.users["seeker_a"])
    client.logout()
    response = client.get(reverse("subsidy-evidence-download", args=[draft.pk, evidence.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not PersonalDataAccess.objects.exists()


def test_staff_downloads_are_logged_and_the_applicants_are_not(world, client_for, draft):
    evidence = _add(draft, world)
    _download(client_for(world.users["seeker_a"]), evidence)
    assert not PersonalDataAccess.objects.exists()
    _download(client_for(world.users["town_x"]), evidence)
    _download(client_for(world.users["district"]), evidence)
    logs = list(PersonalDataAccess.objects.order_by("id"))
    assert [log.user for log in logs] == [world.users["town_x"], world.users["district"]]
    for log in logs:
        assert log.seeker == world.seeker_a
        assert log.action == PersonalDataAccess.Action.EXPORT
        assert log.field == "创业补贴证明材料"
        assert f"补贴申请{draft.pk}" in log.detail and f"证明材料{evidence.pk}" in log.detail
        assert "营业执照.pdf" not in log.detail  # the applicant's file name may itself be personal


def test_missing_file_is_a_404_not_a_crash(world, client_for, draft):
    evidence = _add(draft, world)
    Path(evidence.file.path).unlink()
    response, _ = _download(client_for(world.users["town_x"]), evidence)
    assert response.status_code == 404
    assert not PersonalDataAccess.objects.exists()


# ---- the pages list the files -----------------------------------------------------------------------


def test_detail_pages_list_the_files_for_reviewer_and_applicant(world, client_for, draft):
    evidence = _add(draft, world, name="租赁合同.pdf")
    services.subsidy_submit(application=draft, user=world.users["seeker_a"])
    link = reverse("subsidy-evidence-download", args=[draft.pk, evidence.pk])
    for user in ("town_x", "seeker_a"):
        html = client_for(world.users[user]).get(reverse("subsidy-detail", args=[draft.pk])).content.decode()
        assert "证明材料（1 份）" in html and "营业执照" in html and "租赁合同.pdf" in html and link in html, user
        assert reverse("subsidy-evidence-delete", args=[draft.pk, evidence.pk]) not in html  # submitted
