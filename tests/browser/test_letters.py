"""The letters in Chromium: the employer opens its 审核认定书 and 缴款通知书 pages (axe-clean, 375 px wide
without sideways scrolling) and, printed, they show the document alone — no skip link, accessibility
toolbar, header, navigation, footer or buttons; the district asks for a zip of the year's letters by
keyboard and finds it ready on an axe-clean page."""

from __future__ import annotations

import pytest

from quota.models import LetterArchive
from tests.browser.keyboard import press
from tests.quota.conftest import policy, roster_row, start_declaration  # noqa: F401
from tests.subsidies.conftest import approved_declaration  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"
CHROME = [".skip-link", ".a11y-toolbar", ".site-header", ".site-footer", ".workspace-nav", ".letter-actions"]


def _fits_375(page, check_a11y, name: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    wide = page.evaluate(  # what sticks out, for the failure message
        "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > "
        "window.innerWidth + 1).map(e => e.tagName + '.' + e.className).slice(0, 10)")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (page.url, wide)
    check_a11y(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def _printed_alone(page) -> None:
    """In print media the site's chrome is gone and the document is there."""
    page.emulate_media(media="print")
    for selector in CHROME:
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{selector} is printed on {page.url}"
    assert page.locator("article.letter h1").is_visible()
    page.emulate_media(media="screen")


@pytest.fixture
def with_levy(world, policy, approved_declaration):  # noqa: F811
    declaration = approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1)])
    assert declaration.levy_payable > 0
    return declaration


def test_the_employer_reads_and_prints_its_letter_and_notice(page, live_server, login_page, check_a11y, world,
                                                              with_levy):
    login_page("employer_a", PASSWORD)
    page.goto(f"{live_server.url}/declarations/{with_levy.pk}/letter/")
    assert page.locator("h1").inner_text() == "用人单位按比例安排残疾人就业审核认定书"
    main = page.locator("main").inner_text()
    assert with_levy.letter_no in main and "大写：人民币" in main and "申请行政复议" in main
    check_a11y(page, "letter")
    _fits_375(page, check_a11y, "letter")
    _printed_alone(page)

    press(page, page.get_by_role("link", name="查看缴款通知书"))
    assert page.locator("h1").inner_text() == "残疾人就业保障金缴款通知书"
    assert "按日加收万分之五的滞纳金" in page.locator("main").inner_text()
    check_a11y(page, "payment-notice")
    _fits_375(page, check_a11y, "payment-notice")
    _printed_alone(page)


def test_the_district_zips_a_years_letters_by_keyboard(page, live_server, login_page, check_a11y, world, with_levy,
                                                        settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/review/letters/")
    assert page.locator("h1").inner_text() == "认定书打包下载"
    check_a11y(page, "letter-archives")
    _fits_375(page, check_a11y, "letter-archives")
    page.get_by_label("镇街").select_option(label="鼓楼街道")
    press(page, page.get_by_role("button", name="生成压缩包"))
    assert page.locator("h1").inner_text() == "2025年度审核认定书压缩包（鼓楼街道）"
    assert "已完成" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="下载压缩包").is_visible()
    check_a11y(page, "letter-archive")
    _fits_375(page, check_a11y, "letter-archive")
    assert LetterArchive.objects.get().letter_count == 1
