"""Payment lists (拨付名单): approved applications of one programme and year put on a numbered list
for the finance office, and the log of every export (it carries full bank account numbers)."""

from __future__ import annotations

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from employment.models import PersonalDataAccess

from ..models import PaymentDetailsChange, PaymentList, Programme, SubsidyApplication, SubsidyStatus

logger = logging.getLogger(__name__)


@transaction.atomic
def payment_list_create(*, programme: str, year: int, user) -> PaymentList:
    """Put every approved application of the programme and year not yet on a list onto a new list.

    The rows are locked first, so two reviewers pressing the button at once cannot list an
    application twice; an application's ``payment_list`` is never changed once set. Applications
    whose payment details ``user`` changed are left for another staff member to list.
    """
    if programme not in Programme.values:
        raise ValidationError("未知的补贴项目。")
    candidates = SubsidyApplication.objects.select_for_update().filter(
        programme=programme, year=year, status=SubsidyStatus.APPROVED, payment_list__isnull=True
    )
    changed_by_user = PaymentDetailsChange.objects.filter(changed_by_id=getattr(user, "pk", None) or 0)
    pending = list(candidates.exclude(pk__in=changed_by_user.values("application_id")).order_by("pk"))
    if not pending:
        if candidates.filter(pk__in=changed_by_user.values("application_id")).exists():
            raise ValidationError("尚未列入拨付名单的申请，收款信息都由您修改过，按规定不能由您列入拨付名单，请由其他工作人员生成。")
        raise ValidationError("没有尚未列入拨付名单的审核通过申请。")
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
