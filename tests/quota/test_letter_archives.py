"""Zips of a year's letters (认定书打包, quota/letter_services.py): built by the Celery task (eager in
the tests) with each approved declaration's letter and, where a levy is due, its payment notice; a
town reviewer's zip holds its own town only, the district's every town or the one chosen; each
download is logged; others cannot reach a zip."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from employment.models import PersonalDataAccess
from quota.models import LetterArchive, LetterArchiveStatus
from tests.quota.conftest import roster_row
from tests.quota.test_letters import pdf_tools  # noqa: F401 - fixture
from tests.subsidies.conftest import approved_declaration  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_both(world, policy, approved_declaration, settings, tmp_path):  # noqa: F811
    """Town X: employer A with a levy due. Town Y: employer B meeting the quota (no notice)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    a = approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1)])
    b = approved_declaration(world.employer_b, world.users["employer_b"], [roster_row(2), roster_row(3)])
    assert a.levy_payable > 0 and b.levy_payable == 0
    return a, b


def request_zip(client, django_capture_on_commit_callbacks, data) -> LetterArchive:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("review-letter-archives"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = LetterArchive.objects.latest("id")
    assert response["Location"] == reverse("review-letter-archive", args=[job.pk])
    job.refresh_from_db()
    assert job.status == LetterArchiveStatus.DONE and job.progress == 100
    return job


def zip_names(client, job) -> list[str]:
    response = client.get(reverse("review-letter-archive-download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for info in archive.infolist():
            assert archive.read(info).startswith(b"%PDF-")
        return sorted(archive.namelist())


def test_a_towns_zip_holds_its_own_letters_and_nothing_of_other_towns(
        world, client, approved_both, pdf_tools, django_capture_on_commit_callbacks):  # noqa: F811
    a, b = approved_both
    client.force_login(world.users["town_x"])
    # A town reviewer cannot pick another town: the field is not offered, and a posted one is ignored.
    job = request_zip(client, django_capture_on_commit_callbacks, {"year": "2025", "town": str(world.town_y.pk)})
    assert job.town == world.town_x
    names = zip_names(client, job)
    assert names == [
        f"鼓楼街道/{a.letter_no}-甲公司-审核认定书.pdf",
        f"鼓楼街道/{a.letter_no}-甲公司-缴款通知书.pdf",
    ]
    assert not any("乙公司" in name or "石碶街道" in name for name in names)
    assert (job.letter_count, job.notice_count) == (1, 1)
    log = PersonalDataAccess.objects.get(field="审核认定书压缩包")
    assert log.user == world.users["town_x"] and log.action == PersonalDataAccess.Action.EXPORT


def test_the_district_zips_every_town_or_the_one_chosen(
        world, client, approved_both, pdf_tools, django_capture_on_commit_callbacks):  # noqa: F811
    a, b = approved_both
    client.force_login(world.users["district"])
    every = request_zip(client, django_capture_on_commit_callbacks, {"year": "2025", "town": ""})
    assert zip_names(client, every) == sorted([
        f"鼓楼街道/{a.letter_no}-甲公司-审核认定书.pdf",
        f"鼓楼街道/{a.letter_no}-甲公司-缴款通知书.pdf",
        f"石碶街道/{b.letter_no}-乙公司-审核认定书.pdf",  # no levy due: no notice
    ])
    town_y = request_zip(client, django_capture_on_commit_callbacks, {"year": "2025", "town": str(world.town_y.pk)})
    assert zip_names(client, town_y) == [f"石碶街道/{b.letter_no}-乙公司-审核认定书.pdf"]


def test_other_towns_and_employers_cannot_reach_a_zip(
        world, client, approved_both, pdf_tools, django_capture_on_commit_callbacks):  # noqa: F811
    client.force_login(world.users["town_x"])
    job = request_zip(client, django_capture_on_commit_callbacks, {"year": "2025"})
    client.force_login(world.users["town_y"])
    for name in ("review-letter-archive", "review-letter-archive-download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert job.pk not in [j.pk for j in client.get(reverse("review-letter-archives")).context["page"].object_list]
    client.force_login(world.users["employer_a"])
    assert client.get(reverse("review-letter-archives")).status_code == 403
    assert client.get(reverse("review-letter-archive-download", args=[job.pk])).status_code == 403
    client.force_login(world.users["district"])
    assert client.get(reverse("review-letter-archive", args=[job.pk])).status_code == 200


def test_a_year_without_approved_declarations_makes_no_zip(world, client, policy, settings, tmp_path,
                                                          django_capture_on_commit_callbacks):
    from quota import letter_services

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    with django_capture_on_commit_callbacks(execute=True):
        job = letter_services.letter_archive_request(user=world.users["district"], year=2025, town=None)
    job.refresh_from_db()
    assert job.status == LetterArchiveStatus.DONE and not job.file and job.letter_count == 0
    client.force_login(world.users["district"])
    page = client.get(reverse("review-letter-archive", args=[job.pk])).content.decode()
    assert "没有审核通过的申报" in page
    assert client.get(reverse("review-letter-archive-download", args=[job.pk])).status_code == 404
    listing = client.get(reverse("review-letter-archives")).content.decode()
    assert "还没有审核通过的申报" in listing  # no year to choose: no form
