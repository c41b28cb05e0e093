"""The header's sections (培训, 政策, 新闻, 搜索) and the site search with jobs and 年审公示, by keyboard:
axe-clean, and usable on a 375 px wide screen."""

from __future__ import annotations

import pytest

from tests.browser.keyboard import press_and_wait, tab_to

pytestmark = pytest.mark.django_db(transaction=True)


def _fits_375(page) -> bool:
    page.set_viewport_size({"width": 375, "height": 800})
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return fits


def _check(page, check_a11y, name: str) -> None:
    check_a11y(page, name)
    assert _fits_375(page), f"{name} is wider than 375 px"


@pytest.fixture
def sections(world):
    from cms import services
    from cms.models import NewsIndexPage, PolicyIndexPage

    home = services.homepage_ensure()
    services.training_index_ensure()
    services.provider_page_ensure(world.provider_b)
    services.child_page_ensure(home, PolicyIndexPage, slug="policies", title="政策法规")
    services.child_page_ensure(home, NewsIndexPage, slug="news", title="新闻动态")


def test_a_citizen_reaches_the_sections_and_searches_by_keyboard(page, live_server, check_a11y, world, sections):
    page.goto(live_server.url + "/")
    _check(page, check_a11y, "home-with-sections")
    news = page.get_by_role("navigation", name="主导航").get_by_role("link", name="新闻", exact=True)
    tab_to(page, news)
    press_and_wait(page, "Enter")
    assert page.url.endswith("/news/")
    _check(page, check_a11y, "news-index")

    search = page.get_by_role("navigation", name="主导航").get_by_role("link", name="搜索", exact=True)
    tab_to(page, search)
    press_and_wait(page, "Enter")
    _check(page, check_a11y, "search-empty")

    box = page.get_by_label("站内搜索")
    box.fill(world.job_a.title)
    press_and_wait(page, "Enter")
    result = page.get_by_role("link", name=world.job_a.title, exact=True)
    assert result.is_visible()
    assert f"用人单位：{world.employer_a.name}" in page.content()
    _check(page, check_a11y, "search-job")

    page.goto(live_server.url + "/search/?q=年审")
    assert page.get_by_role("link", name="年审公示", exact=True).count() >= 2  # the header's and the result
    _check(page, check_a11y, "search-nianshen")
    page.locator("ol.search-results").get_by_role("link", name="年审公示").focus()
    press_and_wait(page, "Enter")
    assert "/publicity/" in page.url


def test_the_demo_sections_and_a_publicity_notice_fit_a_phone(page, live_server, check_a11y, world):
    from cms.models import AnnouncementPage
    from demo import cms_content

    cms_content.seed_content()
    notice = AnnouncementPage.objects.get(slug="2026-peixun-jigou")
    for name, path in (("training-index", "/training/"), ("policy-index", "/policies/"),
                       ("publicity-index", notice.get_parent().url), ("publicity-notice", notice.url)):
        page.goto(live_server.url + path)
        _check(page, check_a11y, name)
    assert world.provider_a.name in page.content()  # the notice names the providers on the site
