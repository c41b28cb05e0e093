"""Reads of the CMS app: seat counts, course and provider report cards (成效报告), the provider's roster
(each learner's accommodation needs, contact and attendance; the district's corrections), site search (站内搜索:
pages, published jobs and the sections of the site that are not pages, such as 年审公示).

Report card, per course and per provider:
- enrolled: seekers who took a place (enrolled or completed; not waiting list, not cancelled);
- completed: seekers who completed the course;
- employed within 6 months: completers with a placement whose contract started between the
  completion date and six months after it;
- still employed at 6 months: of those, placements still running six months after the contract
  started (only counted once that date has passed).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page, WorkflowState

from employment import access
from employment.models import Placement, Role, TrainingProvider, VocationalAssessment
from employment.selectors import jobs_published

from .models import Attendance, CompletionCorrection, Enrolment, EnrolmentStatus, TrainingCoursePage
from .search import SearchResult, query_terms, rank_pages, rank_results, section_matches

SIX_MONTHS = relativedelta(months=6)
# Site search ranks this many candidates at most: far more than anyone pages through, few enough to sort in Python.
SEARCH_RESULTS_MAX = 200
# Query terms searched for at most (a query is at most 100 characters; real ones have two to five words).
SEARCH_TERMS_MAX = 10
# Parts of the site that are views, not pages: (title, URL name, what it is, the words people search it by).
SITE_SECTIONS = (
    ("年审公示", "declaration-publicity-latest", "用人单位按比例安排残疾人就业年审结果的公示，可以查看和提出异议。",
     "年审 年度审核 公示 按比例安排残疾人就业 用人单位 残疾人就业保障金 超比例奖励"),
    ("找工作", "job-list", "正在招聘的岗位，可以按镇街和居家办公筛选。", "招聘 岗位 工作 求职 就业"),
    ("全区就业数据", "public-summary", "海曙区残疾人就业的总体情况。", "就业数据 统计 概况 数据"),
)


@dataclass(frozen=True)
class SeatCounts:
    seats: int
    enrolled: int
    waitlisted: int

    @property
    def free(self) -> int:
        return max(self.seats - self.enrolled, 0)


@dataclass(frozen=True)
class ReportCard:
    enrolled: int = 0
    completed: int = 0
    employed_6m: int = 0
    still_employed_6m: int = 0

    def __add__(self, other: ReportCard) -> ReportCard:
        return ReportCard(
            self.enrolled + other.enrolled,
            self.completed + other.completed,
            self.employed_6m + other.employed_6m,
            self.still_employed_6m + other.still_employed_6m,
        )


def course_seat_counts(*, course: TrainingCoursePage) -> SeatCounts:
    counts = course.enrolments.aggregate(
        enrolled=Count("pk", filter=Q(status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED])),
        waitlisted=Count("pk", filter=Q(status=EnrolmentStatus.WAITLISTED)),
    )
    return SeatCounts(seats=course.seats, **counts)


def _still_running(placement: Placement, on: date) -> bool:
    ended = [d for d in (placement.ended_on, placement.contract_end) if d is not None]
    return all(d >= on for d in ended)


def _report_from(enrolments: list[Enrolment], placements: dict[int, list[Placement]], today: date) -> ReportCard:
    enrolled = completed = employed = still = 0
    for enrolment in enrolments:
        if enrolment.status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED):
            enrolled += 1
        if enrolment.status != EnrolmentStatus.COMPLETED or enrolment.completed_on is None:
            continue
        completed += 1
        window_end = enrolment.completed_on + SIX_MONTHS
        hires = [
            p for p in placements.get(enrolment.seeker_id, [])
            if enrolment.completed_on <= p.contract_start <= window_end
        ]
        if not hires:
            continue
        employed += 1
        if any(p.contract_start + SIX_MONTHS <= today and _still_running(p, p.contract_start + SIX_MONTHS)
               for p in hires):
            still += 1
    return ReportCard(enrolled, completed, employed, still)


def _report_for(enrolment_qs, today: date | None) -> ReportCard:
    today = today or timezone.localdate()
    enrolments = list(enrolment_qs.exclude(status=EnrolmentStatus.CANCELLED))
    seeker_ids = {e.seeker_id for e in enrolments if e.status == EnrolmentStatus.COMPLETED}
    placements: dict[int, list[Placement]] = {}
    for placement in Placement.objects.filter(seeker_id__in=seeker_ids):
        placements.setdefault(placement.seeker_id, []).append(placement)
    return _report_from(enrolments, placements, today)


def course_report_card(*, course: TrainingCoursePage, today: date | None = None) -> ReportCard:
    return _report_for(Enrolment.objects.filter(course=course), today)


def provider_report_card(*, provider, today: date | None = None) -> ReportCard:
    return _report_for(Enrolment.objects.filter(course__provider=provider), today)


def provider_course_report_cards(*, provider, today: date | None = None) -> list[tuple[TrainingCoursePage, ReportCard]]:
    courses = TrainingCoursePage.objects.filter(provider=provider).order_by("start_date", "pk")
    return [(course, course_report_card(course=course, today=today)) for course in courses]


# ---- the work queue: what a provider (or the district) must do about courses ----------------------


def courses_visible(user):
    """The courses whose rosters the user may see: a provider's own (drafts and those in review too),
    every course for the district; none for anyone else."""
    role = access.role_of(user)
    if role == Role.DISTRICT:
        return TrainingCoursePage.objects.all()
    if role == Role.PROVIDER:
        return TrainingCoursePage.objects.filter(provider=access.account_of(user).provider_id)
    return TrainingCoursePage.objects.none()


def courses_awaiting_moderation(user):
    """The user's courses submitted for review and waiting for the district (待审核发布)."""
    in_review = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS, base_content_type=ContentType.objects.get_for_model(Page)
    ).values_list("object_id", flat=True)
    return courses_visible(user).filter(pk__in=[int(pk) for pk in in_review])


