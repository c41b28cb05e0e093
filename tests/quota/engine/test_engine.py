"""Rule boundaries of the quota engine, with the arithmetic worked by hand in each test."""

import random
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest

from quota.engine import (
    REASONS,
    DeclarationInput,
    PolicyParams,
    QuotaError,
    RosterEntry,
    quota_compute,
)
from quota.engine.params import load_default_params
from tests.quota.engine.reference import reference_figures

FULL_YEAR = frozenset(range(1, 13))
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


def person(n=1, *, grade=3, cert_type="disability", months=FULL_YEAR, wage=Decimal("3000"), **kwargs):
    wages = wage if isinstance(wage, dict) else dict.fromkeys(range(1, 13), wage)
    return RosterEntry(
        cert_type=cert_type,
        cert_no=f"CERT{n:04d}",
        grade=grade,
        months=frozenset(months),
        insured_months=kwargs.pop("insured_months", frozenset(months)),
        monthly_wage=wages,
        **kwargs,
    )


def declaration(staff=200, roster=(), *, employer_type="enterprise", wage_bill=None, headcount=None):
    headcount = headcount or (staff,) * 12
    wage_bill = wage_bill if wage_bill is not None else Decimal(80000) * Decimal(sum(headcount)) / 12
    return DeclarationInput(
        year=2024, employer_type=employer_type, monthly_headcount=tuple(headcount), wage_bill=wage_bill, roster=tuple(roster)
    )


def test_ratio_exactly_one_and_a_half_percent_is_met():
    # 200 staff × 1.5% = 3 required; 3 full-year persons → ratio 3/200 = 1.5% → met, no levy.
    result = quota_compute(declaration(200, [person(i) for i in range(3)]), PARAMS)
    assert result.required == 3
    assert result.counted == 3
    assert result.actual_ratio == Fraction(15, 1000)
    assert result.tier == "met"
    assert result.shortfall == 0
    assert result.levy_payable == Decimal("0.00")


def test_ratio_exactly_one_percent_pays_half():
    # 2 of 200 = 1.0% → reduced_50. Shortfall 1; average wage 80,000 (< cap 200,000);
    # gross = 1 × 80,000; payable = 50% = 40,000.
    result = quota_compute(declaration(200, [person(1), person(2)]), PARAMS)
    assert result.actual_ratio == Fraction(1, 100)
    assert result.tier == "reduced_50"
    assert result.shortfall == 1
    assert result.levy_gross == Decimal("80000.00")
    assert result.levy_payable == Decimal("40000.00")


def test_below_one_percent_pays_ninety_percent():
    # 1 of 200 = 0.5% → reduced_90. Shortfall 2 → gross 160,000 → payable 144,000.
    result = quota_compute(declaration(200, [person(1)]), PARAMS)
    assert result.tier == "reduced_90"
    assert result.levy_gross == Decimal("160000.00")
    assert result.levy_payable == Decimal("144000.00")


@pytest.mark.parametrize(("staff", "tier"), [(30, "exempt"), (31, "reduced_90")])
def test_enterprise_exemption_boundary(staff, tier):
    result = quota_compute(declaration(staff), PARAMS)
    assert result.tier == tier
    if tier == "exempt":
        assert result.levy_payable == 0
    else:
        # 31 × 1.5% = 0.465 required; gross = 0.465 × 80,000 = 37,200; 90% = 33,480.
        assert result.levy_gross == Decimal("37200.00")
        assert result.levy_payable == Decimal("33480.00")


def test_government_body_with_20_staff_is_not_exempt():
    # 20 × 1.5% = 0.3 required; gross = 0.3 × 80,000 = 24,000; payable 90% = 21,600.
    result = quota_compute(declaration(20, employer_type="government"), PARAMS)
    assert result.tier == "reduced_90"
    assert result.levy_payable == Decimal("21600.00")


@pytest.mark.parametrize(
    ("cert_type", "grade", "weight"),
    [
        ("disability", 1, 2),
        ("disability", 2, 2),
        ("disability", 3, 1),
        ("disability", 4, 1),
        ("veteran", 1, 2),
        ("veteran", 3, 2),
        ("veteran", 4, 1),
        ("veteran", 8, 1),
        ("veteran", 9, 0),
        ("veteran", 10, 0),
    ],
)
def test_severe_weighting_for_both_certificates(cert_type, grade, weight):
    result = quota_compute(declaration(200, [person(grade=grade, cert_type=cert_type)]), PARAMS)
    assert result.persons[0].weight == weight
    assert result.counted == weight


