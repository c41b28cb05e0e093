"""Keyboard only, on a desktop and on a 375×740 phone screen (issue 16, items 9 and 10): an employer
posts a job that fails the checks (pay below the minimum wage, no real description, no opening) — the
problems are announced, naming each field — then passes; invites a deaf candidate with the format
“需要手语翻译”; the seeker answers asking for another time. Every page is axe-clean at both widths, and
the new forms fit the phone without scrolling sideways.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from employment import services
from employment.models import Application, ApplicationStatus, InterviewFormat, JobPost, JobStatus, SeekerReply
from tests.browser.keyboard import invite_by_keyboard, logout, press_and_wait, tab_to
from tests.quota.conftest import policy  # noqa: F401  (the seeded policy years: the minimum wage)

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def _check_both_widths(page, check_a11y, name: str, *, fits: bool = True) -> None:
    """axe at the desktop width and at 375×740, where (``fits``) the page must not scroll sideways."""
    check_a11y(page, name)
    page.set_viewport_size(PHONE)
    check_a11y(page, f"{name}-375")
    if fits:
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways at 375 px ({overflow} px)"
    page.set_viewport_size(DESKTOP)


def _type(page, label: str, text: str) -> None:
    field = page.get_by_label(label).first
    tab_to(page, field)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


@pytest.mark.usefixtures("policy")
def test_post_fails_then_passes_invite_with_interpreter_and_reply_asking_another_time(
    page, live_server, login_page, check_a11y, world
):
    world.seeker_b.visible_to_employers = True
    world.seeker_b.save()
    services.assessment_record(
        seeker=world.seeker_b, skills="打字、字幕校对", needs=["sign_language"], limitations=["phone", "verbal"],
        max_hours_per_day=Decimal("8"),
    )

    login_page("employer_a", "Test-password-123")
    page.goto(f"{live_server.url}/employer/jobs/new/")
    _type(page, "岗位名称", "字幕校对员")
    _type(page, "工作内容", "无")
    _type(page, "每天工作小时数", "8")
    tab_to(page, page.get_by_label("可远程/居家办公"))
    page.keyboard.press("Space")
    _type(page, "月薪下限（元）", "500")
    _type(page, "招聘人数", "0")
    tab_to(page, page.get_by_role("button", name="保存并发布"))
    press_and_wait(page, "Enter")

    alert = page.get_by_role("alert")
    text = alert.inner_text()
    assert "工作内容不能只写“无”" in text and "工作内容：工作内容" not in text
    assert "月薪下限 500 元低于最低工资标准" in text and "请提高月薪下限" in text
    assert "招聘人数至少为 1 人" in text and "招聘人数：招聘人数" not in text
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert not JobPost.objects.filter(title="字幕校对员").exists()
    _check_both_widths(page, check_a11y, "job-checks-errors")

    _type(page, "工作内容", "在家用电脑给短视频校对字幕，改正错字和时间轴。")
    _type(page, "月薪下限（元）", "3000")
    _type(page, "招聘人数", "1")
    tab_to(page, page.get_by_role("button", name="保存并发布"))
    press_and_wait(page, "Enter")
    job = JobPost.objects.get(title="字幕校对员")
    assert job.status == JobStatus.PUBLISHED and job.openings == 1
    # No accessibility was ticked: published, with a warning saying what to do.
    status = page.get_by_role("status").inner_text()
    assert "岗位已发布。" in status and "没有勾选任何无障碍支持" in status
    # The home's jobs table is item 1's (stacked cards on phones): axe only here.
    _check_both_widths(page, check_a11y, "employer-home-with-warning", fits=False)

    page.goto(f"{live_server.url}/employer/jobs/{job.pk}/candidates/")
    assert page.get_by_role("heading", name=re.compile("推荐的候选人：共 1 人")).is_visible()
    _check_both_widths(page, check_a11y, "candidates-with-filters")
    tab_to(page, page.get_by_role("link", name=re.compile("^邀请面试\\s*：李乙$")))
    press_and_wait(page, "Enter")
    _check_both_widths(page, check_a11y, "invite-form")
    invite_by_keyboard(page, place="视频会议：腾讯会议 123 456 789", format_steps=2, message="会安排手语翻译")
    application = Application.objects.get(job=job, seeker=world.seeker_b)
    assert application.status == ApplicationStatus.INVITED
    assert application.interview_format == InterviewFormat.INTERPRETER
    assert page.get_by_role("status").inner_text().startswith("已邀请 李乙 面试「字幕校对员」")

    logout(page)
    login_page("seeker_b", "Test-password-123")
    page.goto(f"{live_server.url}/seeker/applications/")
    tab_to(page, page.get_by_role("link", name=re.compile("^答复面试邀请\\s*：字幕校对员$")))
    press_and_wait(page, "Enter")
    assert page.get_by_text("需要手语翻译").first.is_visible()
    _check_both_widths(page, check_a11y, "reply-form")
    # A radio group with nothing chosen is one Tab stop at its first option; ArrowDown chooses the next.
    tab_to(page, page.get_by_role("radio", name="接受面试邀请"))
    page.keyboard.press("ArrowDown")
    assert page.get_by_role("radio", name="请求更改面试时间或方式").is_checked()
    tab_to(page, page.get_by_label("给单位的留言（可不填）"))
    page.keyboard.type("那天要去医院，下周三下午都可以")
    tab_to(page, page.get_by_role("button", name="发送答复"))
    press_and_wait(page, "Enter")
    assert page.get_by_role("status").inner_text().startswith("已请求更改「字幕校对员」的面试时间或方式")
    application.refresh_from_db()
    assert application.seeker_reply == SeekerReply.RESCHEDULE
    assert application.seeker_reply_message == "那天要去医院，下周三下午都可以"
    _check_both_widths(page, check_a11y, "seeker-applications-reschedule", fits=False)  # a table: item 1's
