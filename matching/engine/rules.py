"""Hard rules (硬性条件): when a job must never be shown to a seeker, nor the seeker to the employer.

The rules and their reasons: docs/matching.md, "Hard rules". Each rule returns the Chinese reason for staff tooling; a blocked pair
is never shown to either side. Unknown hours are not a block (nothing is known to conflict) but they
never count as agreement either — scoring treats them as unknown.

The only place the rules are written: the matcher, the explanations (``explain``), the core's reasons
on the seeker's and employer's pages (``matching.pages.pair_reasons``, ``pair_allowed``) and the demo builder
all ask these functions (``conflicting_demands``, ``moot_needs``, ``met_needs``, ``missing_needs``,
``exceeds_hours``, ``block_reasons``/``is_allowed``); the plain words shown to people are in
``matching.engine.explain``.

Remote work, rule by rule (docs/matching.md, "Remote work, rule by rule"): the demands and the hours
apply wherever the work is done; of the needs, the on-site ones (``ON_SITE_ONLY``) and accommodation
are moot for a remote job, and on-site sign-language support is moot for a remote job that is
text-based (it demands no telephone and no spoken communication). Every other need still applies.
"""

from __future__ import annotations

from domain.vocab import ACCESSIBILITY, DEMANDS, ON_SITE_ONLY

from .profiles import JobProfile, SeekerProfile


def _labels(codes: set[str] | frozenset[str], vocab: dict[str, str]) -> str:
    order = list(vocab)
    ordered = sorted(codes, key=lambda c: (order.index(c) if c in vocab else len(order), c))
    return "、".join(f"「{vocab.get(c, c)}」" for c in ordered)


def conflicting_demands(seeker: SeekerProfile, job: JobProfile) -> frozenset[str]:
    """The job's demands the seeker recorded they cannot meet."""
    return frozenset(job.demands) & frozenset(seeker.limitations)


# Needs no remote job raises: the workplace's building and the way there (ON_SITE_ONLY), and housing
# near it (提供住宿), since the work is done where the seeker already lives.
REMOTE_MOOT: frozenset[str] = ON_SITE_ONLY | {"dorm"}
# Demands that make a job a spoken one. A remote job demanding neither is text-based: colleagues and
# customers are reached in writing, so nobody on site has to sign.
SPOKEN_DEMANDS: frozenset[str] = frozenset({"phone", "verbal"})
TEXT_BASED_MOOT: frozenset[str] = frozenset({"sign_language"})


def text_based_remote(job: JobProfile) -> bool:
    """A remote job that demands no telephone and no spoken communication."""
    return job.remote and not (frozenset(job.demands) & SPOKEN_DEMANDS)


def moot_needs(seeker: SeekerProfile, job: JobProfile) -> frozenset[str]:
    """The seeker's needs that do not arise for this job, met or not: for a remote job the on-site
    needs and accommodation, and sign-language support when the job is text-based."""
    if not job.remote:
        return frozenset()
    moot = REMOTE_MOOT | TEXT_BASED_MOOT if text_based_remote(job) else REMOTE_MOOT
    return frozenset(seeker.needs) & moot


def met_needs(seeker: SeekerProfile, job: JobProfile) -> frozenset[str]:
    """The seeker's needs the job meets (a moot need is not counted as met)."""
    return (frozenset(seeker.needs) & frozenset(job.accessibility)) - moot_needs(seeker, job)


def missing_needs(seeker: SeekerProfile, job: JobProfile) -> frozenset[str]:
    """The seeker's needs the job does not meet (on-site-only needs are moot for a remote job)."""
    return (frozenset(seeker.needs) - frozenset(job.accessibility)) - moot_needs(seeker, job)


def exceeds_hours(seeker: SeekerProfile, job: JobProfile) -> bool:
    """The job's hours per day are more than the seeker can work (unknown on either side: no)."""
    return (
        job.hours_per_day is not None
        and seeker.max_hours_per_day is not None
        and job.hours_per_day > seeker.max_hours_per_day
    )


def block_reasons(seeker: SeekerProfile, job: JobProfile) -> list[str]:
    """Every hard rule the pair breaks, in Chinese; empty when the job may be shown."""
    reasons: list[str] = []
    conflicts = conflicting_demands(seeker, job)
    if conflicts:
        reasons.append(f"岗位要求{_labels(conflicts, DEMANDS)}，与求职者记录的限制冲突")
    missing = missing_needs(seeker, job)
    if missing:
        reasons.append(f"岗位未提供求职者必需的{_labels(missing, ACCESSIBILITY)}")
    if exceeds_hours(seeker, job):
        reasons.append(
            f"岗位每天工作{_hours(job.hours_per_day)}小时，超过求职者每天最多{_hours(seeker.max_hours_per_day)}小时"
        )
    return reasons


def block_reason(seeker: SeekerProfile, job: JobProfile) -> str | None:
    """The reasons a pair is blocked joined into one sentence, or ``None`` when it is allowed."""
    reasons = block_reasons(seeker, job)
    return "；".join(reasons) if reasons else None


def is_allowed(seeker: SeekerProfile, job: JobProfile) -> bool:
    return not block_reasons(seeker, job)


def _hours(value: float) -> str:
    return f"{value:g}"
