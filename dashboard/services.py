"""Writes for the dashboard: request a background report, build it (called by the task), and log each
download of a finished report in the personal-data access log."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from employment.models import PersonalDataAccess

from . import selectors
from .exports import tables_xlsx
from .models import ReportJob, ReportStatus


@transaction.atomic
def report_job_request(*, user, scope: selectors.Scope) -> ReportJob:
    """Record a report job for ``scope`` (already checked against the user) and queue it on commit."""
    from .tasks import report_build

    job = ReportJob.objects.create(user=user, year=scope.year, town_id=scope.town_id)
    transaction.on_commit(lambda: report_build.delay(job.pk))
    return job


def report_job_build(*, job_id: int) -> ReportJob:
    """Build the report's xlsx, recording progress. Running it again for a finished job does nothing."""
    job = ReportJob.objects.select_related("user").get(pk=job_id)
    if job.status == ReportStatus.DONE:
        return job
    ReportJob.objects.filter(pk=job.pk).update(status=ReportStatus.RUNNING, progress=0, error="")
    # Re-resolve the scope as the requesting user: a report never shows more than its owner may see.
    scope = selectors.dashboard_scope(job.user, year=job.year, town_id=job.town_id)
    steps = [
        ("seekers", lambda: selectors.seeker_rows(job.user, scope)),
        ("placements", lambda: selectors.placement_rows(job.user, scope)),
        ("families", lambda: selectors.household_rows(job.user, scope)),
        ("declarations", lambda: selectors.declaration_groups(job.user, scope)),
        ("funnel", lambda: selectors.funnel_groups(job.user, scope)),
        ("subsidies", lambda: selectors.subsidy_groups(job.user, scope)),
        ("enrolments", lambda: selectors.enrolment_rows(job.user, scope)),
    ]
    loaded = {}
    for i, (name, load) in enumerate(steps, start=1):
        loaded[name] = load()
        ReportJob.objects.filter(pk=job.pk).update(progress=i * 90 // len(steps))
    posts, applications = loaded["funnel"]
    tables = selectors.tables_from_rows(scope, loaded["seekers"], loaded["placements"], loaded["families"],
                                        loaded["declarations"], posts, applications, loaded["subsidies"],
                                        loaded["enrolments"])
    content = tables_xlsx(list(tables.values()))
    job.refresh_from_db()
    # The storage is private and names the file at random (``models.report_file_name``).
    job.file.save("report.xlsx", ContentFile(content), save=False)
    job.status, job.progress, job.finished_at = ReportStatus.DONE, 100, timezone.now()
    job.save(update_fields=["file", "status", "progress", "finished_at"])
    return job


def report_download_record(*, job: ReportJob, user) -> PersonalDataAccess:
    """Log a download of a finished report, like any other export of personal data.

    A report's tables count people per town down to small numbers (the public page merges those), so
    every download is logged — the requester's own too — as EXPORT (导出): a copy leaves the platform.
    """
    town = job.town.name if job.town_id else "全区"
    return PersonalDataAccess.objects.create(
        user=user, seeker=None, field="数据看板报表", action=PersonalDataAccess.Action.EXPORT,
        reason="下载数据看板完整报表",
        detail=f"报表任务{job.pk}：{job.year}年度 {town}，申请人 {job.user.get_username()}",
    )
