"""A payment list cannot be undone, so it is created only after a confirmation page has shown what it
will hold — the count and the total per town — and only by that page's POST (with its one-time form
token); if the applications changed in between, nothing is created and the user confirms again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from domain import identity
from employment.formats import cn_money
from subsidies.models import PaymentList, Programme, SubsidyApplication
from tests.security.forms import post_form_hidden

from .conftest import YEAR, startup_filed

pytestmark = pytest.mark.django_db

URL = "subsidy-payment-lists"


@pytest.fixture
def approved(world, policy, approve):
    """Start-up applications approved in both towns: seeker A (town X) and seeker B (town Y)."""
    a = approve(startup_filed(world))
    b = approve(startup_filed(world, seeker=world.seeker_b, user=world.users["seeker_b"],
                              code=identity.make_credit_code("91330203MA2AB1CBB")))
    return a, b


def test_the_form_shows_a_confirmation_and_creates_nothing(world, client_for, approved):
    a, b = approved
    client = client_for(world.users["district"])
    response = client.post(reverse(URL), {"programme": Programme.STARTUP, "year": YEAR})
    assert response.status_code == 200
    page = response.content.decode()
    assert not PaymentList.objects.exists()
    assert "确认生成" in page and "生成后不能撤销" in page
    for application in (a, b):
        assert application.town.name in page and cn_money(application.amount) in page
    assert f"共 <strong>2</strong> 笔，合计 <strong>{cn_money(a.amount + b.amount)}</strong> 元" in page
    # On a phone the town totals are cards, the 总计 row too: its cells carry their column's label.
    assert '<table class="stack">' in page
    assert f'<th scope="row">总计</th><td data-label="笔数">2</td><td data-label="合计金额（元）">{cn_money(a.amount + b.amount)}</td>' in page
    # Confirming (the confirmation page's own form, with its token) creates the list.
    hidden = post_form_hidden(page, reverse(URL))
    assert hidden["form_token"] and hidden["fingerprint"]
    done = client.post(reverse(URL), {**hidden, "confirm": "1"})
    assert done.status_code == 302
    listed = PaymentList.objects.get()
    assert set(listed.items.values_list("pk", flat=True)) == {a.pk, b.pk}
    assert listed.total == a.amount + b.amount


def test_a_confirmation_of_another_content_creates_nothing(world, client_for, approved, approve):
    client = client_for(world.users["district"])
    page = client.post(reverse(URL), {"programme": Programme.STARTUP, "year": YEAR}).content.decode()
    hidden = post_form_hidden(page, reverse(URL))
    # Meanwhile another application is approved: the confirmed list is no longer what was shown.
    from employment.models import Role
    from tests.factories import make_seeker, make_user

    user = make_user(Role.SEEKER, username="seeker_c")
    seeker = make_seeker(town=world.town_x, name="王丙", user=user)
    third = approve(startup_filed(world, seeker=seeker, user=user,
                                  code=identity.make_credit_code("91330203MA2AB1CCC")))
    response = client.post(reverse(URL), {**hidden, "confirm": "1"})
    assert response.status_code == 200 and "请重新核对后再确认" in response.content.decode()
    assert not PaymentList.objects.exists()
    assert "共 <strong>3</strong> 笔" in response.content.decode()
    assert SubsidyApplication.objects.get(pk=third.pk).payment_list_id is None


def test_confirm_without_the_confirmation_page_only_shows_it(world, client_for, approved):
    client = client_for(world.users["district"])
    response = client.post(reverse(URL), {"programme": Programme.STARTUP, "year": YEAR, "confirm": "1"})
    assert response.status_code == 200 and "确认生成" in response.content.decode()
    assert not PaymentList.objects.exists()
    assert client.get(reverse(URL)).status_code == 200 and not PaymentList.objects.exists()
