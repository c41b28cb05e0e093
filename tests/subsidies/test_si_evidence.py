"""Supporting documents (证明材料) of a social-insurance claim: the employer uploads, lists, downloads and
deletes them while the claim is editable, through the same pages, checks and private encrypted
storage as a start-up application's; each programme takes only its own kinds (the form offers them,
the service refuses the others); the claim's own employer and the staff who review it see and
download them (each staff download logged), another employer and another town's staff get nothing;
a claim is submitted only with a 社保缴费证明, as a start-up application only with a document."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from employment import crypto
from employment.models import PersonalDataAccess
from employment.storage import private_storage
from subsidies import services
from subsidies.models import Programme, SubsidyStatus
from tests.factories import make_seeker

from .conftest import (
    BANK,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    YEAR,
    roster_entry_id,
    roster_row,
    si_proof_add,
    startup_filed,
)

SI_KINDS = ("社保缴费证明", "劳动合同", "工资发放记录")
STARTUP_KINDS = ("营业执照", "经营场所证明", "税务登记证明", "带动就业证明")


def _si_claim(world, approved_declaration, key: str, person: int = 1):
    """Employer ``key``'s claim for the year: one line (职工<person>), bank details, no documents, a draft."""
    employer, user = getattr(world, f"employer_{key}"), world.users[f"employer_{key}"]
    approved_declaration(employer, user, [roster_row(person)])
    application = services.si_application_start(employer=employer, year=YEAR, user=user)
    services.si_line_save(application=application, roster_entry_id=roster_entry_id(application, f"职工{person}"),
                          name=f"职工{person}", months=[1, 2, 3], contribution=Decimal("800"), user=user)
    services.subsidy_bank_update(application=application, bank=BANK, user=user)
    return application


@pytest.fixture
def claim(world, policy, approved_declaration):
    """Employer A's (town X) social-insurance claim, ready but for its documents."""
    return _si_claim(world, approved_declaration, "a")


def _stored_files(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def _upload(client, application, name: str, content: bytes, kind: str = "si_payment", note: str = ""):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("subsidy-evidence", args=[application.pk]), {"kind": kind, "note": note, "file": upload})


def _download(client, evidence):
    response = client.get(reverse("subsidy-evidence-download", args=[evidence.application_id, evidence.pk]))
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


# ---- the employer's own claim: upload, list, download, delete ----------------------------------------


