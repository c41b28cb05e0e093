"""Supporting documents of a declaration (申报证明材料): content checked by magic bytes, size limit,
encrypted at rest under private storage, deleted with confirmation while editable, downloads seen
only by the employer, its town and the district and each logged, files following their person
through a roster upload, and the year's rule that new people need a 残疾证 before submitting."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from domain import identity
from employment import crypto
from employment.models import PersonalDataAccess
from employment.storage import private_storage
from quota import evidence, services
from quota.models import Declaration, DeclarationEvidence, DeclarationStatus, PolicyYear

from .conftest import YEAR, roster_csv, roster_row

# The smallest files that really are what their names say (magic bytes first).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def _stored(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


@pytest.fixture
def draft(world, start_declaration):
    """Employer A's draft with two people (职工1, 职工2) on the roster."""
    return start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1), roster_row(2)])


def _add(declaration, world, *, entry=None, kind="disability_cert", name="残疾证.pdf", content=PDF_BYTES):
    return evidence.evidence_add(declaration=declaration, entry=entry, kind=kind, filename=name, content=content,
                                 user=world.users["employer_a"])


def _approve(declaration, world):
    services.declaration_review(declaration=declaration, user=world.users["town_x"], action="approve")
    services.declaration_review(declaration=declaration, user=world.users["district"], action="approve")
    return Declaration.objects.get(pk=declaration.pk)


# ---- checks and storage -------------------------------------------------------------------------


def test_file_is_encrypted_at_rest_under_a_random_name_and_reads_back(world, draft, private_media):
    entry = draft.roster.first()
    item = _add(draft, world, entry=entry, name="张三 残疾证.pdf")
    assert item.content_type == "application/pdf" and item.size == len(PDF_BYTES)
    assert item.original_name == "张三 残疾证.pdf" and item.entry == entry
    [path] = _stored(private_media)
    raw = path.read_bytes()
    assert raw != PDF_BYTES and b"%PDF" not in raw and crypto.is_encrypted_file(raw[:len(crypto.FILE_MAGIC)])
    assert path.name.endswith(".pdf") and "张三" not in str(path)  # nothing personal in the path
    with private_storage.open(item.file.name) as handle:
        assert handle.read() == PDF_BYTES


def test_content_decides_not_the_extension(world, draft, private_media):
    # A PNG saved as .jpg is accepted as what it is; a program renamed .pdf is refused, naming the file.
    item = _add(draft, world, name="合同.jpg", content=PNG_BYTES, kind="labour_contract")
    assert item.content_type == "image/png"
    with pytest.raises(ValidationError) as exc:
        _add(draft, world, name="工资表.pdf", content=EXE_BYTES, kind="wages")
    assert "工资表.pdf" in exc.value.message_dict["file"][0] and "Windows 程序" in exc.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as exc:
        _add(draft, world, name="社保.docx", content=b"PK\x03\x04" + b"\x00" * 40, kind="social_insurance")
    assert "只接受 PDF、JPG、PNG" in exc.value.message_dict["file"][0]
    assert draft.evidence_files.count() == 1 and len(_stored(private_media)) == 1  # refused files left nothing


def test_size_limit_is_the_setting(world, draft, private_media, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    _add(draft, world, content=PDF_BYTES + b"\x00" * (1024 - len(PDF_BYTES)))  # exactly at the limit
    with pytest.raises(ValidationError) as exc:
        _add(draft, world, name="大文件.pdf", content=PDF_BYTES + b"\x00" * 1024)
    assert "大文件.pdf" in exc.value.message_dict["file"][0] and "上限" in exc.value.message_dict["file"][0]
    assert draft.evidence_files.count() == 1 and len(_stored(private_media)) == 1


def test_submitted_declaration_takes_no_files_and_keeps_its_own(world, draft, private_media):
    item = _add(draft, world, entry=draft.roster.first())
    services.declaration_submit(declaration=draft, user=world.users["employer_a"])
    with pytest.raises(ValidationError):
        _add(draft, world)
    with pytest.raises(ValidationError):
        evidence.evidence_delete(evidence=item, user=world.users["employer_a"])
    assert DeclarationEvidence.objects.filter(pk=item.pk).exists() and len(_stored(private_media)) == 1


def test_a_row_of_another_declaration_is_refused(world, draft, start_declaration):
    other = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(9)])
    with pytest.raises(ValidationError) as exc:
        _add(draft, world, entry=other.roster.first())
    assert "entry" in exc.value.message_dict