def test_veteran_grade_nine_is_not_counted_with_reason():
    result = quota_compute(declaration(200, [person(grade=9, cert_type="veteran")]), PARAMS)
    assert result.counted == 0
    assert set(result.persons[0].not_counted.values()) == {"veteran_not_counted"}


def test_pro_rated_months_october_to_december():
    # Oct–Dec = 3/12 = 0.25; severe (grade 1) = 2 × 3/12 = 0.5.
    ordinary = quota_compute(declaration(200, [person(months={10, 11, 12})]), PARAMS)
    severe = quota_compute(declaration(200, [person(grade=1, months={10, 11, 12})]), PARAMS)
    assert ordinary.counted == Fraction(1, 4)
    assert severe.counted == Fraction(1, 2)
    assert ordinary.to_dict()["counted"] == "0.25"
    assert severe.to_dict()["persons"][0]["counted"] == "0.5"
    # Jan–Sep are reported as not employed, so every month has a count or a reason.
    assert ordinary.persons[0].counted_months == (10, 11, 12)
    assert ordinary.persons[0].not_counted == dict.fromkeys(range(1, 10), "not_employed")
    assert ordinary.to_dict()["persons"][0]["not_counted"]["1"] == "未在岗"


def test_one_twelfth_is_exact_and_displayed_to_four_places():
    # One month of an ordinary person = 1/12 = 0.08333… kept exact; shown as 0.0833.
    # Twelve such persons (different months' worth summed) are exactly 1, not 0.9996.
    one = quota_compute(declaration(200, [person(months={5})]), PARAMS)
    assert one.counted == Fraction(1, 12)
    assert one.to_dict()["counted"] == "0.0833"
    twelve = quota_compute(declaration(200, [person(i, months={i}) for i in range(1, 13)]), PARAMS)
    assert twelve.counted == 1
    assert twelve.to_dict()["counted"] == "1"


def test_reason_labels_in_chinese():
    assert REASONS["not_employed"] == "未在岗"
    assert REASONS["not_insured"] == "未足额缴纳社保"
    assert REASONS["below_min_wage"] == "工资低于最低工资标准"
    assert REASONS["short_contract"] == "合同不满一年"
    assert REASONS["veteran_not_counted"] == "残疾军人证9-10级不计入"


def test_months_below_minimum_wage_do_not_count():
    # Jan–Jun paid 2,000 (< 2,280): only Jul–Dec count → 6/12 = 0.5.
    wages = {m: Decimal("2000") if m <= 6 else Decimal("3000") for m in range(1, 13)}
    result = quota_compute(declaration(200, [person(wage=wages)]), PARAMS)
    assert result.counted == Fraction(1, 2)
    assert result.persons[0].not_counted == dict.fromkeys(range(1, 7), "below_min_wage")


def test_wage_exactly_minimum_counts():
    result = quota_compute(declaration(200, [person(wage=Decimal("2280"))]), PARAMS)
    assert result.counted == 1


def test_uninsured_months_do_not_count():
    # Insured Jan–Sep only → 9/12 = 0.75; Oct–Dec not insured.
    result = quota_compute(declaration(200, [person(insured_months=frozenset(range(1, 10)))]), PARAMS)
    assert result.counted == Fraction(9, 12)
    assert result.persons[0].not_counted == dict.fromkeys((10, 11, 12), "not_insured")


def test_month_with_no_wage_recorded_does_not_count():
    # Wages given for Jan–Jun only → Jul–Dec are treated as 0 (below minimum wage) → 6/12.
    wages = dict.fromkeys(range(1, 7), Decimal("3000"))
    result = quota_compute(declaration(200, [person(wage=wages)]), PARAMS)
    assert result.counted == Fraction(1, 2)


@pytest.mark.parametrize(
    ("contract_months", "on_establishment", "counted"),
    [(11, False, 0), (12, False, 1), (None, False, 1), (6, True, 1)],
)
def test_contract_of_at_least_twelve_months_or_establishment(contract_months, on_establishment, counted):
    # 11-month contract, not on the establishment: nothing counts; 12 months, open-ended or 在编: 1.
    entry = person(contract_months=contract_months, on_establishment=on_establishment)
    result = quota_compute(declaration(200, [entry]), PARAMS)
    assert result.counted == counted
    if not counted:
        assert set(result.persons[0].not_counted.values()) == {"short_contract"}


def test_wage_cap_applies():
    # Average wage 300,000 > 2 × 100,000 → basis 200,000. 200 staff, nobody counted:
    # shortfall 3 → gross 600,000 → payable 90% = 540,000.
    result = quota_compute(declaration(200, wage_bill=Decimal(300000 * 200)), PARAMS)
    assert result.avg_wage == 300000
    assert result.wage_basis == 200000
    assert result.levy_gross == Decimal("600000.00")
    assert result.levy_payable == Decimal("540000.00")


