"""Casework in a town's work queue (``employment.work_queue``): placement follow-ups overdue or due
soon, counted by ``selectors.follow_ups_due`` (scoped through ``employment.access``) and linked to the
follow-ups due list, which shows exactly those. Registered from ``CaseworkConfig.ready``."""

from __future__ import annotations

from django.urls import reverse

from employment.models import Role
from employment.work_queue import QueueItem, QueuePart, part_register

from .selectors import DUE_SOON_DAYS, follow_ups_due


def _town_items(request) -> list[QueueItem]:
    return [QueueItem(
        label="到期的就业回访",
        url=reverse("casework-follow-ups-due"),
        count=follow_ups_due(request.user).count(),
        note=f"已逾期或 {DUE_SOON_DAYS} 天内到期的就业回访，请联系本人和用人单位后记录。",
    )]


def register() -> None:
    part_register(QueuePart(key="casework.town", roles=frozenset({Role.TOWN}), heading="就业回访",
                            items=_town_items, order=40))
