"""The work queue (我的待办) in Chromium: a town reviewer and an employer sign in and land on their
queue, reach a count's link by keyboard alone and arrive at the list of exactly those items; the
queue and the lists are axe-clean (WCAG 2.1 A/AA), also 375 px wide without sideways scrolling."""

from __future__ import annotations

import re

import pytest

from employment import applications
from quota import services as quota_services
from tests.browser.keyboard import press_and_wait, tab_to
from tests.quota.conftest import policy, roster_row, start_declaration  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"


@pytest.fixture
def filed(world, start_declaration):  # noqa: F811
    a = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    b = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(2)])
    quota_services.declaration_submit(declaration=a, user=world.users["employer_a"])
    quota_services.declaration_submit(declaration=b, user=world.users["employer_b"])
    return a, b


def _fits_375(page, check_a11y, name: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{name} scrolls sideways at 375 px"
    check_a11y(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_town_reviewer_lands_on_the_queue_and_follows_a_count(page, live_server, login_page, check_a11y, world,
                                                               filed):
    login_page("town_x", PASSWORD)
    assert page.url == f"{live_server.url}/portal/todo/"
    assert page.locator("h1").inner_text() == "我的待办"
    main = page.locator("main").inner_text()
    assert "鼓楼街道残联" in main and "待初审的年审申报" in main and "暂无待办" in main
    check_a11y(page, "work-queue-town")
    _fits_375(page, check_a11y, "work-queue-town")

    link = page.get_by_role("link", name=re.compile(r"待初审的年审申报\s*：1 项"))
    tab_to(page, link)
    press_and_wait(page, "Enter")
    assert "queue=first" in page.url
    table = page.get_by_role("table").inner_text()
    assert "甲公司" in table and "乙公司" not in page.locator("main").inner_text()
    check_a11y(page, "work-queue-town-first-reviews")

    page.goto(f"{live_server.url}/review/declarations/?queue=resubmitted")
    assert "暂无待办" in page.locator("main").inner_text()
    check_a11y(page, "work-queue-town-resubmissions-empty")


def test_employer_lands_on_the_queue_and_follows_new_applications(page, live_server, login_page, check_a11y,
                                                                   world, filed):
    a, _ = filed
    quota_services.declaration_review(declaration=a, user=world.users["town_x"], action="reject",
                                      comment="请补充7月社保缴纳证明")
    applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    login_page("employer_a", PASSWORD)
    assert page.url == f"{live_server.url}/portal/todo/"
    main = page.locator("main").inner_text()
    assert "甲公司" in main and "请补充7月社保缴纳证明" in main and "已退回" in main
    check_a11y(page, "work-queue-employer")
    _fits_375(page, check_a11y, "work-queue-employer")

    link = page.get_by_role("link", name=re.compile(r"新收到的求职申请\s*：1 项"))
    tab_to(page, link)
    press_and_wait(page, "Enter")
    assert page.locator("h1").inner_text() == "新收到的求职申请"
    table = page.get_by_role("table").inner_text()
    assert "张甲" in table and "网店文字客服" in table
    check_a11y(page, "work-queue-employer-new-applications")
    _fits_375(page, check_a11y, "work-queue-employer-new-applications")

    page.goto(f"{live_server.url}/portal/todo/")
    link = page.get_by_role("link", name="2025年度年审申报")
    tab_to(page, link)
    press_and_wait(page, "Enter")
    assert page.url.endswith(f"/employer/declarations/{a.pk}/")


def test_seeker_and_provider_queues_and_their_lists(page, live_server, login_page, check_a11y, world):
    from datetime import timedelta

    from django.utils import timezone

    from cms import services as cms_services
    from cms.models import Enrolment, EnrolmentStatus
    from tests.browser.keyboard import logout
    from tests.cms.conftest import make_course

    applications.application_invite(seeker=world.seeker_a, job=world.job_a)
    login_page("seeker_a", PASSWORD)
    assert page.url == f"{live_server.url}/portal/todo/"
    check_a11y(page, "work-queue-seeker")
    tab_to(page, page.get_by_role("link", name=re.compile(r"待答复的面试邀请\s*：1 项")))
    press_and_wait(page, "Enter")
    assert page.locator("h1").inner_text() == "待答复的面试邀请"
    assert "网店文字客服" in page.get_by_role("table").inner_text()
    check_a11y(page, "work-queue-seeker-invitations")
    page.goto(f"{live_server.url}/seeker/jobs/?new=1")
    check_a11y(page, "work-queue-seeker-new-matches")
    logout(page)

    cms_services.training_index_ensure()
    provider_page = cms_services.provider_page_ensure(world.provider_a)
    today = timezone.localdate()
    ended = make_course(provider_page, slug="ended", title="甲校已结课", start_date=today - timedelta(days=60),
                        end_date=today - timedelta(days=1), enrolment_opens=today - timedelta(days=90),
                        enrolment_closes=today - timedelta(days=61))
    Enrolment.objects.create(course=ended, seeker=world.seeker_a, status=EnrolmentStatus.ENROLLED)
    login_page("provider_a", PASSWORD)
    assert page.url == f"{live_server.url}/portal/todo/"
    check_a11y(page, "work-queue-provider")
    _fits_375(page, check_a11y, "work-queue-provider")
    tab_to(page, page.get_by_role("link", name=re.compile(r"已结课、待记录结业的学员\s*：1 项")))
    press_and_wait(page, "Enter")
    assert "甲校已结课" in page.get_by_role("table").inner_text()
    check_a11y(page, "work-queue-provider-completion")
