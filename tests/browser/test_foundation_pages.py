"""The foundation's public pages and a role's workspace are axe-clean, keyboard-usable and render Chinese."""

import pytest

from tests.browser.keyboard import press

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_login_and_jobs_are_accessible(page, live_server, check_a11y, world):
    page.goto(live_server.url + "/")
    assert "海曙区残疾人就业服务平台" in page.title()
    check_a11y(page, "home")
    # The skip link is the first thing a keyboard user reaches, and it moves focus to <main>.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").startswith("跳到主要内容")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(live_server.url + "/jobs/")
    check_a11y(page, "job-list")
    assert page.evaluate("document.activeElement.tagName") == "BODY"  # nothing searched: the page's top
    page.get_by_label("关键词").fill(world.job_a.title)
    press(page, page.get_by_role("button", name="查找"))
    # A search answers with the number found, and the focus is there, so a screen reader says it.
    assert page.evaluate("document.activeElement.id") == "results-title"
    assert page.evaluate("document.activeElement.textContent") == "共 1 个岗位"
    check_a11y(page, "job-list-searched")
    page.goto(live_server.url + "/accounts/login/")
    check_a11y(page, "login")


def test_toolbar_high_contrast_by_keyboard_is_remembered(page, live_server, check_a11y, world):
    page.goto(live_server.url + "/")
    button = page.get_by_role("button", name="高对比度")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "a11y-high-contrast" in page.evaluate("document.documentElement.className")
    page.goto(live_server.url + "/jobs/")
    assert "a11y-high-contrast" in page.evaluate("document.documentElement.className")
    check_a11y(page, "job-list-high-contrast")


def test_failed_login_is_announced(page, live_server, login_page, world):
    login_page("nobody", "wrong-password-1")
    alert = page.get_by_role("alert")
    assert "用户名或密码不正确" in alert.inner_text()


def test_town_reviewer_caseload(page, live_server, login_page, check_a11y, world):
    login_page("town_x", "Test-password-123")
    page.goto(live_server.url + "/staff/seekers/")
    assert "张甲" in page.content() and "李乙" not in page.content()
    check_a11y(page, "staff-caseload")
