"""Payment lists (拨付名单): approved applications of one programme and year put on a numbered list
for the finance office — previewed (count and total per town) and confirmed before it is created,
since a list cannot be undone — its status (草稿 → 已审核 → 已拨付, with the paid date and voucher
number; a step back only with a reason), every step kept as a ``PaymentListEvent``, and the log of
every export with full bank account numbers (the list and the bank-transfer file)."""

from __future__ import annotations

import hashlib
import logging
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from employment.formats import cn_date
from employment.models import PersonalDataAccess
from employment.table_export import exporter_label

from .. import notifications
from ..models import (
    PaymentDetailsChange,
    PaymentList,
    PaymentListEvent,
    PaymentListStatus,
    Programme,
    SubsidyApplication,
    SubsidyStatus,
)

logger = logging.getLogger(__name__)


def _candidates(*, programme: str, year: int, user, lock: bool):
    """(applications that would go on a new list, whether some were left out for ``user``): approved,
    of the programme and year, on no list yet, and not changed (payment details) by ``user``."""
    if programme not in Programme.values:
        raise ValidationError("未知的补贴项目。")
    candidates = SubsidyApplication.objects.filter(
        programme=programme, year=year, status=SubsidyStatus.APPROVED, payment_list__isnull=True
    )
    if lock:
        candidates = candidates.select_for_update()
    changed_by_user = PaymentDetailsChange.objects.filter(changed_by_id=getattr(user, "pk", None) or 0)
    pending = list(candidates.exclude(pk__in=changed_by_user.values("application_id"))
                   .select_related("town").order_by("pk"))
    left_out = candidates.filter(pk__in=changed_by_user.values("application_id")).exists()
    if not pending:
        if left_out:
            raise ValidationError("尚未列入拨付名单的申请，收款信息都由您修改过，按规定不能由您列入拨付名单，请由其他工作人员生成。")
        raise ValidationError("没有尚未列入拨付名单的审核通过申请。")
    return pending, left_out


def _fingerprint(applications) -> str:
    """Which applications, with which amounts: what the user confirmed."""
    text = ";".join(f"{a.pk}:{a.amount}" for a in sorted(applications, key=lambda a: a.pk))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def payment_list_preview(*, programme: str, year: int, user) -> dict:
    """What a new list would hold, for the confirmation page: the count and total, per town and in
    all, whether some applications were left for another staff member, and a fingerprint that
    ``payment_list_create`` checks (the list must still be what was confirmed)."""
    pending, left_out = _candidates(programme=programme, year=year, user=user, lock=False)
    towns: dict[int, dict] = {}
    for application in pending:
        row = towns.setdefault(application.town_id, {"town": application.town, "count": 0, "total": Decimal("0.00")})
        row["count"] += 1
        row["total"] += application.amount
    return {
        "programme": programme, "programme_label": Programme(programme).label, "year": year,
        "count": len(pending), "total": sum((a.amount for a in pending), Decimal("0.00")),
        "towns": sorted(towns.values(), key=lambda r: (r["town"].sort_order, r["town"].pk)),
        "left_out": left_out, "fingerprint": _fingerprint(pending),
    }


@transaction.atomic
def payment_list_create(*, programme: str, year: int, user, confirmed: str | None = None) -> PaymentList:
    """Put every approved application of the programme and year not yet on a list onto a new list.

    The rows are locked first, so two reviewers pressing the button at once cannot list an
    application twice; an application's ``payment_list`` is never changed once set. Applications
    whose payment details ``user`` changed are left for another staff member to list. ``confirmed``
    (the preview's fingerprint, from the confirmation page) must still match: if applications were
    approved, listed or changed since, nothing is created and the user confirms again.
    """
    pending, _ = _candidates(programme=programme, year=year, user=user, lock=True)
    if confirmed is not None and confirmed != _fingerprint(pending):
        raise ValidationError("确认后名单内容有变化（有申请新审核通过、已被列入其他名单或金额有变化），"
                              "请重新核对后再确认。", code="changed")
    number = (PaymentList.objects.filter(programme=programme, year=year).aggregate(n=Max("number"))["n"] or 0) + 1
    payment_list = PaymentList.objects.create(
        programme=programme, year=year, number=number, created_by=user,
        total=sum((a.amount for a in pending), Decimal("0.00")),
    )
    updated = SubsidyApplication.objects.filter(pk__in=[a.pk for a in pending], payment_list__isnull=True).update(
        payment_list=payment_list
    )
    if updated != len(pending):  # pragma: no cover - the row lock makes this unreachable
        raise RuntimeError("payment list race: some applications were listed concurrently")
    logger.info("payment list %s created by %s with %d items", payment_list.pk, getattr(user, "pk", None), updated)
    return payment_list


def payment_list_export_record(*, payment_list: PaymentList, user, bank_file: bool = False) -> PersonalDataAccess:
    """Log an export of a payment list or its bank-transfer file: both carry every payee's full bank
    account number (the bank needs it), so it is personal-data access like a revealed identity number."""
    what = "银行转账文件" if bank_file else "拨付名单"
    return PersonalDataAccess.objects.create(
        user=user, field="银行账号", action=PersonalDataAccess.Action.EXPORT,
        reason=f"导出{what}交银行办理拨付",
        detail=f"{payment_list}{what if bank_file else ''}（{payment_list.items.count()} 笔，含完整银行账号）"[:200],
    )


# ---- the list's status: 草稿 → 已审核 → 已拨付 ---------------------------------------------------------

APPROVE_REFUSED_PAYMENT_CHANGED = ("名单中有申请的收款信息由您修改过，按规定不能由您审核这份拨付名单，"
                                   "请由区残联的其他工作人员审核。")
