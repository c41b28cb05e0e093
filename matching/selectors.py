"""Reads of matching for the web pages (匹配查询): jobs for a seeker, candidates for a job.

Rows are loaded and filtered through the ORM (and ``employment.access`` for who may see whom), turned
into the engine's plain profiles, and matched by ``matching.engine``; vectors come from the index in
force (``matching.index.serving``), falling back to the row's stored vector and, for a row not yet
embedded, to the encoder. A blocked pair is never returned.

- A seeker who turned personalised matching off gets a plain list, newest first, with no scores or
  reasons, filtered only by what they pick: neither their assessment nor any vector is read, unless
  they tick 只看适合我的无障碍条件的岗位 (``JobSearch.fit_only``), which applies the hard rules of the
  needs and limitations they recorded as one more filter — still never for ranking.
- Candidates for a job are only seekers who consented to be visible to employers
  (``visible_to_employers``) and whom the user may see; seekers who turned personalised matching off
  are not ranked for anyone; people the employer has hired and who still work there are not
  recommended to it again. The employer filters them (``CandidateSearch``: town, hours a day, already
  contacted) before ranking, sorts them (best match, latest assessment, town) and is told how many pass.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import numpy as np
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Max, Q, QuerySet
from django.http import Http404

from employment import access
from employment.models import Application, JobPost, JobSeeker, Placement, Role, VocationalAssessment
from matching.engine import (
    JobCorpus,
    JobFilters,
    SeekerCorpus,
    is_allowed,
    match_seekers_for_job,
    rank_jobs_for_seeker,
)
from matching.engine.dense import normalise

from . import index, profiles

PAGE_SIZE = 10


@dataclass(frozen=True)
class JobSearch:
    """What a seeker filters the job list by; empty means no filter.

    Every filter restricts the jobs before they are ranked (towns, remote and keyword through the ORM,
    the rest through the engine's ``JobFilters``), so the list and its count cover all jobs that pass.
    """

    towns: frozenset[str] | None = None  # town names
    # With ``towns``: remote jobs of other towns are listed too (the form says so), unless the seeker
    # ticks 只看本镇街的岗位. The engine's ``JobFilters.towns_remote_elsewhere`` is the same rule.
    towns_remote_elsewhere: bool = True
    remote_only: bool = False
    max_distance_km: float | None = None
    keyword: str = ""
    max_hours: float | Decimal | None = None  # 每天最多工作小时数: a job of exactly this many hours passes
    min_pay: Decimal | None = None  # 月薪至少 (元): a job naming no salary never passes (engine ``pays_at_least``)
    published_after: datetime | None = None  # new since the seeker last looked (the work queue's 新匹配)
    # Personalised matching off: apply the hard rules of the seeker's recorded needs and limitations
    # (只看适合我的无障碍条件的岗位). Off by default, so "off" uses none of the seeker's profile; with
    # personalised matching on the hard rules always apply and this is ignored.
    fit_only: bool = False

    def job_filters(self, *, allowed_ids: frozenset[str] | None = None) -> JobFilters:
        """The engine's filters for this search (the ORM ones are applied by ``_filtered_jobs``)."""
        return JobFilters(
            allowed_ids=allowed_ids, max_distance_km=self.max_distance_km, max_hours=self.max_hours,
            min_pay=self.min_pay,
        )


@dataclass(kw_only=True)
class _MatchResult:
    """What both directions show for one match: the score, its components and the reasons."""

    score: float | None = None
    confident: bool = False
    reasons: list[str] = field(default_factory=list)
    components: dict[str, float | None] = field(default_factory=dict)

    @property
    def explanation(self) -> str:
        return "；".join(self.reasons)


@dataclass(kw_only=True)
class JobResult(_MatchResult):
    job: JobPost


@dataclass(kw_only=True)
class CandidateResult(_MatchResult):
    seeker: JobSeeker
    assessment: VocationalAssessment


@dataclass
class ResultPage:
    items: list
    page: int
    page_size: int
    has_next: bool
    personalised: bool
    notice: str = ""
    total: int | None = None  # how many results the whole list holds, where it is counted


# ---- corpora (cached per process while nothing changed) ----------------------------------------

_cache: dict[str, tuple[tuple, object, dict[str, np.ndarray]]] = {}
_cache_lock = threading.Lock()


def _encoder():
    from matching.embedding import get_encoder

    return get_encoder()


def _vectors(rows: list, side: str, texts: list[str]) -> np.ndarray:
    """One vector per row: from the index in force, else the stored one, else encoded now."""
    served = index.serving(side)
    model_name = index.current_model_name()
    out: list[np.ndarray | None] = []
    for row in rows:
        vec = served.vector(row.pk) if served is not None else None
        if vec is None and profiles.is_current(row, model_name):
            vec = profiles.vector_from_bytes(row.embedding)
        out.append(vec)
    missing = [n for n, v in enumerate(out) if v is None]
    if missing:
        encoded = _encoder().encode([texts[n] for n in missing])
        for n, vec in zip(missing, encoded, strict=True):
            out[n] = vec
    if not out:
        return np.zeros((0, 1), np.float32)
    return normalise(np.vstack(out))  # type: ignore[arg-type]


def _served_version(side: str) -> int | None:
    served = index.serving(side)
    return served.version if served is not None else None


def job_corpus() -> tuple[JobCorpus, dict[str, np.ndarray]]:
    """All published jobs as an engine corpus, plus each job's vector by profile id."""
    jobs_qs = index.indexed_jobs()
    stamp = jobs_qs.aggregate(n=Count("id"), changed=Max("updated_at"), last=Max("id"))
    key = ("jobs", _served_version("jobs"), index.current_model_name(), stamp["n"], stamp["changed"], stamp["last"])
    with _cache_lock:
        cached = _cache.get("jobs")
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]  # type: ignore[return-value]
        rows = list(jobs_qs)
        job_profiles = [profiles.job_profile(j) for j in rows]
        vectors = _vectors(rows, "jobs", [profiles.row_text(j) for j in rows]) if rows else None
        corpus = JobCorpus.build(job_profiles, vectors, index_kind=index.store().kind)  # type: ignore[arg-type]
        by_id = {p.id: vectors[n] for n, p in enumerate(job_profiles)} if vectors is not None else {}
        _cache["jobs"] = (key, corpus, by_id)
        return corpus, by_id


