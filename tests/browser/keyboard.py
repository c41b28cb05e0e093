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


def logout(page) -> None:
    page.context.clear_cookies()
