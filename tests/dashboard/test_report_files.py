"""Report files are private (issue 13, item 4): stored under PRIVATE_MEDIA_ROOT with a random name,
never under MEDIA_ROOT; downloaded only by the requester, the district and the report town's
reviewer, through a view that logs every download; files already under MEDIA_ROOT are moved."""

from __future__ import annotations

import importlib
import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from dashboard import services
from dashboard.models import ReportJob, ReportStatus
from dashboard.selectors import dashboard_scope
from employment.models import PersonalDataAccess, Role
from employment.storage import private_storage
from tests.dashboard.conftest import YEAR
from tests.factories import make_user


@pytest.fixture
def disk_media(settings, tmp_path):
    """MEDIA_ROOT on disk (tests otherwise keep default files in memory), to see what lands there."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": str(tmp_path / "media")}},
    }
    return tmp_path / "media"


def _report(user, town=None) -> ReportJob:
    scope = dashboard_scope(user, year=YEAR, town_id=town.pk if town else None)
    job = ReportJob.objects.create(user=user, year=scope.year, town_id=scope.town_id)
    return services.report_job_build(job_id=job.pk)


def _files_under(root: Path) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()] if Path(root).exists() else []


def _download(client, job):
    return client.get(f"/dashboard/reports/{job.pk}/download/")


def _logged(job) -> list[tuple[str, str]]:
    return [(row.user.username, row.action) for row in
            PersonalDataAccess.objects.filter(field="数据看板报表", detail__startswith=f"报表任务{job.pk}：")
            .order_by("pk")]


def test_report_file_is_private_with_a_random_name(figures, disk_media, private_media, settings):
    job = _report(figures.users["town_x"])
    assert job.status == ReportStatus.DONE
    assert re.fullmatch(r"reports/[0-9a-f]{32}\.xlsx", job.file.name), job.file.name
    path = Path(private_storage.path(job.file.name)).resolve()
    assert path.is_file() and path.is_relative_to(Path(private_media).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert _files_under(disk_media) == []  # nothing at all under the served directory
    with pytest.raises(ValueError):
        job.file.url  # noqa: B018 - private files have no URL
    # Two reports of the same year and town do not share (or predict) a name.
    assert _report(figures.users["town_x"]).file.name != job.file.name


def test_anonymous_cannot_download(figures, client):
    job = _report(figures.users["town_x"])
    response = _download(client, job)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert _logged(job) == []


@pytest.mark.parametrize(("role", "status"), [("town_y", 404), ("employer_a", 403), ("seeker_a", 403),
                                              ("provider_a", 403)])
def test_other_town_and_non_staff_cannot_download_or_see_the_job(figures, client_for, role, status):
    job = _report(figures.users["town_x"])
    client = client_for(figures.users[role])
    assert _download(client, job).status_code == status
    assert client.get(f"/dashboard/reports/{job.pk}/").status_code == status
    assert _logged(job) == []


def test_district_wide_report_is_not_for_a_town_reviewer(figures, client_for):
    job = _report(figures.users["district"])
    assert job.town_id is None
    assert _download(client_for(figures.users["town_x"]), job).status_code == 404
    assert _logged(job) == []


def test_requester_town_colleague_and_district_download_and_every_download_is_logged(figures, client_for):
    job = _report(figures.users["town_x"])
    colleague = make_user(Role.TOWN, username="town_x_2", town=figures.town_x)
    for user in (figures.users["town_x"], colleague, figures.users["district"]):
        response = _download(client_for(user), job)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store, private"
        assert "attachment" in response["Content-Disposition"]
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        assert len(workbook.worksheets) == 9
    assert _logged(job) == [("town_x", "export"), ("town_x_2", "export"), ("district", "export")]
    row = PersonalDataAccess.objects.filter(field="数据看板报表").first()
    assert row.seeker is None and "鼓楼街道" in row.detail and "town_x" in row.detail and row.reason


def test_the_access_log_shows_report_downloads(figures, client_for):
    job = _report(figures.users["town_x"])
    _download(client_for(figures.users["town_x"]), job)
    page = client_for(figures.users["district"]).get("/privacy/access-log/").content.decode()
    assert "数据看板报表" in page and f"报表任务{job.pk}" in page


def test_a_missing_file_is_a_404_not_a_crash(figures, client_for):
    job = _report(figures.users["town_x"])
    private_storage.delete(job.file.name)
    assert _download(client_for(figures.users["town_x"]), job).status_code == 404
    assert _logged(job) == []


def test_deleting_a_job_removes_its_file(figures, django_capture_on_commit_callbacks):
    job = _report(figures.users["town_x"])
    name = job.file.name
    assert private_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        job.delete()
    assert not private_storage.exists(name)


def test_migration_moves_existing_public_reports_into_private_storage(figures, disk_media):
    """Report files written under MEDIA_ROOT before this change: moved (content kept) and the public
    copies deleted; a row whose file is already gone is marked failed; orphans are swept."""
    from django.apps import apps

    migration = importlib.import_module("dashboard.migrations.0002_inputs_private_reports")
    user = figures.users["town_x"]
    old = default_storage.save(f"reports/{YEAR}/11/dashboard-{YEAR}-1.xlsx", ContentFile(b"workbook one"))
    orphan = default_storage.save(f"reports/{YEAR}/10/dashboard-{YEAR}-9.xlsx", ContentFile(b"no row"))
    kept = ReportJob.objects.create(user=user, year=YEAR, town=figures.town_x, status=ReportStatus.DONE)
    gone = ReportJob.objects.create(user=user, year=YEAR, town=figures.town_x, status=ReportStatus.DONE)
    ReportJob.objects.filter(pk=kept.pk).update(file=old)
    ReportJob.objects.filter(pk=gone.pk).update(file=f"reports/{YEAR}/11/dashboard-{YEAR}-2.xlsx")

    migration.reports_make_private(apps, None)
    migration.reports_make_private(apps, None)  # running it again changes nothing

    kept.refresh_from_db()
    gone.refresh_from_db()
    assert re.fullmatch(r"reports/[0-9a-f]{32}\.xlsx", kept.file.name)
    with private_storage.open(kept.file.name, "rb") as handle:
        assert handle.read() == b"workbook one"
    assert not default_storage.exists(old) and not default_storage.exists(orphan)
    assert _files_under(disk_media) == []
    assert (gone.file.name, gone.status) == ("", ReportStatus.FAILED) and "重新生成" in gone.error
