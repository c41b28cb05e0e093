"""Matching in both directions (人岗匹配): corpora of profiles + vectors + indexes, and the match calls.

A corpus is built once from plain lists (Django builds it from rows with stored vectors; the batch
tool from files). A query first applies the hard rules and filters, then searches only the allowed
profiles densely (FAISS) and lexically (BM25), fuses the two rankings with RRF, and scores the
candidates with named components. A blocked pair is never returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

import numpy as np

from . import dense
from .fusion import RRF_K, reciprocal_rank_fusion
from .lexical import LexicalIndex
from .profiles import Encoder, JobProfile, SeekerProfile, job_text, seeker_text
from .rules import block_reason, is_allowed
from .scoring import Match, Perspective, score_pair
from .towns import distance_km, normalise_town

# Each retriever returns at least this many candidates before fusion.
CANDIDATES_MIN = 50

P = TypeVar("P", SeekerProfile, JobProfile)


def hours_within(job: JobProfile, max_hours: float | Decimal) -> bool:
    """The job's hours per day are known and at most ``max_hours`` (equal passes).

    Both sides are compared as floats, as the hard rules do: a job of 6.7 hours passes a limit of
    ``Decimal("6.7")`` (mixing a float and a Decimal would not).
    """
    return job.hours_per_day is not None and float(job.hours_per_day) <= float(max_hours)


def pays_at_least(job: JobProfile, pay: Decimal) -> bool:
    """The job pays at least ``pay`` a month whatever the range turns out to be: "月薪至少 X" is
    matched by the bottom of the range (``salary_min``), as a seeker reads it. A job naming only an
    upper bound ("最高 X") or no salary at all (面议) never passes: unknown pay is not agreement."""
    return job.salary_min is not None and job.salary_min >= pay


@dataclass(frozen=True)
class JobFilters:
    """Filters a seeker (or counsellor) chose; ``None`` means no filter.

    ``max_hours`` (每天最多工作小时数) and ``min_pay`` (月薪至少, yuan a month) are the seeker's
    search choices, not the hard rules: see ``hours_within`` and ``pays_at_least``. ``towns`` keeps
    the jobs in those towns and, unless ``towns_remote_elsewhere`` is off, remote jobs of any town
    (the job list says so beside the filter).
    """

    towns: frozenset[str] | None = None
    towns_remote_elsewhere: bool = True
    max_distance_km: float | None = None
    remote_only: bool = False
    allowed_ids: frozenset[str] | None = None
    max_hours: float | Decimal | None = None
    min_pay: Decimal | None = None

    def accepts(self, seeker: SeekerProfile, job: JobProfile) -> bool:
        if self.allowed_ids is not None and job.id not in self.allowed_ids:
            return False
        if self.remote_only and not job.remote:
            return False
        if self.towns is not None and not (job.remote and self.towns_remote_elsewhere):
            wanted = {normalise_town(t) for t in self.towns}
            if normalise_town(job.town) not in wanted:
                return False
        if self.max_distance_km is not None and not job.remote:
            km = distance_km(seeker.town, job.town)
            if km is None or km > self.max_distance_km:
                return False
        if self.max_hours is not None and not hours_within(job, self.max_hours):
            return False
        return self.min_pay is None or pays_at_least(job, self.min_pay)


class _Corpus(Generic[P]):
    """Profiles with their vectors, a FAISS index and a BM25 index, addressed by position."""

    def __init__(
        self,
        profiles: Sequence[P],
        texts: list[str],
        vectors: np.ndarray | None,
        index_kind: dense.IndexKind,
    ) -> None:
        self.profiles = list(profiles)
        self.position = {p.id: n for n, p in enumerate(self.profiles)}
        if len(self.position) != len(self.profiles):
            raise ValueError("duplicate profile ids in corpus")
        self.texts = texts
        self.has_text = np.array([bool(t.strip()) for t in texts], dtype=bool)
        self.lexical = LexicalIndex(texts)
        self.vectors: np.ndarray | None = None
        self.index = None
        if vectors is not None:
            vectors = np.asarray(vectors, dtype=np.float32)
            if vectors.shape[0] != len(self.profiles):
                raise ValueError("one vector per profile is required")
            self.vectors = dense.normalise(vectors) if len(vectors) else vectors
            with_text = np.flatnonzero(self.has_text)
            self.index = dense.build_index(
                self.vectors[with_text] if len(with_text) else np.zeros((0, vectors.shape[1]), np.float32),
                with_text,
                kind=index_kind,
            )
        # Encoder vectors of short texts (titles, wishes), filled lazily when an encoder is given.
        self._short_vectors: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.profiles)

    def get(self, profile_id: str) -> P:
        return self.profiles[self.position[profile_id]]

    def short_vectors(self, encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._short_vectors]
        if missing:
            for text, vec in zip(missing, dense.normalise(encoder.encode(missing)), strict=True):
                self._short_vectors[text] = vec
        return np.vstack([self._short_vectors[t] for t in texts])


class JobCorpus(_Corpus[JobProfile]):
    @classmethod
    def build(
        cls, jobs: Sequence[JobProfile], vectors: np.ndarray | None = None, *, index_kind: dense.IndexKind = "flat"
    ) -> JobCorpus:
        """``vectors[i]`` must be the encoding of ``job_text(jobs[i])``; ``None`` means lexical only."""
        return cls(jobs, [job_text(j) for j in jobs], vectors, index_kind)


class SeekerCorpus(_Corpus[SeekerProfile]):
    @classmethod
    def build(
        cls,
        seekers: Sequence[SeekerProfile],
        vectors: np.ndarray | None = None,
        *,
        index_kind: dense.IndexKind = "flat",
    ) -> SeekerCorpus:
        """Build from consenting seekers only (consent is the caller's job); ``vectors`` as for jobs."""
        return cls(seekers, [seeker_text(s) for s in seekers], vectors, index_kind)


def _query_vector(text: str, vector: np.ndarray | None, encoder: Encoder | None) -> np.ndarray | None:
    if not text.strip():
        return None  # an empty profile has no meaning to search with
    if vector is not None:
        return dense.normalise(vector)[0]
    if encoder is not None:
        return dense.normalise(encoder.encode([text]))[0]
    return None


def _rank(
    corpus: _Corpus,
    text: str,
    qvec: np.ndarray | None,
    allowed: np.ndarray,
    top_k: int,
) -> tuple[list[int], dict[int, float], dict[int, float], dict[int, float], dict[int, int]]:
    """Candidate positions with their cosine, BM25 and RRF scores and their *tier*.

    Retrieval runs with a pool of ``CANDIDATES_MIN``, then twice that, and so on until there are
    ``top_k`` candidates or every allowed row has been reached; each round's new candidates form the
    next tier, and their scores are those of the round that found them. Ranking is tier by tier
    (``_finish``), so the first n results are the same whatever ``top_k`` is asked for: page 2
    continues page 1, with nothing shown twice or skipped.
    """
    order: list[int] = []
    tiers: dict[int, int] = {}
    cosines: dict[int, float] = {}
    bm25: dict[int, float] = {}
    fused: dict[int, float] = {}
    dense_allowed = allowed[corpus.has_text[allowed]] if qvec is not None and corpus.index is not None else None
    pool, tier = CANDIDATES_MIN, 0
    while True:
        dense_hits = dense.search(corpus.index, qvec, pool, allowed_ids=dense_allowed) if dense_allowed is not None else []
        lexical_hits = corpus.lexical.search(text, pool, allowed) if text.strip() else []
        round_cos, round_bm25 = dict(dense_hits), dict(lexical_hits)
        for p, f in reciprocal_rank_fusion([[p for p, _ in dense_hits], [p for p, _ in lexical_hits]], k=RRF_K):
            if p in tiers:
                continue
            order.append(p)
            tiers[p], fused[p] = tier, f
            if p in round_cos:
                cosines[p] = round_cos[p]
            if p in round_bm25:
                bm25[p] = round_bm25[p]
        if len(order) >= top_k or pool >= len(allowed):
            break
        pool, tier = pool * 2, tier + 1
    # Too few retrieved (e.g. an empty profile): fill with the rest of the allowed list, unscored.
    for p in allowed.tolist():
        if len(order) >= top_k:
            break
        if p not in tiers:
            order.append(p)
            tiers[p] = tier + 1
    if qvec is not None and corpus.vectors is not None:
        for p in order:
            if p not in cosines and corpus.has_text[p]:
                cosines[p] = float(corpus.vectors[p] @ qvec)
    return order, cosines, bm25, fused, tiers


def _finish(matches: list[tuple[int, Match]], top_k: int) -> list[Match]:
    """(tier, match) pairs, best first within each tier (see ``_rank``)."""
    matches.sort(key=lambda tm: (tm[0], -tm[1].score, -tm[1].fused))
    return [m for _, m in matches[:top_k]]


def allowed_jobs(seeker: SeekerProfile, corpus: JobCorpus, filters: JobFilters | None = None) -> list[JobProfile]:
    """Jobs that pass the hard rules and filters, in corpus order (the plain list when personalised
    matching is off)."""
    filters = filters or JobFilters()
    return [j for j in corpus.profiles if is_allowed(seeker, j) and filters.accepts(seeker, j)]


def blocked_jobs(seeker: SeekerProfile, corpus: JobCorpus) -> list[tuple[str, str]]:
    """(job id, Chinese reason) for every job the hard rules block, for staff tooling only."""
    out = []
    for job in corpus.profiles:
        reason = block_reason(seeker, job)
        if reason:
            out.append((job.id, reason))
    return out


@dataclass
class JobRanking:
    """The best jobs for a seeker, and how many jobs passed the rules and filters in all (the length
    of the whole list, of which ``matches`` is the top)."""

    matches: list[Match]
    total: int


def rank_jobs_for_seeker(
    seeker: SeekerProfile,
    job_corpus: JobCorpus,
    top_k: int = 10,
    filters: JobFilters | None = None,
    *,
    seeker_vector: np.ndarray | None = None,
    encoder: Encoder | None = None,
    apply_rules: bool = True,
) -> JobRanking:
    """The best ``top_k`` allowed jobs for a seeker, best first, and the number of allowed jobs.

    The hard rules and ``filters`` choose the allowed jobs first; only those are ranked, so a job
    that passes a filter is found however far down an unfiltered list it would rank. Give
    ``seeker_vector`` (the stored encoding of ``seeker_text(seeker)``) or an ``encoder``; with
    neither, matching is lexical only. ``apply_rules=False`` exists for the quality benchmark only,
    to measure what the rules prevent; product code never passes it.
    """
    filters = filters or JobFilters()
    allowed = np.array(
        [
            n
            for n, job in enumerate(job_corpus.profiles)
            if (not apply_rules or is_allowed(seeker, job)) and filters.accepts(seeker, job)
        ],
        dtype=np.int64,
    )
    if len(allowed) == 0 or top_k <= 0:
        return JobRanking([], len(allowed))
    text = seeker_text(seeker)
    qvec = _query_vector(text, seeker_vector, encoder)
    order, cosines, bm25, fused, tiers = _rank(job_corpus, text, qvec, allowed, top_k)
    wish_vectors = (
        job_corpus.short_vectors(encoder, list(seeker.desired_jobs)) if encoder and seeker.desired_jobs else None
    )
    matches = []
    for p in order:
        job = job_corpus.profiles[p]
        desire_cos = None
        if wish_vectors is not None:
            title_vec = job_corpus.short_vectors(encoder, [job.title])[0]  # type: ignore[arg-type]
            desire_cos = (wish_vectors @ title_vec).tolist()
        m = score_pair(
            seeker, job, cosine=cosines.get(p), bm25=bm25.get(p, 0.0 if text.strip() else None),
            desire_cosines=desire_cos, perspective="seeker",
            dense_available=job_corpus.index is not None and (seeker_vector is not None or encoder is not None),
        )
        m.fused = fused.get(p, 0.0)
        matches.append((tiers[p], m))
    return JobRanking(_finish(matches, top_k), len(allowed))


def match_seekers_for_job(
    job: JobProfile,
    seeker_corpus: SeekerCorpus,
    top_k: int = 10,
    *,
    allowed_ids: Iterable[str] | None = None,
    job_vector: np.ndarray | None = None,
    encoder: Encoder | None = None,
    perspective: Perspective = "employer",
) -> list[Match]:
    """The best ``top_k`` seekers for a job, among ``allowed_ids`` when given (e.g. those who consent)."""
    allowed_set = set(allowed_ids) if allowed_ids is not None else None
    allowed = np.array(
        [
            n
            for n, seeker in enumerate(seeker_corpus.profiles)
            if (allowed_set is None or seeker.id in allowed_set) and is_allowed(seeker, job)
        ],
        dtype=np.int64,
    )
    if len(allowed) == 0 or top_k <= 0:
        return []
    text = job_text(job)
    qvec = _query_vector(text, job_vector, encoder)
    order, cosines, bm25, fused, tiers = _rank(seeker_corpus, text, qvec, allowed, top_k)
    title_vec = seeker_corpus.short_vectors(encoder, [job.title])[0] if encoder else None
    matches = []
    for p in order:
        seeker = seeker_corpus.profiles[p]
        desire_cos = None
        if title_vec is not None and seeker.desired_jobs:
            desire_cos = (seeker_corpus.short_vectors(encoder, list(seeker.desired_jobs)) @ title_vec).tolist()  # type: ignore[arg-type]
        m = score_pair(
            seeker, job, cosine=cosines.get(p),
            bm25=bm25.get(p, 0.0 if seeker_corpus.has_text[p] else None),
            desire_cosines=desire_cos, perspective=perspective,
            dense_available=seeker_corpus.index is not None and (job_vector is not None or encoder is not None),
        )
        m.fused = fused.get(p, 0.0)
        matches.append((tiers[p], m))
    return _finish(matches, top_k)
