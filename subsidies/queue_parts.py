"""Rewards and subsidies in the staff work queue (``employment.work_queue``): applications waiting for
the town's first review or the district's final review, and — for the district — applications whose
town has nobody left who may take the first review (区残联代为初审), those waiting for its final review
that the user may approve (not those whose town step the user took), approved applications not yet on a
payment list and payment lists not yet paid. Counts come from ``subsidies.selectors`` (scoped through
``employment.access``) and link to the lists filtered the same way. Registered from
``SubsidiesConfig.ready``."""

from __future__ import annotations

from django.urls import reverse

from employment.models import Role
from employment.work_queue import QueueItem, QueuePart, part_register

from . import selectors
from .models import PaymentListStatus, SubsidyStatus


def _in_review(request, status: str, label: str, note: str) -> QueueItem:
    return QueueItem(
        label=label,
        url=reverse("subsidy-review-list") + f"?status={status}",
        count=selectors.applications_visible(request.user, status=status).count(),
        note=note,
    )


def _town_items(request) -> list[QueueItem]:
    return [_in_review(request, SubsidyStatus.TOWN_REVIEW, "待初审的补贴和奖励申请",
                       "超比例奖励、社保补贴和创业补贴申请，请进行镇街初审。")]


def _district_items(request) -> list[QueueItem]:
    return [
        QueueItem(
            label="镇街没有可审核人员、需区残联代为初审的补贴和奖励申请",
            url=reverse("subsidy-review-list") + "?queue=takeover",
            count=selectors.applications_for_district_takeover(request.user).count(),
            note="申请所在镇街没有在岗的审核人员（或都修改过收款信息，不能审核通过），请代为镇街初审（写明原因），"
                 "或为该镇街开通审核人员账号。",
        ),
        QueueItem(
            label="待终审的补贴和奖励申请",
            url=reverse("subsidy-review-list") + "?queue=district",
            count=selectors.applications_for_final_review(request.user).count(),
            note="镇街初审已通过，请进行区残联终审。",
        ),
        QueueItem(
            label="待列入拨付名单的已批准申请",
            url=reverse("subsidy-payment-lists"),
            count=selectors.applications_awaiting_payment_list(request.user).count(),
            note="审核通过、尚未列入拨付名单的申请，请按项目和年度生成拨付名单交财务拨付。",
        ),
        QueueItem(
            label="尚未拨付的拨付名单",
            url=reverse("subsidy-payment-lists"),
            count=selectors.payment_lists_visible(request.user).exclude(status=PaymentListStatus.PAID).count(),
            note="草稿名单请审核；已审核的名单请导出银行转账文件，拨付后登记拨付日期和凭证号。",
        ),
    ]


def register() -> None:
    part_register(QueuePart(key="subsidies.town", roles=frozenset({Role.TOWN}), heading="补贴和奖励",
                            items=_town_items, order=30))
    part_register(QueuePart(key="subsidies.district", roles=frozenset({Role.DISTRICT}), heading="补贴和奖励",
                            items=_district_items, order=30))
