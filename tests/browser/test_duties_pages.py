"""Issue 13, items 7 and 10 in Chromium: the subsidy page of a reviewer who changed the payee
account (no approve button, the reason said, the masked change record) and the declaration review
page with a duplicate claim, as a town and as the district — axe-clean (WCAG 2.1 A/AA), also at
375 px wide."""

from __future__ import annotations

import pytest

from tests.browser.keyboard import logout
from tests.quota.conftest import policy, roster_row, start_declaration  # noqa: F401
from tests.subsidies.conftest import PDF_BYTES, startup_filed

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"
REFUSAL = "您修改过本申请的收款信息，按规定不能审核通过本申请。"


def _both_widths(page, check_a11y, name: str) -> None:
    check_a11y(page, name)
    page.set_viewport_size({"width": 375, "height": 800})
    check_a11y(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_reviewer_who_changed_the_account_sees_why_approval_is_not_offered(
    page, live_server, login_page, check_a11y, world, policy  # noqa: F811
):
    from subsidies import services

    application = startup_filed(world, evidence=False)
    services.evidence_add(application=application, kind="licence", filename="营业执照.pdf", content=PDF_BYTES,
                          user=world.users["seeker_a"])
    services.subsidy_bank_update(application=application, user=world.users["town_x"], bank={
        "bank_account_name": "张甲", "bank_name": "中国建设银行宁波分行", "bank_account": "6217000099998888"})
    services.subsidy_submit(application=application, user=world.users["seeker_a"])

    login_page("town_x", PASSWORD)
    page.goto(f"{live_server.url}/subsidies/{application.pk}/")
    assert REFUSAL in page.locator("#approval-refusal").inner_text()
    assert page.get_by_role("button", name="审核通过").count() == 0
    assert page.get_by_role("button", name="退回修改").count() == 1
    assert "尾号 8888" in page.get_by_role("table", name="谁在什么时候修改了", exact=False).inner_text()
    _both_widths(page, check_a11y, "subsidy-approval-refused")
    logout(page)

    login_page("seeker_a", PASSWORD)
    page.goto(f"{live_server.url}/notifications/")
    assert "已被工作人员修改" in page.content()
    _both_widths(page, check_a11y, "notifications-staff-change")


def test_declaration_review_page_with_a_duplicate_claim(
    page, live_server, login_page, check_a11y, world, start_declaration  # noqa: F811
):
    from quota import services

    a = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    b = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(1)])
    services.declaration_submit(declaration=a, user=world.users["employer_a"])
    services.declaration_submit(declaration=b, user=world.users["employer_b"])

    login_page("town_x", PASSWORD)
    page.goto(f"{live_server.url}/review/declarations/{a.pk}/")
    table = page.get_by_role("table", name="本单位名册中与其他申报重复的人员").inner_text()
    assert "待区残联核定" in table and "乙公司" not in page.content()
    _both_widths(page, check_a11y, "declaration-conflict-town")
    logout(page)

    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/review/declarations/{a.pk}/")
    assert "乙公司" in page.get_by_role("table", name="本单位名册中与其他申报重复的人员").inner_text()
    _both_widths(page, check_a11y, "declaration-conflict-district")
