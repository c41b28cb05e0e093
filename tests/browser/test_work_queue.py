"""The work queue (我的待办) in Chromium: a town reviewer and an employer sign in and land on their
queue, reach a count's link by keyboard alone and arrive at the list of exactly those items; the
queue and the lists are axe-clean (WCAG 2.1 A/AA), also 375 px wide without sideways scrolling."""

from __future__ import annotations

import re

import pytest

from employment import services as employment_services
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
    employment_services.application_submit(seeker=world.seeker_a, job=world.job_a)
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
