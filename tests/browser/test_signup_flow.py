"""Keyboard only, on a 375 px wide phone screen: the two-step sign-up (details → texted code), and a
claim with the activation code a town reviewer generated (and printed) for a record staff registered,
chosen on step 1; the claimant's notification; the staff menu's "待核验 N".

Every control is reached with Tab and operated with Enter, Space, arrow keys or typing; every page is
checked with axe-core (WCAG 2.1 A/AA) and must not scroll sideways.
"""

from __future__ import annotations

import re

import pytest

from employment import sms
from employment.models import JobSeeker
from tests.browser.keyboard import press_and_wait, tab_to
from tests.employment.signup_helpers import PASSWORD, TYPED_PHONE, new_resident_id, staff_record

pytestmark = pytest.mark.django_db(transaction=True)
PHONE_WIDTH = {"width": 375, "height": 800}


@pytest.fixture(autouse=True)
def _outbox():
    from django.core.cache import cache

    cache.clear()
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH["width"], page.url


def _type_into(page, label: str, text: str) -> None:
    tab_to(page, page.get_by_label(label, exact=False).first)
    page.keyboard.type(text)


def _fill_step_one(page, rid: str, cert: str, username: str, *, activation_code: bool = False) -> None:
    _type_into(page, "姓名", "吴辛")
    _type_into(page, "身份证号", rid)
    _type_into(page, "残疾人证号", cert)
    tab_to(page, page.get_by_label("所属镇街"))
    page.keyboard.press("ArrowDown")  # the first town
    _type_into(page, "手机号码", TYPED_PHONE)
    _type_into(page, "用户名", username)
    tab_to(page, page.get_by_label("密码（必填）", exact=True))
    page.keyboard.type(PASSWORD)
    _type_into(page, "再输入一次密码", PASSWORD)
    if activation_code:  # the radio group: Tab reaches the checked option, an arrow key moves the choice
        tab_to(page, page.get_by_role("radio", name=re.compile("^用短信验证码")))
        page.keyboard.press("ArrowDown")
        assert page.get_by_role("radio", name=re.compile("^我有镇街发放的激活码")).is_checked()
    tab_to(page, page.get_by_role("button", name="下一步"))
    press_and_wait(page, "Enter")


def test_two_step_sign_up_by_keyboard_on_a_phone(page, live_server, check_a11y, world):
    page.set_viewport_size(PHONE_WIDTH)
    page.goto(live_server.url + "/signup/")
    check_a11y(page, "signup-step1")
    _fits(page)

    # A format error first: reported per field, focus on the summary, nothing sent.
    rid = new_resident_id()
    _fill_step_one(page, rid, rid + "93", "wuxin")
    assert page.get_by_role("alert").is_visible()
    assert "残疾类别" in page.get_by_role("alert").inner_text()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    check_a11y(page, "signup-step1-errors")
    assert sms.outbox == []

    page.goto(live_server.url + "/signup/")
    _fill_step_one(page, rid, rid + "12", "wuxin")
    assert page.url.endswith("/signup/verify/")
    assert page.get_by_text("请输入短信中的 6 位验证码", exact=False).is_visible()
    check_a11y(page, "signup-step2")
    _fits(page)

    # The other way in is reachable by keyboard and accessible too; then back.
    # Sending the code again is a button on the page; at once it is refused, in words, as a message.
    tab_to(page, page.get_by_role("button", name="重新发送验证码"))
    press_and_wait(page, "Enter")
    assert "请等 1 分钟再重新发送" in page.locator(".messages").inner_text()
    assert len(sms.outbox) == 1
    check_a11y(page, "signup-step2-resend-too-soon")
    tab_to(page, page.get_by_role("link", name="还是收不到？输入镇街残联发给您的激活码"))
    press_and_wait(page, "Enter")
    assert page.get_by_role("heading", name="输入激活码").is_visible()
    check_a11y(page, "signup-step2-activation")
    _fits(page)
    tab_to(page, page.get_by_role("link", name="返回，输入短信验证码"))
    press_and_wait(page, "Enter")

    # A wrong code: the error is announced and the field can be corrected.
    _type_into(page, "短信验证码", "000000" if "验证码 000000" not in sms.outbox[-1].text else "111111")
    press_and_wait(page, "Enter")
    assert "验证码不正确" in page.get_by_role("alert").inner_text()
    check_a11y(page, "signup-step2-wrong-code")

    code = re.search(r"验证码 (\d{6})", sms.outbox[-1].text).group(1)
    field = page.get_by_label("短信验证码", exact=False).first
    tab_to(page, field)
    field.fill("")  # clearing a field is Ctrl+A / Delete for a keyboard user
    page.keyboard.type(code)
    press_and_wait(page, "Enter")
    assert page.url.endswith("/seeker/assessment/")
    assert page.get_by_text("注册成功").is_visible()
    seeker = JobSeeker.objects.get(user__username="wuxin")
    assert not seeker.is_verified


