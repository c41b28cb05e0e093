"""The employer's work queue (``employment.work_queue``): applications seekers sent since the user's
last visit, seekers' answers to the employer's invitations since then, and where each of its
declarations stands with what is asked of it. Counts come from ``employment.selectors`` and
``quota.selectors`` (scoped through ``employment.access`` to the user's own employer); the counts link
to the employer's applications list filtered the same way (``employer-applications``). Registered from
``EmployerPortalConfig.ready``."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from employment import selectors as employment_selectors
from employment.models import Role
from employment.work_queue import QueueItem, QueuePart, part_register, visit_since
from quota import selectors as quota_selectors


def _hiring_items(request) -> list[QueueItem]:
    since = visit_since(request)
    return [
        QueueItem(
            label="新收到的求职申请",
            url=reverse("employer-applications") + "?show=new",
            count=employment_selectors.applications_received(request.user, since=since).count(),
            note="上次查看待办以来求职者投递的申请，请查看资料并安排面试或答复。",
        ),
        QueueItem(
            label="面试邀请的新答复",
            url=reverse("employer-applications") + "?show=replies",
            count=employment_selectors.invitation_replies(request.user, since=since).count(),
            note="上次查看待办以来求职者对您的面试邀请作出的答复（接受或婉拒）。",
        ),
    ]


def _declaration_items(request) -> list[QueueItem]:
    todos = quota_selectors.employer_declaration_todos(request.user, today=timezone.localdate())
    if not todos:
        return [QueueItem(label="按比例就业年审申报", url=reverse("employer-declaration-list"), count=0,
                          note="目前没有需要办理的年审申报。")]
    return [
        QueueItem(
            label=f"{t.year}年度年审申报",
            url=(reverse("employer-declaration-detail", args=[t.declaration_pk]) if t.declaration_pk
                 else reverse("employer-declaration-list")),
            status=t.status_label,
            note=t.asked or ("审核已通过，可以查看审核结果和认定书。" if t.approved else "正在审核，无需操作，请等待审核结果。"),
            action=bool(t.asked),
        )
        for t in todos
    ]


def register() -> None:
    part_register(QueuePart(key="employer_portal.hiring", roles=frozenset({Role.EMPLOYER}), heading="招聘",
                            items=_hiring_items, order=10))
    part_register(QueuePart(key="employer_portal.declarations", roles=frozenset({Role.EMPLOYER}),
                            heading="按比例就业年审", items=_declaration_items, order=20))
