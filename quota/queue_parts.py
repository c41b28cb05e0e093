"""Quota declarations in the staff work queue (``employment.work_queue``): for a town, declarations
waiting for its first review (first submissions and resubmissions apart) and those held by a duplicate
claim; for the district, declarations stranded at the town step of a town with no reviewer, those
waiting for its final review and those held by a duplicate claim, and the 公示's objections waiting for
it and corrected entries to republish (``publicity_selectors``).
Each count is ``selectors.declarations_in_queue`` — scoped through ``employment.access`` — and links to
the review list filtered by the same queue. Registered from ``QuotaConfig.ready``."""

from __future__ import annotations

from django.urls import reverse

from employment.models import Role
from employment.work_queue import QueueItem, QueuePart, part_register

from . import selectors

NOTES = {
    "first": "单位首次提交的年审申报，请进行镇街初审。",
    "resubmitted": "曾被退回、单位修改后重新提交的申报，请对照上次的审核意见复核。",
    "district": "镇街初审已通过，请进行区残联终审。",
    "conflicts": "同一残疾职工被两家单位在重叠月份申报，区残联处理前不能审核通过。",
    "takeover": "申报单位所在镇街没有在岗的审核人员，请代为镇街初审（写明原因），或为该镇街开通审核人员账号。",
}
LABELS = {
    "first": "待初审的年审申报",
    "resubmitted": "退回后重新提交的年审申报",
    "district": "待终审的年审申报",
    "conflicts": "有重复申报待处理的年审申报",
    "takeover": "镇街没有审核人员、需区残联代为初审的年审申报",
}


def _item(request, queue: str) -> QueueItem:
    return QueueItem(
        label=LABELS[queue],
        url=reverse("review-declaration-list") + f"?queue={queue}",
        count=selectors.declarations_in_queue(request.user, queue).count(),
        note=NOTES[queue],
    )


def _town_items(request) -> list[QueueItem]:
    return [_item(request, q) for q in ("first", "resubmitted", "conflicts")]


def _publicity_items(request) -> list[QueueItem]:
    """The district's 公示 lines: objections waiting for it, corrected entries to republish."""
    from . import publicity_selectors

    return [
        QueueItem(label="待处理的公示异议", url=reverse("publicity-objection-list") + "?status=pending",
                  count=publicity_selectors.objections_pending(request.user).count(),
                  note="用人单位或来电、来访人对年审结果公示提出的异议，请核实处理。"),
        QueueItem(label="更正后待重新公示的单位", url=reverse("publicity-batch-list"),
                  count=publicity_selectors.entries_to_republish(request.user).count(),
                  note="因异议重新打开的申报已重新审核通过，请在所在公示批次中重新公示。"),
    ]


def _district_items(request) -> list[QueueItem]:
    return [_item(request, q) for q in ("takeover", "district", "conflicts")] + _publicity_items(request)


def register() -> None:
    part_register(QueuePart(key="quota.town", roles=frozenset({Role.TOWN}), heading="按比例就业年审",
                            items=_town_items, order=20))
    part_register(QueuePart(key="quota.district", roles=frozenset({Role.DISTRICT}), heading="按比例就业年审",
                            items=_district_items, order=20))
