"""Courses in the work queue (``employment.work_queue``): for a training provider, seekers still
enrolled on a course that has ended (结业 to record) and its courses waiting for the district's review;
for the district, the courses waiting for its review. Counted by ``cms.selectors`` (scoped to the
provider's own courses and, for enrolments, through ``employment.access``); each links to the course
list filtered to those courses. For town and district staff also the applications to join a programme
or a studio still waiting for an answer (待处理的项目报名; a town counts its own town's seekers, see
``cms.access_rules``), linking to the queue of pending applications. Registered from ``CmsConfig.ready``."""

from __future__ import annotations

from django.urls import reverse

from employment.models import Role
from employment.work_queue import QueueItem, QueuePart, part_register

from . import programme_selectors, selectors


def _moderation(request, note: str) -> QueueItem:
    return QueueItem(
        label="待区残联审核发布的课程",
        url=reverse("provider-courses") + "?todo=moderation",
        count=selectors.courses_awaiting_moderation(request.user).count(),
        note=note,
    )


def _provider_items(request) -> list[QueueItem]:
    return [
        QueueItem(
            label="已结课、待记录结业的学员",
            url=reverse("provider-courses") + "?todo=completion",
            count=selectors.enrolments_awaiting_completion(request.user).count(),
            note="课程已结束，请在学员名单中为完成培训的学员记录结业。",
        ),
        _moderation(request, "已提交的课程由区残联审核，通过后公开招生；无需操作，可随时查看进度。"),
    ]


def _district_items(request) -> list[QueueItem]:
    return [_moderation(request, "培训机构提交的课程，请在内容管理后台审核发布。")]


def _programme_items(request) -> list[QueueItem]:
    return [
        QueueItem(
            label="待处理的项目报名",
            url=reverse("programme-application-list") + "?status=pending",
            count=programme_selectors.applications_pending(request.user).count(),
            note="有人报名参加孵化项目或到技能大师工作室拜师，请接受或说明未通过的原因。",
        )
    ]


def register() -> None:
    part_register(QueuePart(key="cms.provider", roles=frozenset({Role.PROVIDER}), heading="培训课程",
                            items=_provider_items, order=20))
    part_register(QueuePart(key="cms.district", roles=frozenset({Role.DISTRICT}), heading="培训课程",
                            items=_district_items, order=45))
    part_register(QueuePart(key="cms.programmes", roles=frozenset({Role.TOWN, Role.DISTRICT}), heading="孵化项目",
                            items=_programme_items, order=55))
