"""Keyboard only, 375 px wide: getting back in (password reset by e-mail, a town-issued reset code,
the password change) and the district's population upload — every page checked with axe-core."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from tests.browser.keyboard import logout, press_and_wait, tab_to
from tests.quota.conftest import policy  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PHONE_WIDTH = {"width": 375, "height": 800}
NEW_PASSWORD = "Lantern-harbour-62"


@pytest.fixture(autouse=True)
def _limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH["width"], page.url


def _type_into(page, label: str, text: str, *, exact: bool = False) -> None:
    tab_to(page, page.get_by_label(label, exact=exact).first)
    page.keyboard.type(text)


def _submit(page, name: str) -> None:
    tab_to(page, page.get_by_role("button", name=name))
    press_and_wait(page, "Enter")


def _follow(page, name: str) -> None:
    tab_to(page, page.get_by_role("link", name=name).first)
    press_and_wait(page, "Enter")


def _sign_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    _type_into(page, "用户名", username, exact=True)
    _type_into(page, "密码", password, exact=True)
    _submit(page, "登录")


def test_reset_by_email_by_keyboard_on_a_phone(page, live_server, check_a11y, world, mailoutbox):
    user = world.users["employer_a"]
    user.email = "hr@jia.example.org"
    user.save(update_fields=["email"])
    page.set_viewport_size(PHONE_WIDTH)
    page.goto(f"{live_server.url}/accounts/login/")
    check_a11y(page, "login-ways-in")
    _fits(page)
    _follow(page, "用电子邮箱找回密码")
    check_a11y(page, "password-reset-form")
    _fits(page)
    _type_into(page, "电子邮箱", "not-an-address")
    _submit(page, "发送重置邮件")
    assert page.get_by_role("alert").is_visible()
    check_a11y(page, "password-reset-form-errors")
    page.get_by_label("电子邮箱").fill("")
    _type_into(page, "电子邮箱", "hr@jia.example.org")
    _submit(page, "发送重置邮件")
    assert "如果这个邮箱在平台登记过" in page.locator("main").inner_text()
    check_a11y(page, "password-reset-done")
    _fits(page)

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+", mailoutbox[0].body).group(0)
    page.goto(link)
    assert page.locator("h1").inner_text() == "设置新密码"
    check_a11y(page, "password-reset-confirm")
    _fits(page)
    _type_into(page, "新密码（必填）", NEW_PASSWORD, exact=True)
    _type_into(page, "再输入一次新密码", NEW_PASSWORD)
    _submit(page, "保存新密码")
    assert page.locator("h1").inner_text() == "密码已重置"
    check_a11y(page, "password-reset-complete")
    _sign_in(page, live_server, "employer_a", NEW_PASSWORD)
    assert "/accounts/login/" not in page.url


def test_town_issues_a_reset_code_and_the_seeker_uses_it(page, live_server, check_a11y, world):
    page.set_viewport_size(PHONE_WIDTH)
    _sign_in(page, live_server, "town_x", "Test-password-123")
    page.goto(f"{live_server.url}/seekers/{world.seeker_a.pk}/")
    _follow(page, "生成密码重置码")
    check_a11y(page, "staff-reset-code")
    _fits(page)
    _submit(page, "已核对本人证件，生成重置码")
    code = page.locator(".activation-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    check_a11y(page, "staff-reset-code-shown")
    _fits(page)
    logout(page)

    page.goto(f"{live_server.url}/accounts/login/")
    _follow(page, "用重置码设置新密码")
    check_a11y(page, "password-reset-code")
    _fits(page)
    _type_into(page, "用户名或手机号", "seeker_a")
    _type_into(page, "重置码", "ACDE-FGHJ")  # wrong
    _type_into(page, "新密码（必填）", NEW_PASSWORD, exact=True)
    _type_into(page, "再输入一次新密码", NEW_PASSWORD)
    _submit(page, "保存新密码")
    assert "对不上" in page.get_by_role("alert").inner_text()
    check_a11y(page, "password-reset-code-errors")
    page.get_by_label("重置码（必填）", exact=True).fill("")
    _type_into(page, "重置码（必填）", code, exact=True)
    _type_into(page, "新密码（必填）", NEW_PASSWORD, exact=True)
    _type_into(page, "再输入一次新密码", NEW_PASSWORD)
    _submit(page, "保存新密码")
    assert page.locator("h1").inner_text() == "密码已重置"
    _sign_in(page, live_server, "seeker_a", NEW_PASSWORD)
    assert "/accounts/login/" not in page.url

    page.goto(f"{live_server.url}/seeker/settings/")
    _follow(page, "修改登录密码")
    check_a11y(page, "password-change")
    _fits(page)


def _extract(rows) -> bytes:
    from dashboard.population import HEADERS

    buffer = io.BytesIO()
    pd.DataFrame(rows, columns=HEADERS).to_excel(buffer, index=False)
    return buffer.getvalue()


def test_population_upload_page(page, live_server, check_a11y, world):
    page.set_viewport_size(PHONE_WIDTH)
    _sign_in(page, live_server, "district", "Test-password-123")
    page.goto(f"{live_server.url}/dashboard/population/")
    check_a11y(page, "population-upload")
    _fits(page)
    tab_to(page, page.get_by_label("年度"))
    tab_to(page, page.get_by_label("人口库导出文件（.xlsx 或 .csv）", exact=False))
    page.get_by_label("人口库导出文件（.xlsx 或 .csv）", exact=False).set_input_files(
        {"name": "extract.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": _extract([["鼓楼街道", 40, ""], ["不存在镇", "x", ""]])})
    _submit(page, "上传并导入")
    alert = page.get_by_role("alert").inner_text()
    assert "文件没有导入" in alert
    assert page.get_by_role("table", name=re.compile("文件中的错误")).is_visible()
    check_a11y(page, "population-upload-errors")
    _fits(page)
    page.get_by_label("人口库导出文件（.xlsx 或 .csv）", exact=False).set_input_files(
        {"name": "extract.xlsx", "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "buffer": _extract([["鼓楼街道", 40, ""], ["石碶街道", 12, ""]])})
    _submit(page, "上传并导入")
    assert page.get_by_role("table", name=re.compile("已导入的劳动年龄段持证残疾人数")).is_visible()
    check_a11y(page, "population-upload-done")


def test_employer_deletes_a_wrong_year_draft(page, live_server, check_a11y, world, policy):  # noqa: F811
    from quota import services
    from quota.models import Declaration

    draft = services.declaration_start(employer=world.employer_a, year=2024, user=world.users["employer_a"])
    page.set_viewport_size(PHONE_WIDTH)
    _sign_in(page, live_server, "employer_a", "Test-password-123")
    page.goto(f"{live_server.url}/employer/declarations/")
    check_a11y(page, "declaration-list-with-draft")
    _follow(page, "删除2024年度草稿")
    assert page.locator("h1").inner_text() == "删除2024年度申报草稿"
    check_a11y(page, "declaration-delete-confirm")
    _fits(page)
    _submit(page, "确定删除这份草稿")
    assert "已删除2024年度申报草稿" in page.locator("main").inner_text()
    assert not Declaration.objects.filter(pk=draft.pk).exists()
