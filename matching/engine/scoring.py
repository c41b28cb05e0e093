"""Named score components of a match (评分项), their weights, and the Chinese explanation.

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
from typing import Literal

import numpy as np

from domain.vocab import ACCESSIBILITY

from .lexical import tokenize
from .profiles import JobProfile, SeekerProfile
from .rules import exceeds_hours, met_needs, moot_needs
from .towns import NEIGHBOUR_KM, distance_km, normalise_town

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
# A desire or skill counts as met (and is named in the explanation) from this component value.
DESIRE_MET = 0.45
SKILL_MET = 0.5
# Beyond this many kilometres the distance component is 0.
DISTANCE_ZERO_KM = 30.0
# A match is confident when both the score and the relevance part reach these values.
CONFIDENT = 0.35
RELEVANCE_MIN = 0.30

Perspective = Literal["seeker", "employer"]


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


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text.lower() if not c.isspace()]
    if len(chars) == 1:
        return set(chars)
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


def text_overlap(phrase: str, text: str) -> float:
    """Share of ``phrase``'s character bigrams that occur in ``text`` (1.0 when it is contained)."""
    phrase = phrase.strip().lower()
    if not phrase:
        return 0.0
    if phrase in text.lower():
        return 1.0
    grams = _bigrams(phrase)
    return len(grams & _bigrams(text)) / len(grams) if grams else 0.0


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
    """Share of the seeker's skills the job uses (up to 3 needed for full marks), and which ones."""
    if not seeker.skills:
        return None, []
    text = " ".join([job.title, job.description, job.requirements])
    job_tokens = set(tokenize(text))
    matched = []
    for skill in seeker.skills:
        tokens = set(tokenize(skill))
        overlap = len(tokens & job_tokens) / len(tokens) if tokens else 0.0
        if max(overlap, text_overlap(skill, text)) >= SKILL_MET:
            matched.append(skill)
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


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal(1)):,}".replace(",", "")


def _hours(value: float) -> str:
    return f"{value:g}"


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
    desire, wish = desire_component(seeker, job, desire_cosines)
    skills, matched_skills = skills_component(seeker, job)
    distance, km = distance_component(seeker, job)
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
    confident = score >= CONFIDENT and relevance >= RELEVANCE_MIN
    reasons = explain(
        seeker, job, desire=desire, wish=wish, matched_skills=matched_skills, km=km, perspective=perspective
    )
    return Match(
        seeker_id=seeker.id,
        job_id=job.id,
        score=round(score, 4),
        confident=confident,
        components=components,
        reasons=reasons,
    )


def explain(
    seeker: SeekerProfile,
    job: JobProfile,
    *,
    desire: float | None,
    wish: str | None,
    matched_skills: list[str],
    km: float | None,
    perspective: Perspective = "seeker",
) -> list[str]:
    """Short Chinese reasons: wishes and skills met, accommodations that meet needs, practical fit."""
    you = "您" if perspective == "seeker" else "求职者"
    reasons: list[str] = []
    if wish and desire is not None and desire >= DESIRE_MET:
        reasons.append(f"符合{you}想做的「{wish}」")
    if matched_skills:
        reasons.append(f"用得上{you}的技能：{'、'.join(matched_skills)}")
    met_set, moot_set = met_needs(seeker, job), moot_needs(seeker, job)
    met = [c for c in ACCESSIBILITY if c in met_set]
    moot = [c for c in ACCESSIBILITY if c in moot_set]
    if met:
        reasons.append(f"提供{you}需要的{'、'.join(ACCESSIBILITY[c] for c in met)}")
    if job.remote:
        note = f"（无需{'、'.join(ACCESSIBILITY[c] for c in moot)}）" if moot else ""
        reasons.append(f"可远程工作{note}")
    elif km is not None:
        town = normalise_town(job.town)
        if km == 0:
            reasons.append(f"与{you}同一{_town_word(town)}（{town}）")
        elif km <= NEIGHBOUR_KM:
            reasons.append(f"在相邻的{town}，约{km:.0f}公里")
        else:
            reasons.append(f"在{town}，距{you}约{km:.0f}公里")
    if job.hours_per_day is not None and seeker.max_hours_per_day is not None:
        reasons.append(
            f"每天{_hours(job.hours_per_day)}小时，不超过{you}的{_hours(seeker.max_hours_per_day)}小时"
        )
    if job.salary_min is not None and job.salary_max is not None:
        reasons.append(f"薪资{_money(job.salary_min)}–{_money(job.salary_max)}元/月")
    elif job.salary_min is not None:
        reasons.append(f"薪资{_money(job.salary_min)}元/月起")
    elif job.salary_max is not None:
        reasons.append(f"薪资最高{_money(job.salary_max)}元/月")
    return reasons


def _town_word(town: str | None) -> str:
    if town and town.endswith("镇"):
        return "镇"
    if town and town.endswith("乡"):
        return "乡"
    return "街道"
