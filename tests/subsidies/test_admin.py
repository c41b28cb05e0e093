"""The Wagtail admin with subsidy applications in review: the dashboard lists the reviewer's tasks
(the applications are a registered snippet), scoped by ``employment.access``."""

from __future__ import annotations

from django.urls import reverse

from .conftest import startup_filed


def test_admin_dashboard_and_listing_with_applications_in_review(world, client_for, policy):
    application = startup_filed(world)
    for reviewer in ("town_x", "town_y", "district"):
        assert client_for(world.users[reviewer]).get("/admin/").status_code == 200, reviewer
    listing = reverse("wagtailsnippets_subsidies_subsidyapplication:list")
    assert str(application) in client_for(world.users["town_x"]).get(listing).content.decode()
    assert str(application) not in client_for(world.users["town_y"]).get(listing).content.decode()
