"""Hard rules (硬性条件): when a job must never be shown to a seeker, nor the seeker to the employer.

The rules and their reasons: docs/matching.md, "Hard rules". Each rule returns the Chinese reason for staff tooling; a blocked pair
is never shown to either side. Unknown hours are not a block (nothing is known to conflict) but they
never count as agreement either — scoring treats them as unknown.

The only place the rules are written: the matcher, the scoring's plain reasons, the core's reasons
on the seeker's and employer's pages (``matching.pages.rule_reasons``) and the demo builder
all ask these functions (``conflicting_demands``, ``moot_needs``, ``met_needs``, ``missing_needs``,
``exceeds_hours``, ``block_reasons``/``is_allowed``).
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


def moot_needs(seeker: SeekerProfile, job: JobProfile) -> frozenset[str]:
    """The seeker's on-site-only needs (step-free access, toilet, transport) when the job is remote:
    they do not matter, met or not."""
    return frozenset(seeker.needs) & ON_SITE_ONLY if job.remote else frozenset()


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