def enrolments_awaiting_completion(user, *, today: date | None = None):
    """Seekers still enrolled on a course that has ended: the provider should record 结业 (or not)."""
    today = today or timezone.localdate()
    return (
        access.scoped(user, Enrolment)
        .filter(status=EnrolmentStatus.ENROLLED, course__end_date__lt=today, course__in=courses_visible(user))
        .select_related("course", "seeker")
    )


# ---- the provider's roster ----------------------------------------------------------------------


def roster_enrolments(user, course: TrainingCoursePage):
    """The course's learners the user may see (not cancelled), with their attendance and their
    assessments (for the accommodation needs), in enrolment order."""
    return (
        access.scoped(user, Enrolment)
        .filter(course=course)
        .exclude(status=EnrolmentStatus.CANCELLED)
        .select_related("seeker")
        .prefetch_related(
            "attendance",
            Prefetch("seeker__assessments", queryset=VocationalAssessment.objects.order_by("-assessed_at", "-id")),
        )
    )


@dataclass(frozen=True)
class RosterRow:
    """One learner on the roster: what the provider needs to teach and reach them, and their attendance."""

    enrolment: Enrolment
    needs: list[str]  # accommodation needs the learner recorded in their latest assessment (labels)
    phone: str
    email: str
    attended: int
    sessions: int  # the course's recorded sessions, the base of the completion rule
    rate_pct: int | None
    meets_minimum: bool


def roster_rows(course: TrainingCoursePage, enrolments) -> list[RosterRow]:
    sessions = Attendance.objects.filter(enrolment__course=course).values("session_date").distinct().count()
    rows = []
    for enrolment in enrolments:
        seeker = enrolment.seeker
        assessments = list(seeker.assessments.all())
        attended = sum(1 for r in enrolment.attendance.all() if r.present)
        rows.append(RosterRow(
            enrolment=enrolment, needs=assessments[0].needs_labels() if assessments else [],
            phone=seeker.phone, email=seeker.email, attended=attended, sessions=sessions,
            rate_pct=(attended * 100) // sessions if sessions else None,
            meets_minimum=bool(sessions) and attended * 100 >= course.min_attendance_pct * sessions,
        ))
    return rows


def completion_corrections(user, course: TrainingCoursePage):
    """The district's completion corrections on the course's learners, newest first."""
    return (access.scoped(user, CompletionCorrection).filter(enrolment__course=course)
            .select_related("enrolment__seeker", "by"))


