"""The over-quota reward form starts from the bank details of the employer's last approved reward or
social-insurance application, as a social-insurance application does: the payee name and bank filled
in, the saved account number kept unless a new one is typed, and never shown in full."""

from __future__ import annotations

import pytest
from django.urls import reverse

from subsidies import services
from subsidies.models import Programme, SubsidyApplication

from .conftest import BANK, YEAR, roster_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def reward_form(world, policy, approved_declaration, approve, client_for):
    """Employer A with an approved reward for YEAR - 1 (paid to BANK) and an approved declaration of
    YEAR with surplus persons: (client, URL of YEAR's reward form, YEAR's declaration)."""
    user = world.users["employer_a"]
    rows = [roster_row(n) for n in range(1, 5)]
    earlier = approved_declaration(world.employer_a, user, rows, year=YEAR - 1)
    approve(services.reward_application_create(declaration=earlier, bank=BANK, user=user))
    declaration = approved_declaration(world.employer_a, user, rows)
    return client_for(user), reverse("subsidy-reward-apply", args=[declaration.pk]), declaration


def _reward_of(declaration) -> SubsidyApplication:
    return SubsidyApplication.objects.get(programme=Programme.REWARD, declaration=declaration)


def test_the_form_is_filled_from_the_last_approved_application(reward_form):
    client, url, _ = reward_form
    html = client.get(url).content.decode()
    assert f"收款信息已按本单位{YEAR - 1}年度审核通过的超比例奖励申请填好" in html
    assert f'value="{BANK["bank_name"]}"' in html and f'value="{BANK["bank_account_name"]}"' in html
    assert BANK["bank_account"] not in html  # the saved number is only ever shown masked
    assert BANK["bank_account"][-4:] in html


def test_left_empty_the_saved_account_is_kept(reward_form):
    client, url, declaration = reward_form
    response = client.post(url, {"bank_account_name": BANK["bank_account_name"], "bank_name": BANK["bank_name"],
                                 "bank_account": ""})
    assert response.status_code == 302
    assert _reward_of(declaration).bank_account == BANK["bank_account"]


def test_a_new_account_typed_is_used(reward_form):
    client, url, declaration = reward_form
    client.post(url, {"bank_account_name": "甲公司", "bank_name": "宁波银行海曙支行", "bank_account": "6222020000000777"})
    reward = _reward_of(declaration)
    assert (reward.bank_name, reward.bank_account) == ("宁波银行海曙支行", "6222020000000777")


def test_without_an_approved_application_the_account_is_asked_for(world, policy, approved_declaration, client_for):
    user = world.users["employer_a"]
    declaration = approved_declaration(world.employer_a, user, [roster_row(n) for n in range(1, 5)])
    client = client_for(user)
    url = reverse("subsidy-reward-apply", args=[declaration.pk])
    html = client.get(url).content.decode()
    assert "收款信息已按" not in html and f'value="{world.employer_a.name}"' in html
    refused = client.post(url, {"bank_account_name": "甲公司", "bank_name": "宁波银行海曙支行", "bank_account": ""})
    assert refused.status_code == 200 and not SubsidyApplication.objects.filter(declaration=declaration).exists()
