"""New matches in a seeker's work queue (``employment.work_queue``): jobs published since the seeker
last opened the queue that the matching shows them (hard rules and the seeker's settings applied, the
same list as 为我推荐的岗位; with personalised matching off, the new jobs of the plain 岗位列表), linked to that list filtered to the new ones (``?new=1``). Registered from
``MatchingConfig.ready``."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from employment.models import Role
from employment.selectors import own_seeker
from employment.work_queue import QueueItem, QueuePart, part_register, visit_since

from . import selectors


def _seeker_items(request) -> list[QueueItem]:
    try:
        seeker = own_seeker(request.user)
    except Http404:  # a seeker account whose record was removed: nothing to match
        return []
    result = selectors.jobs_for_seeker(seeker, filters=selectors.JobSearch(published_after=visit_since(request)))
    if not seeker.personalised_matching:  # off means off: no "matched" or "suits you" either
        return [QueueItem(label="新发布的岗位", url=reverse("seeker-jobs") + "?new=1", count=result.total or 0,
                          note="上次查看待办以来新发布的岗位（您关闭了个性化推荐，不按您的资料筛选）。")]
    note = "上次查看待办以来新发布、适合您的岗位。"
    if seeker.current_assessment is None:
        note += "填写职业评估后，推荐会更准确。"
    return [QueueItem(label="新匹配的岗位", url=reverse("seeker-jobs") + "?new=1", count=result.total or 0, note=note)]


def register() -> None:
    part_register(QueuePart(key="matching.seeker", roles=frozenset({Role.SEEKER}), heading="岗位推荐",
                            items=_seeker_items, order=11))
