"""Keyboard only: a town reviewer records a hire they arranged by phone (first naming an employer that
is not registered, which is announced and linked to the field), then records that an earlier job
ended. The seeker page, the hire form (with and without errors) and the 离职 page are axe-clean."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from employment import services
from employment.models import Placement
from tests.browser.keyboard import press_and_wait, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def test_town_reviewer_records_a_hire_and_an_end_by_keyboard(page, live_server, login_page, check_a11y, world):
    earlier = services.placement_record(
        seeker=world.seeker_a, employer=world.employer_b, contract_start=date(2025, 1, 1), monthly_wage=Decimal("3000")
    )
    login_page("town_x", "Test-password-123")
    page.goto(f"{live_server.url}/seekers/{world.seeker_a.pk}/")
    assert page.get_by_role("table", name="回访安排：乙公司").count() == 1
    check_a11y(page, "casework-seeker-detail")

    tab_to(page, page.get_by_role("link", name="记录就业安置"))
    press_and_wait(page, "Enter")
    assert page.locator("h1").inner_text() == "记录就业安置：张甲"
    check_a11y(page, "casework-hire-form")

    # An employer that is not registered: the error is announced, focused and linked to the field.
    tab_to(page, page.get_by_label("用人单位"))
    page.keyboard.type("91330203MA2XXXXXXX")
    tab_to(page, page.get_by_label("合同开始日期"))
    page.keyboard.type("03012026")  # segment order follows the browser UI language (en-US here)
    assert page.get_by_label("合同开始日期").input_value() == "2026-03-01"
    tab_to(page, page.get_by_label("月工资（元）"))
    page.keyboard.type("3600")
    tab_to(page, page.get_by_role("button", name="保存就业安置"))
    press_and_wait(page, "Enter")
    alert = page.get_by_role("alert")
    assert "没有找到统一社会信用代码或单位名称为“91330203MA2XXXXXXX”的用人单位" in alert.inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.get_by_label("用人单位").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("月工资（元）").input_value() == "3600"  # what was typed is kept
    assert Placement.objects.count() == 1
    check_a11y(page, "casework-hire-form-errors")

    assert alert.get_by_role("link", name=re.compile("^没有找到统一社会信用代码")).get_attribute("href") == "#id_employer"
    tab_to(page, page.get_by_label("用人单位"))
    page.keyboard.press("Control+A")
    page.keyboard.type(world.employer_a.credit_code)
    tab_to(page, page.get_by_role("button", name="保存就业安置"))
    press_and_wait(page, "Enter")

    placement = Placement.objects.get(employer=world.employer_a)
    assert placement.seeker == world.seeker_a and placement.created_by == world.users["town_x"]
    assert placement.contract_start == date(2026, 3, 1) and placement.monthly_wage == Decimal("3600")
    assert placement.follow_ups.count() == 4
    assert "已记录张甲在甲公司就业" in page.get_by_role("status").inner_text()
    assert page.get_by_role("table", name="回访安排：甲公司").count() == 1
    check_a11y(page, "casework-seeker-detail-hired")

    tab_to(page, page.get_by_role("link", name=re.compile("^记录离职\\s*：乙公司")))
    press_and_wait(page, "Enter")
    assert page.get_by_role("button", name="确定记录离职").count() == 1
    check_a11y(page, "casework-placement-end")
    tab_to(page, page.get_by_label("离职日期"))
    page.keyboard.type("06302025")
    tab_to(page, page.get_by_label("离职原因和情况"))
    page.keyboard.type("合同到期前主动离职，想换离家近的工作。")
    tab_to(page, page.get_by_role("button", name="确定记录离职"))
    press_and_wait(page, "Enter")

    earlier.refresh_from_db()
    assert earlier.ended_on == date(2025, 6, 30)
    assert "已离职，不再回访" in page.get_by_role("table", name="回访安排：乙公司").inner_text()
    assert "想换离家近的工作" in page.locator("main").inner_text()
