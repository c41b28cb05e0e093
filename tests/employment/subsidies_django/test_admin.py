"""The Wagtail admin with subsidy applications in review: the dashboard lists the reviewer's tasks
(the applications are a registered snippet), scoped by ``employment.access``."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from employment import identity
from employment.subsidies import services

from .conftest import BANK, YEAR


def test_admin_dashboard_and_listing_with_applications_in_review(world, client_for, policy):
    application = services.startup_application_create(
        seeker=world.seeker_a, year=YEAR, business_name="小甲网店", credit_code=identity.make_credit_code("91330203MA2AB1C2D"),
        registered_on=date(2025, 3, 1), tier="C", evidence="带动就业2人", bank=BANK, user=world.users["seeker_a"],
    )
    for reviewer in ("town_x", "town_y", "district"):
        assert client_for(world.users[reviewer]).get("/admin/").status_code == 200, reviewer
    listing = reverse("wagtailsnippets_employment_subsidyapplication:list")
    assert str(application) in client_for(world.users["town_x"]).get(listing).content.decode()
    assert str(application) not in client_for(world.users["town_y"]).get(listing).content.decode()
