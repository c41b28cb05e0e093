"""The employer register (用人单位名录) in Chromium, keyboard first: the district opens it from the staff
menu, registers one employer, imports a file with one bad row (nothing saved) and then a good file
(the update waits for the confirmation page), takes an employer off the register with a reason and
sees it leave the non-filer list. Every page is axe-clean (WCAG 2.1 A/AA), also at 375 px wide
without sideways scrolling. A town reviewer reads its own town's register only."""

from __future__ import annotations

import pytest

from domain import identity
from employment.models import Employer, EmployerChange
from tests.browser.keyboard import press, tab_to
from tests.quota.conftest import YEAR, policy  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"
NEW_CODE = identity.make_credit_code("91330203MA2AB1234")
IMPORTED_CODE = identity.make_credit_code("91330203MA2AB1235")
HEADERS = "统一社会信用代码,单位名称,所属镇街,单位性质,地址,联系人,联系电话,联系邮箱"


def _check(page, check_a11y, name: str) -> None:
    check_a11y(page, name)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} is wider than 375 px"
    check_a11y(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def _type(page, label: str, text: str) -> None:
    field = page.get_by_label(label)
    tab_to(page, field)
    page.keyboard.type(text)


def test_district_keeps_the_register_by_keyboard(page, live_server, login_page, check_a11y, world, policy,  # noqa: F811
                                                 tmp_path, monkeypatch):
    monkeypatch.setattr("quota.register_views.working_year", lambda: YEAR)
    login_page("district", PASSWORD)
    press(page, page.get_by_role("navigation", name="工作台菜单").get_by_role("link", name="用人单位名录"))
    assert page.locator("h1").inner_text() == "用人单位名录"
    assert "甲公司" in page.locator("tbody").inner_text() and "乙公司" in page.locator("tbody").inner_text()
    _check(page, check_a11y, "register-list")

    # -- one employer, by keyboard ------------------------------------------------------------------
    press(page, page.get_by_role("link", name="登记单位"))
    _check(page, check_a11y, "register-create")
    _type(page, "单位名称（必填）", "海曙新材料有限公司")
    _type(page, "统一社会信用代码（必填）", NEW_CODE[:17] + ("1" if NEW_CODE[17] != "1" else "2"))
    page.get_by_label("所属镇街（必填）").select_option(label="鼓楼街道")
    _type(page, "联系电话（可不填）", "0574 8765 4321")
    press(page, page.get_by_role("button", name="登记单位"))
    assert "校验位错误" in page.get_by_role("alert").inner_text()  # the check character is wrong
    _check(page, check_a11y, "register-create-error")
    field = page.get_by_label("统一社会信用代码（必填）")
    tab_to(page, field)
    page.keyboard.press("Control+A")
    page.keyboard.type(NEW_CODE)
    press(page, page.get_by_role("button", name="登记单位"))
    assert page.locator("h1").inner_text() == "海曙新材料有限公司"
    assert "已登记海曙新材料有限公司" in page.get_by_role("status").inner_text()
    assert Employer.objects.get(credit_code=NEW_CODE).contact_phone == "0574-87654321"
    _check(page, check_a11y, "register-detail")

    # -- the import: one bad row saves nothing; a good file updates only after confirmation ----------
    page.goto(f"{live_server.url}/staff/employers/")
    press(page, page.get_by_role("link", name="批量导入名录"))
    _check(page, check_a11y, "register-import")
    bad = tmp_path / "名录.csv"
    bad.write_text(f"{HEADERS}\n{IMPORTED_CODE},海曙物流有限公司,鼓楼街道,企业,,,,\n"
                   f"{world.employer_a.credit_code},甲公司,不存在街道,,,,,\n", encoding="utf-8")
    page.get_by_label("用人单位名录表（.xlsx 或 .csv）（必填）").set_input_files(str(bad))
    press(page, page.get_by_role("button", name="上传并检查"))
    assert "没有保存任何内容" in page.get_by_role("alert").inner_text()
    errors = page.get_by_role("region", name="逐行错误").inner_text()
    assert "第3行" in errors and "所属镇街" in errors
    assert not Employer.objects.filter(credit_code=IMPORTED_CODE).exists()
    _check(page, check_a11y, "register-import-errors")
    good = tmp_path / "名录-改正.csv"
    good.write_text(f"{HEADERS}\n{IMPORTED_CODE},海曙物流有限公司,鼓楼街道,企业,,,,\n"
                    f"{world.employer_a.credit_code},甲公司,鼓楼街道,,,孙主任,13812345678,\n", encoding="utf-8")
    page.get_by_label("用人单位名录表（.xlsx 或 .csv）（必填）").set_input_files(str(good))
    press(page, page.get_by_role("button", name="上传并检查"))
    assert page.locator("h1").inner_text() == "确认导入用人单位名录"
    changes = page.locator("main").inner_text()
    assert "孙主任" in changes and "13812345678" in changes and "海曙物流有限公司" in changes
    assert not Employer.objects.filter(credit_code=IMPORTED_CODE).exists()  # nothing yet
    _check(page, check_a11y, "register-import-confirm")
    press(page, page.get_by_role("button", name="确认导入（更新 1 家，新登记 1 家）"))
    assert "新登记 1 家单位，更新 1 家" in page.get_by_role("status").inner_text()
    world.employer_a.refresh_from_db()
    assert world.employer_a.contact_name == "孙主任" and Employer.objects.filter(credit_code=IMPORTED_CODE).exists()

    # -- 乙公司 leaves the register, and with it the non-filer list -------------------------------------
    page.goto(f"{live_server.url}/review/non-filers/?year={YEAR}")
    assert "乙公司" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/staff/employers/?q={world.employer_b.credit_code}")
    press(page, page.get_by_role("link", name="乙公司"))
    press(page, page.get_by_role("button", name="停用乙公司"))
    assert "请填写停用原因" in page.get_by_role("alert").inner_text()
    _check(page, check_a11y, "register-deactivate-error")
    _type(page, "停用原因（必填）", "2025年6月迁出本区")
    press(page, page.get_by_role("button", name="停用乙公司"))
    assert "已停用乙公司" in page.get_by_role("status").inner_text()
    history = page.get_by_role("region", name="变更记录").inner_text()
    assert "停用" in history and "2025年6月迁出本区" in history
    _check(page, check_a11y, "register-deactivated")
    assert EmployerChange.objects.filter(employer=world.employer_b, action="deactivated").exists()
    page.goto(f"{live_server.url}/review/non-filers/?year={YEAR}")
    main = page.locator("main").inner_text()
    assert "乙公司" not in main and "甲公司" in main
    page.goto(f"{live_server.url}/staff/employers/?active=no")
    assert "乙公司" in page.locator("tbody").inner_text() and "2025年6月迁出本区" in page.locator("tbody").inner_text()


def test_a_town_reviewer_reads_its_own_town_only(page, live_server, login_page, check_a11y, world):
    login_page("town_x", PASSWORD)
    page.goto(f"{live_server.url}/staff/employers/")
    body = page.locator("tbody").inner_text()
    assert "甲公司" in body and "乙公司" not in body
    assert page.get_by_role("link", name="登记单位").count() == 0
    press(page, page.get_by_role("link", name="甲公司"))
    assert page.get_by_role("button", name="保存修改").count() == 0
    _check(page, check_a11y, "register-detail-town")
    response = page.goto(f"{live_server.url}/staff/employers/{world.employer_b.pk}/")
    assert response.status == 404
