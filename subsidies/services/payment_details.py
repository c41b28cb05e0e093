"""Who changed what (separation of duties, issue 13): the payee details of an application, checked and
recorded. Every write that changes the payee name, bank or account number leaves a
``PaymentDetailsChange`` (masked values, who, when) — its author may then neither approve the
application at any step (the review tasks ask ``SubsidyApplication.approval_refusal``) nor put it on
a payment list — and every change made by someone other than the applicant (staff acting on a
seeker's behalf) is told to the applicant (``notifications.staff_changed``), payment details masked.
"""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from domain import identity
from review.services import snapshot

from .. import notifications, selectors
from ..models import PAYMENT_FIELDS, PaymentDetailsChange, SubsidyApplication
from .common import require_editable

logger = logging.getLogger(__name__)

PAYMENT_CHANGE_LOG_ACTION = "shuguang.payment_details_change"
STARTUP_FIELDS = ("business_name", "business_credit_code", "business_registered_on", "tier", "tier_evidence")
FIELD_LABELS = {
    "bank_account_name": "开户名称", "bank_name": "开户银行", "bank_account": "银行账号",
    "business_name": "经营主体名称", "business_credit_code": "统一社会信用代码",
    "business_registered_on": "注册登记日期", "tier": "补贴档次", "tier_evidence": "档次证明材料说明",
}


def bank_fields(bank: dict) -> dict:
    fields = {
        "bank_account_name": (bank.get("bank_account_name") or "").strip(),
        "bank_name": (bank.get("bank_name") or "").strip(),
        "bank_account": (bank.get("bank_account") or "").replace(" ", "").strip(),
    }
    errors = {}
    if not fields["bank_account_name"]:
        errors["bank_account_name"] = "请填写开户名称。"
    if not fields["bank_name"]:
        errors["bank_name"] = "请填写开户银行。"
    if not fields["bank_account"].isdigit() or not 8 <= len(fields["bank_account"]) <= 30:
        errors["bank_account"] = "银行账号应为8到30位数字。"
    if errors:
        raise ValidationError(errors)
    return fields


def _plain(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value).strip()


def mask_payment_value(field: str, value) -> str:
    """How a payment detail is shown in records and notifications: the account number by its last
    four digits only, the payee name with all but its first (and, if long, last two) characters
    hidden; the bank's name as it is."""
    value = _plain(value)
    if not value:
        return ""
    if field == "bank_account":
        return identity.mask_bank_account(value)
    if field == "bank_account_name":
        if len(value) <= 4:
            return value[0] + "*" * (len(value) - 1)
        return value[:2] + "*" * (len(value) - 4) + value[-2:]
    return value


def _shown(field: str, value) -> str:
    if field in PAYMENT_FIELDS:
        return mask_payment_value(field, value)
    if field == "tier" and _plain(value):
        return f"{_plain(value)}档"
    return _plain(value)


def _change_text(field: str, before, after) -> str:
    label = FIELD_LABELS.get(field, field)
    if field == "tier_evidence":  # free text: say that it changed, not what it says
        return f"{label}：已{'修改' if _plain(before) else '填写'}"
    old, new = _shown(field, before), _shown(field, after)
    if not old:
        return f"{label}：填写为“{new}”"
    if not new:
        return f"{label}：已清空（原为“{old}”）"
    return f"{label}：由“{old}”改为“{new}”"


def stored_values(application: SubsidyApplication, fields) -> dict:
    """The values as stored now (before this write); empty for an application not saved yet."""
    if application.pk is None:
        return dict.fromkeys(fields, "")
    row = SubsidyApplication.objects.filter(pk=application.pk).values(*fields).first() or {}
    return {f: row.get(f) for f in fields}


def changes_record(*, application: SubsidyApplication, before: dict, user, done: tuple[str, ...] = ()) -> None:
    """After a write: keep a ``PaymentDetailsChange`` if any payment detail in ``before`` differs from
    the application now, and tell the applicant of every change (and of ``done``, things done such
    as an uploaded file) when the writer is not the applicant."""
    changed = [f for f in before if _plain(before[f]) != _plain(getattr(application, f))]
    by_applicant = selectors.acts_for_applicant(application, user)
    label = selectors.actor_label(user)
    now = timezone.now()
    payment = [f for f in PAYMENT_FIELDS if f in changed]
    if payment:
        PaymentDetailsChange.objects.create(
            application=application, changed_by=user if getattr(user, "pk", None) else None,
            changed_by_label=label, by_applicant=by_applicant, fields=payment,
            before={f: mask_payment_value(f, before[f]) for f in payment},
            after={f: mask_payment_value(f, getattr(application, f)) for f in payment},
        )
        log(instance=application, action=PAYMENT_CHANGE_LOG_ACTION, user=user if getattr(user, "pk", None) else None,
            data={"by": label, "fields": payment})  # values stay in the record, not in the site-wide log
        logger.info("payment details of application %s changed by user %s (%s)", application.pk,
                    getattr(user, "pk", None), "applicant" if by_applicant else "staff")
    lines = [_change_text(f, before[f], getattr(application, f)) for f in changed] + list(done)
    if lines and not by_applicant:
        notifications.staff_changed(application, actor=label, at=now, changes=lines)


@transaction.atomic
def subsidy_bank_update(*, application: SubsidyApplication, bank: dict, user) -> SubsidyApplication:
    require_editable(application)
    before = stored_values(application, PAYMENT_FIELDS)
    for key, value in bank_fields(bank).items():
        setattr(application, key, value)
    application.save()
    snapshot(application, user)
    changes_record(application=application, before=before, user=user)
    return application