def test_deleting_a_person_or_a_file_removes_the_stored_file(world, draft, private_media,
                                                               django_capture_on_commit_callbacks):
    first, second = draft.roster.order_by("id")
    kept = _add(draft, world, entry=first)
    gone = _add(draft, world, entry=second)
    whole = _add(draft, world, kind="social_insurance", name="社保缴费记录.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        services.roster_entry_delete(entry=second, user=world.users["employer_a"])
    with django_capture_on_commit_callbacks(execute=True):
        evidence.evidence_delete(evidence=whole, user=world.users["employer_a"])
    assert list(draft.evidence_files.all()) == [kept]
    assert not DeclarationEvidence.objects.filter(pk=gone.pk).exists()
    assert len(_stored(private_media)) == 1


def test_deleting_a_draft_declaration_removes_its_files(world, draft, private_media,
                                                       django_capture_on_commit_callbacks):
    _add(draft, world, entry=draft.roster.first())
    _add(draft, world, kind="wages", name="工资发放记录.pdf")
    assert len(_stored(private_media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.declaration_draft_delete(declaration=draft, user=world.users["employer_a"])
    assert not DeclarationEvidence.objects.exists() and _stored(private_media) == []


def test_roster_upload_keeps_each_persons_files(world, draft):
    first, second = draft.roster.order_by("id")
    a = _add(draft, world, entry=first)
    b = _add(draft, world, entry=second)
    # The new file keeps 职工1 and adds 职工3; 职工2 is no longer on it.
    services.declaration_roster_import(declaration=draft, content=roster_csv([roster_row(3), roster_row(1)]),
                                       filename="r.csv", user=world.users["employer_a"])
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.entry.name == "职工1" and a.entry.pk != first.pk
    assert b.entry is None  # kept at the declaration level, not lost


# ---- downloads: access and the log --------------------------------------------------------------


def test_download_is_access_checked_and_every_download_logged(world, draft, client_for):
    item = _add(draft, world, entry=draft.roster.order_by("id").first(), name="职工1残疾证.pdf")
    url = reverse("declaration-evidence-download", args=[draft.pk, item.pk])
    for role in ("employer_a", "town_x", "district"):
        response = client_for(world.users[role]).get(url)
        assert response.status_code == 200, role
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "no-store, private"
        assert "attachment" in response["Content-Disposition"]
    logs = PersonalDataAccess.objects.filter(field="申报证明材料").order_by("at", "id")
    assert [log.user.username for log in logs] == ["employer_a", "town_x", "district"]
    assert all(log.action == PersonalDataAccess.Action.EXPORT for log in logs)
    assert f"申报{draft.pk} 证明材料{item.pk}（残疾证）第1行 职*1" in logs[0].detail
    for role in ("employer_b", "town_y", "seeker_a", "provider_a"):
        assert client_for(world.users[role]).get(url).status_code in (403, 404), role
    assert logs.count() == 3  # refused requests are not downloads
    # A file id of another declaration under this declaration's URL: 404.
    other = evidence.evidence_add(declaration=draft, kind="other", filename="x.png", content=PNG_BYTES,
                                  user=world.users["employer_a"])
    assert client_for(world.users["district"]).get(
        reverse("declaration-evidence-download", args=[draft.pk + 1000, other.pk])).status_code == 404


def test_missing_file_is_a_404_not_a_crash(world, draft, client_for):
    item = _add(draft, world)
    private_storage.delete(item.file.name)
    response = client_for(world.users["district"]).get(reverse("declaration-evidence-download",
                                                                args=[draft.pk, item.pk]))
    assert response.status_code == 404


# ---- the employer's pages -----------------------------------------------------------------------


def _upload(client, declaration, name, content, *, entry=None, kind="disability_cert"):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("employer-declaration-evidence", args=[declaration.pk]),
                       {"entry": entry.pk if entry else "", "kind": kind, "note": "", "file": upload})


def test_employer_uploads_to_a_row_lists_and_deletes_after_confirmation(world, draft, client_for, private_media):
    client = client_for(world.users["employer_a"])
    entry = draft.roster.order_by("id").first()
    page = client.get(reverse("employer-declaration-evidence", args=[draft.pk]) + f"?entry={entry.pk}")
    assert page.status_code == 200 and f'value="{entry.pk}" selected' in page.content.decode()
    response = _upload(client, draft, "残疾证.pdf", PDF_BYTES, entry=entry)
    assert response.status_code == 302
    item = DeclarationEvidence.objects.get(declaration=draft)
    assert item.entry == entry and item.uploaded_by == world.users["employer_a"]
    detail = client.get(reverse("employer-declaration-detail", args=[draft.pk])).content.decode()
    assert reverse("declaration-evidence-download", args=[draft.pk, item.pk]) in detail
    # Refused: the page says why, naming the file, and keeps nothing.
    response = _upload(client, draft, "照片.heic", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 20)
    assert response.status_code == 400 and "照片.heic" in response.content.decode()
    assert draft.evidence_files.count() == 1
    # Delete: a GET asks, the POST deletes.
    delete_url = reverse("employer-declaration-evidence-delete", args=[draft.pk, item.pk])
    confirm = client.get(delete_url)
    assert confirm.status_code == 200 and "确定删除" in confirm.content.decode()
    assert draft.evidence_files.count() == 1
    assert client.post(delete_url).status_code == 302
    assert not draft.evidence_files.exists()


def test_reviewer_sees_each_rows_files_beside_the_row(world, draft, client_for):
    first, second = draft.roster.order_by("id")
    item = _add(draft, world, entry=second, name="职工2劳动合同.pdf", kind="labour_contract")
    whole = _add(draft, world, name="全单位社保缴费记录.pdf", kind="social_insurance")
    services.declaration_submit(declaration=draft, user=world.users["employer_a"])
    html = client_for(world.users["town_x"]).get(reverse("review-declaration-detail", args=[draft.pk])).content.decode()
    roster = html[html.index("残疾职工名册（证件号码已脱敏）"):]
    row = roster[roster.index('<td data-label="姓名">职工2</td>'):]
    row = row[:row.index("</tr>")]
    assert "劳动合同：职工2劳动合同.pdf" in row
    assert reverse("declaration-evidence-download", args=[draft.pk, item.pk]) in row
    assert "全单位社保缴费记录.pdf" in html and reverse("declaration-evidence-download", args=[draft.pk, whole.pk]) in html
    first_row = roster[roster.index('<td data-label="姓名">职工1</td>'):]
    assert "未上传" in first_row[:first_row.index("</tr>")]


# ---- the year's rule ----------------------------------------------------------------------------


def test_mask_name():
    assert [identity.mask_name(n) for n in ("张", "张三", "王小明", "欧阳娜娜", "")] == ["张", "张*", "王*明", "欧**娜", ""]


def test_new_people_need_a_certificate_when_the_year_asks(world, start_declaration, client_for, policy):
    user = world.users["employer_a"]
    # Last year's approved roster has 职工1.
    last = services.declaration_start(employer=world.employer_a, year=YEAR - 1, user=user)
    services.declaration_update_basics(declaration=last, monthly_headcounts=[100] * 12,
                                       wage_bill=Decimal("10000000"), user=user)
    services.declaration_roster_import(declaration=last, content=roster_csv([roster_row(1)]), filename="r.csv",
                                       user=user)
    services.declaration_submit(declaration=last, user=user)
    assert _approve(last, world).status == DeclarationStatus.APPROVED
    PolicyYear.objects.filter(year=YEAR).update(evidence_required_for_new_people=True)
    d = services.declaration_start(employer=world.employer_a, year=YEAR, user=user)
    services.declaration_update_basics(declaration=d, monthly_headcounts=[100] * 12, wage_bill=Decimal("10000000"),
                                       user=user)
    services.declaration_roster_import(declaration=d, content=roster_csv([roster_row(1), roster_row(2),
                                                                           roster_row(13, 姓名="王小明")]),
                                       filename="r.csv", user=user)
    rows = list(d.roster.order_by("id"))
    # A labour contract is not a certificate; a certificate at the declaration level is not the row's.
    _add(d, world, entry=rows[1], kind="labour_contract")
    _add(d, world, kind="disability_cert")
    with pytest.raises(ValidationError) as exc:
        services.declaration_submit(declaration=d, user=user)
    message = exc.value.messages[0]
    assert "第2行 职*2" in message and "第3行 王*明" in message and "第1行" not in message
    assert "王小明" not in message
    assert Declaration.objects.get(pk=d.pk).status == DeclarationStatus.DRAFT
    # The submit page says the same before the employer tries.
    page = client_for(user).get(reverse("employer-declaration-submit", args=[d.pk])).content.decode()
    assert "第2行 职*2" in page and "第3行 王*明" in page
    _add(d, world, entry=rows[1])
    _add(d, world, entry=rows[2], name="王小明残疾证.jpg", content=PNG_BYTES)
    services.declaration_submit(declaration=d, user=user)
    assert Declaration.objects.get(pk=d.pk).status == DeclarationStatus.TOWN_REVIEW


def test_without_the_rule_or_without_new_people_nothing_is_required(world, draft, policy):
    assert not policy.evidence_required_for_new_people  # the seeded default
    assert evidence.rows_missing_certificate(draft) == []
    PolicyYear.objects.filter(year=YEAR).update(evidence_required_for_new_people=True)
    # No earlier approved roster: everyone is new.
    assert evidence.rows_missing_certificate(draft) == ["第1行 职*1", "第2行 职*2"]
