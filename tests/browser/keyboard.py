"""Keyboard-only helpers for the browser tests: reach a control with Tab, activate it with Enter."""

from __future__ import annotations


def tab_to(page, locator, *, limit: int = 250, backwards: bool = False) -> None:
    """Press Tab (Shift+Tab with ``backwards``) until ``locator`` has the keyboard focus; fail if it
    is never reached."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("el => document.activeElement === el", handle):
            return
    raise AssertionError(f"not reachable by keyboard: {locator}")


def press_and_wait(page, key: str) -> None:
    """Press ``key`` on the focused control and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def press(page, locator) -> None:
    """Activate a control the way a keyboard user does: focus it, press Enter."""
    locator.focus()
    press_and_wait(page, "Enter")


def open_action_menu(page, action) -> None:
    """Open the admin's action-menu dropdown by keyboard if ``action`` sits inside it."""
    if not action.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle']").last.focus()
        page.keyboard.press("Enter")
        action.wait_for(state="visible")


def logout(page) -> None:
    page.context.clear_cookies()


def invite_by_keyboard(page, *, place: str, format_steps: int = 0, message: str = "") -> None:
    """On the employer's invitation form: a time three days from now at 14:30 (typed into the
    datetime-local segments, en-US order), the format (``format_steps`` ArrowDowns from 现场面试),
    the place and a message; then send."""
    from datetime import timedelta

    from django.utils import timezone

    when = timezone.localtime() + timedelta(days=3)
    field, wanted = page.get_by_label("面试时间"), when.strftime("%Y-%m-%dT14:30")
    tab_to(page, field)
    page.keyboard.type(when.strftime("%m%d%Y") + "0230P")  # month/day/year hour:minute AM/PM (en-US UI)
    if field.input_value() != wanted:
        # The segments' order follows the browser's UI language; where it differs, set the value on
        # the focused field (reaching it by keyboard is what is tested here).
        field.fill(wanted)
    assert field.input_value() == wanted
    tab_to(page, page.get_by_role("radio", name="现场面试"))
    for _ in range(format_steps):
        page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_label("面试地点"))
    page.keyboard.type(place)
    if message:
        tab_to(page, page.get_by_label("邀请留言（可不填）"))
        page.keyboard.type(message)
    tab_to(page, page.get_by_role("button", name="发送面试邀请"))
    press_and_wait(page, "Enter")
