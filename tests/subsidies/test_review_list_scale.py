"""The staff review list of subsidies at district scale, and the district's 代为初审 line of the work
queue: applications whose town has nobody left who may approve them (no active town reviewer, or
every one changed the payment details) are counted in 我的待办 and listed by ``?queue=takeover`` —
the same applications ``SubsidyApplication.town_step_for_district`` names one by one; the list is
searchable by applicant and paginated, 50 a page, its hints read for the page's rows only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employment.models import Role
from subsidies import selectors
from subsidies.models import SubsidyApplication
from subsidies.views import REVIEW_PAGE_SIZE
from tests.factories import make_seeker, make_user

from .conftest import BANK, startup_filed

pytestmark = pytest.mark.django_db
TAKEOVER_LABEL = "镇街没有可审核人员、需区残联代为初审的补贴和奖励申请"


def _by_rule(user) -> set[int]:
    return {a.pk for a in selectors.applications_visible(user) if a.status == "town_review"
            and a.town_step_for_district() is not None}


def test_the_takeover_queue_is_the_rule_asked_of_every_application(world, policy, client_for):
    from domain import identity
    from subsidies import services

    district = world.users["district"]
    in_x = startup_filed(world)  # 鼓楼 has town_x: no takeover
    in_y = startup_filed(world, seeker=world.seeker_b, user=world.users["seeker_b"],
                         code=identity.make_credit_code("91330203MA2AB1C3E"))
    assert _by_rule(district) == set() == set(selectors.applications_for_district_takeover(district).values_list("pk", flat=True))

    # 石碶's only reviewer leaves: its application needs the district.
    town_y = world.users["town_y"]
    town_y.is_active = False
    town_y.save()
    assert _by_rule(district) == {in_y.pk}
    # 鼓楼's only reviewer changed the payment details of a third application: that one needs the district too.
    other = make_seeker(town=world.town_x, name="王丙")
    third = startup_filed(world, seeker=other, user=district, submit=False,
                          code=identity.make_credit_code("91330203MA2AB1C4F"))
    client_for(world.users["town_x"]).post(reverse("subsidy-bank-update", args=[third.pk]),
                                           {**BANK, "bank_account_name": "王丙", "bank_account": "6217000099998888"})
    services.subsidy_submit(application=third, user=district)
    expected = {in_y.pk, third.pk}
    assert _by_rule(district) == expected
    assert set(selectors.applications_for_district_takeover(district).values_list("pk", flat=True)) == expected
    # A second, untouched 鼓楼 reviewer may approve it: only 石碶's is left.
    make_user(Role.TOWN, username="town_x2", town=world.town_x)
    assert set(selectors.applications_for_district_takeover(district).values_list("pk", flat=True)) == {in_y.pk} == _by_rule(district)
    assert in_x.pk not in expected

    # 我的待办 counts it and links to exactly that list.
    client = client_for(district)
    todo = client.get(reverse("work-queue")).content.decode()
    assert TAKEOVER_LABEL in todo and reverse("subsidy-review-list") + "?queue=takeover" in todo
    listing = client.get(reverse("subsidy-review-list"), {"queue": "takeover"}).content.decode()
    assert "（1 份）" in listing and world.seeker_b.name in listing and world.seeker_a.name not in listing
    # A town reviewer's queue has no such line.
    assert TAKEOVER_LABEL not in client_for(world.users["town_x"]).get(reverse("work-queue")).content.decode()


def test_the_review_list_is_searchable_and_paginated(world, policy, client_for):
    from domain import identity

    seekers = [make_seeker(town=world.town_x, name=f"申请人{n:03d}") for n in range(REVIEW_PAGE_SIZE + 5)]
    for n, seeker in enumerate(seekers):
        startup_filed(world, seeker=seeker, user=world.users["district"],
                      code=identity.make_credit_code(f"91330203MA2C{n:04d}X"))
    assert SubsidyApplication.objects.count() == REVIEW_PAGE_SIZE + 5
    client = client_for(world.users["town_x"])
    first = client.get(reverse("subsidy-review-list")).content.decode()
    assert f"（{REVIEW_PAGE_SIZE + 5} 份）" in first and "第 1 页，共 2 页" in first
    assert first.count('data-label="申请人"') == REVIEW_PAGE_SIZE
    second = client.get(reverse("subsidy-review-list"), {"page": 2}).content.decode()
    assert second.count('data-label="申请人"') == 5 and "上一页" in second
    found = client.get(reverse("subsidy-review-list"), {"q": "申请人007"}).content.decode()
    assert "（1 份）" in found and "申请人007" in found and "申请人008" not in found
    none = client.get(reverse("subsidy-review-list"), {"q": "没有这个人"}).content.decode()
    assert "没有符合筛选条件的申请" in none
    # The hints are read for the page's rows only: the first page costs the same queries with 55
    # applications as with the 50 it shows.
    with CaptureQueriesContext(connection) as with_55:
        client.get(reverse("subsidy-review-list"))
    for application in SubsidyApplication.objects.order_by("created_at")[:5]:  # the second page's
        application.delete()
    with CaptureQueriesContext(connection) as with_50:
        assert "第 1 页" not in client.get(reverse("subsidy-review-list")).content.decode()
    assert len(with_55) == len(with_50)