def test_employer_uploads_lists_downloads_and_deletes(world, client_for, claim, private_media, settings,
                                                      django_capture_on_commit_callbacks):
    client = client_for(world.users["employer_a"])
    page = client.get(reverse("subsidy-evidence", args=[claim.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "残疾人就业岗位社保补贴" in html
    assert all(kind in html for kind in SI_KINDS) and not any(kind in html for kind in STARTUP_KINDS)
    assert "上传至少一份社保缴费证明后，才能提交审核" in html

    response = _upload(client, claim, "甲公司2025年社保缴费证明.pdf", PDF_BYTES, note="1-3月")
    assert response.status_code == 302 and response["Location"] == reverse("subsidy-evidence", args=[claim.pk])
    evidence = claim.evidence_files.get()
    assert (evidence.kind, evidence.note, evidence.uploaded_by) == ("si_payment", "1-3月", world.users["employer_a"])
    # The same storage as a start-up document: encrypted, private, a random name.
    path = Path(evidence.file.path).resolve()
    assert path.read_bytes().startswith(crypto.FILE_MAGIC) and b"%PDF" not in path.read_bytes()
    assert path.is_relative_to(Path(private_media).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert evidence.file.name.startswith("subsidy-evidence/") and "甲公司" not in evidence.file.name
    with private_storage.open(evidence.file.name) as handle:
        assert handle.read() == PDF_BYTES

    html = client.get(reverse("subsidy-evidence", args=[claim.pk])).content.decode()
    download = reverse("subsidy-evidence-download", args=[claim.pk, evidence.pk])
    delete = reverse("subsidy-evidence-delete", args=[claim.pk, evidence.pk])
    assert "甲公司2025年社保缴费证明.pdf" in html and download in html and delete in html
    assert "上传至少一份社保缴费证明后" not in html and "材料齐全后提交审核" in html
    response, body = _download(client, evidence)
    assert response.status_code == 200 and body == PDF_BYTES
    assert response["Content-Disposition"].startswith("attachment") and "no-store" in response["Cache-Control"]
    # The proofs are about the employer's disabled employees: its download is logged, as a declaration's is.
    logged = PersonalDataAccess.objects.get()
    assert (logged.user, logged.action, logged.field) == (
        world.users["employer_a"], PersonalDataAccess.Action.EXPORT, "社保补贴证明材料")
    PersonalDataAccess.objects.all().delete()

    confirm = client.get(delete)
    assert confirm.status_code == 200 and "确定要删除" in confirm.content.decode()
    assert "残疾人就业岗位社保补贴申请的证明材料" in confirm.content.decode()
    assert claim.evidence_files.exists()  # a GET only asks
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete)
    assert response.status_code == 302 and response["Location"] == reverse("subsidy-evidence", args=[claim.pk])
    assert not claim.evidence_files.exists() and not _stored_files(private_media)


def test_the_same_file_checks_and_limit_as_a_startup_application(world, client_for, claim, private_media):
    client = client_for(world.users["employer_a"])
    response = _upload(client, claim, "缴费证明.pdf", b"MZ\x90\x00" + b"\x00" * 60)
    html = response.content.decode()
    assert response.status_code == 400 and "缴费证明.pdf" in html and "Windows 程序" in html
    assert not claim.evidence_files.exists() and not _stored_files(private_media)
    for n in range(10):
        services.evidence_add(application=claim, kind="wages", filename=f"工资{n}.png", content=PNG_BYTES,
                              user=world.users["employer_a"])
    response = _upload(client, claim, "多余的.jpg", JPEG_BYTES)
    assert response.status_code == 400 and "最多上传 10 个" in response.content.decode()
    assert claim.evidence_files.count() == 10 and len(_stored_files(private_media)) == 10


def test_no_upload_or_delete_once_submitted(world, client_for, claim, private_media):
    evidence = si_proof_add(claim, world.users["employer_a"])
    services.subsidy_submit(application=claim, user=world.users["employer_a"])
    client = client_for(world.users["employer_a"])
    response = _upload(client, claim, "补充.pdf", PDF_BYTES, kind="labour_contract")
    assert response.status_code == 302 and response["Location"] == reverse("subsidy-detail", args=[claim.pk])
    response = client.post(reverse("subsidy-evidence-delete", args=[claim.pk, evidence.pk]), follow=True)
    assert "不能修改" in response.content.decode()
    assert list(claim.evidence_files.all()) == [evidence] and len(_stored_files(private_media)) == 1


# ---- each programme its own kinds --------------------------------------------------------------------


def test_a_startup_kind_is_refused_on_a_claim_by_form_and_service(world, client_for, claim, private_media):
    response = _upload(client_for(world.users["employer_a"]), claim, "营业执照.pdf", PDF_BYTES, kind="licence")
    assert response.status_code == 400 and "请选择列出的材料类型" in response.content.decode()
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(application=claim, kind="licence", filename="营业执照.pdf", content=PDF_BYTES,
                              user=world.users["employer_a"])
    message = exc.value.message_dict["kind"][0]
    assert "“营业执照”不是残疾人就业岗位社保补贴申请的材料类型" in message and "社保缴费证明" in message
    with pytest.raises(ValidationError, match="请选择材料类型"):
        services.evidence_add(application=claim, kind="nonsense", filename="a.pdf", content=PDF_BYTES,
                              user=world.users["employer_a"])
    assert not claim.evidence_files.exists() and not _stored_files(private_media)


def test_a_claim_kind_is_refused_on_a_startup_application(world, client_for, policy, private_media):
    draft = startup_filed(world, evidence=False)
    client = client_for(world.users["seeker_a"])
    html = client.get(reverse("subsidy-evidence", args=[draft.pk])).content.decode()
    assert all(kind in html for kind in STARTUP_KINDS) and not any(kind in html for kind in SI_KINDS)
    response = _upload(client, draft, "社保缴费证明.pdf", PDF_BYTES, kind="si_payment")
    assert response.status_code == 400 and "请选择列出的材料类型" in response.content.decode()
    with pytest.raises(ValidationError, match="“劳动合同”不是一次性创业补贴申请的材料类型"):
        services.evidence_add(application=draft, kind="labour_contract", filename="合同.pdf", content=PDF_BYTES,
                              user=world.users["seeker_a"])
    assert not draft.evidence_files.exists() and not _stored_files(private_media)


def test_a_reward_application_takes_no_documents(world, client_for, policy, approved_declaration, private_media):
    declaration = approved_declaration(world.employer_a, world.users["employer_a"],
                                       [roster_row(n) for n in range(1, 5)])
    reward = services.reward_application_create(declaration=declaration, bank=BANK, user=world.users["employer_a"])
    assert reward.programme == Programme.REWARD
    with pytest.raises(ValidationError, match="超比例奖励申请不需要上传证明材料"):
        services.evidence_add(application=reward, kind="other", filename="a.pdf", content=PDF_BYTES,
                              user=world.users["employer_a"])
    assert client_for(world.users["employer_a"]).get(reverse("subsidy-evidence", args=[reward.pk])).status_code == 404
    html = client_for(world.users["employer_a"]).get(reverse("subsidy-detail", args=[reward.pk])).content.decode()
    assert 'id="evidence"' not in html
    assert not _stored_files(private_media)


# ---- submission: a 社保缴费证明 first ---------------------------------------------------------------


def test_a_claim_is_submitted_only_with_a_contribution_proof(world, client_for, claim):
    client = client_for(world.users["employer_a"])
    detail = client.get(reverse("subsidy-detail", args=[claim.pk])).content.decode()
    assert "提交审核前请至少上传一份社保缴费证明" in detail
    response = client.post(reverse("subsidy-submit", args=[claim.pk]), follow=True)
    assert "还没有上传社保缴费证明，不能提交审核" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == SubsidyStatus.DRAFT and claim.submitted_at is None
    # A contract is welcome but does not stand in for the agency's proof.
    services.evidence_add(application=claim, kind="labour_contract", filename="劳动合同.pdf", content=PDF_BYTES,
                          user=world.users["employer_a"])
    with pytest.raises(ValidationError, match="还没有上传社保缴费证明"):
        services.subsidy_submit(application=claim, user=world.users["employer_a"])
    si_proof_add(claim, world.users["employer_a"])
    assert "提交审核前请至少上传" not in client.get(reverse("subsidy-detail", args=[claim.pk])).content.decode()
    client.post(reverse("subsidy-submit", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.status == SubsidyStatus.TOWN_REVIEW


# ---- who may see and download ------------------------------------------------------------------------


def test_the_claim_page_shows_the_documents_to_employer_and_its_reviewers(world, client_for, claim):
    employer = client_for(world.users["employer_a"])
    upload_link = f'href="{reverse("subsidy-evidence", args=[claim.pk])}"'
    html = employer.get(reverse("subsidy-detail", args=[claim.pk])).content.decode()
    assert "证明材料（0 份）" in html and upload_link in html  # editable: the link to the upload page
    evidence = si_proof_add(claim, world.users["employer_a"], filename="甲公司缴费证明.pdf")
    services.subsidy_submit(application=claim, user=world.users["employer_a"])
    download = reverse("subsidy-evidence-download", args=[claim.pk, evidence.pk])
    delete = reverse("subsidy-evidence-delete", args=[claim.pk, evidence.pk])
    for user in ("employer_a", "town_x", "district"):
        html = client_for(world.users[user]).get(reverse("subsidy-detail", args=[claim.pk])).content.decode()
        assert "证明材料（1 份）" in html and "社保缴费证明" in html and "甲公司缴费证明.pdf" in html, user
        assert download in html, user
        assert f'href="{delete}"' not in html and upload_link not in html, user  # submitted: nothing to change


def test_another_employer_and_another_town_get_nothing(world, client_for, claim, private_media):
    evidence = si_proof_add(claim, world.users["employer_a"])
    pages = (reverse("subsidy-evidence", args=[claim.pk]),
             reverse("subsidy-evidence-delete", args=[claim.pk, evidence.pk]))
    for other in ("employer_b", "town_y", "seeker_a", "provider_a"):
        client = client_for(world.users[other])
        for url in pages:
            assert client.get(url).status_code == 404, (other, url)
            assert client.post(url).status_code == 404, (other, url)
        assert _upload(client, claim, "x.pdf", PDF_BYTES).status_code == 404, other
        assert _download(client, evidence)[0].status_code == 404, other
        assert client.get(reverse("subsidy-detail", args=[claim.pk])).status_code == 404, other
    # The reviewers may see the claim but not change an employer's documents.
    for staff in ("town_x", "district"):
        client = client_for(world.users[staff])
        assert _upload(client, claim, "x.pdf", PDF_BYTES).status_code == 403, staff
        assert client.post(pages[1]).status_code == 403, staff
    anonymous = client_for(world.users["employer_a"])
    anonymous.logout()
    response = anonymous.get(pages[0])
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert list(claim.evidence_files.all()) == [evidence] and len(_stored_files(private_media)) == 1
    assert not PersonalDataAccess.objects.exists()


def test_evidence_of_another_claim_cannot_be_reached_through_ones_own(world, client_for, claim, approved_declaration):
    other_claim = _si_claim(world, approved_declaration, "b", person=2)
    other = si_proof_add(other_claim, world.users["employer_b"])
    client = client_for(world.users["employer_a"])
    assert client.get(reverse("subsidy-evidence-download", args=[claim.pk, other.pk])).status_code == 404
    assert client.get(reverse("subsidy-evidence-delete", args=[claim.pk, other.pk])).status_code == 404
    assert client.post(reverse("subsidy-evidence-delete", args=[claim.pk, other.pk])).status_code == 404
    assert other_claim.evidence_files.get() == other


def test_staff_downloads_are_logged(world, client_for, claim):
    evidence = si_proof_add(claim, world.users["employer_a"])
    services.subsidy_submit(application=claim, user=world.users["employer_a"])
    for staff in ("town_x", "district"):
        response, body = _download(client_for(world.users[staff]), evidence)
        assert response.status_code == 200 and body == PDF_BYTES, staff
    logs = list(PersonalDataAccess.objects.order_by("id"))
    assert [log.user for log in logs] == [world.users["town_x"], world.users["district"]]
    line = claim.si_lines.get()
    for log in logs:
        assert (log.action, log.field, log.seeker) == (PersonalDataAccess.Action.EXPORT, "社保补贴证明材料", None)
        assert log.reason == "查阅残疾人就业岗位社保补贴申请的证明材料"
        assert f"补贴申请{claim.pk}" in log.detail and f"证明材料{evidence.pk}" in log.detail
        assert "社保缴费证明.pdf" not in log.detail
        # The employee the document is about, masked: 职*1 and the masked certificate number.
        assert f"职工 职*1（{line.cert_masked}）" in log.detail and "职工1" not in log.detail


def test_a_download_is_logged_for_each_employee_it_is_about(world, client_for, policy, approved_declaration):
    """A contribution proof covers every employee the claim lists: one log row each, naming the employee
    masked and linked to their job-seeker record where the platform has one."""
    seeker = make_seeker(town=world.town_x, name="王小明")
    employer, user = world.employer_a, world.users["employer_a"]
    approved_declaration(employer, user, [roster_row(1), roster_row(2, 姓名="王小明", 证件号码=seeker.cert_no)])
    claim = services.si_application_start(employer=employer, year=YEAR, user=user)
    for name in ("职工1", "王小明"):
        services.si_line_save(application=claim, roster_entry_id=roster_entry_id(claim, name), name=name,
                              months=[1, 2, 3], contribution=Decimal("800"), user=user)
    services.subsidy_bank_update(application=claim, bank=BANK, user=user)
    evidence = si_proof_add(claim, user)
    services.subsidy_submit(application=claim, user=user)

    response, _ = _download(client_for(world.users["district"]), evidence)
    assert response.status_code == 200
    logs = {log.detail.rsplit(" 职工 ", 1)[1]: log for log in PersonalDataAccess.objects.all()}
    lines = {line.name: line for line in claim.si_lines.all()}
    assert set(logs) == {f"职*1（{lines['职工1'].cert_masked}）", f"王*明（{lines['王小明'].cert_masked}）"}
    assert logs[f"王*明（{lines['王小明'].cert_masked}）"].seeker == seeker
    assert logs[f"职*1（{lines['职工1'].cert_masked}）"].seeker is None
    assert {log.user for log in logs.values()} == {world.users["district"]}
