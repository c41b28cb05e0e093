"""Reads of the core for its pages (every row through ``access``): the seeker of a signed-in user, the
employer of an employer user, the staff's towns and caseload, public job listings, applications and
jobs as each role may see them, and the personal-data access log. Matches are the matching app's
(``matching.pages``); the core's pages reach them through ``employment.matches``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q, QuerySet

from . import access
from .models import (
    Application,
    ApplicationStatus,
    Employer,
    JobPost,
    JobSeeker,
    JobStatus,
    PersonalDataAccess,
    Placement,
    SeekerReply,
)

VERIFIED_FILTER = {"no": "待核验（本人注册，未核对证件原件）", "yes": "已核验"}


# ---- who the user is ---------------------------------------------------------------------------


def own_seeker(user) -> JobSeeker:
    """The signed-in seeker's own record (404 if there is none)."""
    return access.get_visible(user, JobSeeker.objects.select_related("town"), user_id=user.pk)


def own_employer(user) -> Employer:
    """The employer of a signed-in employer user (403 if it may not change it)."""
    return access.get_changeable(user, Employer, pk=access.account_of(user).employer_id)


# ---- lists ---------------------------------------------------------------------------------------


def caseload(user, *, query: str = "", town_id: int | None = None, verified: str = "") -> QuerySet[JobSeeker]:
    """The seekers of the reviewer's town (district: all), searched by name or masked certificate
    number, filtered by town and by verification (``VERIFIED_FILTER``)."""
    seekers = access.scoped(user, JobSeeker).select_related("town")
    if query:
        seekers = seekers.filter(Q(name__contains=query) | Q(cert_no_masked__contains=query))
    if town_id:
        seekers = seekers.filter(town_id=town_id)
    if verified in VERIFIED_FILTER:
        seekers = seekers.filter(verified_at__isnull=verified == "no")
    return seekers.order_by("town__sort_order", "name")


def jobs_published(*, query: str = "", town_id: int | None = None, remote: bool = False,
                   town_remote_elsewhere: bool = True) -> QuerySet[JobPost]:
    """The public list of published jobs, searched by title, description or employer.

    A town keeps that town's jobs and, as the seeker's matched list does, remote jobs of any town
    unless ``town_remote_elsewhere`` is off (the page says which).
    """
    jobs = JobPost.objects.filter(status=JobStatus.PUBLISHED).select_related("employer", "town")
    if query:
        jobs = jobs.filter(Q(title__contains=query) | Q(description__contains=query) | Q(employer__name__contains=query))
    if town_id:
        in_town = Q(town_id=town_id)
        jobs = jobs.filter((in_town | Q(remote=True)) if town_remote_elsewhere else in_town)
    if remote:
        jobs = jobs.filter(remote=True)
    return jobs


# ---- applications, jobs and the access log ----------------------------------------------------------


def applications_visible(user) -> QuerySet[Application]:
    """The applications the user may see (a seeker: their own), newest first, with the job."""
    return access.scoped(user, Application).select_related("job__employer", "job__town")


def applied_job_ids(user) -> set[int]:
    return set(access.scoped(user, Application).values_list("job_id", flat=True))


def application_status_by_job(user) -> dict[int, str]:
    """The status of the user's (a seeker's) application to each job they applied to or were invited to."""
    return dict(access.scoped(user, Application).values_list("job_id", "status"))


def placements_by_application(user, application_ids) -> dict[int, Placement]:
    """The hires (start date, wage) of these applications the user may see, by application id."""
    rows = access.scoped(user, Placement).filter(application_id__in=list(application_ids))
    return {p.application_id: p for p in rows}


def application_for(user, job: JobPost) -> Application | None:
    """The user's application to ``job`` (a seeker applies once), or None."""
    return access.scoped(user, Application).filter(job=job).first()


def applications_of_seeker(user, seeker: JobSeeker) -> QuerySet[Application]:
    return access.scoped(user, Application).filter(seeker=seeker).select_related("job__employer")


def employer_jobs(user) -> QuerySet[JobPost]:
    """The jobs an employer user may change (its own employer's), newest first."""
    return access.scoped(user, JobPost, change=True).select_related("town").order_by("-created_at")


def applications_to_job(user, job: JobPost) -> QuerySet[Application]:
    return access.scoped(user, Application).filter(job=job).select_related("seeker__town").order_by("-created_at")


def invitations_awaiting_answer(user) -> QuerySet[Application]:
    """Invitations to interview the user (a seeker) has not answered yet (待答复的面试邀请)."""
    return applications_visible(user).filter(status=ApplicationStatus.INVITED, seeker_reply=SeekerReply.NONE)


def applications_to_own_jobs(user) -> QuerySet[Application]:
    """The applications and invitations of the user's (an employer user's) own jobs it may see, newest first."""
    return (
        access.scoped(user, Application)
        .filter(job__in=access.scoped(user, JobPost, change=True))
        .select_related("job", "seeker__town")
        .order_by("-created_at")
    )


def applications_received(user, *, since: datetime | None = None) -> QuerySet[Application]:
    """Applications seekers sent to the user's (an employer user's) jobs themselves — not the
    employer's own invitations — created after ``since`` (None: all), newest first."""
    qs = applications_to_own_jobs(user).filter(invited_by_employer=False)
    return qs.filter(created_at__gt=since) if since is not None else qs


def invitation_replies(user, *, since: datetime | None = None) -> QuerySet[Application]:
    """Seekers' answers to the user's (an employer user's) invitations to interview given after
    ``since`` (None: all), latest answer first."""
    qs = applications_to_own_jobs(user).exclude(seeker_reply=SeekerReply.NONE)
    if since is not None:
        qs = qs.filter(seeker_replied_at__gt=since)
    return qs.order_by("-seeker_replied_at")


@dataclass(frozen=True)
class JobApplicationCounts:
    """One job's line on the employer home: applications and invitations in all, those still open,
    and what is new since the user's last visit (applications seekers sent, answers to invitations)."""

    total: int = 0
    open: int = 0
    new: int = 0


OPEN_STATUSES = (ApplicationStatus.APPLIED, ApplicationStatus.INVITED, ApplicationStatus.INTERVIEWED)


def application_counts_by_job(user, *, since: datetime | None) -> dict[int, JobApplicationCounts]:
    """Per job of the user's (an employer user's) employer: its applications counted, "new" meaning
    since ``since`` — the work queue's last visit (None: everything is new) — in two queries."""
    rows = applications_to_own_jobs(user).order_by()
    totals = rows.values("job_id").annotate(
        total=Count("id"), open=Count("id", filter=Q(status__in=OPEN_STATUSES))
    )
    received = rows.filter(invited_by_employer=False)
    replied = rows.exclude(seeker_reply=SeekerReply.NONE)
    if since is not None:
        received = received.filter(created_at__gt=since)
        replied = replied.filter(seeker_replied_at__gt=since)
    new: dict[int, int] = {}
    for qs in (received, replied):
        for row in qs.values("job_id").annotate(n=Count("id")):
            new[row["job_id"]] = new.get(row["job_id"], 0) + row["n"]
    return {
        row["job_id"]: JobApplicationCounts(row["total"], row["open"], new.get(row["job_id"], 0)) for row in totals
    }


def placement_of(application: Application) -> Placement | None:
    return Placement.objects.filter(application=application).first()


def access_log(*, username: str = "") -> QuerySet[PersonalDataAccess]:
    """The personal-data access log (district only: the view checks the role), optionally of one user."""
    rows = PersonalDataAccess.objects.select_related("user", "seeker")
    return rows.filter(user__username=username) if username else rows
