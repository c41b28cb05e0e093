"""The dashboard in Chromium: district and town pages, the report page and the public summary are
axe-clean with charts present and with every stylesheet switched off; with charts hidden the tables
and summaries still carry every figure; a town reviewer's page names no other town."""

from __future__ import annotations

import pytest

from tests.dashboard.conftest import YEAR, figures, private_media  # noqa: F401 - private_media is autouse

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"

NO_CSS = "() => { for (const s of document.styleSheets) { s.disabled = true; } return document.styleSheets.length; }"


def test_district_dashboard_with_charts_and_without_css(page, live_server, login_page, check_a11y, figures):  # noqa: F811
    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/?year={YEAR}")
    assert page.get_by_role("navigation", name="工作台菜单").get_by_role("link", name="数据看板").count() == 1
    assert page.locator("h1").inner_text() == f"数据看板：全区 {YEAR}年"
    assert page.locator("svg[role=img]").count() == 9
    assert page.get_by_role("img", name="劳动年龄持证残疾人就业率").count() == 1
    assert page.get_by_role("table", name="劳动年龄持证残疾人就业率").count() == 1
    check_a11y(page, "dashboard-district")

    assert page.evaluate(NO_CSS) >= 1
    assert page.locator("table.data-table").count() == 9
    check_a11y(page, "dashboard-district-no-css")

    page.get_by_role("link", name="隐藏图表，只看表格").click()
    page.wait_for_load_state()
    assert page.locator("svg").count() == 0
    assert "就业率50.0%" in page.locator("main").inner_text()
    assert "尚有2户无人就业" in page.locator("main").inner_text()
    assert page.get_by_role("table", name="零就业残疾人家庭就业帮扶").count() == 1
    check_a11y(page, "dashboard-district-tables-only")

    page.get_by_label("镇街").select_option(label="石碶街道")
    page.get_by_role("button", name="查看").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == f"数据看板：石碶街道 {YEAR}年"
    check_a11y(page, "dashboard-district-town-filter")

    page.get_by_role("button", name="生成完整报表（Excel，后台生成）").click()
    page.wait_for_load_state()
    assert "报表" in page.locator("h1").inner_text()
    assert page.get_by_label("生成进度").count() == 1
    check_a11y(page, "dashboard-report")


def test_town_dashboard_shows_only_its_town(page, live_server, login_page, check_a11y, figures):  # noqa: F811
    login_page("town_x", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/?year={YEAR}")
    main = page.locator("main").inner_text()
    assert "鼓楼街道" in main and "石碶街道" not in main
    check_a11y(page, "dashboard-town")
    page.evaluate(NO_CSS)
    check_a11y(page, "dashboard-town-no-css")
    response = page.goto(f"{live_server.url}/dashboard/?year={YEAR}&town={figures.town_y.pk}")
    assert response.status == 404


def test_public_summary_is_accessible(page, live_server, check_a11y, figures):  # noqa: F811
    page.goto(f"{live_server.url}/data/?year={YEAR}")
    main = page.locator("main").inner_text()
    assert "在册零就业残疾人家庭少于5户" in main and "各镇街的数字较小，不单独列出" in main
    check_a11y(page, "public-summary")
    page.evaluate(NO_CSS)
    check_a11y(page, "public-summary-no-css")


def test_public_summary_with_town_tables_is_accessible(page, live_server, check_a11y, figures):  # noqa: F811
    """Enough people and families in both towns for each to be listed: the tables pass axe too."""
    from datetime import date
    from decimal import Decimal

    from employment.models import Placement
    from households.models import Household
    from tests.factories import make_seeker

    for town in (figures.town_x, figures.town_y):
        for i in range(12):
            s = make_seeker(town=town, name=f"居民{i}")
            if i < 6:
                Placement.objects.create(seeker=s, employer=figures.employer_a, contract_start=date(YEAR, 1, 1),
                                         monthly_wage=Decimal("3000"))
        for i in range(10):
            Household.objects.create(code=f"P-{town.pk}-{i}", town=town, identified_on=date(YEAR - 1, 1, 1),
                                     other_employed_from=date(YEAR - 1, 6, 1) if i < 5 else None)
    page.goto(f"{live_server.url}/data/?year={YEAR}")
    assert page.locator("table").count() == 2
    assert page.get_by_role("table", name="零就业残疾人家庭就业帮扶").get_by_role("row", name="鼓楼街道").count() == 1
    check_a11y(page, "public-summary-tables")


def test_dashboard_table_of_contents_jumps_and_returns(page, live_server, login_page, figures):  # noqa: F811
    """Issue 18: 目录 jumps to a section by keyboard; the section's 返回目录 goes back."""
    from tests.browser.keyboard import tab_to

    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/?year={YEAR}")
    toc = page.get_by_role("navigation", name="目录")
    assert toc.get_by_role("link").count() == 9
    tab_to(page, toc.get_by_role("link", name="零就业残疾人家庭就业帮扶"))
    page.keyboard.press("Enter")
    page.wait_for_url("**#h-families")
    heading = page.get_by_role("heading", name="零就业残疾人家庭就业帮扶", level=2)
    assert heading.is_visible() and heading.evaluate(
        "h => { const r = h.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }")
    page.locator("#h-families").locator("xpath=..").get_by_role("link", name="返回目录").click()
    page.wait_for_url("**#toc")
    assert toc.evaluate("n => n.getBoundingClientRect().top < window.innerHeight")
