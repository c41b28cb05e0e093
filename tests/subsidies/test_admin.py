"""The Wagtail admin with subsidy applications in review: the dashboard lists the reviewer's tasks
(the applications are a registered snippet), scoped by ``employment.access``."""

from __future__ import annotations

from django.urls import reverse

from tests.quota.conftest import roster_row

from .conftest import BANK, startup_filed


def test_admin_dashboard_and_listing_with_applications_in_review(world, client_for, policy):
    application = startup_filed(world)
    for reviewer in ("town_x", "town_y", "district"):
        assert client_for(world.users[reviewer]).get("/admin/").status_code == 200, reviewer
    listing = reverse("wagtailsnippets_subsidies_subsidyapplication:list")
    assert str(application) in client_for(world.users["town_x"]).get(listing).content.decode()
    assert str(application) not in client_for(world.users["town_y"]).get(listing).content.decode()


def test_the_admin_edit_page_shows_a_start_up_tier_with_its_criterion(world, client_for, policy,
                                                                      approved_declaration):
    """As the application's page does; an over-quota reward has no tier, and no tier panel."""
    from subsidies import services

    application = startup_filed(world)
    edit = reverse("wagtailsnippets_subsidies_subsidyapplication:edit", args=[application.pk])
    html = client_for(world.users["town_x"]).get(edit).content.decode()
    assert "补贴档次" in html and "C档：正常经营满1年" in html

    declaration = approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(n) for n in range(1, 5)])
    reward = services.reward_application_create(declaration=declaration, bank=BANK, user=world.users["employer_a"])
    edit = reverse("wagtailsnippets_subsidies_subsidyapplication:edit", args=[reward.pk])
    html = client_for(world.users["district"]).get(edit).content.decode()
    assert "补贴档次" not in html
