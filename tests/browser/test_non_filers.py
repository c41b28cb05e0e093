"""年审催报 in Chromium, by keyboard: the district opens the non-filer list from the staff menu, filters
by town, ticks one employer, confirms and sends a reminder, and sees it logged on the list (a refusal or a
confirmation after a redirect takes the focus, so it is announced); the list and the confirmation are
axe-clean (WCAG 2.1 A/AA), also at 375 px wide without sideways scrolling.
A town reviewer asking for another town gets a 404."""

from __future__ import annotations

import pytest

from quota.models import DeclarationReminder
from tests.browser.keyboard import press, tab_to
from tests.quota.conftest import YEAR, policy, start_declaration  # noqa: F401
from tests.quota.test_non_filers import register  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"


def _fits_375(page, check_a11y, name: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
    check_a11y(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_district_reminds_a_non_filer_by_keyboard(page, live_server, login_page, check_a11y, world, register):  # noqa: F811
    login_page("district", PASSWORD)
    press(page, page.get_by_role("navigation", name="工作台菜单").get_by_role("link", name="年审催报"))
    assert page.locator("h1").inner_text() == f"{YEAR}年度未提交年审申报的单位"
    main = page.locator("main").inner_text()
    assert "甲公司" in main and "丁公司" in main and "乙公司" in main
    assert "丙公司" not in main and "戊公司" not in main
    assert "填报中，未提交" in main and "还没有平台账号" in main
    check_a11y(page, "non-filers-list")
    _fits_375(page, check_a11y, "non-filers-list")

    page.get_by_label("镇街").select_option(label="鼓楼街道")
    press(page, page.get_by_role("button", name="查找"))
    assert "乙公司" not in page.locator("main").inner_text()

    # Nothing ticked: the refusal comes back as a message after a redirect. Focus is moved to it, so a
    # screen reader announces it, and it says in words (not only in red) that nothing was done.
    press(page, page.get_by_role("button", name="提醒所选单位"))
    focused = page.evaluate("document.activeElement.className")
    assert focused == "messages", focused
    assert page.locator(".messages").inner_text().strip() == "未能完成：请先勾选要提醒的单位，或选择“提醒全部未申报单位”。"
    # The workspace menu comes before the message, so the next Tab goes on to the page, not back
    # through the menu's links.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main') && !document.activeElement.closest('nav')")
    check_a11y(page, "non-filers-refused")

    box = page.get_by_label("选择甲公司")
    tab_to(page, box)
    page.keyboard.press("Space")
    assert box.is_checked()
    press(page, page.get_by_role("button", name="提醒所选单位"))
    assert page.locator("h1").inner_text() == f"确认发送{YEAR}年度年审申报提醒"
    check_a11y(page, "non-filers-confirm")
    _fits_375(page, check_a11y, "non-filers-confirm")
    assert not DeclarationReminder.objects.exists()

    press(page, page.get_by_role("button", name="确认发送（1 家单位）"))
    assert "已向 1 家单位发送" in page.content()
    assert page.evaluate("document.activeElement.className") == "messages"
    assert DeclarationReminder.objects.get().employer == world.employer_a
    page.get_by_text("查看甲公司的提醒记录").click()
    assert "工作人员催报" in page.locator("main").inner_text()
    check_a11y(page, "non-filers-list-reminded")


def test_town_reviewer_cannot_open_another_town(page, live_server, login_page, world, register):  # noqa: F811
    login_page("town_x", PASSWORD)
    response = page.goto(f"{live_server.url}/review/non-filers/?year={YEAR}&town={world.town_y.pk}")
    assert response.status == 404
    page.goto(f"{live_server.url}/review/non-filers/?year={YEAR}")
    assert "乙公司" not in page.locator("main").inner_text()
    assert page.get_by_label("镇街").count() == 0  # one town: no town filter


def test_district_accepts_a_late_declaration(page, live_server, login_page, check_a11y, world, policy,  # noqa: F811
                                             start_declaration):  # noqa: F811
    from datetime import timedelta

    from django.utils import timezone

    from quota import services
    from tests.quota.conftest import roster_row

    policy.review_window_end = timezone.localdate() - timedelta(days=3)
    policy.save()
    d = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    services.declaration_submit(declaration=d, user=world.users["employer_a"])
    services.declaration_review(declaration=d, user=world.users["town_x"], action="approve")

    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/review/declarations/{d.pk}/")
    assert "须经区残联同意受理后才能终审通过" in page.locator("main").inner_text()
    check_a11y(page, "declaration-late-pending")
    # The review page's roster table is wider than a phone (as before); the new section fits.
    page.set_viewport_size({"width": 375, "height": 800})
    box = page.locator("section[aria-labelledby=late]").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    check_a11y(page, "declaration-late-pending-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("受理补报意见").fill("单位因搬迁逾期，经核实同意受理。")
    press(page, page.get_by_role("button", name="同意受理补报"))
    assert "区残联同意受理：单位因搬迁逾期" in page.locator("main").inner_text()
    check_a11y(page, "declaration-late-accepted")
    press(page, page.get_by_role("button", name="审核通过"))
    d.refresh_from_db()
    assert d.status != "approved"  # the final approval is confirmed first
    press(page, page.get_by_role("button", name="确认审核通过"))
    d.refresh_from_db()
    assert d.status == "approved"
