"""The core's lines of the work queue (``employment.work_queue``): a seeker's invitations waiting for
an answer, and — for town and district staff — self-registered seekers whose certificate is not
verified yet. Registered from ``EmploymentConfig.ready``."""

from __future__ import annotations

from django.urls import reverse

from . import selectors
from .models import Role
from .work_queue import QueueItem, QueuePart, part_register


def _seeker_items(request) -> list[QueueItem]:
    return [QueueItem(
        label="待答复的面试邀请",
        url=reverse("seeker-applications") + "?show=invitations",
        count=selectors.invitations_awaiting_answer(request.user).count(),
        note="用人单位邀请您面试，请接受或婉拒。",
    )]


def _staff_items(request) -> list[QueueItem]:
    return [QueueItem(
        label="待核验证件的本人注册求职者",
        url=reverse("staff-seeker-list") + "?verified=no",
        count=selectors.caseload(request.user, verified="no").count(),
        note="请核对残疾人证原件后在求职者页面点“核验”。",
    )]


def register() -> None:
    part_register(QueuePart(key="employment.seeker", roles=frozenset({Role.SEEKER}), heading="求职",
                            items=_seeker_items, order=10))
    part_register(QueuePart(key="employment.staff", roles=frozenset({Role.TOWN, Role.DISTRICT}),
                            heading="求职者", items=_staff_items, order=60))
