"""A social-insurance application starts with the bank details (户名 / 开户行 / 账号) of the employer's
most recently approved reward or subsidy application; the employer may change them, recorded as any
change of payment details. Without such an application only the payee name (the employer's) is filled."""

from __future__ import annotations

import pytest
from django.urls import reverse

from subsidies import services
from subsidies.models import PaymentDetailsChange, Programme, SubsidyApplication, SubsidyStatus

from .conftest import BANK, YEAR, roster_row

pytestmark = pytest.mark.django_db

OTHER_BANK = {"bank_account_name": "甲公司（新账户）", "bank_name": "宁波银行海曙支行", "bank_account": "6222020000000999"}


def _approved_reward(world, approved_declaration, approve, *, bank=BANK):
    user = world.users["employer_a"]
    declaration = approved_declaration(world.employer_a, user, [roster_row(n) for n in range(1, 5)])
    application = services.reward_application_create(declaration=declaration, bank=bank, user=user)
    return approve(application)


def _start(world, client_for):
    response = client_for(world.users["employer_a"]).post(reverse("subsidy-si-start"), {"year": YEAR}, follow=True)
    application = SubsidyApplication.objects.get(programme=Programme.SOCIAL_INSURANCE, employer=world.employer_a)
    return application, response.content.decode()


def test_si_start_copies_the_last_approved_bank_details(world, policy, approved_declaration, approve, client_for):
    reward = _approved_reward(world, approved_declaration, approve)
    assert reward.status == SubsidyStatus.APPROVED
    application, html = _start(world, client_for)
    assert (application.bank_account_name, application.bank_name, application.bank_account) == (
        BANK["bank_account_name"], BANK["bank_name"], BANK["bank_account"])
    assert f"收款信息已按本单位{YEAR}年度审核通过的超比例奖励申请填好" in html
    # The filling-in is the applicant's own, recorded as every first filling-in is.
    first = PaymentDetailsChange.objects.get(application=application)
    assert first.by_applicant and set(first.fields) == {"bank_account_name", "bank_name", "bank_account"}
    # The employer changes them: the existing rules record the change (masked), and the applicant is not
    # barred from anything by it (only staff who change them are).
    services.subsidy_bank_update(application=application, bank=OTHER_BANK, user=world.users["employer_a"])
    application.refresh_from_db()
    assert application.bank_account == OTHER_BANK["bank_account"]
    assert PaymentDetailsChange.objects.filter(application=application).count() == 2
    assert application.approval_refusal(world.users["town_x"]) is None


def test_si_start_without_an_approved_application_fills_the_payee_name_only(world, policy, approved_declaration,
                                                                            client_for):
    user = world.users["employer_a"]
    declaration = approved_declaration(world.employer_a, user, [roster_row(n) for n in range(1, 5)])
    services.reward_application_create(declaration=declaration, bank=BANK, user=user)  # in review, not approved
    application, html = _start(world, client_for)
    assert (application.bank_account_name, application.bank_name, application.bank_account) == (
        world.employer_a.name, "", "")
    assert "收款信息已按" not in html


def test_another_employers_bank_details_are_never_copied(world, policy, approved_declaration, approve, client_for):
    user_b = world.users["employer_b"]
    declaration = approved_declaration(world.employer_b, user_b, [roster_row(n) for n in range(11, 15)])
    approve(services.reward_application_create(declaration=declaration, bank=OTHER_BANK, user=user_b))
    approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1)])
    application, _ = _start(world, client_for)
    assert application.bank_account == "" and application.bank_name == ""