def seeker_corpus() -> tuple[SeekerCorpus, dict[str, np.ndarray]]:
    """Every seeker's current assessment as an engine corpus (profile id = seeker id), with vectors."""
    qs = index.current_assessments()
    stamp = qs.aggregate(n=Count("id"), last=Max("id"), assessed=Max("assessed_at"), changed=Max("seeker__updated_at"))
    key = (
        "seekers", _served_version("seekers"), index.current_model_name(),
        stamp["n"], stamp["last"], stamp["assessed"], stamp["changed"],
    )
    with _cache_lock:
        cached = _cache.get("seekers")
        if cached is not None and cached[0] == key:
            return cached[1], cached[2]  # type: ignore[return-value]
        rows = list(qs)
        seeker_profiles = [profiles.seeker_profile(a) for a in rows]
        vectors = _vectors(rows, "seekers", [profiles.row_text(a) for a in rows]) if rows else None
        corpus = SeekerCorpus.build(seeker_profiles, vectors, index_kind=index.store().kind)  # type: ignore[arg-type]
        by_id = {p.id: vectors[n] for n, p in enumerate(seeker_profiles)} if vectors is not None else {}
        _cache["seekers"] = (key, corpus, by_id)
        return corpus, by_id


def forget_cached() -> None:
    _cache.clear()


# ---- jobs for a seeker -------------------------------------------------------------------------


