"""The district's final approval of a subsidy application is confirmed first (as a declaration's):
the approve POST at the last step shows the applicant, amount and payee and approves nothing; the
confirmation page's POST approves. The town step still acts at once."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from employment.formats import cn_money
from subsidies.models import SubsidyApplication, SubsidyStatus

from .conftest import startup_filed

pytestmark = pytest.mark.django_db


def test_final_subsidy_approval_is_confirmed_first(world, policy, client_for):
    application = startup_filed(world)
    url = reverse("subsidy-detail", args=[application.pk])
    town = client_for(world.users["town_x"]).post(url, {"action": "approve", "comment": "", "confirm": "1"})
    assert town.status_code == 302
    assert SubsidyApplication.objects.get(pk=application.pk).status == SubsidyStatus.DISTRICT_REVIEW

    district = client_for(world.users["district"])
    response = district.post(url, {"action": "approve", "comment": "材料齐全"})
    html = response.content.decode()
    fresh = SubsidyApplication.objects.get(pk=application.pk)
    assert response.status_code == 200 and fresh.status == SubsidyStatus.DISTRICT_REVIEW
    # Money as every page writes it (walk A, item 11: "2,000" here against "2000.00" elsewhere).
    assert re.search(r"<dd>\d{1,3}(,\d{3})*\.\d{2}</dd>", html)
    assert "<h1>确认审核通过：" in html and f"<dd>{cn_money(fresh.amount)}</dd>" in html and fresh.bank_account_masked in html
    assert "材料齐全</textarea>" in html and 'name="confirm"' in html and "返回，不审核通过" in html

    response = district.post(url, {"action": "approve", "comment": "材料齐全", "confirm": "1"})
    assert response.status_code == 302
    fresh = SubsidyApplication.objects.get(pk=application.pk)
    assert fresh.status == SubsidyStatus.APPROVED and fresh.reviewer_comment == "材料齐全"


def test_going_back_from_the_confirmation_keeps_the_comment(world, policy, client_for):
    application = startup_filed(world)
    url = reverse("subsidy-detail", args=[application.pk])
    client_for(world.users["town_x"]).post(url, {"action": "approve", "comment": "", "confirm": "1"})
    district = client_for(world.users["district"])
    back = district.post(url, {"action": "approve", "comment": "材料齐全", "back": "1"})
    html = back.content.decode()
    assert back.status_code == 200 and "<h1>确认审核通过：" not in html and "材料齐全</textarea>" in html
    assert SubsidyApplication.objects.get(pk=application.pk).status == SubsidyStatus.DISTRICT_REVIEW


def test_the_town_step_and_a_return_are_confirmed_first(world, policy, client_for):
    application = startup_filed(world)
    url = reverse("subsidy-detail", args=[application.pk])
    town = client_for(world.users["town_x"])
    html = town.post(url, {"action": "approve", "comment": ""}).content.decode()
    assert "<h1>确认初审通过：" in html and "通过后将报区残联终审" in html
    assert SubsidyApplication.objects.get(pk=application.pk).status == SubsidyStatus.TOWN_REVIEW
    done = town.post(url, {"action": "approve", "comment": "", "confirm": "1"}, follow=True).content.decode()
    assert "初审已通过，已报区残联终审。" in done
    district = client_for(world.users["district"])
    html = district.post(url, {"action": "reject", "comment": "请补充营业执照"}).content.decode()
    assert "<h1>确认退回修改：" in html and "告知所属镇街的审核人员" in html
    assert SubsidyApplication.objects.get(pk=application.pk).status == SubsidyStatus.DISTRICT_REVIEW
    district.post(url, {"action": "reject", "comment": "请补充营业执照", "confirm": "1"})
    assert SubsidyApplication.objects.get(pk=application.pk).status == SubsidyStatus.REJECTED
