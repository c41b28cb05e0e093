"""Walk A, item 13: when the district sends back at its final step what the town step passed, the
town's reviewers are told (站内通知, ``review.returned_after_town``) with the comment — not when the
town itself returns it, and not the district reviewer who returned it."""

from __future__ import annotations

import pytest

from employment.models import Notification, Role
from quota import services as quota
from review import services as review
from subsidies import services as subsidies
from tests.factories import make_user
from tests.quota.conftest import roster_row
from tests.subsidies.conftest import startup_filed

pytestmark = pytest.mark.django_db

EVENT = "review.returned_after_town"


@pytest.fixture
def submitted(world, start_declaration):
    employer = world.users["employer_a"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    quota.declaration_submit(declaration=declaration, user=employer)
    return declaration


def test_the_town_is_told_when_the_district_returns_what_it_passed(world, submitted):
    town_x2 = make_user(Role.TOWN, username="town_x2", town=world.town_x)
    quota.declaration_review(declaration=submitted, user=world.users["town_x"], action="approve")
    quota.declaration_review(declaration=submitted, user=world.users["district"], action="reject",
                             comment="第2人社保月份不符")
    told = Notification.objects.filter(event=EVENT)
    assert {n.user for n in told} == {world.users["town_x"], town_x2}
    note = told.get(user=world.users["town_x"])
    assert str(submitted) in note.subject and "第2人社保月份不符" in note.body
    assert note.url == f"/review/declarations/{submitted.pk}/"
    assert not told.filter(user__in=[world.users["district"], world.users["town_y"]]).exists()


def test_not_when_the_town_returns_it_itself(world, submitted):
    quota.declaration_review(declaration=submitted, user=world.users["town_x"], action="reject", comment="请补充")
    assert not Notification.objects.filter(event=EVENT).exists()


def test_whoever_took_the_town_step_is_told_too(world, submitted):
    colleague = make_user(Role.DISTRICT, username="district_colleague")
    review.town_step_take(obj=submitted, user=colleague, reason="absent")
    quota.declaration_review(declaration=submitted, user=colleague, action="approve")
    quota.declaration_review(declaration=submitted, user=world.users["district"], action="reject", comment="请补充")
    assert set(Notification.objects.filter(event=EVENT).values_list("user__username", flat=True)) == {
        "district_colleague", world.users["town_x"].username}


def test_subsidy_applications_alike(world, policy):
    application = startup_filed(world)
    subsidies.subsidy_review(application=application, user=world.users["town_x"], action="approve")
    subsidies.subsidy_review(application=application, user=world.users["district"], action="reject",
                             comment="营业执照不清楚")
    note = Notification.objects.get(event=EVENT)
    assert note.user == world.users["town_x"] and "营业执照不清楚" in note.body