def _pages_matching(terms: list[str], limit: int) -> tuple[list[Page], Counter[int]]:
    """Live public pages (specific) with every term, or with any term if none has every one, and for
    each page pk how many of the terms it has."""
    pages = Page.objects.live().public()
    found = pages.search(" ".join(terms), operator="and")[:limit]
    matched: Counter[int] = Counter({page.pk: len(terms) for page in found})
    if not matched and len(terms) > 1:
        # Fallback: pages with any term, counting how many of the terms each has (one query per term).
        for term in terms:
            matched.update(page.pk for page in pages.search(term)[:limit])
    return list(pages.filter(pk__in=list(matched)).specific()), matched


def pages_search(query: str, *, limit: int = SEARCH_RESULTS_MAX) -> list[Page]:
    """Live public pages matching all segmented terms of ``query`` (any term if none match all), title
    matches first (see ``cms.search.rank_pages``). At most ``limit``; callers paginate the list.

    Ranking is done in Python on the bounded candidate list rather than by the backend's relevance,
    which differs between SQLite and PostgreSQL and cannot tell a title word from a body word here.
    """
    terms = query_terms(query)[:SEARCH_TERMS_MAX]
    if not terms:
        return []
    candidates, matched = _pages_matching(terms, limit)
    return rank_pages(candidates, terms, matched=matched)[:limit]


def _page_results(terms: list[str], limit: int) -> list[SearchResult]:
    """Pages as search results, a course with the provider that teaches it."""
    candidates, matched = _pages_matching(terms, limit)
    provider_ids = {getattr(p, "provider_id", None) for p in candidates if isinstance(p, TrainingCoursePage)}
    providers = dict(TrainingProvider.objects.filter(pk__in=provider_ids - {None}).values_list("pk", "name"))
    results = []
    for page in candidates:
        owner = ""
        if isinstance(page, TrainingCoursePage) and page.provider_id in providers:
            owner = f"培训机构：{providers[page.provider_id]}"
        excerpt = strip_tags(getattr(page, "summary", "") or getattr(page, "intro", "") or "")
        results.append(SearchResult(
            title=page.title, url=page.url or "", kind=str(page.specific_class._meta.verbose_name), owner=owner,
            excerpt=excerpt, matched=matched.get(page.pk, 0), published=page.first_published_at,
            key=(0, -page.pk),
        ))
    return [r for r in results if r.url]


def _job_results(terms: list[str], limit: int) -> list[SearchResult]:
    """Published jobs whose title, description or employer has every term (any term if none has every one)."""
    def has(term: str) -> Q:
        return Q(title__icontains=term) | Q(description__icontains=term) | Q(employer__name__icontains=term)

    jobs = jobs_published()
    every = Q()
    for term in terms:
        every &= has(term)
    found = list(jobs.filter(every).order_by("-published_at", "-pk")[:limit])
    if not found and len(terms) > 1:
        anyone = Q()
        for term in terms:
            anyone |= has(term)
        found = list(jobs.filter(anyone).order_by("-published_at", "-pk")[:limit])
    results = []
    for job in found:
        text = f"{job.title} {job.description} {job.employer.name}".casefold()
        results.append(SearchResult(
            title=job.title, url=reverse("job-detail", args=[job.pk]), kind="招聘岗位",
            owner=f"用人单位：{job.employer.name}", excerpt=job.description,
            matched=sum(1 for t in terms if t.casefold() in text), published=job.published_at, key=(1, -job.pk),
        ))
    return results


def _section_results(terms: list[str]) -> list[SearchResult]:
    results = []
    for n, (title, url_name, excerpt, keywords) in enumerate(SITE_SECTIONS):
        matched = section_matches(title, keywords, terms)
        if matched:
            results.append(SearchResult(
                title=title, url=reverse(url_name), kind="网站栏目", excerpt=excerpt, matched=matched, key=(2, n),
            ))
    return results


def site_search(query: str, *, limit: int = SEARCH_RESULTS_MAX) -> list[SearchResult]:
    """站内搜索: live public pages, published jobs and the site's sections that are not pages (年审公示,
    找工作, 就业数据) matching the segmented ``query``, in one list ranked as ``cms.search.rank_results``
    says (title matches first). At most ``limit``; callers paginate the list."""
    terms = query_terms(query)[:SEARCH_TERMS_MAX]
    if not terms:
        return []
    results = [*_page_results(terms, limit), *_job_results(terms, limit), *_section_results(terms)]
    return rank_results(results, terms)[:limit]