def test_staff_average_from_varying_headcounts_not_rounded():
    # (100 × 6 + 141 × 6) / 12 = 120.5; required = 1.8075.
    result = quota_compute(declaration(headcount=(100,) * 6 + (141,) * 6), PARAMS)
    assert result.staff_avg == Fraction(241, 2)
    assert result.required == Fraction(241, 2) * Fraction(15, 1000)
    assert result.to_dict()["staff_avg"] == "120.5"
    assert result.to_dict()["required"] == "1.8075"


@pytest.mark.parametrize(("persons", "reward_persons", "reward"), [(3, 0, "0.00"), (4, 1, "5000.00")])
def test_surplus_whole_persons_only(persons, reward_persons, reward):
    # 140 staff → required 2.1. 3 persons → surplus 0.9 → 0 persons; 4 → 1.9 → 1 person × 5,000.
    result = quota_compute(declaration(140, [person(i) for i in range(persons)]), PARAMS)
    assert result.surplus == persons - Fraction(21, 10)
    assert result.reward_persons == reward_persons
    assert str(result.reward) == reward


def test_unweighted_reward_when_parameter_says_so():
    # Two severe persons count 4 weighted but 2 unweighted; required 2.1 → surplus 1.9 vs 0.
    params = replace(PARAMS, reward_weighted=False)
    result = quota_compute(declaration(140, [person(1, grade=1), person(2, grade=1)]), params)
    assert result.counted == 4
    assert result.reward_persons == 0


def test_year_before_tiering_pays_full_levy():
    params = replace(PARAMS, year=2019, tiering_in_force=False, exemption_in_force=False)
    result = quota_compute(declaration(200, [person(1), person(2)]), params)
    assert result.tier == "full"
    assert result.levy_payable == result.levy_gross == Decimal("80000.00")


def test_dispatched_worker_counted_elsewhere_and_reviewer_exclusion():
    elsewhere = person(1, counted_here=False)
    adjusted = person(2, excluded_months=frozenset({1, 2, 3}))
    result = quota_compute(declaration(200, [elsewhere, adjusted]), PARAMS)
    assert result.persons[0].counted == 0
    assert result.persons[1].counted == Fraction(9, 12)


def test_money_rounded_half_up_only_at_the_end():
    # staff 7 each month (government): required 0.105; wage bill 70,000.35 → avg 10,000.05;
    # gross = 0.105 × 10,000.05 = 1,050.00525 → 1,050.01; payable 90% = 945.004725 → 945.00.
    result = quota_compute(declaration(7, employer_type="government", wage_bill=Decimal("70000.35")), PARAMS)
    assert result.levy_gross == Decimal("1050.01")
    assert result.levy_payable == Decimal("945.00")


def test_no_staff_is_a_clear_error():
    with pytest.raises(QuotaError, match="年平均人数为0"):
        quota_compute(declaration(headcount=(0,) * 12), PARAMS)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"headcount": (10,) * 11}, "12个月"),
        ({"headcount": (10,) * 11 + (-1,)}, "负数"),
        ({"employer_type": "company"}, "单位类型"),
    ],
)
def test_invalid_declaration_is_an_error(kwargs, message):
    kwargs = dict(kwargs)  # the parametrized dict is shared between runs
    headcount = kwargs.pop("headcount", None)
    data = declaration(**kwargs)
    if headcount is not None:
        data = replace(data, monthly_headcount=headcount)
    with pytest.raises(QuotaError, match=message):
        quota_compute(data, PARAMS)


def test_ratio_below_one_percent_boundary():
    # 2 persons, one of them only Jan–Nov: 1 + 11/12 = 23/12 counted of 200 staff → 0.958…% < 1% → 90%.
    # Shortfall 3 − 23/12 = 13/12; gross = 13/12 × 80,000 = 86,666.666… → 86,666.67;
    # payable = 0.9 × 86,666.666… = 78,000.00.
    result = quota_compute(declaration(200, [person(1), person(2, months=range(1, 12))]), PARAMS)
    assert result.actual_ratio == Fraction(23, 12 * 200)
    assert result.tier == "reduced_90"
    assert result.shortfall == Fraction(13, 12)
    assert result.levy_gross == Decimal("86666.67")
    assert result.levy_payable == Decimal("78000.00")


def test_met_threshold_parameter():
    # With tier_met_ratio 1% (a hypothetical local rule), 2 of 200 (1%) pays nothing although the
    # shortfall (1) is still reported; the default (None) uses the 1.5% quota ratio.
    params = replace(PARAMS, tier_met_ratio=Decimal("0.01"))
    result = quota_compute(declaration(200, [person(1), person(2)]), params)
    assert result.tier == "met"
    assert result.shortfall == 1
    assert result.levy_payable == 0
    assert PARAMS.met_ratio == Decimal("0.015")
    assert PARAMS.tier_reduced_50_floor == Decimal("0.01")


