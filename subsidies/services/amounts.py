"""The amounts of applications, computed with the pure rules (``subsidies.rules``) and the year's
parameters: the over-quota reward of a declaration, the social-insurance lines (months already
subsidised anywhere count against the person), and whether a seeker already had the start-up
subsidy. Stored on the application before it is submitted."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from quota.models import Declaration
from quota.services import policy_year_get

from .. import rules
from ..models import FILED, JobSeeker, Programme, SIClaimLine, SubsidyApplication
from .common import subsidy_params


def reward_compute(declaration: Declaration) -> rules.RewardResult:
    policy = policy_year_get(declaration.year)
    summary = (declaration.result or {}).get("summary", {})
    surplus = Fraction(str(summary.get("surplus", "0")))
    return rules.over_quota_reward(surplus, policy.reward_per_person)


def store_reward(application: SubsidyApplication, reward: rules.RewardResult) -> None:
    application.amount = reward.amount
    application.calculation = {
        "surplus": str(reward.surplus), "persons": reward.persons, "per_person": str(reward.per_person),
    }
    application.save()


def _subsidised_elsewhere(cert_hash: str, application: SubsidyApplication) -> tuple[int, set[int]]:
    """(lifetime months already subsidised for this person, this year's months already subsidised) on
    every other filed or approved application — any employer, any year."""
    lines = SIClaimLine.objects.filter(cert_hash=cert_hash, application__status__in=FILED).exclude(
        application=application
    ).select_related("application")
    used: set[tuple[int, int]] = set()
    for line in lines:
        used.update((line.application.year, m) for m in line.granted_months)
    this_year = {m for (y, m) in used if y == application.year}
    return len(used), this_year


def _si_line_compute(line: SIClaimLine, application: SubsidyApplication, params: rules.SubsidyParams) -> None:
    lifetime, this_year = _subsidised_elsewhere(line.cert_hash, application)
    result = rules.social_insurance_subsidy(
        {int(m): Decimal(v) for m, v in line.contributions.items()},
        share=params.si_subsidy_share,
        monthly_cap=params.si_subsidy_monthly_cap,
        max_months=params.si_subsidy_max_months,
        months_already_subsidised=lifetime,
        months_already_subsidised_this_year=this_year,
    )
    line.granted = {str(m): str(a) for m, a in sorted(result.per_month.items())}
    line.refused = {str(m): label for m, label in result.refused_labels.items()}
    line.amount = result.total


def si_recompute(application: SubsidyApplication) -> None:
    params = subsidy_params(policy_year_get(application.year))
    total = Decimal("0.00")
    for line in application.si_lines.all():
        _si_line_compute(line, application, params)
        line.save()
        total += line.amount
    application.amount = total
    application.calculation = {
        "share": str(params.si_subsidy_share), "monthly_cap": str(params.si_subsidy_monthly_cap),
        "max_months": params.si_subsidy_max_months,
    }
    application.save()


def startup_received_before(seeker: JobSeeker, *, exclude: SubsidyApplication | None = None) -> bool:
    qs = SubsidyApplication.objects.filter(programme=Programme.STARTUP, seeker=seeker, status__in=FILED)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()