# The one step back from each status.
STEP_BACK = {PaymentListStatus.APPROVED: PaymentListStatus.DRAFT, PaymentListStatus.PAID: PaymentListStatus.APPROVED}


def _locked(payment_list: PaymentList) -> PaymentList:
    return PaymentList.objects.select_for_update().get(pk=payment_list.pk)


def _event(payment_list: PaymentList, *, from_status: str, user, reason: str = "") -> PaymentListEvent:
    return PaymentListEvent.objects.create(
        payment_list=payment_list, from_status=from_status, to_status=payment_list.status, user=user,
        user_label=exporter_label(user)[:200], reason=reason,
    )


def payment_list_approval_refusal(payment_list: PaymentList, user) -> str | None:
    """Why ``user`` may not approve the list (they changed the payment details of an item on it), or
    None: the separation of duties of issue 13, applied to the list as to each application."""
    changed = PaymentDetailsChange.objects.filter(
        changed_by_id=getattr(user, "pk", None) or 0, application__payment_list=payment_list
    ).exists()
    return APPROVE_REFUSED_PAYMENT_CHANGED if changed else None


@transaction.atomic
def payment_list_approve(*, payment_list: PaymentList, user) -> PaymentList:
    """审核 — the district checks the list (草稿 → 已审核)."""
    payment_list = _locked(payment_list)
    if payment_list.status != PaymentListStatus.DRAFT:
        raise ValidationError(f"这份拨付名单的状态是“{payment_list.get_status_display()}”，只有草稿状态的名单可以审核。")
    refusal = payment_list_approval_refusal(payment_list, user)
    if refusal:
        raise ValidationError(refusal)
    payment_list.status = PaymentListStatus.APPROVED
    payment_list.approved_by, payment_list.approved_at = user, timezone.now()
    payment_list.save(update_fields=["status", "approved_by", "approved_at"])
    _event(payment_list, from_status=PaymentListStatus.DRAFT, user=user)
    logger.info("payment list %s approved by %s", payment_list.pk, getattr(user, "pk", None))
    return payment_list


def payment_paid_refusals(*, payment_list: PaymentList, paid_on: date | None, voucher_no: str | None) -> dict:
    """Every refusal of a 登记拨付 at once, by field ({field: message}; empty: none). A value the form
    could not read is given as None and not checked again here (the form has said why)."""
    refusals = {}
    if voucher_no is not None and not voucher_no.strip():
        refusals["voucher_no"] = "请填写财务凭证号。"
    if paid_on is not None:
        if paid_on > timezone.localdate():
            refusals["paid_on"] = "拨付日期不能晚于今天。"
        elif payment_list.approved_at and paid_on < timezone.localdate(payment_list.approved_at):
            refusals["paid_on"] = "拨付日期不能早于名单审核日期。"
    return refusals


@transaction.atomic
def payment_list_mark_paid(*, payment_list: PaymentList, user, paid_on: date, voucher_no: str) -> PaymentList:
    """登记拨付 — the money has left: the paid date and the finance office's voucher number (已审核 → 已拨付)."""
    payment_list = _locked(payment_list)
    if payment_list.status != PaymentListStatus.APPROVED:
        raise ValidationError(f"这份拨付名单的状态是“{payment_list.get_status_display()}”，审核后才能登记拨付。")
    voucher_no = (voucher_no or "").strip()
    if refusals := payment_paid_refusals(payment_list=payment_list, paid_on=paid_on, voucher_no=voucher_no):
        raise ValidationError(refusals)
    payment_list.status = PaymentListStatus.PAID
    payment_list.paid_on, payment_list.voucher_no = paid_on, voucher_no
    payment_list.paid_by, payment_list.paid_recorded_at = user, timezone.now()
    payment_list.save(update_fields=["status", "paid_on", "voucher_no", "paid_by", "paid_recorded_at"])
    _event(payment_list, from_status=PaymentListStatus.APPROVED, user=user,
           reason=f"拨付日期 {cn_date(paid_on)}，凭证号 {voucher_no}")
    for application in payment_list.items.select_related("employer", "seeker"):
        notifications.paid(application, paid_on=paid_on)  # in-app now, e-mail once the step commits
    logger.info("payment list %s marked paid by %s", payment_list.pk, getattr(user, "pk", None))
    return payment_list


@transaction.atomic
def payment_list_step_back(*, payment_list: PaymentList, user, reason: str) -> PaymentList:
    """退回上一步 — 已拨付 → 已审核 (a wrong date or voucher number) or 已审核 → 草稿, only with a
    reason, which is kept; the paid date and voucher number of a step back from 已拨付 stay in the
    event's record, not on the list."""
    payment_list = _locked(payment_list)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回的原因。"})
    previous = STEP_BACK.get(payment_list.status)
    if previous is None:
        raise ValidationError("草稿状态的拨付名单没有可以退回的上一步。")
    from_status = payment_list.status
    if from_status == PaymentListStatus.PAID:
        reason = f"{reason}（原拨付日期 {cn_date(payment_list.paid_on)}，原凭证号 {payment_list.voucher_no}）"
        payment_list.paid_on, payment_list.voucher_no, payment_list.paid_by, payment_list.paid_recorded_at = (
            None, "", None, None)
    else:
        payment_list.approved_by, payment_list.approved_at = None, None
    payment_list.status = previous
    payment_list.save(update_fields=["status", "paid_on", "voucher_no", "paid_by", "paid_recorded_at",
                                     "approved_by", "approved_at"])
    _event(payment_list, from_status=from_status, user=user, reason=reason)
    logger.info("payment list %s stepped back to %s by %s", payment_list.pk, previous, getattr(user, "pk", None))
    return payment_list
