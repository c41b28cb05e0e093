"""公示 managed by the district, in Chromium and by keyboard: the district makes a batch of the approved
results and publishes it (with its confirmation step); the public page lists it; the employer registers
an objection online; the district opens it from its work queue and reopens the declaration, which the
public page then shows as 更正中; the employer corrects it and the reviewers approve it again (service
calls: those pages have their own tests); the district republishes the entry with a note, which the
public page shows. Every page is axe-clean (WCAG 2.1 A/AA); the public page and the objection pages
also at 375 px wide without sideways scrolling."""

from __future__ import annotations

import pytest

from quota.models import EntryStatus, PublicityEntry, PublicityObjection
from tests.browser.keyboard import logout, press
from tests.quota.conftest import YEAR, approve, policy, roster_csv, roster_row, start_declaration  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"


def _fits_375(page, check_a11y, name: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
    check_a11y(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def _next_and_confirm(page, check_a11y, name: str, button: str) -> None:
    press(page, page.get_by_role("button", name="下一步：确认"))
    assert page.locator("h1").inner_text().startswith("请确认")
    check_a11y(page, f"{name}-confirm")
    press(page, page.get_by_role("button", name=button))


def test_publish_object_reopen_correct_and_republish(page, live_server, login_page, check_a11y, world,  # noqa: F811
                                                     start_declaration):  # noqa: F811
    from quota import services
    from quota.roster_import import read_roster

    declaration = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    services.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    approve(world, declaration)
    public = f"{live_server.url}/publicity/{YEAR}/"

    # -- the district makes a batch and publishes it -------------------------------------------------
    login_page("district", PASSWORD)
    press(page, page.get_by_role("navigation", name="工作台菜单").get_by_role("link", name="年审结果公示"))
    assert page.locator("h1").inner_text() == "年审结果公示"
    check_a11y(page, "publicity-batches-empty")
    press(page, page.get_by_role("link", name="编制公示批次"))
    assert page.locator("h1").inner_text() == f"编制{YEAR}年度公示批次"
    assert page.get_by_label("甲公司").is_checked()
    page.get_by_label("异议受理联系人").fill("王老师")
    page.get_by_label("异议受理电话").fill("0574-87000000")
    page.get_by_label("异议受理地址").fill("海曙区残联就业服务科")
    check_a11y(page, "publicity-batch-form")
    press(page, page.get_by_role("button", name="保存为草稿"))
    assert "公示批次 海残联公示〔2025〕1号" in page.locator("h1").inner_text()
    check_a11y(page, "publicity-batch-draft")
    press(page, page.get_by_role("link", name="发布公示"))
    assert page.locator("h1").inner_text() == "请确认：发布公示批次"
    check_a11y(page, "publicity-batch-publish-confirm")
    press(page, page.get_by_role("button", name="确认发布"))
    assert "已发布" in page.locator("main").inner_text()
    check_a11y(page, "publicity-batch-published")
    logout(page)

    page.goto(public)
    table = page.get_by_role("table")
    assert "甲公司" in table.inner_text() and "公示中" in table.inner_text() and "职工1" not in page.content()
    assert "王老师" in page.locator("main").inner_text()
    check_a11y(page, "publicity-public")
    _fits_375(page, check_a11y, "publicity-public")

    # -- the employer objects online --------------------------------------------------------------------
    login_page("employer_a", PASSWORD)
    page.goto(f"{live_server.url}/employer/declarations/{declaration.pk}/")
    press(page, page.get_by_role("link", name="查看公示或对公示结果提出异议"))
    check_a11y(page, "publicity-objection-employer")
    _fits_375(page, check_a11y, "publicity-objection-employer")
    page.get_by_label("异议内容").fill("本单位还有一名残疾职工没有计入，安排人数少算了一人。")
    _next_and_confirm(page, check_a11y, "publicity-objection-employer", "确认提出异议")
    assert "已提出异议" in page.locator("main").inner_text()
    assert "待处理" in page.locator("main").inner_text()
    logout(page)

    # -- the district reopens the declaration from its work queue ---------------------------------------
    login_page("district", PASSWORD)
    press(page, page.get_by_role("link", name="待处理的公示异议"))
    check_a11y(page, "publicity-objections")
    _fits_375(page, check_a11y, "publicity-objections")
    press(page, page.get_by_role("table").get_by_role("link").first)
    assert "少算了一人" in page.locator("main").inner_text()
    check_a11y(page, "publicity-objection-detail")
    press(page, page.get_by_role("link", name="重新打开申报并退回单位"))
    page.get_by_label("退回意见").fill("请把漏报的残疾职工补入名册后重新提交。")
    _next_and_confirm(page, check_a11y, "publicity-reopen", "确认重新打开并退回单位")
    assert "已重新打开申报" in page.locator("main").inner_text()
    entry = PublicityEntry.objects.get()
    assert entry.status == EntryStatus.CORRECTING
    page.goto(public)
    assert "更正中" in page.get_by_role("table").inner_text()

    # -- corrected and approved again (the declaration's own pages are tested elsewhere) -----------------
    rows, errors = read_roster(roster_csv([roster_row(2)]), "r.csv")
    assert not errors
    services.roster_entry_save(declaration=declaration, row=rows[0], user=world.users["employer_a"])
    services.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    approve(world, declaration)

    # -- the district republishes the entry with a note ----------------------------------------------------
    page.goto(f"{live_server.url}/review/publicity/{entry.batch_id}/")
    press(page, page.get_by_role("table").get_by_role("link", name="重新公示"))
    check_a11y(page, "publicity-republish")
    page.get_by_label("更正说明").fill("经核实，补计残疾职工一名，安排人数更正为2人。")
    _next_and_confirm(page, check_a11y, "publicity-republish", "确认重新公示")
    assert "已重新公示" in page.locator("main").inner_text()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.CORRECTED and entry.figures["counted"] == "2"
    assert PublicityObjection.objects.get().status == "handling"
    logout(page)
    page.goto(public)
    table = page.get_by_role("table").inner_text()
    assert "已更正" in table and "安排人数更正为2人" in table
    check_a11y(page, "publicity-public-corrected")
