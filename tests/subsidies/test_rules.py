"""Subsidy and reward rules, with the arithmetic worked by hand in each test."""

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from quota.engine import DeclarationInput, PolicyParams, RosterEntry, quota_compute
from subsidies.rules import (
    REFUSAL_REASONS,
    SubsidyError,
    load_subsidy_params,
    over_quota_reward,
    social_insurance_subsidy,
    startup_subsidy,
)

PARAMS = PolicyParams(
    year=2024,
    ratio=Decimal("0.015"),
    cap_multiple=Decimal("2"),
    local_avg_wage=Decimal("100000"),
    min_wage=Decimal("2280"),
    tiering_in_force=True,
    exemption_in_force=True,
    reward_per_person=Decimal("5000"),
)
TIERS = {"A": Decimal("20000"), "B": Decimal("10000"), "C": Decimal("5000"), "D": Decimal("2000")}


def _declaration(staff: int, persons: int) -> DeclarationInput:
    full = frozenset(range(1, 13))
    roster = tuple(
        RosterEntry("disability", f"C{i}", 3, full, full, dict.fromkeys(range(1, 13), Decimal("3000")))
        for i in range(persons)
    )
    return DeclarationInput(2024, "enterprise", (staff,) * 12, Decimal(80000 * staff), roster)


# --- over-quota reward ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surplus", "persons", "amount"),
    [
        (Fraction(9, 10), 0, "0.00"),  # 0.9 is no whole person
        (Fraction(19, 10), 1, "5000.00"),  # 1.9 → 1 × 5,000
        (Decimal("2"), 2, "10000.00"),  # exactly 2 → 2 × 5,000
        (Fraction(-3, 2), 0, "0.00"),  # below the quota: nothing
        (0, 0, "0.00"),
    ],
)
def test_reward_from_surplus(surplus, persons, amount):
    result = over_quota_reward(surplus, PARAMS)
    assert result.persons == persons
    assert str(result.amount) == amount


def test_reward_from_quota_result_with_surplus_point_nine():
    # 140 staff × 1.5% = 2.1 required; 3 persons counted → surplus 0.9 → reward 0.
    result = quota_compute(_declaration(140, 3), PARAMS)
    assert result.surplus == Fraction(9, 10)
    reward = over_quota_reward(result, PARAMS)
    assert (reward.persons, reward.amount) == (0, Decimal("0.00"))
    # 4 persons → surplus 1.9 → 1 person × 5,000, the same as the engine's own figure.
    result = quota_compute(_declaration(140, 4), PARAMS)
    reward = over_quota_reward(result, PARAMS)
    assert reward.amount == Decimal("5000.00") == result.reward


def test_reward_amount_may_be_given_directly_and_must_not_be_negative():
    assert over_quota_reward(Fraction(5, 2), Decimal("1234.565")).amount == Decimal("2469.13")  # 2 × 1,234.565
    with pytest.raises(SubsidyError, match="不能为负数"):
        over_quota_reward(3, replace(PARAMS, reward_per_person=Decimal("-1")))


# --- social-insurance subsidy ---------------------------------------------------------------------


def test_share_of_contributions_per_month():
    # 1,500.25 × 50% = 750.125 → 750.13 (half-up) per month, 3 months → 2,250.39.
    result = social_insurance_subsidy(
        dict.fromkeys((1, 2, 3), Decimal("1500.25")), share=Decimal("0.5"), monthly_cap=Decimal("1000"), max_months=36
    )
    assert result.per_month == dict.fromkeys((1, 2, 3), Decimal("750.13"))
    assert result.total == Decimal("2250.39")
    assert result.refused == {}
    assert result.capped_months == ()
    assert result.months_used_after == 3


def test_monthly_cap_reached():
    # Cap 800. Jan 1,800 × 50% = 900 > 800 → 800 (capped); Feb 1,600 × 50% = 800, exactly the cap
    # (not marked capped); Mar 1,000 × 50% = 500. Total 800 + 800 + 500 = 2,100.
    contributions = {1: Decimal("1800"), 2: Decimal("1600"), 3: Decimal("1000")}
    result = social_insurance_subsidy(contributions, share=Decimal("0.5"), monthly_cap=Decimal("800"), max_months=36)
    assert result.per_month == {1: Decimal("800.00"), 2: Decimal("800.00"), 3: Decimal("500.00")}
    assert result.capped_months == (1,)
    assert result.total == Decimal("2100.00")


