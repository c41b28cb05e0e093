"""Writes for the dashboard: request a background report, build it (called by the task), log each
download of a finished report in the personal-data access log, and load the population extract
(the employment rate's base)."""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from employment.models import PersonalDataAccess, Town
from employment.table_export import exporter_label
from employment.table_import import RowError, TableFileError, row_errors

from . import population, selectors
from .exports import scope_label, tables_xlsx
from .models import ReportJob, ReportStatus, TownPopulation

logger = logging.getLogger(__name__)


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
    content = tables_xlsx(list(tables.values()), year=job.year, scope=scope_label(scope),
                          exported_by=exporter_label(job.user))
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


class PopulationImportError(Exception):
    """An extract with errors: ``errors`` lists every bad cell, ``message`` a whole-file problem."""

    def __init__(self, errors, message: str = ""):
        self.errors = row_errors(errors)
        super().__init__(message or f"{self.errors.total} 处错误")
        self.message = message


def _town_lookup() -> dict[str, Town]:
    towns = list(Town.objects.all())
    return {**{t.name: t for t in towns}, **{t.code: t for t in towns}}


@transaction.atomic
def population_import(*, user, year: int, content: bytes, filename: str) -> int:
    """Load a year's extract of the population database: each town's certified working-age people.

    The file replaces everything loaded for ``year`` (an extract is a snapshot of every town). Any bad
    row — a town not found, the same town twice (by name and by code), a count that is not a whole
    number — is a ``PopulationImportError`` listing every error by row and column, and nothing is
    saved. Returns the number of towns loaded. Callers check the role (district staff only).
    """
    try:
        rows, errors = population.read_population(content, filename)
    except TableFileError as exc:
        raise PopulationImportError([], str(exc)) from exc
    towns = _town_lookup()
    seen: dict[int, int] = {}
    plans: list[tuple[Town, population.PopulationRow]] = []
    for row in rows:
        town = towns.get(row.town)
        if town is None:
            errors.append(RowError(row.row, population.TOWN, f"没有名为（或代码为）“{row.town[:20]}”的镇街，请填写镇街全称"))
        elif town.pk in seen:
            errors.append(RowError(row.row, population.TOWN, f"{town.name}与第{seen[town.pk]}行重复"))
        else:
            seen[town.pk] = row.row
            plans.append((town, row))
    if errors:
        raise PopulationImportError(errors)
    now = timezone.now()
    TownPopulation.objects.filter(year=year).delete()
    TownPopulation.objects.bulk_create([
        TownPopulation(town=town, year=year, working_age_certified=row.count, note=row.note,
                       source_name=filename[:200], loaded_by=user, loaded_at=now)
        for town, row in plans
    ])
    logger.info("Population extract for %s loaded by user %s: %s towns", year, getattr(user, "pk", None), len(plans))
    return len(plans)
