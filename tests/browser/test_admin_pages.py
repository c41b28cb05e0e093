"""The Wagtail admin's pages that staff use, checked with axe-core (WCAG 2.1 A/AA) in Chromium: the
admin is part of the platform, and Wagtail's own markup is not above the rule. A superuser (who sees
every page) walks the dashboard, the page tree, the snippets (a declaration and a subsidy application,
list and edit), the workflows and their steps, the reports, users, groups, sites, collections, images,
documents, the second-factor reset page and the account page; the district (区残联) walks what its
role reaches. Where Wagtail's markup failed a rule, the project overrides the template (for example
``templates/wagtailadmin/workflows/includes/workflow_tasks_cell.html``: Wagtail put each step's
``<li>`` inside a link, so the list held links, not items)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from cms import services as cms
from quota import services as quota
from subsidies.services.submit import subsidy_workflow_ensure
from tests.quota.conftest import policy, roster_row, start_declaration  # noqa: F401 - fixtures
from tests.subsidies.conftest import private_media, startup_filed  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"

# Pages every staff member with the admin may open, then those only a superuser reaches.
STAFF_PAGES = [
    "/admin/", "/admin/pages/", "/admin/snippets/", "/admin/snippets/quota/declaration/",
    "/admin/snippets/quota/declaration/edit/{declaration}/", "/admin/snippets/quota/declaration/history/{declaration}/",
    "/admin/snippets/subsidies/subsidyapplication/", "/admin/snippets/subsidies/subsidyapplication/edit/{subsidy}/",
    "/admin/reports/workflow/", "/admin/reports/workflow_tasks/", "/admin/account/",
    "/admin/snippets/quota/policyyear/", "/admin/snippets/quota/policyyear/edit/{policy}/",
]
SUPERUSER_PAGES = [
    "/admin/workflows/list/", "/admin/workflows/edit/{workflow}/", "/admin/workflows/tasks/index/",
    "/admin/reports/locked/", "/admin/reports/site-history/", "/admin/reports/aging-pages/", "/admin/users/",
    "/admin/groups/", "/admin/sites/", "/admin/collections/",
    "/admin/images/", "/admin/images/multiple/add/", "/admin/documents/", "/admin/documents/multiple/add/",
]
DISTRICT_ONLY = ["/admin/second-factor/"]


@pytest.fixture
def filings(world, start_declaration):  # noqa: F811
    """A submitted declaration and start-up application, and every review workflow in place."""
    from wagtail.models import Workflow

    cms.course_workflow_ensure(cms.training_index_ensure())
    subsidy_workflow_ensure()
    employer = world.users["employer_a"]
    declaration = quota.declaration_submit(
        declaration=start_declaration(world.employer_a, employer, rows=[roster_row(1)]), user=employer)
    from quota.models import PolicyYear

    return {"declaration": declaration.pk, "subsidy": startup_filed(world).pk,
            "workflow": Workflow.objects.order_by("pk").first().pk,
            "policy": PolicyYear.objects.order_by("-year").first().pk}


def _walk(page, live_server, check_a11y, urls, ids, who):
    for url in urls:
        url = url.format(**ids)
        response = page.goto(f"{live_server.url}{url}")
        # Opened, not sent elsewhere (to the login, or to the dashboard for want of a permission); the page
        # tree opens at the user's own part of it.
        landed = page.url.removeprefix(live_server.url)
        assert response.status == 200 and (landed == url or url == "/admin/pages/" == landed[:13]), (who, url, landed)
        check_a11y(page, f"admin-{who}-{url.strip('/').replace('/', '-')}")


def test_the_superuser_walks_the_admin(page, live_server, login_page, check_a11y, filings):
    get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    login_page("root", PASSWORD)
    _walk(page, live_server, check_a11y, STAFF_PAGES + SUPERUSER_PAGES + DISTRICT_ONLY, filings, "superuser")
    # The workflow list draws each step as a list item holding its link.
    page.goto(f"{live_server.url}/admin/workflows/list/")
    steps = page.locator(".workflow-tasks > *")
    assert steps.count() >= 3
    assert all(tag == "LI" for tag in steps.evaluate_all("items => items.map(i => i.tagName)"))


def test_the_district_walks_its_admin_pages(page, live_server, login_page, check_a11y, world, filings):
    login_page("district", PASSWORD)
    _walk(page, live_server, check_a11y, STAFF_PAGES + DISTRICT_ONLY, filings, "district")
