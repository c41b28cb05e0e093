"""The one-time start-up subsidy (一次性创业补贴): a seeker (or staff on their behalf) applies; the
application is a draft until its supporting documents (证明材料, ``subsidies.services.evidence``) are
uploaded, and it can be submitted only with at least one."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from domain import identity
from employment.models import JobSeeker
from quota.models import PolicyYear
from quota.policy_models import startup_tier_key
from quota.services import policy_year_get
from review.services import snapshot

from .. import rules, selectors
from ..models import PAYMENT_FIELDS, Programme, SubsidyApplication
from .amounts import startup_received_before
from .common import require_editable, subsidy_params
from .payment_details import STARTUP_FIELDS, bank_fields, changes_record, stored_values


def _startup_fields(*, year: int, business_name: str, credit_code: str, registered_on: date | None,
                    tier: str, evidence: str, policy: PolicyYear) -> dict:
    errors = {}
    code = ""
    try:
        code = identity.normalize_credit_code(credit_code)
    except identity.IdentityError as exc:
        errors["business_credit_code"] = str(exc)
    if not (business_name or "").strip():
        errors["business_name"] = "请填写经营主体名称。"
    if registered_on is None:
        errors["business_registered_on"] = "请填写注册登记日期。"
    elif registered_on > timezone.localdate():
        errors["business_registered_on"] = "注册登记日期不能晚于今天。"
    if not (evidence or "").strip():
        errors["tier_evidence"] = "请说明符合所选档次的证明材料。"
    amount = None
    try:
        amount = rules.startup_subsidy(tier, subsidy_params(policy).startup_subsidy_tiers, False).amount
    except rules.SubsidyError as exc:
        errors["tier"] = str(exc)
    if errors:
        raise ValidationError(errors)
    tier = startup_tier_key(tier)
    # The criterion is kept with the application, as the amounts are: the reviewers judge the claim by
    # the wording it was made under, even if the district rewords the tier later.
    criterion = str((policy.startup_subsidy_tier_criteria or {}).get(tier) or "").strip()
    return {
        "business_name": business_name.strip(), "business_credit_code": code,
        "business_registered_on": registered_on, "tier": tier,
        "tier_evidence": evidence.strip(), "amount": amount,
        "calculation": {"tier": tier, "tiers": {k: str(v) for k, v in policy.startup_subsidy_tiers.items()},
                        "criterion": criterion},
    }


@transaction.atomic
def startup_application_create(
    *, seeker: JobSeeker, year: int, business_name: str, credit_code: str, registered_on: date | None,
    tier: str, evidence: str, bank: dict, user,
) -> SubsidyApplication:
    """A seeker (or staff on their behalf) applies: saved as a draft, to which the supporting
    documents are uploaded before it is submitted (``subsidy_submit``)."""
    seeker = JobSeeker.objects.select_for_update().get(pk=seeker.pk)  # one application at a time per person
    if selectors.startup_open_application(seeker) is not None:
        raise ValidationError("已有一份尚未提交（或被退回修改）的一次性创业补贴申请，请打开那份申请补充材料后提交，不必重新申请。")
    policy = policy_year_get(year)
    fields = _startup_fields(year=year, business_name=business_name, credit_code=credit_code,
                             registered_on=registered_on, tier=tier, evidence=evidence, policy=policy)
    result = rules.startup_subsidy(fields["tier"], subsidy_params(policy).startup_subsidy_tiers,
                                   startup_received_before(seeker))
    if not result.granted:
        raise ValidationError(result.reason)
    application = SubsidyApplication.objects.create(
        programme=Programme.STARTUP, year=year, seeker=seeker, town=seeker.town, created_by=user, live=False,
        **fields, **bank_fields(bank),
    )
    snapshot(application, user)
    changes_record(application=application, before=dict.fromkeys(STARTUP_FIELDS + PAYMENT_FIELDS, ""), user=user,
                    done=("代您填写了这份申请（尚未提交审核）",))
    return application


@transaction.atomic
def startup_application_update(
    *, application: SubsidyApplication, business_name: str, credit_code: str, registered_on: date | None,
    tier: str, evidence: str, bank: dict, user,
) -> SubsidyApplication:
    require_editable(application)
    policy = policy_year_get(application.year)
    fields = _startup_fields(year=application.year, business_name=business_name, credit_code=credit_code,
                             registered_on=registered_on, tier=tier, evidence=evidence, policy=policy)
    before = stored_values(application, STARTUP_FIELDS + PAYMENT_FIELDS)
    for key, value in {**fields, **bank_fields(bank)}.items():
        setattr(application, key, value)
    application.save()
    snapshot(application, user)
    changes_record(application=application, before=before, user=user)
    return application
