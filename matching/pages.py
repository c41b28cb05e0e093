"""Matching as the web pages show it: a page of matched jobs for a seeker (``JobMatch``), a page of
consenting candidates for a job (``CandidateMatch``), and what a job's page tells a seeker
(``pair_reasons``: why it suits them, or which rule keeps it from them). ``matching.selectors`` ranks
(hard rules and filters applied before ranking); this module shapes its results for the templates.
Every reason comes from the engine's one explanation (``matching.engine.explain``), so the job list,
the job's page and the candidates page say the same of a pair. The core's pages reach
``jobs_for_seeker`` and ``pair_reasons`` through the port ``employment.matches`` (registered in
``MatchingConfig.ready``); the employer portal imports this module directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from employment import access
from employment.models import Application, JobPost, JobSeeker
from employment.query import PAGE_MAX, int_or_none
from matching import selectors
from matching.engine.explain import match_reasons, why_not
from matching.engine.rules import is_allowed
from matching.profiles import job_profile, seeker_profile


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


@dataclass(frozen=True)
class PairReasons:
    """What a job's page tells a seeker: whether the rules allow the pair, why the job suits them
    (the reasons the job list gives), or in plain words why it does not (``why_not``)."""

    allowed: bool
    reasons: list[str] = field(default_factory=list)
    why_not: list[str] = field(default_factory=list)


def pair_reasons(assessment, job: JobPost) -> PairReasons:
    """The reasons for one seeker (through their assessment) and one job, from the engine's explanation."""
    seeker_p, job_p = seeker_profile(assessment), job_profile(job)
    if not is_allowed(seeker_p, job_p):
        return PairReasons(allowed=False, why_not=why_not(seeker_p, job_p))
    return PairReasons(allowed=True, reasons=match_reasons(seeker_p, job_p))


def pair_allowed(seeker: JobSeeker, job: JobPost) -> bool:
    """Whether the hard rules allow showing ``job`` to ``seeker`` (a seeker without an assessment: yes)."""
    assessment = seeker.current_assessment
    return assessment is None or is_allowed(seeker_profile(assessment), job_profile(job))


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
    search = selectors.JobSearch(
        towns=frozenset({filters["town"].name}) if filters.get("town") is not None else None,
        towns_remote_elsewhere=not filters.get("town_only"),
        remote_only=bool(filters.get("remote")),
        max_hours=filters.get("max_hours"),
        min_pay=filters.get("min_pay"),
        published_after=filters.get("published_after"),
        fit_only=bool(filters.get("fit_only")),
    )
    result = selectors.jobs_for_seeker(seeker, filters=search, page=_page_number(page))
    counted = MatchCount(result.total, result.page_size) if result.total is not None else None
    items = [_as_job_match(m) for m in result.items]
    return SimplePage(items, result.page, result.has_next, counted), result.personalised, result.notice


def candidates_for_job(
    job: JobPost, user, *, page: str | None = None, search: selectors.CandidateSearch | None = None
) -> SimplePage:
    """A page of consenting seekers the job may be shown to, filtered and sorted by ``search`` (best
    match first by default), with reasons and the number that pass in all (``paginator.count``)."""
    result = selectors.candidates_for_job(job, user, page=_page_number(page), search=search)
    out = [CandidateMatch(seeker=m.seeker, reasons=list(m.reasons), score=m.score) for m in result.items]
    # The selector promises consenting seekers only; the access scope is checked again here.
    allowed = set(
        access.scoped(user, JobSeeker)
        .filter(visible_to_employers=True, pk__in=[c.seeker.pk for c in out])
        .values_list("pk", flat=True)
    )
    counted = MatchCount(result.total, result.page_size) if result.total is not None else None
    return SimplePage([c for c in out if c.seeker.pk in allowed], result.page, result.has_next, counted)