def test_claim_with_an_activation_code_by_keyboard(page, live_server, login_page, check_a11y, world):
    record = staff_record(town=world.town_x, phone="")
    page.set_viewport_size(PHONE_WIDTH)
    login_page("town_x", "Test-password-123")
    page.goto(f"{live_server.url}/seekers/{record.pk}/")
    tab_to(page, page.get_by_role("link", name=re.compile("^生成激活码")))
    press_and_wait(page, "Enter")
    check_a11y(page, "staff-activation-code")
    tab_to(page, page.get_by_role("button", name="生成激活码"))
    press_and_wait(page, "Enter")
    code = page.locator(".activation-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{5}-[A-Z0-9]{5}", code)
    check_a11y(page, "staff-activation-code-shown")
    _fits(page)
    assert page.get_by_role("button", name="打印激活码单").is_visible()
    # Printed, the page is the slip alone: no menus, no toolbar, no history table.
    page.emulate_media(media="print")
    assert page.locator(".activation-slip").is_visible() and page.get_by_text(code).is_visible()
    for hidden in (".site-header", ".workspace-nav", ".a11y-toolbar", ".site-footer", "table"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert not page.get_by_role("button", name="打印激活码单").is_visible()
    page.emulate_media(media="screen")

    page.context.clear_cookies()
    page.goto(live_server.url + "/signup/")
    check_a11y(page, "signup-step1-with-choice")
    _fill_step_one(page, record.resident_id, record.cert_no, "qianwu", activation_code=True)
    assert sms.outbox == []  # no phone on record: nothing sent, same page
    assert page.url.endswith("/signup/activate/")
    assert page.get_by_role("heading", name="输入激活码").is_visible()
    _type_into(page, "激活码", code)
    press_and_wait(page, "Enter")
    assert page.url.endswith("/seeker/")
    assert page.get_by_text("已关联镇街残联为您登记的资料").first.is_visible()
    check_a11y(page, "seeker-home-after-claim")
    # The welcome notification opens the seeker's own data page.
    page.goto(live_server.url + "/notifications/")
    check_a11y(page, "notifications-after-claim")
    tab_to(page, page.get_by_role("button", name=re.compile("^查看我的资料")))
    press_and_wait(page, "Enter")
    assert page.url.endswith("/seeker/settings/")
    record.refresh_from_db()
    assert record.user.username == "qianwu"


def test_staff_verify_a_self_registered_certificate_by_keyboard(page, live_server, login_page, check_a11y, world):
    from employment import services
    from tests.factories import make_user

    user = make_user("seeker", username="selfmade")
    rid = new_resident_id()
    seeker = services.seeker_register(name="周庚", resident_id=rid, cert_no=rid + "21", town=world.town_x,
                                      user=user, created_by=user, verified=False)
    login_page("town_x", "Test-password-123")
    page.goto(f"{live_server.url}/staff/seekers/")
    tab_to(page, page.get_by_role("link", name=re.compile("^待核验 1")))
    press_and_wait(page, "Enter")
    assert page.url.endswith("/staff/seekers/?verified=no")
    check_a11y(page, "staff-seeker-list-unverified")
    tab_to(page, page.get_by_role("link", name="周庚"))
    press_and_wait(page, "Enter")
    tab_to(page, page.get_by_role("link", name=re.compile("^核验证件")))
    press_and_wait(page, "Enter")
    check_a11y(page, "staff-seeker-verify")
    tab_to(page, page.get_by_role("checkbox"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="确认已核验证件"))
    press_and_wait(page, "Enter")
    assert page.url.endswith(f"/seekers/{seeker.pk}/")
    assert page.get_by_text("残疾人证已核验").is_visible()
    seeker.refresh_from_db()
    assert seeker.verified_by == world.users["town_x"]
