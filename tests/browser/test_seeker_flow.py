"""Keyboard only: a seeker records an assessment, finds a matched job with its reasons and applies;
withdraws an application after confirming and answers an employer's invitation.

Every control is reached with Tab (never clicked) and operated with Enter, Space or typing; every page
the flow reaches is checked with axe-core (WCAG 2.1 A/AA; a screenshot under artifacts/ when it fails).
"""

from __future__ import annotations

import re

import pytest

from employment import applications
from employment.models import Application, ApplicationStatus, SeekerReply
from tests.browser.keyboard import press_and_wait, tab_to

pytestmark = pytest.mark.django_db(transaction=True)






def test_seeker_finds_matched_job_and_applies_by_keyboard(page, live_server, login_page, check_a11y, world):
    login_page("seeker_a", "Test-password-123")
    assert page.url.endswith("/portal/todo/")  # every role lands on its work queue (我的待办)
    page.goto(live_server.url + "/seeker/")
    check_a11y(page, "seeker-home")

    tab_to(page, page.get_by_role("link", name="填写职业评估").first)
    press_and_wait(page, "Enter")
    assert "/seeker/assessment/" in page.url
    check_a11y(page, "seeker-assessment")

    tab_to(page, page.get_by_label("我会做的事（技能）"))
    page.keyboard.type("打字、电脑操作、网店客服")
    tab_to(page, page.get_by_label("我想做的工作"))
    page.keyboard.type("客服")
    tab_to(page, page.get_by_label("每天最多能工作几个小时"))
    page.keyboard.type("6")
    tab_to(page, page.get_by_role("checkbox", name="读屏软件/辅助技术"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("checkbox", name="电话沟通"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="保存职业评估"))
    press_and_wait(page, "Enter")

    assert "/seeker/jobs/" in page.url
    assert page.get_by_role("heading", name="为我推荐的岗位").is_visible()
    assert page.get_by_text("推荐理由").first.is_visible()
    check_a11y(page, "seeker-matched-jobs")

    tab_to(page, page.get_by_role("link", name="网店文字客服", exact=True))
    press_and_wait(page, "Enter")
    assert page.get_by_role("heading", name="网店文字客服", level=1).is_visible()
    check_a11y(page, "seeker-job-detail")

    tab_to(page, page.get_by_role("link", name="申请这个岗位"))
    press_and_wait(page, "Enter")
    check_a11y(page, "seeker-apply")
    tab_to(page, page.get_by_label("想对用人单位说的话（可不填）"))
    page.keyboard.type("工作日下午都可以面试。")
    tab_to(page, page.get_by_role("button", name="确认申请"))
    press_and_wait(page, "Enter")

    assert "/seeker/applications/" in page.url
    assert page.get_by_role("status").inner_text().startswith("已向甲公司投递")
    assert page.get_by_role("cell", name="网店文字客服", exact=True).is_visible()
    check_a11y(page, "seeker-applications")
    application = Application.objects.get(seeker=world.seeker_a)
    assert application.job == world.job_a and application.message == "工作日下午都可以面试。"


def test_seeker_assessment_errors_are_announced(page, live_server, login_page, check_a11y, world):
    login_page("seeker_a", "Test-password-123")
    page.goto(live_server.url + "/seeker/assessment/")
    tab_to(page, page.get_by_label("每天最多能工作几个小时"))
    page.keyboard.type("30")
    tab_to(page, page.get_by_role("button", name="保存职业评估"))
    press_and_wait(page, "Enter")
    alert = page.get_by_role("alert")
    assert "每天最多能工作几个小时" in alert.inner_text()
    # The error summary takes the focus so a screen reader reads it first.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    check_a11y(page, "seeker-assessment-error")


def test_seeker_settings_and_signup_pages_are_accessible(page, live_server, login_page, check_a11y, world):
    page.goto(live_server.url + "/signup/")
    check_a11y(page, "seeker-signup")
    login_page("seeker_a", "Test-password-123")
    page.goto(live_server.url + "/seeker/settings/")
    check_a11y(page, "seeker-settings")
    tab_to(page, page.get_by_label("允许用人单位查看我的求职资料"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="保存"))
    press_and_wait(page, "Enter")
    world.seeker_a.refresh_from_db()
    assert world.seeker_a.visible_to_employers


def test_seeker_withdraws_after_confirming_and_answers_an_invitation_by_keyboard(
    page, live_server, login_page, check_a11y, world
):
    applied = applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    invited = applications.application_invite(seeker=world.seeker_a, job=world.job_b, message="周一上午来面试")
    login_page("seeker_a", "Test-password-123")
    page.goto(live_server.url + "/seeker/applications/")
    check_a11y(page, "seeker-applications-actions")

    # Withdraw: the link only asks; cancelling changes nothing.
    tab_to(page, page.get_by_role("link", name=re.compile("^撤回申请\\s*：网店文字客服$")))
    press_and_wait(page, "Enter")
    assert f"/seeker/applications/{applied.pk}/withdraw/" in page.url
    assert page.get_by_role("heading", name="撤回「网店文字客服」的申请").is_visible()
    check_a11y(page, "seeker-application-withdraw")
    tab_to(page, page.get_by_role("link", name="取消，返回我的申请"))
    press_and_wait(page, "Enter")
    assert page.url.endswith("/seeker/applications/")
    applied.refresh_from_db()
    assert applied.status == ApplicationStatus.APPLIED

    tab_to(page, page.get_by_role("link", name=re.compile("^撤回申请\\s*：网店文字客服$")))
    press_and_wait(page, "Enter")
    tab_to(page, page.get_by_role("button", name="确定撤回申请"))
    press_and_wait(page, "Enter")
    assert page.url.endswith("/seeker/applications/")
    assert page.get_by_role("status").inner_text().startswith("已撤回「网店文字客服」的申请")
    applied.refresh_from_db()
    assert applied.status == ApplicationStatus.WITHDRAWN
    assert page.get_by_role("link", name=re.compile("^撤回申请\\s*：网店文字客服$")).count() == 0

    # Answer the invitation: the page shows the employer's message and both answers.
    tab_to(page, page.get_by_role("link", name=re.compile("^答复面试邀请\\s*：数据标注员$")))
    press_and_wait(page, "Enter")
    assert page.get_by_text("周一上午来面试").is_visible()
    check_a11y(page, "seeker-application-reply")
    tab_to(page, page.get_by_role("radio", name="接受面试邀请"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="发送答复"))
    press_and_wait(page, "Enter")
    assert page.get_by_role("status").inner_text().startswith("已接受「数据标注员」的面试邀请")
    assert page.get_by_text("您已接受面试邀请").is_visible()
    check_a11y(page, "seeker-applications-replied")
    invited.refresh_from_db()
    assert invited.seeker_reply == SeekerReply.ACCEPTED and invited.status == ApplicationStatus.INVITED


def test_seeker_with_personalisation_off_ticks_the_accessibility_filter_by_keyboard(
    page, live_server, login_page, check_a11y, world
):
    """Issue 16: with personalised matching off the list is 岗位列表 (menu and heading), and the seeker's
    recorded limitations filter it only once they tick the box, by keyboard."""
    from employment import services
    from employment.models import JobSeeker
    from tests.factories import JobPostFactory

    services.assessment_record(seeker=world.seeker_a, limitations=["phone"])
    JobSeeker.objects.filter(pk=world.seeker_a.pk).update(personalised_matching=False)
    JobPostFactory(employer=world.employer_b, title="电话销售", demands=["phone"])
    login_page("seeker_a", "Test-password-123")
    page.goto(live_server.url + "/seeker/")
    tab_to(page, page.get_by_role("navigation", name="工作台菜单").get_by_role("link", name="岗位列表"))
    press_and_wait(page, "Enter")
    assert page.get_by_role("heading", name="岗位列表", level=1).is_visible()
    assert page.get_by_role("link", name="电话销售", exact=True).is_visible()
    check_a11y(page, "seeker-plain-jobs")

    box = page.get_by_role("checkbox", name="只看适合我的无障碍条件的岗位")
    assert not box.is_checked()
    tab_to(page, box)
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="筛选"))
    press_and_wait(page, "Enter")
    # The focus goes to the results (how many), not back to the top of the filters.
    assert page.evaluate("document.activeElement.id") == "results-title"
    assert page.get_by_role("checkbox", name="只看适合我的无障碍条件的岗位").is_checked()
    assert page.get_by_role("link", name="电话销售", exact=True).count() == 0
    assert page.get_by_role("link", name="网店文字客服", exact=True).is_visible()
    check_a11y(page, "seeker-plain-jobs-fit")
