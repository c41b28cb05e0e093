"""Issue 14 in Chromium, keyboard first: the district creates a reviewer for 月湖街道 from the account
pages; the reviewer activates the account by its link, signs in with the staff second factor
(enrolling an authenticator, as every staff member must) and approves a 月湖 declaration at the town
step; for a town with no reviewer the district takes the town step with a reason that shows in the
history. Every new page is axe-clean and fits a 375 px wide screen."""

from __future__ import annotations

import base64
import time

import pytest
from django_otp.oath import hotp, totp

from employment.models import AuthenticatorDevice, Role
from quota import services as quota
from tests.browser.keyboard import logout, press, press_and_wait, tab_to
from tests.factories import EmployerFactory, TownFactory, make_user
from tests.quota.conftest import policy, roster_row, start_declaration  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"
NEW_PASSWORD = "Yuehu-review-2026"


def _code(secret_text: str, steps_ahead: int = 0) -> str:
    secret = secret_text.replace(" ", "")
    return f"{totp(base64.b32decode(secret + '=' * (-len(secret) % 8)), drift=steps_ahead):06d}"


def _next_code(secret_text: str, user) -> str:
    """The code the device takes next: a later step than the one it last took (each step is taken
    once) and within its tolerance around its drift. Enrolling across a 30-second boundary stores a
    drift of -1, so "the step after now" would then be refused."""
    device = AuthenticatorDevice.objects.get(user=user, confirmed=True)
    now = int(time.time()) // device.step
    step = max(now + device.drift - device.tolerance, device.last_t + 1)
    assert step <= now + device.drift + device.tolerance, "no step left to sign in with"
    secret = secret_text.replace(" ", "")
    return f"{hotp(base64.b32decode(secret + '=' * (-len(secret) % 8)), step):06d}"  # the code of that step


def _fits_375(page) -> bool:
    page.set_viewport_size({"width": 375, "height": 800})
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return fits


def _check(page, check_a11y, name: str) -> None:
    check_a11y(page, name)
    assert _fits_375(page), f"{name} is wider than 375 px"


def _type_code(page, label: str, code: str) -> None:
    field = page.get_by_label(label)
    tab_to(page, field)
    page.keyboard.type(code)
    press_and_wait(page, "Enter")


def _sign_in_staff(page, login_page, username: str, password: str) -> str:
    """Password, then the second factor: enrol an authenticator from the page's secret (first time)."""
    login_page(username, password)
    assert "/accounts/2fa/setup/" in page.url
    secret = page.locator("#totp-secret").inner_text()
    _type_code(page, "验证码（必填）", _code(secret))
    assert page.locator("h1").inner_text() == "两步验证已设置好"
    press(page, page.get_by_role("link", name="我已保存，继续"))
    return secret


