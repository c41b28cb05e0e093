"""A training course end to end in Chromium: a provider writes a course in the Wagtail admin and submits
it for moderation; district staff approve it; it is public; a seeker enrols by keyboard; the provider
records attendance and (after a confirmation page) completion; the course and provider report cards
update. Every public and portal page the flow reaches is checked with axe-core (WCAG 2.1 A/AA)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from cms import services
from cms.models import Enrolment, EnrolmentStatus, TrainingCoursePage
from tests.browser.keyboard import logout, open_action_menu, press

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"
COURSE = "网店客服与直播带货培训"


def test_course_moderated_enrolled_completed_and_reported(page, live_server, login_page, check_a11y, world):
    services.provider_page_ensure(world.provider_a)
    today = timezone.localdate()

    # -- provider: write the course in the Wagtail admin and submit it for moderation ----------
    login_page("provider_a", PASSWORD)
    page.goto(f"{live_server.url}/training/provider/")
    check_a11y(page, "training-provider-courses-empty")
    press(page, page.get_by_role("link", name="发布新课程"))
    assert "/admin/pages/add/cms/trainingcoursepage/" in page.url

    page.locator("#id_title").fill(COURSE)
    page.locator("#id_summary").fill("学习网店文字客服和直播带货，结业后推荐到合作电商企业居家就业。")
    page.locator("#id_start_date").fill((today + timedelta(days=20)).isoformat())
    page.locator("#id_end_date").fill((today + timedelta(days=60)).isoformat())
    page.locator("#id_schedule").fill("每周二、四 14:00–16:30")
    page.locator("#id_enrolment_opens").fill((today - timedelta(days=1)).isoformat())
    page.locator("#id_enrolment_closes").fill((today + timedelta(days=15)).isoformat())
    page.locator("#id_seats").fill("1")
    page.locator("#id_fee").fill("0")
    page.locator("#id_target_groups").fill("持证肢体、听力残疾人")
    page.locator("#id_venue").fill("海曙区残疾人之家二楼电脑教室")
    page.locator("#id_venue_accessibility").fill("无台阶入口，电梯，无障碍卫生间。")
    page.locator("#id_accommodations").fill("读屏软件、大字讲义、手语翻译。")
    page.locator("#id_title").focus()  # closes the date pickers
    check_a11y(page, "training-admin-add")
    submit = page.locator("button[name='action-submit']")
    open_action_menu(page, submit)
    press(page, submit)
    # Back where the provider started, the course among theirs and under review, and told so.
    assert page.url.endswith("/training/provider/")
    assert COURSE in page.locator(".messages").inner_text()
    assert page.evaluate("document.activeElement.className") == "messages"
    check_a11y(page, "training-provider-submitted")
    course = TrainingCoursePage.objects.get(title=COURSE)
    assert course.provider == world.provider_a
    assert not course.live
    assert course.current_workflow_state is not None
    assert page.goto(f"{live_server.url}{course.url_path[len('/home'):]}").status == 404
    logout(page)

    # -- district: approve in the admin ---------------------------------------------------------
    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/{course.pk}/edit/")
    check_a11y(page, "training-admin-review")
    approve = page.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    ).first
    open_action_menu(page, approve)
    press(page, approve)
    course.refresh_from_db()
    assert course.live
    logout(page)

    # -- public: the course page -----------------------------------------------------------------
    page.goto(f"{live_server.url}{course.url}")
    assert page.get_by_role("heading", name=COURSE).is_visible()
    check_a11y(page, "training-course-public")

    # -- seeker: enrol by keyboard ------------------------------------------------------------
    login_page("seeker_a", PASSWORD)
    page.goto(f"{live_server.url}{course.url}")
    press(page, page.get_by_role("button", name="报名参加这门课程"))
    assert page.get_by_text("报名成功").is_visible()
    assert Enrolment.objects.get(course=course, seeker=world.seeker_a).status == EnrolmentStatus.ENROLLED
    check_a11y(page, "training-course-enrolled")
    page.goto(f"{live_server.url}/training/enrolments/")
    assert page.get_by_role("cell", name=COURSE, exact=True).is_visible()
    check_a11y(page, "training-my-enrolments")
    logout(page)

    # -- provider: attendance and completion, once the course has started (two weeks on) ------------
    TrainingCoursePage.objects.filter(pk=course.pk).update(start_date=today - timedelta(days=14))
    login_page("provider_a", PASSWORD)
    page.goto(f"{live_server.url}/training/provider/")
    press(page, page.get_by_role("link", name=re.compile(f"考勤和结业.*{COURSE}")))
    check_a11y(page, "training-roster")
    press(page, page.get_by_role("button", name="保存考勤"))
    assert page.get_by_text(re.compile("已保存 .* 的考勤")).is_visible()
    press(page, page.get_by_role("link", name=re.compile(f"记录结业.*{world.seeker_a.name}")))
    assert page.get_by_role("heading", name=f"记录结业：{world.seeker_a.name}").is_visible()
    check_a11y(page, "training-completion-confirm")
    press(page, page.get_by_role("button", name="确定记录结业"))
    assert page.get_by_text(f"已记录 {world.seeker_a.name} 结业").is_visible()
    card = page.get_by_role("table", name="本课程成效")
    assert card.locator("tbody td").nth(0).inner_text() == "1"
    assert card.locator("tbody td").nth(1).inner_text() == "1"
    check_a11y(page, "training-roster-completed")
    logout(page)

    # -- public provider page: the report card counts the completion ----------------------------
    provider_page = course.get_parent().specific
    page.goto(f"{live_server.url}{provider_page.url}")
    card = page.get_by_role("table", name="本机构全部课程")
    assert card.locator("tbody td").nth(1).inner_text() == "1"
    check_a11y(page, "training-provider-public")


def test_demo_content_pages_and_search_are_axe_clean(page, live_server, check_a11y, world):
    """One page of every public type, with the demo content, plus search results, by keyboard."""
    from cms.models import (
        AnnouncementIndexPage,
        AnnouncementPage,
        IncubationProgramPage,
        IncubationProjectPage,
        NewsIndexPage,
        NewsPage,
        PolicyIndexPage,
        PolicyPage,
        TrainingIndexPage,
        TrainingProviderPage,
    )
    from demo import cms_content

    cms_content.seed_content()
    page.goto(f"{live_server.url}/")
    check_a11y(page, "content-home")
    for model in (
        PolicyIndexPage, PolicyPage, NewsIndexPage, NewsPage, IncubationProgramPage, IncubationProjectPage,
        TrainingIndexPage, TrainingProviderPage, TrainingCoursePage, AnnouncementIndexPage, AnnouncementPage,
    ):
        item = model.objects.live().first()
        response = page.goto(f"{live_server.url}{item.url}")
        assert response.status == 200, item.url
        check_a11y(page, f"content-{model._meta.model_name}")

    page.goto(f"{live_server.url}/")
    page.get_by_label("站内搜索").focus()
    page.keyboard.type("竹编")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("link", name="章水竹编工坊", exact=True).is_visible()
    check_a11y(page, "content-search-results")


def test_district_corrects_a_completion_by_keyboard(page, live_server, login_page, check_a11y, world):
    """Issue 15: a learner below the attendance minimum cannot be completed by the provider (the
    confirmation page says why); the district records the completion with a reason, by keyboard;
    the roster lists the correction."""
    from tests.browser.keyboard import tab_to
    from tests.cms.conftest import make_course

    today = timezone.localdate()
    course = make_course(services.provider_page_ensure(world.provider_a), slug="late-joiner", seats=5,
                         start_date=today - timedelta(days=10), end_date=today + timedelta(days=20))
    enrolment = services.enrolment_create(course=course, seeker=world.seeker_a)
    other = services.enrolment_create(course=course, seeker=world.seeker_b)
    for n in range(5):
        services.attendance_record(enrolment=other, session_date=course.start_date + timedelta(days=n), present=True)
    services.attendance_record(enrolment=enrolment, session_date=course.start_date + timedelta(days=4), present=True)

    login_page("provider_a", PASSWORD)
    page.goto(f"{live_server.url}/training/provider/enrolments/{enrolment.pk}/complete/")
    assert page.get_by_role("heading", name="现在还不能记录结业").is_visible()
    assert page.get_by_role("button", name="确定记录结业").count() == 0
    check_a11y(page, "training-completion-refused")
    logout(page)

    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/training/provider/enrolments/{enrolment.pk}/complete/")
    press(page, page.get_by_role("link", name="写明原因更正结业"))
    assert page.get_by_role("heading", name=f"更正结业：{world.seeker_a.name}").is_visible()
    check_a11y(page, "training-completion-correct")
    tab_to(page, page.get_by_label("更正原因"))
    page.keyboard.type("学员从候补名单递补，开课后才加入，实际上课全部出勤。")
    press(page, page.get_by_role("button", name="保存更正"))
    assert page.get_by_text(f"已更正 {world.seeker_a.name} 的结业").is_visible()
    assert page.get_by_role("table", name="区残联对结业的更正").get_by_text("开课后才加入").is_visible()
    check_a11y(page, "training-roster-corrected")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
