"""The staff seeker page has the seeker's start-up subsidy applications and, while they have none filed
or open, the way in to apply on their behalf (代为申请): before, staff could only reach that form by
typing its address. Another town's reviewer still cannot open the page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .conftest import startup_filed

pytestmark = pytest.mark.django_db


def test_staff_reach_the_on_behalf_form_from_the_seekers_page(world, policy, client_for):
    page = reverse("seeker-detail", args=[world.seeker_a.pk])
    apply = f'{reverse("subsidy-startup-apply")}?seeker={world.seeker_a.pk}'
    for staff in ("town_x", "district"):
        html = client_for(world.users[staff]).get(page).content.decode()
        assert "一次性创业补贴" in html and "还没有申请。" in html, staff
        assert f'href="{apply}"' in html, staff
    assert client_for(world.users["town_x"]).get(apply).status_code == 200
    assert client_for(world.users["town_y"]).get(page).status_code == 404


def test_a_filed_application_is_listed_instead(world, policy, client_for):
    application = startup_filed(world)
    html = client_for(world.users["town_x"]).get(reverse("seeker-detail", args=[world.seeker_a.pk])).content.decode()
    assert reverse("subsidy-detail", args=[application.pk]) in html and "镇街初审中" in html
    assert "代为申请一次性创业补贴" not in html


def test_an_employer_does_not_get_the_staff_part(world, policy, client_for):
    startup_filed(world)
    html = client_for(world.users["employer_a"]).get(reverse("seeker-detail", args=[world.seeker_a.pk])).content.decode()
    assert "startup-subsidy-title" not in html and "代为申请一次性创业补贴" not in html
