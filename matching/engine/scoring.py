"""Named score components of a match (评分项), their weights and the confidence; the Chinese
explanation of a match is ``explain.match_reasons`` (it does not depend on the scores).

Each component is a number in [0, 1] or ``None`` (unknown). Unknown contributes nothing and is
never read as agreement: the score divides by the sum of ALL weights, so a profile with little
recorded ends low and is flagged not confident. Disability data never enters a component; it is
used only through the needs and limitations the seeker recorded (the hard rules), and here only to
name the accommodations that meet those needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from .explain import Perspective, match_reasons
from .overlap import text_overlap, used_skills
from .profiles import JobProfile, SeekerProfile
from .rules import exceeds_hours
from .towns import distance_km

WEIGHT_SEMANTIC = 0.30
WEIGHT_LEXICAL = 0.10
WEIGHT_DESIRE = 0.25
WEIGHT_SKILLS = 0.15
WEIGHT_DISTANCE = 0.10
WEIGHT_HOURS = 0.05
WEIGHT_PAY = 0.05
WEIGHTS: dict[str, float] = {
    "semantic": WEIGHT_SEMANTIC,
    "lexical": WEIGHT_LEXICAL,
    "desire": WEIGHT_DESIRE,
    "skills": WEIGHT_SKILLS,
    "distance": WEIGHT_DISTANCE,
    "hours": WEIGHT_HOURS,
    "pay": WEIGHT_PAY,
}
# Components that say whether the person wants and can do the job (as opposed to practical fit).
RELEVANCE_COMPONENTS = ("semantic", "lexical", "desire", "skills")

# Cosine similarity below FLOOR means "unrelated", above CEIL "as related as it gets" for the encoder.
SEMANTIC_FLOOR = 0.20
SEMANTIC_CEIL = 0.70
# BM25 score at which the lexical component reaches 0.5 (it saturates towards 1).
LEXICAL_HALF = 4.0
# When a wish or a skill counts as met (DESIRE_MET, SKILL_MET): ``overlap``.
# Beyond this many kilometres the distance component is 0.
DISTANCE_ZERO_KM = 30.0
# A match is confident (把握较大) when both the score and the relevance part reach these values.
# Calibrated on the labelled set with the real encoder (bench/match_quality.py; bench/README.md): of
# the threshold pairs that keep at least 90 % of the strong fits in the engine's top 10 confident, the
# one marking the fewest unlabelled pairs confident (issue 16; 0.35 / 0.30 before kept 81 %).
CONFIDENT = 0.28
RELEVANCE_MIN = 0.19


def is_confident(score: float, relevance: float, *, score_min: float = CONFIDENT,
                 relevance_min: float = RELEVANCE_MIN) -> bool:
    return score >= score_min and relevance >= relevance_min


@dataclass
class Match:
    """One allowed pair, its components, score and explanation."""

    seeker_id: str
    job_id: str
    score: float
    confident: bool
    components: dict[str, float | None]
    reasons: list[str] = field(default_factory=list)
    fused: float = 0.0
    relevance: float = 0.0  # the relevance part of the score (see ``combine``)

    @property
    def explanation(self) -> str:
        return "；".join(self.reasons)


def semantic_from_cosine(cos: float | None) -> float | None:
    if cos is None:
        return None
    return float(np.clip((cos - SEMANTIC_FLOOR) / (SEMANTIC_CEIL - SEMANTIC_FLOOR), 0.0, 1.0))


def lexical_from_bm25(score: float | None) -> float | None:
    if score is None:
        return None
    return float(score / (score + LEXICAL_HALF)) if score > 0 else 0.0


def desire_component(
    seeker: SeekerProfile, job: JobProfile, desire_cosines: Sequence[float] | None = None
) -> tuple[float | None, str | None]:
    """How well the job title answers the seeker's wishes, and the best-answered wish.

    ``desire_cosines`` are encoder cosines between each desired job and the title, when available.
    """
    if not seeker.desired_jobs:
        return None, None
    title = job.title
    best, best_wish = 0.0, None
    for n, wish in enumerate(seeker.desired_jobs):
        value = text_overlap(wish, title)
        if desire_cosines is not None:
            value = max(value, semantic_from_cosine(desire_cosines[n]) or 0.0)
        if value > best:
            best, best_wish = value, wish
    return best, best_wish


def skills_component(seeker: SeekerProfile, job: JobProfile) -> tuple[float | None, list[str]]:
    """Share of the seeker's skills the job uses (up to 3 needed for full marks), and which ones
    (``overlap.used_skills``: the same skills the explanation names)."""
    if not seeker.skills:
        return None, []
    matched = [skill for skill, _ in used_skills(seeker, job)]
    return min(1.0, len(matched) / min(len(seeker.skills), 3)), matched


def distance_component(seeker: SeekerProfile, job: JobProfile) -> tuple[float | None, float | None]:
    if job.remote:
        return 1.0, None
    km = distance_km(seeker.town, job.town)
    if km is None:
        return None, None
    return max(0.0, 1.0 - km / DISTANCE_ZERO_KM), km


def hours_component(seeker: SeekerProfile, job: JobProfile) -> float | None:
    if seeker.max_hours_per_day is None or job.hours_per_day is None:
        return None
    return 0.0 if exceeds_hours(seeker, job) else 1.0


def pay_component(seeker: SeekerProfile, job: JobProfile) -> float | None:
    """Neutral (``None``) unless both the seeker's expectation and the job's pay are known."""
    offered = job.salary_max if job.salary_max is not None else job.salary_min
    if seeker.expected_pay is None or offered is None or seeker.expected_pay <= 0:
        return None
    return float(min(Decimal(1), offered / seeker.expected_pay))


def combine(components: dict[str, float | None], *, unavailable: frozenset[str] = frozenset()) -> tuple[float, float]:
    """(score, relevance): weighted sums over known components divided by ALL weights.

    ``unavailable`` names components the *system* cannot compute for anyone (e.g. semantic when
    matching runs without an encoder); they leave the denominator. Data missing from a profile is
    not that: it stays in the denominator and so lowers the score.
    """
    weights = {name: w for name, w in WEIGHTS.items() if name not in unavailable}
    score = sum(weights[name] * v for name, v in components.items() if v is not None and name in weights)
    relevance_names = [name for name in RELEVANCE_COMPONENTS if name in weights]
    relevance = sum(weights[name] * (components.get(name) or 0.0) for name in relevance_names)
    return score / sum(weights.values()), relevance / sum(weights[name] for name in relevance_names)


def score_pair(
    seeker: SeekerProfile,
    job: JobProfile,
    *,
    cosine: float | None,
    bm25: float | None,
    desire_cosines: Sequence[float] | None = None,
    perspective: Perspective = "seeker",
    dense_available: bool = True,
) -> Match:
    """Components, score, confidence and the Chinese explanation of one allowed pair.

    ``dense_available=False`` when matching runs without vectors at all (lexical-only mode).
    """
    desire, _ = desire_component(seeker, job, desire_cosines)
    skills, _ = skills_component(seeker, job)
    distance, _ = distance_component(seeker, job)
    components: dict[str, float | None] = {
        "semantic": semantic_from_cosine(cosine),
        "lexical": lexical_from_bm25(bm25),
        "desire": desire,
        "skills": skills,
        "distance": distance,
        "hours": hours_component(seeker, job),
        "pay": pay_component(seeker, job),
    }
    score, relevance = combine(components, unavailable=frozenset() if dense_available else frozenset({"semantic"}))
    confident = is_confident(score, relevance)
    # The one explanation of a pair: it depends on the two profiles only, so the job list, the job's
    # page and the candidates page give the same reasons (``explain.match_reasons``).
    reasons = match_reasons(seeker, job, perspective=perspective)
    return Match(
        seeker_id=seeker.id,
        job_id=job.id,
        score=round(score, 4),
        confident=confident,
        relevance=round(relevance, 4),
        components=components,
        reasons=reasons,
    )
