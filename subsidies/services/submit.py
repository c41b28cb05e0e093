"""Submitting an application for review and acting on its review step: the amounts are computed
again and the application checked, then ``review.services`` runs the town → district review (the same
path the Wagtail admin takes); the applicant is told."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction

from review.services import review_act, review_submit
from review.workflows import review_workflow_ensure

from .. import notifications, selectors
from ..models import Programme, SIClaimLine, SubsidyApplication
from .amounts import reward_compute, si_recompute, startup_received_before, store_reward
from .common import require_editable


def subsidy_workflow_ensure():
    """The review workflow of applications (made by migration ``subsidies`` 0003; again if a database lost it)."""
    return review_workflow_ensure(apps, "subsidies.SubsidyApplication", name=SubsidyApplication.review_workflow_name)


def _check_complete(application: SubsidyApplication) -> None:
    if not (application.bank_account and application.bank_name and application.bank_account_name):
        raise ValidationError("请先填写并确认银行账户信息。")
    if application.programme == Programme.SOCIAL_INSURANCE:
        if not application.si_lines.exists():
            raise ValidationError("请先填写或上传残疾职工的社保缴费明细。")
        if application.amount <= 0:
            raise ValidationError("所有月份均不符合补贴条件，补贴金额为0，不能提交。")
    if application.programme == Programme.STARTUP and startup_received_before(application.seeker, exclude=application):
        raise ValidationError("一次性创业补贴每人只能享受一次：申请人已有一份正在审核或已审核通过的创业补贴申请，不能重复申请")
    lacking = selectors.evidence_lacking(application)  # start-up: any file; social insurance: a 社保缴费证明
    if lacking:
        raise ValidationError(lacking)


@transaction.atomic
def subsidy_submit(*, application: SubsidyApplication, user) -> SubsidyApplication:
    """Submit (or resubmit) for review: recompute, check, start the review (a revision, the workflow),
    notify the applicant."""
    application = SubsidyApplication.objects.select_for_update().get(pk=application.pk)
    require_editable(application)
    if application.programme == Programme.SOCIAL_INSURANCE:
        # Lock every line of the same people (at any employer) so two employers submitting at once
        # are serialised and the second sees the first's months as already subsidised.
        hashes = list(application.si_lines.values_list("cert_hash", flat=True))
        list(SIClaimLine.objects.select_for_update().filter(cert_hash__in=hashes).values_list("pk", flat=True))
        si_recompute(application)
    elif application.programme == Programme.REWARD:
        store_reward(application, reward_compute(application.declaration))
    _check_complete(application)
    review_submit(obj=application, user=user)
    by_staff = not selectors.acts_for_applicant(application, user)
    notifications.status_changed(application, staff_actor=selectors.actor_label(user) if by_staff else "")
    return application


def subsidy_review(*, application: SubsidyApplication, user, action: str, comment: str = "") -> SubsidyApplication:
    """Approve or reject the current review step (the same path the Wagtail admin takes). Whoever
    changed the payment details may not approve (``PermissionDenied`` with the reason); every status
    change is told to the applicant (``subsidies.signals``)."""
    return review_act(obj=application, user=user, action=action, comment=comment)
