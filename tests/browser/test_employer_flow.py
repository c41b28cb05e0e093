"""Keyboard only: an employer posts a job (first with a mistake, which is announced), finds a consenting
candidate with reasons, invites them, records the interview and the hire — which creates a Placement.

Every page the flow reaches is axe-clean (WCAG 2.1 A/AA; a screenshot under artifacts/ when it is not).
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from employment import services
from employment.models import Application, ApplicationStatus, JobPost, JobStatus, Placement
from tests.browser.keyboard import invite_by_keyboard, press_and_wait, tab_to

pytestmark = pytest.mark.django_db(transaction=True)






def test_employer_posts_job_and_records_hire_by_keyboard(page, live_server, login_page, check_a11y, world):
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save()
    services.assessment_record(
        seeker=world.seeker_a, skills="打字、电脑录入", desired_jobs="数据录入", needs=["screen_reader"],
        max_hours_per_day=Decimal("6"),
    )
    login_page("employer_a", "Test-password-123")
    assert page.url.endswith("/portal/todo/")  # every role lands on its work queue (我的待办)
    page.goto(live_server.url + "/employer/")
    check_a11y(page, "employer-home")

    tab_to(page, page.get_by_role("link", name="发布新岗位").first)
    press_and_wait(page, "Enter")
    check_a11y(page, "employer-job-new")

    # A first try without the required fields: the errors are announced and focused.
    tab_to(page, page.get_by_role("button", name="保存并发布"))
    press_and_wait(page, "Enter")
    alert = page.get_by_role("alert")
    assert "岗位名称" in alert.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    check_a11y(page, "employer-job-new-errors")

    tab_to(page, page.get_by_label("岗位名称"))
    page.keyboard.type("数据录入员")
    tab_to(page, page.get_by_label("工作内容"))
    page.keyboard.type("在电脑上录入表格数据，可以使用读屏软件。")
    tab_to(page, page.get_by_label("每天工作小时数"))
    page.keyboard.type("6")
    tab_to(page, page.get_by_label("可远程/居家办公"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("月薪下限（元）"))
    page.keyboard.type("3000")
    tab_to(page, page.get_by_label("月薪上限（元）"))
    page.keyboard.type("4000")
    tab_to(page, page.get_by_role("checkbox", name="读屏软件/辅助技术"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("checkbox", name="弹性工作时间"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="保存并发布"))
    press_and_wait(page, "Enter")

    job = JobPost.objects.get(title="数据录入员")
    assert job.status == JobStatus.PUBLISHED and job.employer == world.employer_a
    assert job.accessibility == ["screen_reader", "flexible_hours"] and job.remote
    assert page.get_by_role("status").inner_text() == "岗位已发布。"

    tab_to(page, page.get_by_role("link", name=re.compile("^候选人\\s*：数据录入员$")))
    press_and_wait(page, "Enter")
    assert page.get_by_role("heading", name="张甲").is_visible()
    assert "李乙" not in page.content()  # not consenting
    check_a11y(page, "employer-candidates")

    tab_to(page, page.get_by_role("link", name=re.compile("^邀请面试\\s*：张甲$")))
    press_and_wait(page, "Enter")
    check_a11y(page, "employer-invite")
    invite_by_keyboard(page, place="鼓楼路 1 号 3 楼")
    application = Application.objects.get(job=job, seeker=world.seeker_a)
    assert application.status == ApplicationStatus.INVITED

    tab_to(page, page.get_by_role("link", name=re.compile("^处理\\s*：张甲$")).first)
    press_and_wait(page, "Enter")
    check_a11y(page, "employer-application")

    # A radio group is one Tab stop (the checked option); arrow keys choose within it.
    tab_to(page, page.get_by_role("radio", name="已邀请面试"))
    page.keyboard.press("ArrowDown")
    assert page.get_by_role("radio", name="已面试，还在考虑").is_checked()
    tab_to(page, page.get_by_role("button", name="保存面试结果"))
    press_and_wait(page, "Enter")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEWED

    tab_to(page, page.get_by_label("合同开始日期"))
    page.keyboard.type("03012026")  # segment order follows the browser UI language (en-US here)
    assert page.get_by_label("合同开始日期").input_value() == "2026-03-01"
    tab_to(page, page.get_by_label("月工资（元）"))
    page.keyboard.type("3600")
    tab_to(page, page.get_by_role("button", name="确认录用"))
    press_and_wait(page, "Enter")

    placement = Placement.objects.get(application=application)
    assert placement.contract_start == date(2026, 3, 1) and placement.monthly_wage == Decimal("3600")
    assert placement.employer == world.employer_a and placement.follow_ups.count() == 4
    assert page.get_by_role("heading", name="已录用").is_visible()
    check_a11y(page, "employer-application-hired")


def test_company_profile_and_job_edit_are_accessible(page, live_server, login_page, check_a11y, world):
    login_page("employer_a", "Test-password-123")
    page.goto(f"{live_server.url}/employer/jobs/company/")
    check_a11y(page, "employer-company")
    page.goto(f"{live_server.url}/employer/jobs/{world.job_a.pk}/edit/")
    check_a11y(page, "employer-job-edit")
    page.goto(f"{live_server.url}/employer/")
    tab_to(page, page.get_by_role("button", name=re.compile("^停止招聘\\s*：网店文字客服$")))
    press_and_wait(page, "Enter")
    world.job_a.refresh_from_db()
    assert world.job_a.status == JobStatus.CLOSED


def test_staff_casework_pages_are_accessible(page, live_server, login_page, check_a11y, world):
    services.placement_record(
        seeker=world.seeker_a, employer=world.employer_a, contract_start=date(2020, 1, 1), monthly_wage=Decimal("3000")
    )
    login_page("town_x", "Test-password-123")
    page.goto(f"{live_server.url}/staff/follow-ups/")
    assert "张甲" in page.content()
    check_a11y(page, "staff-follow-ups-due")
    page.goto(f"{live_server.url}/seekers/{world.seeker_a.pk}/")
    check_a11y(page, "staff-seeker-detail")
    page.goto(f"{live_server.url}/staff/seekers/new/")
    check_a11y(page, "staff-seeker-create")
    page.goto(f"{live_server.url}/staff/seekers/{world.seeker_a.pk}/assessment/")
    check_a11y(page, "staff-seeker-assessment")
