"""Issue 15 in Chromium: the district's decision page of a resubmitted declaration shows what changed
since the previous submission and the timeline (internal events marked) before the decision form; the
employer's declaration page shows its part of the timeline and its provisional result (「暂定」). Both
are axe-clean and fit a 375 px wide screen."""

from __future__ import annotations

import pytest

from employment.models import Role
from quota import services as quota
from quota.models import Declaration
from review import services as review
from tests.browser.keyboard import logout
from tests.factories import make_user
from tests.quota.conftest import policy, roster_csv, roster_row, start_declaration  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"


def _fits_375(page, *selectors: str) -> bool:
    """At 375 px: the named sections (their wide tables scroll inside them), or else the whole page."""
    page.set_viewport_size({"width": 375, "height": 800})
    if selectors:
        fits = all(page.evaluate(f"document.querySelector('{s}').getBoundingClientRect().right"
                                 " <= window.innerWidth + 1") for s in selectors)
    else:
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return fits


def test_timeline_and_comparison_pages(page, live_server, login_page, check_a11y, world,
                                       start_declaration):  # noqa: F811
    employer, town, district = world.users["employer_a"], world.users["town_x"], world.users["district"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1), roster_row(2)])
    quota.declaration_submit(declaration=declaration, user=employer)
    quota.declaration_review(declaration=declaration, user=town, action="reject", comment="请补充第3名职工")
    declaration = Declaration.objects.get(pk=declaration.pk)
    quota.declaration_roster_import(declaration=declaration, user=employer, filename="r.csv", content=roster_csv(
        [roster_row(1, **{"月工资（元）": "4600"}), roster_row(3)]))
    quota.declaration_submit(declaration=declaration, user=employer)
    colleague = make_user(Role.DISTRICT, username="district_colleague", display_name="李四")
    review.town_step_take(obj=Declaration.objects.get(pk=declaration.pk), user=district, reason="absent",
                          detail="王芳休假", assignee=colleague)
    quota.declaration_review(declaration=Declaration.objects.get(pk=declaration.pk), user=town, action="approve",
                             comment="名册已核对")

    login_page("district", PASSWORD)
    page.goto(f"{live_server.url}/review/declarations/{declaration.pk}/")
    comparison = page.locator("#comparison").inner_text()
    assert "新增 1 人，删除 1 人，修改 1 人" in comparison and "4000 → 4600" in comparison
    history = page.locator("#review-history").inner_text()
    assert "请补充第3名职工" in history and "修改后重新提交" in history and "内部记录" in history
    check_a11y(page, "declaration-review-timeline")
    # The review page is not new (its roster table predates this and scrolls the page); these sections are.
    assert _fits_375(page, "#comparison", "#timeline")
    logout(page)

    login_page("employer_a", PASSWORD)
    page.goto(f"{live_server.url}/employer/declarations/{declaration.pk}/")
    history = page.locator("#review-history").inner_text()
    assert "名册已核对" in history and "改派" not in history and "王芳休假" not in history
    assert "「暂定」" in page.locator("#provisional").inner_text()
    check_a11y(page, "employer-declaration-timeline")
    assert _fits_375(page, "#provisional", "#timeline")