def test_district_creates_a_reviewer_who_approves_and_takes_a_town_step(
    page, live_server, login_page, check_a11y, world, settings, start_declaration  # noqa: F811
):
    settings.STAFF_2FA_REQUIRED = True
    yuehu = TownFactory(code="330203001", name="月湖街道")
    yuehu_employer = EmployerFactory(name="月湖书店", town=yuehu)
    yuehu_user = make_user(Role.EMPLOYER, username="yuehu_books", employer=yuehu_employer)
    declaration = start_declaration(yuehu_employer, yuehu_user, rows=[roster_row(1)])
    quota.declaration_submit(declaration=declaration, user=yuehu_user)
    # 石碶街道's only reviewer has left: its declaration waits for the district.
    world.users["town_y"].is_active = False
    world.users["town_y"].save(update_fields=["is_active"])
    stranded = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(2)])
    quota.declaration_submit(declaration=stranded, user=world.users["employer_b"])

    # -- the district creates the 月湖 reviewer ---------------------------------------------------
    district_secret = _sign_in_staff(page, login_page, "district", PASSWORD)
    page.goto(f"{live_server.url}/staff/accounts/")
    assert page.locator("h1").inner_text() == "账号管理"
    _check(page, check_a11y, "accounts-list")
    press(page, page.get_by_role("link", name="新建账号"))
    _check(page, check_a11y, "accounts-create")
    page.get_by_label("显示名称（必填）").fill("张三")
    page.get_by_label("用户名（登录时使用）（必填）").fill("yuehu-zhangsan")
    page.get_by_label("账号角色（必填）").select_option(Role.TOWN)
    page.get_by_label("所属镇街（镇街残联账号填写）").select_option(label="月湖街道")
    press(page, page.get_by_role("button", name="创建账号"))
    assert page.locator("h1").inner_text() == "账号已创建"
    assert "月湖街道残联 · 张三" in page.get_by_role("status").inner_text()
    _check(page, check_a11y, "accounts-created")
    link = page.locator("#activation-link").inner_text()

    # The list filtered by role and town shows the new reviewer: organisation, never logged in, no 2FA yet.
    page.goto(f"{live_server.url}/staff/accounts/")
    page.get_by_label("角色").select_option(Role.TOWN)
    page.get_by_label("镇街").select_option(label="月湖街道")
    press(page, page.get_by_role("button", name="查找"))
    row = page.locator("tbody tr")
    assert row.count() == 1
    assert "月湖街道残联" in row.inner_text() and "从未登录" in row.inner_text() and "未设置" in row.inner_text()
    _check(page, check_a11y, "accounts-list-filtered")
    press(page, page.get_by_role("link", name="张三"))
    _check(page, check_a11y, "accounts-edit")
    logout(page)

    # -- the reviewer activates the account, enrols the second factor and approves ----------------
    page.goto(link)
    assert page.locator("h1").inner_text() == "激活账号"
    _check(page, check_a11y, "account-activate")
    page.get_by_label("设置密码（必填）").fill(NEW_PASSWORD)
    page.get_by_label("再次输入密码（必填）").fill(NEW_PASSWORD)
    press(page, page.get_by_role("button", name="设置密码并激活"))
    assert "/accounts/login/" in page.url
    _sign_in_staff(page, login_page, "yuehu-zhangsan", NEW_PASSWORD)
    page.goto(f"{live_server.url}/review/declarations/{declaration.pk}/")
    assert "月湖书店" in page.locator("h1").inner_text()
    page.get_by_label("审核意见").fill("名册与社保记录一致")
    press(page, page.get_by_role("button", name="审核通过"))
    press(page, page.get_by_role("button", name="确认初审通过"))  # the town's approval is confirmed first
    assert "初审已通过，已报区残联终审。" in page.content()
    history = page.locator("#review-history").inner_text()
    assert "月湖街道残联 · 张三" in history and "yuehu-zhangsan" not in history
    # Another town's declaration: not found, its existence not revealed.
    response = page.goto(f"{live_server.url}/review/declarations/{stranded.pk}/")
    assert response.status == 404
    logout(page)

    # -- the district takes 石碶街道's town step, with a reason -----------------------------------
    login_page("district", PASSWORD)
    assert "/accounts/2fa/verify/" in page.url  # enrolled above: a code from the app now
    _type_code(page, "验证码或恢复码（必填）", _next_code(district_secret, world.users["district"]))
    page.goto(f"{live_server.url}/review/declarations/{stranded.pk}/")
    assert "需区残联代为初审" in page.content()
    assert page.get_by_role("button", name="审核通过").count() == 0  # not before a reason is recorded
    press(page, page.get_by_role("link", name="代为镇街初审或改派"))
    _check(page, check_a11y, "town-step-handover")
    # "Other" without saying why: the error is announced and names the field.
    page.get_by_role("radio", name="其他原因").check()
    press(page, page.get_by_role("button", name="确认"))
    assert page.get_by_role("alert").is_visible()
    _check(page, check_a11y, "town-step-handover-error")
    page.get_by_role("radio", name="本镇街没有审核人员").check()
    page.get_by_label("说明（选择“其他原因”时必填）").fill("唯一的审核人员已调离")
    press(page, page.get_by_role("button", name="确认"))
    assert "您已接手镇街初审" in page.get_by_role("status").inner_text()
    page.get_by_role("textbox", name="审核意见").fill("已电话核实")
    press(page, page.get_by_role("button", name="审核通过"))
    press(page, page.get_by_role("button", name="确认初审通过"))
    assert "初审已通过，已报区残联终审。" in page.content()
    history = page.locator("#review-history").inner_text()
    assert "区残联代为镇街初审" in history
    assert "原因：本镇街没有审核人员：唯一的审核人员已调离" in history
    assert "【区残联代为镇街初审：本镇街没有审核人员：唯一的审核人员已调离】已电话核实" in history
    assert "区残联终审中" in page.content()
    # Two people approve: the one who took the town step is not offered the final approval.
    assert page.get_by_role("button", name="审核通过").count() == 0
    assert "其他审核人员" in page.locator("#approval-refusal").inner_text()
    # The declaration's review page is not new (its roster table predates this); its history section is.
    check_a11y(page, "declaration-history-takeover")
    page.set_viewport_size({"width": 375, "height": 800})
    # The history stacks into one card per decision on a phone (table.stack): nothing sticks out.
    assert page.evaluate("document.getElementById('review-history').getBoundingClientRect().right"
                         " <= window.innerWidth + 1")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_bulk_employer_accounts_and_an_employer_inviting_a_colleague(page, live_server, login_page, check_a11y,
                                                                     world, tmp_path):
    # -- the district uploads employer accounts: a bad row first (nothing created), then a good file --
    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/staff/accounts/")
    press(page, page.get_by_role("link", name="批量开通单位账号"))
    _check(page, check_a11y, "accounts-import")
    bad = tmp_path / "单位账号.csv"
    bad.write_text("统一社会信用代码,联系人,邮箱或手机\n"
                   f"{world.employer_b.credit_code},赵一,zhao@example.com\n"
                   "91330203XXXXXXXXXX,钱二,13800000000\n", encoding="utf-8")
    page.get_by_label("单位账号表（.xlsx 或 .csv）（必填）").set_input_files(str(bad))
    press(page, page.get_by_role("button", name="上传并开通"))
    assert "没有开通任何账号" in page.get_by_role("alert").inner_text()
    assert "第3行" in page.get_by_role("region", name="逐行错误").inner_text()
    _check(page, check_a11y, "accounts-import-errors")
    good = tmp_path / "单位账号-改正.csv"
    good.write_text("统一社会信用代码,联系人,邮箱或手机\n"
                    f"{world.employer_b.credit_code},赵一,zhao@example.com\n", encoding="utf-8")
    page.get_by_label("单位账号表（.xlsx 或 .csv）（必填）").set_input_files(str(good))
    press(page, page.get_by_role("button", name="上传并开通"))
    assert "已开通 1 个单位账号" in page.get_by_role("status").inner_text()
    _check(page, check_a11y, "accounts-import-done")
    logout(page)

    # -- employer A's administrator invites a colleague ----------------------------------------------
    from employment.models import Account

    Account.objects.filter(user=world.users["employer_a"]).update(org_admin=True)
    login_page("employer_a", PASSWORD)
    page.goto(f"{live_server.url}/employer/colleagues/")
    _check(page, check_a11y, "employer-colleagues")
    page.get_by_label("同事姓名（必填）").fill("周五")
    page.get_by_label("用户名（登录时使用）（必填）").fill("jia-zhouwu")
    press(page, page.get_by_role("button", name="生成激活链接"))
    assert "周五" in page.get_by_role("status").inner_text()
    _check(page, check_a11y, "employer-colleague-invited")
    logout(page)
    page.goto(f"{live_server.url}/account/activate/not-a-real-token/")
    assert page.locator("h1").inner_text() == "激活链接无效"
    _check(page, check_a11y, "account-activate-invalid")
