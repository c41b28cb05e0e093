"""Helpers every subsidy write shares: the row lock and status check before an edit, the year's
parameters for the rules, and which applications count as filed."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from quota.models import PolicyYear

from .. import rules
from ..models import SubsidyApplication


def subsidy_params(policy: PolicyYear) -> rules.SubsidyParams:
    return rules.SubsidyParams(
        year=policy.year,
        si_subsidy_share=policy.si_subsidy_share,
        si_subsidy_monthly_cap=policy.si_subsidy_monthly_cap,
        si_subsidy_max_months=policy.si_subsidy_max_months,
        startup_subsidy_tiers={k: Decimal(str(v)) for k, v in (policy.startup_subsidy_tiers or {}).items()},
        reward_per_person=policy.reward_per_person,
    )


def require_editable(application: SubsidyApplication) -> None:
    current = (
        SubsidyApplication.objects.select_for_update().filter(pk=application.pk).values_list("status", flat=True).first()
    )
    if current is not None:
        application.status = current
    if not application.editable_by_applicant:
        raise ValidationError("申请已提交审核，不能修改。如需修改，请等待审核退回。")
