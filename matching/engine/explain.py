"""The one explanation of a pair (推荐理由 / 不适合的原因), in plain Chinese, from the two profiles only.

``match_reasons`` says why an allowed job suits a seeker; the job list, the job's page, the candidates
page and the batch file all show it (addressed to the seeker, 您, or about them, 求职者, nothing else
differs), and it depends on nothing but the seeker's and the job's profiles, so the same pair reads
the same everywhere. ``why_not`` says, in the same words, which rule keeps a job from a seeker: the
missing support, the conflicting demand, the hours. Needs and demands are named by their vocabulary
labels; wishes and skills by the words the seeker and the job share (``overlap``), never by a
free-text fragment, and each once. The rules themselves are asked of ``rules``, never re-derived.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from domain.vocab import ACCESSIBILITY, DEMANDS

from .overlap import DESIRE_MET, answered_wish, shared_runs, skill_terms
from .profiles import JobProfile, SeekerProfile
from .rules import TEXT_BASED_MOOT, conflicting_demands, exceeds_hours, met_needs, missing_needs, moot_needs
from .towns import NEIGHBOUR_KM, distance_km, normalise_town

Perspective = Literal["seeker", "employer"]


def _you(perspective: Perspective) -> str:
    return "您" if perspective == "seeker" else "求职者"


def labels(codes: frozenset[str] | set[str], vocab: dict[str, str]) -> str:
    """The vocabulary labels of ``codes`` in the vocabulary's order, joined with 、 (no codes shown)."""
    return "、".join(label for code, label in vocab.items() if code in codes)


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal(1)):,}".replace(",", "")


def _hours(value: float) -> str:
    return f"{value:g}"


def _town_word(town: str | None) -> str:
    if town and town.endswith("镇"):
        return "镇"
    if town and town.endswith("乡"):
        return "乡"
    return "街道"


def match_reasons(seeker: SeekerProfile, job: JobProfile, *, perspective: Perspective = "seeker") -> list[str]:
    """Short Chinese reasons an allowed job suits a seeker: the wish it answers, the skills it uses,
    the accommodations that meet the seeker's needs, remote work, distance, hours and pay."""
    you = _you(perspective)
    reasons: list[str] = []
    desire, wish = answered_wish(seeker, job)
    if wish and desire is not None and desire >= DESIRE_MET:
        shared = shared_runs(wish, job.title)
        reasons.append(f"符合{you}想做的「{'、'.join(shared)}」" if shared else f"符合{you}的求职意向")
    terms = skill_terms(seeker, job)
    if terms:
        reasons.append(f"用得上{you}的技能：{'、'.join(terms)}")
    # Sign-language support a text-based remote job makes moot but offers all the same (for its
    # meetings) is named as offered: 无需手语支持 would tell a signing seeker the opposite of what the
    # employer wrote. An on-site accommodation of a remote job (step-free access to an office the
    # seeker will not visit) stays moot. Only the words change; the rules and the score do not.
    moot = moot_needs(seeker, job)
    offered_anyway = moot & TEXT_BASED_MOOT & frozenset(job.accessibility)
    offered = met_needs(seeker, job) | offered_anyway
    if offered:
        reasons.append(f"提供{you}需要的{labels(offered, ACCESSIBILITY)}")
    if job.remote:
        moot -= offered_anyway
        reasons.append(f"可远程工作（无需{labels(moot, ACCESSIBILITY)}）" if moot else "可远程工作")
    else:
        km = distance_km(seeker.town, job.town)
        if km is not None:
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


def why_not(seeker: SeekerProfile, job: JobProfile, *, perspective: Perspective = "seeker") -> list[str]:
    """Every rule that keeps the job from the seeker, in plain words; empty when the job is allowed."""
    you = _you(perspective)
    reasons: list[str] = []
    conflicts = conflicting_demands(seeker, job)
    if conflicts:
        reasons.append(f"这个岗位需要{labels(conflicts, DEMANDS)}，{you}在职业评估中记录了这些做不了")
    missing = missing_needs(seeker, job)
    if missing:
        reasons.append(f"这个岗位没有提供{you}需要的{labels(missing, ACCESSIBILITY)}")
    if exceeds_hours(seeker, job):
        reasons.append(
            f"这个岗位每天工作{_hours(job.hours_per_day)}小时，"  # type: ignore[arg-type]
            f"超过{you}每天最多能工作的{_hours(seeker.max_hours_per_day)}小时"  # type: ignore[arg-type]
        )
    return reasons