def test_months_limit_reached_across_two_employers():
    # The person already had 30 subsidised months at another employer (earlier years). Limit 36 →
    # 6 months left: Jan–Jun granted at 1,200 × 50% = 600 each (3,600); Jul–Dec refused.
    contributions = dict.fromkeys(range(1, 13), Decimal("1200"))
    result = social_insurance_subsidy(
        contributions, share=Decimal("0.5"), monthly_cap=Decimal("1000"), max_months=36, months_already_subsidised=30
    )
    assert sorted(result.per_month) == [1, 2, 3, 4, 5, 6]
    assert result.total == Decimal("3600.00")
    assert result.refused == dict.fromkeys(range(7, 13), "max_months_reached")
    assert result.refused_labels[7] == REFUSAL_REASONS["max_months_reached"]
    assert result.months_used_after == 36


def test_months_subsidised_this_year_by_another_employer_not_paid_twice():
    # Another employer was subsidised for Jan–Mar this year (those 3 are part of the 34 months used).
    # This employer claims Jan–Jun: Jan–Mar refused (already subsidised), 2 months left → Apr, May;
    # Jun refused (limit). No contribution in Jul → refused for that reason.
    contributions = {**dict.fromkeys(range(1, 7), Decimal("1000")), 7: Decimal("0")}
    result = social_insurance_subsidy(
        contributions,
        share=Decimal("0.5"),
        monthly_cap=Decimal("1000"),
        max_months=36,
        months_already_subsidised=34,
        months_already_subsidised_this_year={1, 2, 3},
    )
    assert result.per_month == {4: Decimal("500.00"), 5: Decimal("500.00")}
    assert result.refused == {
        1: "already_subsidised", 2: "already_subsidised", 3: "already_subsidised",
        6: "max_months_reached", 7: "no_contribution",
    }
    assert result.to_dict()["refused"]["7"] == "当月无单位社保缴费记录"


def test_limit_already_exhausted_refuses_everything():
    result = social_insurance_subsidy(
        {1: Decimal("1000")}, share=Decimal("0.5"), monthly_cap=Decimal("1000"), max_months=36,
        months_already_subsidised=40,
    )
    assert result.per_month == {}
    assert result.total == Decimal("0.00")
    assert result.refused == {1: "max_months_reached"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"contributions": {13: Decimal("1")}}, "月份"),
        ({"contributions": {1: Decimal("-1")}}, "不能为负数"),
        ({"share": Decimal("1.5")}, "补贴比例"),
        ({"monthly_cap": Decimal("-1")}, "上限"),
        ({"max_months": -1}, "最长补贴月数"),
        ({"months_already_subsidised": -2}, "已享受补贴月数"),
        ({"months_already_subsidised_this_year": {0}}, "月份"),
    ],
)
def test_social_insurance_invalid_input(kwargs, message):
    args = {"contributions": {1: Decimal("1000")}, "share": Decimal("0.5"), "monthly_cap": Decimal("1000"),
            "max_months": 36, **kwargs}
    contributions = args.pop("contributions")
    with pytest.raises(SubsidyError, match=message):
        social_insurance_subsidy(contributions, **args)


# --- start-up subsidy -----------------------------------------------------------------------------


@pytest.mark.parametrize(("tier", "amount"), [("A", "20000.00"), ("b", "10000.00"), (" D ", "2000.00")])
def test_first_startup_subsidy_by_tier(tier, amount):
    result = startup_subsidy(tier, TIERS, has_received_before=False)
    assert result.granted
    assert str(result.amount) == amount


def test_second_startup_subsidy_refused():
    result = startup_subsidy("A", TIERS, has_received_before=True)
    assert not result.granted
    assert result.amount == 0
    assert "只能享受一次" in result.reason


def test_unknown_startup_tier_is_an_error():
    with pytest.raises(SubsidyError, match="档次"):
        startup_subsidy("E", TIERS, has_received_before=False)


def test_default_subsidy_parameters_load():
    params = load_subsidy_params()
    p2025 = params[2025]
    assert p2025.si_subsidy_share == Decimal("0.5")
    assert p2025.si_subsidy_max_months == 36
    assert p2025.startup_subsidy_tiers["A"] == Decimal("20000")
    assert min(p2025.startup_subsidy_tiers.values()) == Decimal("2000")
    assert sorted(params) == list(range(2018, 2027))
