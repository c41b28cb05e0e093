"""The family register in a town's work queue (``employment.work_queue``): families on the register
with nobody employed, counted by ``selectors.families_without_work`` (scoped through
``employment.access``) and linked to the register filtered to them. Registered from
``HouseholdsConfig.ready``."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from employment.models import Role
from employment.work_queue import QueueItem, QueuePart, part_register

from . import selectors
from .rules import STATUS_WITHOUT


def _town_items(request) -> list[QueueItem]:
    return [QueueItem(
        label="在册未就业的零就业家庭",
        url=reverse("staff-household-list") + f"?status={STATUS_WITHOUT}",
        count=len(selectors.families_without_work(request.user, on=timezone.localdate())),
        note="家庭台账上还没有人就业的家庭，请优先推荐岗位、安排回访。",
    )]


def register() -> None:
    part_register(QueuePart(key="households.town", roles=frozenset({Role.TOWN}), heading="家庭台账",
                            items=_town_items, order=50))
