"""Joining an incubation programme in Chromium (issue 18, items 1 and 2): a seeker applies to join 电商添翼
from its page by keyboard, district staff follow the work-queue line to the queue and accept with an
answer after a confirmation, and the seeker sees the outcome and the answer. The programme and studio
pages (the demo content, with photos) and every page of the flow are axe-clean (WCAG 2.1 A/AA) at
desktop width and at 375 × 740 without sideways scrolling."""

from __future__ import annotations

import re

import pytest

from cms.models import IncubationProgramPage, ProgrammeApplication, StudioPage
from demo import cms_content
from tests.browser.keyboard import logout, press, press_and_wait, tab_to

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"
ANSWER = "欢迎参加！请于下周一上午 9 点到海曙区残疾人之家二楼参加说明会，带上残疾人证。"


def _both_widths(page, check_a11y, name: str) -> None:
    check_a11y(page, name)
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"
    check_a11y(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_seeker_applies_staff_accept_seeker_sees_the_outcome(page, live_server, login_page, check_a11y, world):
    cms_content.seed_content()
    programme = IncubationProgramPage.objects.get(programme="ecommerce")
    studio = StudioPage.objects.live().first()

    # -- the public pages, as a visitor ---------------------------------------------------------
    page.goto(f"{live_server.url}{studio.url}")
    assert page.get_by_role("link", name="技能大师工作室", exact=True).count() >= 1
    assert page.get_by_role("img", name=re.compile("插图")).count() == 1
    _both_widths(page, check_a11y, "programme-studio-page")
    page.goto(f"{live_server.url}{programme.url}")
    assert page.locator("main").inner_text().count(programme.intro) == 1
    _both_widths(page, check_a11y, "programme-page-visitor")

    # -- the seeker applies by keyboard ---------------------------------------------------------
    login_page("seeker_a", PASSWORD)
    page.goto(f"{live_server.url}{programme.url}")
    _both_widths(page, check_a11y, "programme-page-seeker")
    tab_to(page, page.get_by_label("留言（可不填）"))
    page.keyboard.type("想学网店客服，需要读屏软件。")
    tab_to(page, page.get_by_role("button", name="报名参加项目：电商添翼"))
    press_and_wait(page, "Enter")
    assert page.url.endswith("/programmes/my-applications/")
    assert "已报名“电商添翼”" in page.locator("main").inner_text()
    assert "待处理" in page.get_by_role("table").inner_text()
    _both_widths(page, check_a11y, "programme-my-applications-pending")
    application = ProgrammeApplication.objects.get()
    assert application.message == "想学网店客服，需要读屏软件。"
    logout(page)

    # -- district staff: the work queue, the queue, the answer and its confirmation --------------
    login_page("district", PASSWORD)
    assert page.url == f"{live_server.url}/portal/todo/"
    link = page.get_by_role("link", name=re.compile(r"待处理的项目报名\s*：1 项"))
    tab_to(page, link)
    press_and_wait(page, "Enter")
    assert "status=pending" in page.url
    _both_widths(page, check_a11y, "programme-staff-queue")
    press(page, page.get_by_role("link", name=re.compile(rf"{world.seeker_a.name}\s*的报名：电商添翼")))
    assert "想学网店客服" in page.locator("main").inner_text()
    _both_widths(page, check_a11y, "programme-staff-application")
    tab_to(page, page.get_by_role("radio", name="接受报名"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("给报名人的答复"))
    page.keyboard.type(ANSWER)
    tab_to(page, page.get_by_role("button", name="下一步：确认"))
    press_and_wait(page, "Enter")
    assert page.locator("h1").inner_text() == f"确认接受{world.seeker_a.name}的报名"
    application.refresh_from_db()
    assert application.status == "pending"  # nothing is answered before the confirmation
    _both_widths(page, check_a11y, "programme-staff-confirm")
    press(page, page.get_by_role("button", name="确认接受"))
    assert "已接受" in page.locator("main").inner_text() and "已通知报名人" in page.locator("main").inner_text()
    application.refresh_from_db()
    assert application.status == "accepted" and application.answer == ANSWER
    logout(page)

    # -- the seeker sees the outcome --------------------------------------------------------------
    login_page("seeker_a", PASSWORD)
    press(page, page.get_by_role("link", name="我的项目报名"))
    table = page.get_by_role("table").inner_text()
    assert "已接受" in table and ANSWER in table
    _both_widths(page, check_a11y, "programme-my-applications-accepted")
    page.goto(f"{live_server.url}/notifications/")
    assert "您报名参加项目“电商添翼”已被接受" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}{programme.url}")
    assert "您已报名，状态：已接受" in page.locator("main").inner_text()


def test_the_join_forms_button_keeps_its_distance_from_the_footer_on_a_phone(page, live_server):
    """<main> is also a .wrap, whose padding shorthand once overrode main's: the form's last button, at
    the end of the page, touched the footer."""
    cms_content.seed_content()
    programme = IncubationProgramPage.objects.get(programme="ecommerce")
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(f"{live_server.url}{programme.url}")
    button = page.locator("main button[type=submit]").last.bounding_box()
    footer = page.locator("footer.site-footer").bounding_box()
    assert footer["y"] - (button["y"] + button["height"]) >= 24