def test_result_dict_is_json_ready():
    import json

    result = quota_compute(declaration(140, [person(i) for i in range(4)]), PARAMS).to_dict()
    json.dumps(result)
    for key in ("staff_avg", "required", "counted", "shortfall", "actual_ratio", "tier", "avg_wage",
                "wage_basis", "levy_gross", "levy_payable", "surplus", "reward", "persons", "policy_year"):
        assert key in result
    # 140 staff, required 2.1, counted 4 → surplus 1.9, ratio 4/140 = 0.028571…
    assert (result["required"], result["surplus"], result["actual_ratio"]) == ("2.1", "1.9", "0.028571")
    assert (result["avg_wage"], result["levy_payable"], result["reward"]) == ("80000.00", "0.00", "5000.00")


# --- the engine against a tiny reading of the rules written here ----------------------------------
# (Until issue 17 the engine had a second, "fast" implementation checked against it; now there is
# one engine, and this plain per-person, per-month reading stands in as the equivalence check.)

HEADLINE = ("policy_year", "staff_avg", "required", "counted", "counted_unweighted", "shortfall", "actual_ratio",
            "tier", "avg_wage", "wage_cap", "wage_basis", "levy_gross", "levy_payable", "surplus",
            "reward_persons", "reward")


def _random_declaration(rng: random.Random, i: int) -> DeclarationInput:
    staff = rng.choice([rng.randint(1, 40), rng.randint(41, 700)])
    roster = []
    for j in range(rng.randint(0, 12)):
        veteran = rng.random() < 0.2
        months = frozenset(m for m in range(1, 13) if rng.random() < 0.8)
        roster.append(RosterEntry(
            cert_type="veteran" if veteran else "disability",
            cert_no=f"R{i}-{j}",
            grade=rng.randint(1, 10) if veteran else rng.randint(1, 4),
            months=months,
            insured_months=frozenset(m for m in months if rng.random() < 0.9),
            monthly_wage={m: Decimal(rng.choice(["0", "2000", "2280", "2279.99", "5000"])) for m in months},
            contract_months=rng.choice([None, 3, 11, 12, 24]),
            on_establishment=rng.random() < 0.2,
            counted_here=rng.random() < 0.9,
            excluded_months=frozenset(rng.sample(range(1, 13), rng.randint(0, 2))),
        ))
    return DeclarationInput(
        year=2024,
        employer_type=rng.choice(["enterprise", "government", "institution", "social_organization", "other"]),
        monthly_headcount=tuple(max(0, staff + rng.randint(-3, 3)) for _ in range(12)) if staff > 3 else (staff,) * 12,
        wage_bill=Decimal(rng.randint(0, 400_000) * staff) + Decimal(rng.randint(0, 99)) / 100,
        roster=tuple(roster),
    )


@pytest.mark.parametrize(
    "params",
    [
        PARAMS,
        replace(PARAMS, year=2019, tiering_in_force=False, exemption_in_force=False),
        replace(PARAMS, reward_weighted=False, reward_per_person=Decimal("3333.33")),
    ],
    ids=["2024", "before-tiering", "unweighted-reward"],
)
def test_engine_matches_reference_reading(params):
    rng = random.Random(params.year * 7 + params.reward_weighted)
    declarations = [_random_declaration(rng, i) for i in range(400)]
    tiers = set()
    for data in declarations:
        result = quota_compute(data, params)
        reference = reference_figures(data, params)
        tiers.add(result.tier)
        assert {n: getattr(result, n) for n in HEADLINE} == reference
        # The working adds up to the headline figures, and every month has a count or a reason.
        assert sum((p.counted for p in result.persons), Fraction(0)) == result.counted
        for p in result.persons:
            assert set(p.counted_months) | set(p.not_counted) == set(range(1, 13))
            assert not set(p.counted_months) & set(p.not_counted)
    # The random set really exercises the tiers the parameters allow.
    expected = {"exempt", "met", "reduced_50", "reduced_90"} if params.tiering_in_force else {"met", "full"}
    assert expected <= tiers


def test_default_parameters_per_year():
    params = load_default_params()
    assert params[2019].tiering_in_force is False
    assert params[2024].tiering_in_force is True
    assert params[2025].min_wage == Decimal("2490")
    assert params[2022].local_avg_wage == Decimal("129714")
    assert all(p.ratio == Decimal("0.015") for p in params.values())
