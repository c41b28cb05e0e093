"""Fixtures for the CMS tests: the training subtree with one live course for each of the world's providers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone


@dataclass
class Training:
    index: object
    page_a: object
    page_b: object
    course_a: object
    course_b: object


def make_course(provider_page, *, slug: str, title: str = "网店客服培训", seats: int = 2, publish: bool = True, **extra):
    from cms import services
    from cms.models import TrainingCoursePage

    today = timezone.localdate()
    fields = {
        "title": title, "summary": "学习网店客服。", "start_date": today + timedelta(days=20),
        "end_date": today + timedelta(days=60), "schedule": "每周二 14:00", "venue": "残疾人之家",
        "venue_accessibility": "无台阶入口", "seats": seats, "target_groups": "持证残疾人",
        "enrolment_opens": today - timedelta(days=1), "enrolment_closes": today + timedelta(days=10),
        **extra,
    }
    course = provider_page.add_child(instance=TrainingCoursePage(slug=slug, **fields))
    if publish:
        services.page_publish(course)
    return course


@pytest.fixture
def training(world):
    from cms import services

    index = services.training_index_ensure()
    page_a = services.provider_page_ensure(world.provider_a)
    page_b = services.provider_page_ensure(world.provider_b)
    course_a = make_course(page_a, slug="course-a", title="甲校电商培训")
    course_b = make_course(page_b, slug="course-b", title="乙校竹编培训")
    return Training(index, page_a, page_b, course_a, course_b)
