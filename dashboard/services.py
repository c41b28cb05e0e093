"""Writes for the dashboard: request a background report, and build it (called by the task)."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

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
    job.file.save(f"dashboard-{job.year}-{job.pk}.xlsx", ContentFile(content), save=False)
    job.status, job.progress, job.finished_at = ReportStatus.DONE, 100, timezone.now()
    job.save(update_fields=["file", "status", "progress", "finished_at"])
    return job