def _last_page_at_most(page: int, total: int) -> int:
    """``page``, or the last page of ``total`` results when it is past it (page 1 for none): a list
    never says "共 21 个岗位" beside an empty page."""
    return max(1, min(page, -(-total // PAGE_SIZE)))


def _filtered_jobs(search: JobSearch):
    qs = index.indexed_jobs()
    if search.remote_only:
        qs = qs.filter(remote=True)
    if search.towns:
        in_towns = Q(town__name__in=search.towns)
        qs = qs.filter((in_towns | Q(remote=True)) if search.towns_remote_elsewhere else in_towns)
    if search.published_after is not None:
        qs = qs.filter(published_at__gt=search.published_after)
    keyword = search.keyword.strip()
    if keyword:
        qs = qs.filter(Q(title__icontains=keyword) | Q(description__icontains=keyword)
                       | Q(requirements__icontains=keyword))
    return qs


def _seeker_vector(assessment: VocationalAssessment | None) -> np.ndarray | None:
    if assessment is None:
        return None
    served = index.serving("seekers")
    vec = served.vector(assessment.pk) if served is not None else None
    if vec is None and profiles.is_current(assessment, index.current_model_name()):
        vec = profiles.vector_from_bytes(assessment.embedding)
    return None if vec is None else normalise(vec)[0]


PLAIN_NOTICE = "您已关闭个性化推荐，以下是按您选的条件筛选的岗位，按发布时间排列，没有使用您的资料。"
PLAIN_FIT_NOTICE = ("您已关闭个性化推荐，以下岗位按发布时间排列；按您的选择，已排除不适合您在职业评估中记录的"
                    "无障碍需要和不能做的事的岗位。")


def _plain_page(rows: list[JobPost], page: int, notice: str) -> ResultPage:
    page = _last_page_at_most(page, len(rows))
    start = (page - 1) * PAGE_SIZE
    items = [JobResult(job=j) for j in rows[start:start + PAGE_SIZE]]
    return ResultPage(
        items, page, PAGE_SIZE, len(rows) > start + PAGE_SIZE, personalised=False, notice=notice, total=len(rows)
    )


def _plain_rows(qs, seeker_p, job_filters: JobFilters, *, hard_rules: bool) -> list[JobPost]:
    """The jobs of ``qs`` that pass the filters (and the hard rules, when asked), newest first."""
    rows = []
    for job in qs.order_by(F("published_at").desc(nulls_last=True), "-id"):
        job_p = profiles.job_profile(job)
        if (not hard_rules or is_allowed(seeker_p, job_p)) and job_filters.accepts(seeker_p, job_p):
            rows.append(job)
    return rows


def jobs_for_seeker(seeker: JobSeeker, *, filters: JobSearch | None = None, page: int = 1) -> ResultPage:
    """Published jobs for a seeker, best first with reasons; a plain list when personalisation is off."""
    search = filters or JobSearch()
    page = max(1, int(page))
    candidates_qs = _filtered_jobs(search)
    job_filters = search.job_filters()

    if not seeker.personalised_matching:
        # Off means off: the seeker's profile is read only when they tick the accessibility filter.
        fit = seeker.current_assessment if search.fit_only else None
        seeker_p = profiles.seeker_profile(fit) if fit is not None else profiles.empty_seeker_profile(seeker)
        rows = _plain_rows(candidates_qs, seeker_p, job_filters, hard_rules=fit is not None)
        return _plain_page(rows, page, PLAIN_FIT_NOTICE if fit is not None else PLAIN_NOTICE)

    assessment = seeker.current_assessment
    if assessment is None:
        seeker_p = profiles.empty_seeker_profile(seeker)
        rows = _plain_rows(candidates_qs, seeker_p, job_filters, hard_rules=True)
        return _plain_page(rows, page, "完成职业评估后，可以看到按您的情况推荐的岗位。")

    seeker_p = profiles.seeker_profile(assessment)
    corpus, _ = job_corpus()
    allowed_ids = frozenset(str(pk) for pk in candidates_qs.values_list("pk", flat=True))
    page = _last_page_at_most(page, len(allowed_ids))  # the rules may allow fewer: clamped again below
    seeker_vec = _seeker_vector(assessment)
    encoder = _encoder()
    top_k = page * PAGE_SIZE + 1
    ranking = rank_jobs_for_seeker(
        seeker_p, corpus, top_k, search.job_filters(allowed_ids=allowed_ids),
        seeker_vector=seeker_vec, encoder=encoder,
    )
    ranked = ranking.matches
    # Past the last page: the last page (``ranked`` then already holds every match, top_k > total).
    page = _last_page_at_most(page, ranking.total)
    start = (page - 1) * PAGE_SIZE
    window = ranked[start:start + PAGE_SIZE]
    jobs = JobPost.objects.select_related("employer", "town").in_bulk([int(m.job_id) for m in window])
    items = [
        JobResult(job=jobs[int(m.job_id)], score=m.score, confident=m.confident, reasons=list(m.reasons),
                  components=dict(m.components))
        for m in window if int(m.job_id) in jobs
    ]
    return ResultPage(items, page, PAGE_SIZE, len(ranked) > start + PAGE_SIZE, personalised=True, total=ranking.total)


# ---- candidates for a job ----------------------------------------------------------------------


def _check_may_see_candidates(job: JobPost, user) -> None:
    role = access.role_of(user)
    if role == Role.EMPLOYER:
        if not access.can_change(user, job):  # only for the employer's own jobs
            raise Http404("未找到")
    elif role in (Role.TOWN, Role.DISTRICT):
        if not access.can_view(user, job):
            raise Http404("未找到")
    else:
        raise PermissionDenied("您没有权限查看候选人。")


def candidate_seekers(user) -> Iterable[int]:
    """Ids of the seekers ``user`` may be shown as candidates: consenting, visible, personalised on."""
    return access.scoped(user, JobSeeker).filter(visible_to_employers=True, personalised_matching=True).values_list(
        "pk", flat=True
    )


CANDIDATE_SORTS = {
    "match": "匹配程度从高到低",
    "recent": "最近更新职业评估的在前",
    "town": "按所属镇街",
}
CONTACTED_CHOICES = {
    "no": "只看还没联系过的",
    "yes": "只看已联系过的（申请过或被邀请过本单位的岗位）",
}


@dataclass(frozen=True)
class CandidateSearch:
    """What an employer filters and sorts a job's candidates by; empty means no filter."""

    town_id: int | None = None  # the seeker's town
    min_hours: Decimal | None = None  # 每天能工作至少几小时: the seeker's recorded maximum is at least this
    contacted: str = ""  # "yes" / "no" (CONTACTED_CHOICES): any application between them and the employer
    sort: str = "match"  # CANDIDATE_SORTS


def hired_by_employer(employer_id: int) -> QuerySet:
    """Seekers the employer has hired who have not left (``Placement.ended_on`` empty)."""
    return Placement.objects.filter(employer_id=employer_id, ended_on__isnull=True).values("seeker_id")


def _candidate_ids(job: JobPost, user, search: CandidateSearch) -> set[str]:
    seekers = access.scoped(user, JobSeeker).filter(visible_to_employers=True, personalised_matching=True)
    seekers = seekers.exclude(pk__in=hired_by_employer(job.employer_id))
    if search.town_id:
        seekers = seekers.filter(town_id=search.town_id)
    if search.contacted in CONTACTED_CHOICES:
        contacted = Application.objects.filter(job__employer_id=job.employer_id).values("seeker_id")
        seekers = seekers.filter(pk__in=contacted) if search.contacted == "yes" else seekers.exclude(pk__in=contacted)
    return {str(pk) for pk in seekers.values_list("pk", flat=True)}


def _sorted_ids(ids: list[str], sort: str) -> list[str]:
    """The candidates in the employer's chosen order (other than best match)."""
    seekers = JobSeeker.objects.filter(pk__in=[int(i) for i in ids])
    if sort == "recent":
        seekers = seekers.annotate(last_assessed=Max("assessments__assessed_at")).order_by(
            F("last_assessed").desc(nulls_last=True), "pk"
        )
    else:
        seekers = seekers.order_by("town__sort_order", "town__code", "pk")
    return [str(pk) for pk in seekers.values_list("pk", flat=True)]


def candidates_for_job(
    job: JobPost, user, *, page: int = 1, search: CandidateSearch | None = None
) -> ResultPage:
    """Consenting seekers for a job among those the user may see, filtered by ``search`` before ranking,
    best first (or in the order asked for) with reasons; ``total`` counts every candidate that passes."""
    _check_may_see_candidates(job, user)
    search = search or CandidateSearch()
    page = max(1, int(page))
    corpus, _ = seeker_corpus()
    job_p = profiles.job_profile(job)
    candidate_ids = _candidate_ids(job, user, search)
    min_hours = float(search.min_hours) if search.min_hours is not None else None
    allowed = {
        p.id for p in corpus.profiles
        if p.id in candidate_ids and is_allowed(p, job_p)
        and (min_hours is None or (p.max_hours_per_day is not None and p.max_hours_per_day >= min_hours))
    }
    total = len(allowed)
    page = _last_page_at_most(page, total)  # a page past the last one is the last page
    start = (page - 1) * PAGE_SIZE
    window_ids: list[str] | None = None
    if search.sort in CANDIDATE_SORTS and search.sort != "match":
        ordered = _sorted_ids(sorted(allowed), search.sort)
        window_ids = ordered[start:start + PAGE_SIZE]
        allowed = set(window_ids)
    served = index.serving("jobs")
    job_vec = served.vector(job.pk) if served is not None else None
    if job_vec is None and profiles.is_current(job, index.current_model_name()):
        job_vec = profiles.vector_from_bytes(job.embedding)
    encoder = _encoder()
    if job_vec is None:
        job_vec = encoder.encode([profiles.row_text(job)])[0]
    job_vec = normalise(job_vec)[0]
    if window_ids is not None:  # sorted otherwise than by match: only this page's rows are scored
        ranked = match_seekers_for_job(
            job_p, corpus, len(window_ids), allowed_ids=allowed, job_vector=job_vec, encoder=encoder,
            perspective="employer",
        ) if window_ids else []
        position = {sid: n for n, sid in enumerate(window_ids)}
        window = sorted(ranked, key=lambda m: position[m.seeker_id])
    else:
        ranked = match_seekers_for_job(
            job_p, corpus, page * PAGE_SIZE + 1, allowed_ids=allowed, job_vector=job_vec, encoder=encoder,
            perspective="employer",
        )
        window = ranked[start:start + PAGE_SIZE]
    seekers = JobSeeker.objects.select_related("town").in_bulk([int(m.seeker_id) for m in window])
    items = []
    for m in window:
        seeker = seekers.get(int(m.seeker_id))
        if seeker is None:
            continue
        items.append(CandidateResult(
            seeker=seeker, assessment=seeker.current_assessment, score=m.score, confident=m.confident,
            reasons=list(m.reasons), components=dict(m.components),
        ))
    return ResultPage(items, page, PAGE_SIZE, total > start + PAGE_SIZE, personalised=True, total=total)
