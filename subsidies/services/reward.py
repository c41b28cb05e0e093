"""The over-quota reward (超比例奖励): applied for from an approved declaration with surplus persons,
with the confirmed bank details, and submitted at once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from quota.models import Declaration, DeclarationOutcome, DeclarationStatus

from ..models import PAYMENT_FIELDS, Programme, SubsidyApplication
from .amounts import reward_compute, store_reward
from .payment_details import bank_fields, changes_record
from .submit import subsidy_submit


@transaction.atomic
def reward_application_create(*, declaration: Declaration, bank: dict, user) -> SubsidyApplication:
    """Create the reward application from an approved declaration with the confirmed bank details and
    submit it for review."""
    declaration = Declaration.objects.select_for_update().select_related("employer").get(pk=declaration.pk)
    if declaration.status != DeclarationStatus.APPROVED or declaration.outcome != DeclarationOutcome.REWARD:
        raise ValidationError("只有审核通过且超比例安排的年审申报才能申请超比例奖励。")
    if SubsidyApplication.objects.filter(programme=Programme.REWARD, declaration=declaration).exists():
        raise ValidationError("这份年审申报已经申请过超比例奖励。")
    reward = reward_compute(declaration)
    if reward.amount <= 0:
        raise ValidationError("超比例人数不足一人，没有奖励金额。")
    application = SubsidyApplication.objects.create(
        programme=Programme.REWARD, year=declaration.year, employer=declaration.employer,
        town=declaration.employer.town, declaration=declaration, created_by=user, live=False,
        **bank_fields(bank),
    )
    changes_record(application=application, before=dict.fromkeys(PAYMENT_FIELDS, ""), user=user)
    store_reward(application, reward)
    return subsidy_submit(application=application, user=user)
