"""Attacks on the district's payment lists (拨付名单): every step and both downloads (the list and the
bank-transfer file carry full account numbers) refused to towns, employers and seekers — a POST as
much as a GET — with nothing changed and nothing logged as exported."""

from __future__ import annotations

import pytest
from django.urls import reverse

from employment.models import PersonalDataAccess
from subsidies import services
from subsidies.models import PaymentListEvent, PaymentListStatus, Programme
from tests.subsidies.conftest import YEAR, approve, policy, startup_filed  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_list(world, policy, approve):  # noqa: F811
    approve(startup_filed(world))
    payment_list = services.payment_list_create(programme=Programme.STARTUP, year=YEAR, user=world.users["district"])
    services.payment_list_approve(payment_list=payment_list, user=world.users["district"])
    return payment_list


def test_payment_list_steps_and_files_are_the_districts_only(world, approved_list, client_for):
    pk = approved_list.pk
    posts = [
        (reverse("subsidy-payment-list-approve", args=[pk]), {}),
        (reverse("subsidy-payment-list-paid", args=[pk]), {"paid_on": "2026-01-05", "voucher_no": "记-1"}),
        (reverse("subsidy-payment-list-step-back", args=[pk]), {"reason": "金额有误"}),
        (reverse("subsidy-payment-lists", args=[]), {"programme": Programme.STARTUP, "year": YEAR,
                                                    "confirm": "yes", "fingerprint": "x"}),
    ]
    gets = [reverse("subsidy-payment-list-export", args=[pk]), reverse("subsidy-payment-list-bank-file", args=[pk])]
    events = PaymentListEvent.objects.count()
    for role in ("town_x", "town_y", "employer_a", "seeker_a", "provider_a"):
        client = client_for(world.users[role])
        for url, data in posts:
            assert client.post(url, data).status_code in (403, 404), (role, url)
        for url in gets:
            response = client.get(url)
            assert response.status_code in (403, 404), (role, url)
            assert b"6222" not in response.content
    approved_list.refresh_from_db()
    assert approved_list.status == PaymentListStatus.APPROVED
    assert PaymentListEvent.objects.count() == events
    assert not PersonalDataAccess.objects.filter(action=PersonalDataAccess.Action.EXPORT).exists()
    # The district's bank file is logged.
    response = client_for(world.users["district"]).get(gets[1])
    assert response.status_code == 200
    assert PersonalDataAccess.objects.filter(user=world.users["district"],
                                             action=PersonalDataAccess.Action.EXPORT).exists()
