"""Attacks on the annual review's newer pages as a hostile user would try them: POSTs to another
employer's declaration or 公示 entry, staff-only and district-only steps from a lower role, hostile
evidence file names (path traversal, header injection, bidirectional overrides), fake PDFs, the
letter renderer asked for anything but the site's static files, and script in objection text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quota import evidence, publicity_services, services
from quota.models import (
    BatchStatus,
    DeclarationEvidence,
    EntryStatus,
    ObjectionStatus,
    PublicityObjection,
)
from tests.quota.conftest import approve, make_batch, roster_row
from tests.security.conftest import policy, start_declaration  # noqa: F401 - fixtures

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def draft_a(world, start_declaration):  # noqa: F811
    return start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])


@pytest.fixture
def draft_b(world, start_declaration):  # noqa: F811
    return start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(2)])


def _upload(client, declaration, name, content=PDF_BYTES, *, entry_id=""):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client.post(reverse("employer-declaration-evidence", args=[declaration.pk]),
                       {"entry": entry_id, "kind": "other", "note": "", "file": upload})


# ---- evidence -------------------------------------------------------------------------------------


def test_evidence_cannot_be_uploaded_to_another_employers_declaration_or_row(world, draft_a, draft_b, client_for):
    attacker = client_for(world.users["employer_b"])
    assert _upload(attacker, draft_a, "x.pdf").status_code == 404
    # Its own declaration, but a row of employer A's roster: refused, nothing stored.
    response = _upload(attacker, draft_b, "x.pdf", entry_id=str(draft_a.roster.get().pk))
    assert response.status_code == 400
    assert not DeclarationEvidence.objects.exists()


def test_evidence_of_an_approved_declaration_is_neither_added_nor_deleted(world, draft_a, client_for):
    item = evidence.evidence_add(declaration=draft_a, kind="other", filename="a.pdf", content=PDF_BYTES,
                                 user=world.users["employer_a"])
    services.declaration_submit(declaration=draft_a, user=world.users["employer_a"])
    approved = approve(world, draft_a)
    client = client_for(world.users["employer_a"])
    response = _upload(client, approved, "late.pdf")
    assert response.status_code in (302, 400, 404)
    client.post(reverse("employer-declaration-evidence-delete", args=[approved.pk, item.pk]))
    assert list(DeclarationEvidence.objects.values_list("original_name", flat=True)) == ["a.pdf"]


def test_only_the_employer_deletes_evidence(world, draft_a, client_for):
    item = evidence.evidence_add(declaration=draft_a, kind="other", filename="a.pdf", content=PDF_BYTES,
                                 user=world.users["employer_a"])
    url = reverse("employer-declaration-evidence-delete", args=[draft_a.pk, item.pk])
    for role in ("employer_b", "town_x", "town_y", "district", "seeker_a"):
        assert client_for(world.users[role]).post(url).status_code in (403, 404), role
    assert DeclarationEvidence.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(("hostile", "shown"), [
    ("../../../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\win.ini.pdf", "win.ini.pdf"),
    ('evil"; filename*=UTF-8\'\'x.html; a=".pdf', 'evil＂; filename*=UTF-8\'\'x.html; a=＂.pdf'),
    ('evil";\r\nSet-Cookie: sessionid=x;.pdf', 'evil＂;Set-Cookie: sessionid=x;.pdf'),
    ("tab\there\x00.pdf", "tabhere.pdf"),
    ("\u202efdp.exe.pdf", "fdp.exe.pdf"),  # right-to-left override: dropped
    ("残疾证\u200f（正面）.pdf", "残疾证（正面）.pdf"),
    ("<img src=x onerror=alert(1)>.pdf", "<img src=x onerror=alert(1)>.pdf"),
])
def test_hostile_file_names_are_kept_harmless(world, draft_a, client_for, private_media, hostile, shown):
    client = client_for(world.users["employer_a"])
    # Through the service: a browser escapes quotes and line breaks in a multipart file name, a
    # hand-made request need not, and the name reaches the service as the parser read it.
    item = evidence.evidence_add(declaration=draft_a, kind="other", filename=hostile, content=PDF_BYTES,
                                 user=world.users["employer_a"])
    assert item.original_name == shown
    # Stored under a random name inside the private root, never where the user's name points.
    stored = [p for p in Path(private_media).rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].resolve().is_relative_to(Path(private_media).resolve())
    assert "passwd" not in item.file.name and "win" not in item.file.name
    page = client.get(reverse("employer-declaration-evidence", args=[draft_a.pk])).content.decode()
    assert "<img src=x" not in page
    response = client.get(reverse("declaration-evidence-download", args=[draft_a.pk, item.pk]))
    disposition = response["Content-Disposition"]
    assert "\r" not in disposition and "\n" not in disposition
    # One file name parameter: a quote in the name cannot end it and start another.
    assert len(re.findall(r"filename\*?=", disposition)) == 1, disposition
    assert not response.has_header("Set-Cookie") or "sessionid=x" not in response["Set-Cookie"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("name", "content"), [
    ("page.pdf", b"<html><script>alert(1)</script></html>"),
    ("image.png", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
    ("x.html", PDF_BYTES),  # a real PDF under a name the browser would render
    ("x.pdf.html", PDF_BYTES),
    ("x.svg", PDF_BYTES),
])
def test_fake_pdfs_and_active_content_are_refused(world, draft_a, client_for, name, content):
    response = _upload(client_for(world.users["employer_a"]), draft_a, name, content)
    assert response.status_code == 400
    assert not DeclarationEvidence.objects.exists()


def test_a_polyglot_is_served_as_a_download_never_as_a_page(world, draft_a, client_for):
    polyglot = PDF_BYTES + b"<html><script>alert(document.cookie)</script></html>"
    client = client_for(world.users["employer_a"])
    assert _upload(client, draft_a, "p.pdf", polyglot).status_code == 302
    item = DeclarationEvidence.objects.get()
    response = client.get(reverse("declaration-evidence-download", args=[draft_a.pk, item.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


# ---- 公示 -------------------------------------------------------------------------------------------


@pytest.fixture
def published(world, draft_a, draft_b):
    """A published batch with employer A's and employer B's approved declarations."""
    services.declaration_submit(declaration=draft_a, user=world.users["employer_a"])
    services.declaration_submit(declaration=draft_b, user=world.users["employer_b"])
    a, b = approve(world, draft_a), approve(world, draft_b)
    batch = make_batch(world, [a, b])
    return batch, batch.entries.get(declaration=a), batch.entries.get(declaration=b)


def test_an_employer_cannot_object_to_another_employers_entry(world, published, client_for):
    _batch, entry_a, _entry_b = published
    url = reverse("employer-publicity-objection", args=[entry_a.pk])
    attacker = client_for(world.users["employer_b"])
    assert attacker.post(url, {"text": "甲公司数据不实", "confirm": "yes"}).status_code == 404
    assert not PublicityObjection.objects.exists()
    # Nor through the staff form.
    response = attacker.post(reverse("publicity-objection-create"),
                             {"entry": str(entry_a.pk), "text": "不实", "caller_name": "某人",
                              "caller_phone": "13800000000", "confirm": "yes"})
    assert response.status_code in (403, 404)
    assert not PublicityObjection.objects.exists()


def test_a_town_cannot_register_an_objection_against_another_towns_entry(world, published, client_for):
    _batch, entry_a, _entry_b = published
    client = client_for(world.users["town_y"])
    client.post(reverse("publicity-objection-create"),
                {"entry": str(entry_a.pk), "text": "不实", "caller_name": "某人", "caller_phone": "13800000000",
                 "confirm": "yes"})
    assert not PublicityObjection.objects.exists()


def test_district_steps_are_refused_to_towns_and_employers(world, published, client_for):
    batch, entry_a, _entry_b = published
    objection = publicity_services.objection_register(entry=entry_a, user=world.users["employer_a"],
                                                      text="<script>alert(1)</script>数据有误")
    posts = [
        (reverse("publicity-batch-publish", args=[batch.pk]), {"confirm": "yes"}),
        (reverse("publicity-batch-discard", args=[batch.pk]), {"confirm": "yes"}),
        (reverse("publicity-entry-withdraw", args=[entry_a.pk]), {"reason": "撤回", "confirm": "yes"}),
        (reverse("publicity-entry-republish", args=[entry_a.pk]), {"note": "重新公示", "confirm": "yes"}),
        (reverse("publicity-objection-reopen", args=[objection.pk]), {"comment": "重新打开", "confirm": "yes"}),
        (reverse("publicity-objection-detail", args=[objection.pk]),
         {"note": "已核实", "status": ObjectionStatus.DONE, "confirm": "yes"}),
    ]
    for role in ("town_x", "town_y", "employer_a", "employer_b", "seeker_a"):
        client = client_for(world.users[role])
        for url, data in posts:
            assert client.post(url, data).status_code in (403, 404), (role, url)
    entry_a.refresh_from_db()
    objection.refresh_from_db()
    batch.refresh_from_db()
    assert entry_a.status == EntryStatus.LISTED and batch.status == BatchStatus.PUBLISHED
    assert objection.status == ObjectionStatus.PENDING and objection.handling_notes == ""


def test_objection_text_is_escaped_for_the_district(world, published, client_for):
    _batch, entry_a, _entry_b = published
    objection = publicity_services.objection_register(entry=entry_a, user=world.users["employer_a"],
                                                      text="<script>alert(1)</script>数据有误")
    for role in ("district", "town_x"):
        client = client_for(world.users[role])
        for url in (reverse("publicity-objection-detail", args=[objection.pk]),
                    reverse("publicity-objection-list")):
            html = client.get(url).content.decode()
            assert "<script>alert(1)</script>" not in html, (role, url)


# ---- letters --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    "https://letters.invalid/static//etc/passwd",
    "https://letters.invalid/static/../../config/settings/base.py",
    "https://letters.invalid/static/css/../../../../etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "file:///etc/passwd",
    "data:text/plain,hello",
])
def test_the_letter_renderer_fetches_nothing_but_static_files(url):
    from quota import letters_pdf

    with pytest.raises(letters_pdf.RefusedURL):
        letters_pdf.static_file_bytes(url)


def test_a_path_in_the_uploaded_name_is_dropped_through_the_page(world, draft_a, client_for, private_media):
    client = client_for(world.users["employer_a"])
    assert _upload(client, draft_a, "../../../../etc/passwd.pdf").status_code == 302
    item = DeclarationEvidence.objects.get()
    assert item.original_name == "passwd.pdf" and "passwd" not in item.file.name


def test_markup_in_an_employers_name_makes_the_letter_fetch_nothing(world, draft_a, client_for):
    """The renderer stops on any fetch it refuses (``fail_on_errors``): a PDF that renders proves the
    name's markup was text, not an image, a stylesheet or an import the server would call out for."""
    from employment.models import Employer

    # Within the 100 characters a name may have (PostgreSQL holds it to that): an image, a stylesheet
    # link to a server path and an @import of the cloud metadata address.
    hostile = '甲<img src=//127.0.0.1/x><link rel=stylesheet href=/etc/hosts><style>@import url(//169.254.169.254)'
    assert len(hostile) <= 100
    Employer.objects.filter(pk=world.employer_a.pk).update(name=hostile)
    services.declaration_submit(declaration=draft_a, user=world.users["employer_a"])
    approved = approve(world, draft_a)
    client = client_for(world.users["employer_a"])
    response = client.get(reverse("declaration-letter-pdf", args=[approved.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    page = client.get(reverse("declaration-letter", args=[approved.pk])).content.decode()
    assert "<img src=//127.0.0.1" not in page and "<style>@import" not in page and "<link rel=stylesheet" not in page


def test_an_employer_cannot_flood_the_district_with_objections(world, published, client_for):
    """Each objection tells every district and town reviewer; the form token stops only the same form
    twice, so differing texts are the attack. A few may wait at once; once one is done, another may
    be made; staff registering callers' objections are not limited."""
    from employment.models import Notification

    _batch, entry_a, _entry_b = published
    client = client_for(world.users["employer_a"])
    url = reverse("employer-publicity-objection", args=[entry_a.pk])
    for n in range(publicity_services.ONLINE_PENDING_MAX + 3):
        client.post(url, {"text": f"第{n}条：安排人数有误", "confirm": "yes"})
    assert PublicityObjection.objects.count() == publicity_services.ONLINE_PENDING_MAX
    told = Notification.objects.filter(event="publicity.objection").count()
    refused = client.post(url, {"text": "再来一条", "confirm": "yes"})
    assert refused.status_code == 200 and "条异议正在处理" in refused.content.decode()
    assert Notification.objects.filter(event="publicity.objection").count() == told
    first = PublicityObjection.objects.order_by("id").first()
    publicity_services.objection_handle(objection=first, user=world.users["district"], note="已核实，数据无误",
                                        status=ObjectionStatus.DONE)
    assert client.post(url, {"text": "补充一条", "confirm": "yes"}).status_code == 302
    publicity_services.objection_register(entry=entry_a, user=world.users["town_x"], text="来电反映数据有误",
                                          caller_name="张先生", caller_phone="13800000000")
    assert PublicityObjection.objects.count() == publicity_services.ONLINE_PENDING_MAX + 2


def test_asking_for_the_same_zip_again_while_it_is_built_queues_nothing_more(
        world, published, client_for, django_capture_on_commit_callbacks):
    """A district zip is hundreds of PDFs: repeated requests (clicks, a script) get the pending job."""
    from datetime import timedelta

    from django.utils import timezone

    from quota.models import LetterArchive, LetterArchiveStatus

    client = client_for(world.users["town_x"])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        for _ in range(5):
            response = client.post(reverse("review-letter-archives"), {"year": "2025"})
            assert response.status_code == 302
    job = LetterArchive.objects.get()
    assert len(queued) == 1 and response["Location"] == reverse("review-letter-archive", args=[job.pk])
    # Another user, or another scope, is another zip.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client_for(world.users["district"]).post(reverse("review-letter-archives"), {"year": "2025"})
    assert LetterArchive.objects.count() == 2 and len(queued) == 1
    # A request stuck longer than the window (its worker died) does not hold a new one back; a
    # finished zip can be asked for again.
    LetterArchive.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=1))
    client_for(world.users["town_x"]).post(reverse("review-letter-archives"), {"year": "2025"})
    assert LetterArchive.objects.filter(user=world.users["town_x"]).count() == 2
    LetterArchive.objects.update(status=LetterArchiveStatus.DONE)
    client_for(world.users["town_x"]).post(reverse("review-letter-archives"), {"year": "2025"})
    assert LetterArchive.objects.filter(user=world.users["town_x"]).count() == 3


def test_the_new_steps_refuse_a_cross_site_post(world, published, draft_a):
    """A page elsewhere posting with the user's cookies (no CSRF token): 403, nothing done."""
    from django.test import Client

    batch, entry_a, _entry_b = published
    employer = Client(enforce_csrf_checks=True)
    employer.force_login(world.users["employer_a"])
    assert employer.post(reverse("employer-publicity-objection", args=[entry_a.pk]),
                         {"text": "数据有误", "confirm": "yes"}).status_code == 403
    district = Client(enforce_csrf_checks=True)
    district.force_login(world.users["district"])
    assert district.post(reverse("publicity-entry-withdraw", args=[entry_a.pk]),
                         {"reason": "撤回", "confirm": "yes"}).status_code == 403
    assert district.post(reverse("review-letter-archives"), {"year": "2025"}).status_code == 403
    entry_a.refresh_from_db()
    assert entry_a.status == EntryStatus.LISTED and not PublicityObjection.objects.exists()


@pytest.mark.parametrize("model", ["publicitybatch", "publicityentry", "publicityobjection", "declarationevidence",
                                   "letterarchive"])
def test_the_admin_has_no_door_to_the_new_records(world, published, client_for, model):
    """The 公示, evidence and zip records are not admin snippets: their generic admin addresses (list,
    edit, history, bulk delete, chooser) give a town reviewer and an employer nothing."""
    _batch, entry_a, _entry_b = published
    pk = entry_a.pk
    urls = [f"/admin/snippets/quota/{model}/", f"/admin/snippets/quota/{model}/edit/{pk}/",
            f"/admin/snippets/quota/{model}/history/{pk}/", f"/admin/bulk/quota/{model}/delete/?id={pk}",
            f"/admin/snippets/choose/quota/{model}/"]
    for role in ("town_x", "employer_a"):
        client = client_for(world.users[role])
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 403, 404), (role, url, response.status_code)
            if response.status_code == 302:  # the admin's login or the second factor, never the record
                assert "/admin/snippets" not in response["Location"], (role, url)
            assert response.status_code != 200
        assert client.post(f"/admin/bulk/quota/{model}/delete/?id={pk}").status_code in (302, 403, 404)
    entry_a.refresh_from_db()  # still there
    assert _batch.entries.count() == 2
