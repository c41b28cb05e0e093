"""Staff second factor in Chromium, keyboard only: sign in, enrol an authenticator from the page's
secret, keep the recovery codes, sign in again with a code; every page axe-clean, no CSP violation,
usable at 375 px."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import totp

from tests.browser.keyboard import press_and_wait, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def _code(secret_text: str, steps_ahead: int = 0) -> str:
    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key, drift=steps_ahead):06d}"


def _type_code_and_submit(page, label: str, code: str) -> None:
    field = page.get_by_label(label)
    tab_to(page, field)
    page.keyboard.type(code)
    press_and_wait(page, "Enter")


def _fits_375(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_staff_enrol_and_verify_by_keyboard(page, live_server, login_page, check_a11y, world, settings):
    settings.STAFF_2FA_REQUIRED = True
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)

    # Password first: the staff workspace sends the user to set up the second factor.
    login_page("town_x", "Test-password-123")
    assert "/accounts/2fa/setup/" in page.url
    assert page.locator("h1").inner_text() == "设置两步验证"
    assert page.get_by_role("img", name="用验证器应用扫描此二维码").is_visible()
    check_a11y(page, "two-factor-setup")
    page.set_viewport_size({"width": 375, "height": 800})
    assert _fits_375(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    # "Scan" the code: read the secret shown for manual entry, as an authenticator app would use it.
    secret = page.locator("#totp-secret").inner_text()
    _type_code_and_submit(page, "验证码（必填）", _code(secret))
    assert page.locator("h1").inner_text() == "两步验证已设置好"
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    check_a11y(page, "two-factor-recovery-codes")
    continue_link = page.get_by_role("link", name="我已保存，继续")
    tab_to(page, continue_link)
    press_and_wait(page, "Enter")
    assert page.url.endswith("/portal/todo/")  # every role lands on its work queue (我的待办)
    page.goto(live_server.url + "/staff/seekers/")
    assert "张甲" in page.content()

    # Next sign-in: password, then the app's (next) code.
    page.context.clear_cookies()
    login_page("town_x", "Test-password-123")
    assert "/accounts/2fa/verify/" in page.url
    check_a11y(page, "two-factor-verify")
    _type_code_and_submit(page, "验证码或恢复码（必填）", "000000" if _code(secret, 1) != "000000" else "111111")
    assert page.get_by_role("alert").is_visible()  # the error summary is announced
    check_a11y(page, "two-factor-verify-error")
    page.wait_for_timeout(1100)  # django-otp: one second's wait after a wrong code
    _type_code_and_submit(page, "验证码或恢复码（必填）", _code(secret, 1))
    assert page.url.endswith("/portal/todo/")

    # A recovery code works once.
    page.context.clear_cookies()
    login_page("town_x", "Test-password-123")
    _type_code_and_submit(page, "验证码或恢复码（必填）", codes[0])
    assert page.url.endswith("/portal/todo/")
    assert "还剩 9 个" in page.content()
    assert violations == []
