"""Reads of the core for its pages (every row through ``access``): the seeker of a signed-in user, the
employer of an employer user, the staff's towns and caseload, public job listings, applications and
jobs as each role may see them, the personal-data access log, and matches —
matched jobs for a seeker and consenting candidates for a job, from ``matching.selectors`` (which
apply the hard rules and the filters before ranking), with the plain reasons a job page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from matching import selectors as match_selectors

from . import access
from .models import (
    Application,
    Employer,
    JobPost,
    JobSeeker,
    JobStatus,
    PersonalDataAccess,
    Placement,
)
from .query import PAGE_MAX, int_or_none

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


def jobs_published(*, query: str = "", town_id: int | None = None, remote: bool = False) -> QuerySet[JobPost]:
    """The public list of published jobs, searched by title, description or employer."""
    jobs = JobPost.objects.filter(status=JobStatus.PUBLISHED).select_related("employer", "town")
    if query:
        jobs = jobs.filter(Q(title__contains=query) | Q(description__contains=query) | Q(employer__name__contains=query))
    if town_id:
        jobs = jobs.filter(town_id=town_id)
    if remote:
        jobs = jobs.filter(remote=True)
    return jobs


# ---- matches -------------------------------------------------------------------------------------


@dataclass
class JobMatch:
    job: JobPost
    reasons: list[str] = field(default_factory=list)
    score: float | None = None


@dataclass
class CandidateMatch:
    seeker: JobSeeker
    reasons: list[str] = field(default_factory=list)
    score: float | None = None
    what_if: str = ""
    application: Application | None = None


def rule_reasons(assessment, job: JobPost) -> list[str] | None:
    """Plain reasons from the hard rules; ``None`` when the pair is blocked (never shown)."""
    from matching.engine.rules import is_allowed, met_needs
    from matching.engine.vocab import ACCESSIBILITY
    from matching.profiles import job_profile, seeker_profile

    seeker_p, job_p = seeker_profile(assessment), job_profile(job)
    if not is_allowed(seeker_p, job_p):
        return None
    reasons = []
    met_set = met_needs(seeker_p, job_p)
    met = [n for n in assessment.needs if n in met_set]
    if met:
        reasons.append("提供您需要的" + "、".join(ACCESSIBILITY[n] for n in met if n in ACCESSIBILITY))
    if assessment.limitations:
        reasons.append("不要求您记录的不能做的事")
    if assessment.max_hours_per_day is not None:
        reasons.append(
            f"每天 {job.hours_per_day:g} 小时，不超过您能工作的 {assessment.max_hours_per_day:g} 小时"
        )
    if job.remote:
        reasons.append("可以在家工作")
    elif job.town_id == assessment.seeker.town_id:
        reasons.append("就在您所在的镇街")
    return reasons


def pair_allowed(seeker: JobSeeker, job: JobPost) -> bool:
    """Whether the hard rules allow showing ``job`` to ``seeker`` (a seeker without an assessment: yes)."""
    assessment = seeker.current_assessment
    return assessment is None or rule_reasons(assessment, job) is not None


@dataclass
class MatchCount:
    """What the pagination template reads from a paginator, for a list the selector counted."""

    count: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))


@dataclass
class SimplePage:
    """A page known by its number and whether a next one exists, and by the count when the list has one."""

    object_list: list
    number: int
    has_next: bool
    paginator: MatchCount | None = None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(raw) -> int:
    return int_or_none(raw, max_value=PAGE_MAX) or 1


def _as_job_match(m) -> JobMatch:
    if isinstance(m, JobMatch):
        return m
    return JobMatch(job=m.job, reasons=list(getattr(m, "reasons", []) or []), score=getattr(m, "score", None))


def jobs_for_seeker(seeker: JobSeeker, *, filters: dict, page: str | None) -> tuple[SimplePage, bool, str]:
    """A page of JobMatch for the seeker, whether it is personalised, and the selector's notice.

    Every filter goes to the selector, which applies it before ranking: the page and the count cover
    all jobs that pass, however far down an unfiltered list they would rank.
    """
    search = match_selectors.JobSearch(
        towns=frozenset({filters["town"].name}) if filters.get("town") is not None else None,
        remote_only=bool(filters.get("remote")),
        max_hours=filters.get("max_hours"),
        min_pay=filters.get("min_pay"),
    )
    result = match_selectors.jobs_for_seeker(seeker, filters=search, page=_page_number(page))
    counted = MatchCount(result.total, result.page_size) if result.total is not None else None
    items = [_as_job_match(m) for m in result.items]
    return SimplePage(items, result.page, result.has_next, counted), result.personalised, result.notice


def candidates_for_job(job: JobPost, user, *, page: str | None = None) -> SimplePage:
    """A page of consenting seekers the job may be shown to, best first, with reasons."""
    result = match_selectors.candidates_for_job(job, user, page=_page_number(page))
    out = [CandidateMatch(seeker=m.seeker, reasons=list(m.reasons), score=m.score) for m in result.items]
    # The selector promises consenting seekers only; the access scope is checked again here.
    allowed = set(
        access.scoped(user, JobSeeker)
        .filter(visible_to_employers=True, pk__in=[c.seeker.pk for c in out])
        .values_list("pk", flat=True)
    )
    return SimplePage([c for c in out if c.seeker.pk in allowed], result.page, result.has_next)


# ---- applications, jobs and the access log ----------------------------------------------------------


def applications_visible(user) -> QuerySet[Application]:
    """The applications the user may see (a seeker: their own), newest first, with the job."""
    return access.scoped(user, Application).select_related("job__employer", "job__town")


def applied_job_ids(user) -> set[int]:
    return set(access.scoped(user, Application).values_list("job_id", flat=True))


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


def placement_of(application: Application) -> Placement | None:
    return Placement.objects.filter(application=application).first()


def access_log(*, username: str = "") -> QuerySet[PersonalDataAccess]:
    """The personal-data access log (district only: the view checks the role), optionally of one user."""
    rows = PersonalDataAccess.objects.select_related("user", "seeker")
    return rows.filter(user__username=username) if username else rows
