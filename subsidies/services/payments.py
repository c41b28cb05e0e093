"""Payment lists (拨付名单): approved applications of one programme and year put on a numbered list
for the finance office — previewed (count and total per town) and confirmed before it is created,
since a list cannot be undone — and the log of every export (it carries full bank account numbers)."""

from __future__ import annotations

import hashlib
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from employment.models import PersonalDataAccess

from ..models import PaymentDetailsChange, PaymentList, Programme, SubsidyApplication, SubsidyStatus

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


def payment_list_export_record(*, payment_list: PaymentList, user) -> PersonalDataAccess:
    """Log an export of a payment list: it carries every payee's full bank account number (the bank
    needs it), so it is personal-data access like a revealed identity number."""
    return PersonalDataAccess.objects.create(
        user=user, field="银行账号", action=PersonalDataAccess.Action.EXPORT,
        reason="导出拨付名单交银行办理拨付",
        detail=f"{payment_list}（{payment_list.items.count()} 笔，含完整银行账号）"[:200],
    )
