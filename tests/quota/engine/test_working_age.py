"""The working-age rule (docs/policy.md, "Working age"): at least 16, not past the statutory retirement
age, raised gradually from 2025. Pure functions and the engine; no database."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from domain.identity import make_disability_cert, make_resident_id
from quota.engine import DeclarationInput, PolicyParams, RosterEntry, quota_compute
from quota.engine.io import InputError, parse_declaration
from quota.engine.params import load_default_params
from quota.engine.working_age import (
    FEMALE,
    MALE,
    RetirementRule,
    age_label,
    retirement_age_months,
    sex_of,
    working_age_months,
)

ALL = frozenset(range(1, 13))
OLD = RetirementRule()  # before 2025: 16; 60 / 55 / 50; no raise
NEW = RetirementRule(raise_in_force=True)  # from 2025


def months(first: int, last: int) -> frozenset[int]:
    return frozenset(range(first, last + 1))


# ---- identity: sex from the 17th character --------------------------------------------------------


def test_sex_is_read_from_the_seventeenth_character():
    assert sex_of(make_resident_id(birth=date(1990, 1, 1), seq=101)) == MALE  # odd
    assert sex_of(make_resident_id(birth=date(1990, 1, 1), seq=102)) == FEMALE  # even


# ---- the lower bound: 15 and 16 -----------------------------------------------------------------------


def test_a_fifteen_year_old_never_counts():
    # Born June 2010: 15 all through 2025 until the 16th birthday in June 2026.
    assert working_age_months(2025, date(2010, 6, 20), MALE, "", NEW) == frozenset()


def test_the_month_of_the_sixteenth_birthday_counts():
    # Born 20 June 2009: 16 on 20 June 2025; June counts (of working age on a day of it), May does not.
    assert working_age_months(2025, date(2009, 6, 20), FEMALE, "", NEW) == months(6, 12)
    # A sixteen-year-old all year counts every month.
    assert working_age_months(2025, date(2008, 12, 31), MALE, "", NEW) == ALL


# ---- the old rule (before 2025) --------------------------------------------------------------------------


def test_men_old_rule_count_to_the_month_of_the_sixtieth_birthday():
    # Born March 1960: 60 in March 2020; March counts, April does not.
    assert working_age_months(2020, date(1960, 3, 15), MALE, "", OLD) == months(1, 3)
    assert working_age_months(2019, date(1960, 3, 15), MALE, "", OLD) == ALL
    assert working_age_months(2021, date(1960, 3, 15), MALE, "", OLD) == frozenset()


def test_women_old_rule_depend_on_the_post():
    born = date(1965, 7, 1)  # 55 in July 2020
    assert working_age_months(2020, born, FEMALE, "cadre", OLD) == months(1, 7)
    # Not given: read as a cadre (55), never the earlier age.
    assert working_age_months(2020, born, FEMALE, "", OLD) == months(1, 7)
    # A woman worker born July 1970 reaches 50 in July 2020.
    assert working_age_months(2020, date(1970, 7, 1), FEMALE, "worker", OLD) == months(1, 7)
    # The same woman as a worker was already past 50 in 2020.
    assert working_age_months(2020, born, FEMALE, "worker", OLD) == frozenset()


def test_men_ignore_the_female_post():
    assert working_age_months(2020, date(1960, 3, 15), MALE, "worker", OLD) == months(1, 3)


# ---- the gradual raise from 2025 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "group", "expected"),
    [
        (date(1964, 12, 1), "male", 720),  # before the first cohort: 60
        (date(1965, 1, 1), "male", 721),  # 1965-01…04: 60 years 1 month
        (date(1965, 4, 30), "male", 721),
        (date(1965, 5, 1), "male", 722),  # 1965-05…08: 60 years 2 months
        (date(1965, 12, 1), "male", 723),  # 60 years 3 months, retiring March 2026
        (date(1968, 12, 1), "male", 732),  # ⌊47/4⌋ + 1 = 12: 61
        (date(1976, 5, 1), "male", 755),  # 35 months
        (date(1976, 9, 1), "male", 756),  # 36 months: 63 in full
        (date(1995, 12, 1), "male", 756),  # capped at 63
        (date(1969, 12, 1), "female_cadre", 660),  # before the first cohort: 55
        (date(1970, 1, 1), "female_cadre", 661),
        (date(1971, 4, 1), "female_cadre", 664),  # 55 years 4 months, retiring August 2026
        (date(2000, 12, 1), "female_cadre", 696),  # capped at 58
        (date(1974, 12, 1), "female_worker", 600),  # before the first cohort: 50
        (date(1975, 1, 1), "female_worker", 601),  # 1975-01…02: 50 years 1 month
        (date(1975, 3, 1), "female_worker", 602),  # 1975-03…04: 50 years 2 months
        (date(1984, 9, 1), "female_worker", 659),
        (date(1984, 11, 1), "female_worker", 660),  # 60 months: 55 in full
        (date(1995, 12, 1), "female_worker", 660),
    ],
)
def test_retirement_age_under_the_2024_decision(birth, group, expected):
    assert retirement_age_months(birth, group, NEW) == expected
    # Without the raise every group keeps its base age.
    assert retirement_age_months(birth, group, OLD) == getattr(OLD, group) * 12


def test_age_label():
    assert age_label(720) == "60周岁"
    assert age_label(723) == "60周岁3个月"


def test_a_birth_month_affected_by_the_raise_counts_one_month_longer():
    # Born January 1965: 60 in January 2025; with the raise 60 years 1 month, retiring February 2025.
    assert working_age_months(2025, date(1965, 1, 10), MALE, "", NEW) == months(1, 2)
    assert working_age_months(2025, date(1965, 1, 10), MALE, "", OLD) == months(1, 1)
    # Born December 1965: 60 years 3 months, so all of 2025 and January–March 2026.
    assert working_age_months(2025, date(1965, 12, 1), MALE, "", NEW) == ALL
    assert working_age_months(2026, date(1965, 12, 1), MALE, "", NEW) == months(1, 3)
    # A woman worker born March 1975: 50 years 2 months, to May 2025.
    assert working_age_months(2025, date(1975, 3, 5), FEMALE, "worker", NEW) == months(1, 5)
    # A woman cadre born April 1971: 55 years 4 months, to August 2026.
    assert working_age_months(2026, date(1971, 4, 5), FEMALE, "cadre", NEW) == months(1, 8)


def test_the_base_ages_are_parameters():
    rule = replace(NEW, male=62)  # a year whose row says 62: the raise starts with those born in 1963
    assert retirement_age_months(date(1963, 1, 1), "male", rule) == 62 * 12 + 1
    assert working_age_months(2025, date(2008, 1, 1), MALE, "", replace(OLD, min_age=18)) == frozenset()


def test_a_75_year_old_never_counts():
    params = load_default_params()
    for year, p in params.items():
        born = date(year - 75, 6, 1)
        for sex, post in ((MALE, ""), (FEMALE, ""), (FEMALE, "cadre"), (FEMALE, "worker")):
            assert working_age_months(year, born, sex, post, p.retirement_rule) == frozenset(), (year, sex, post)


# ---- the year's parameters -------------------------------------------------------------------------------


def test_the_parameters_file_has_the_raise_from_2025():
    params = load_default_params()
    for year, p in params.items():
        assert p.retirement_rule == RetirementRule(raise_in_force=year >= 2025)


# ---- the engine, month by month ---------------------------------------------------------------------------

PARAMS_2025 = PolicyParams(
    year=2025,
    ratio=Decimal("0.015"),
    cap_multiple=Decimal("2"),
    local_avg_wage=Decimal("100000"),
    min_wage=Decimal("2490"),
    tiering_in_force=True,
    retirement_raise_in_force=True,
)


def entry(birth, sex="M", female_post="", months_employed=ALL, n=1):
    return RosterEntry(
        cert_type="disability",
        cert_no=f"CERT{n:04d}",
        grade=3,
        months=frozenset(months_employed),
        insured_months=ALL,
        monthly_wage=dict.fromkeys(ALL, Decimal("4000")),
        birth=birth,
        sex=sex,
        female_post=female_post,
    )


def compute(*entries):
    data = DeclarationInput(
        year=2025, employer_type="government", monthly_headcount=(100,) * 12, wage_bill=Decimal("8000000"),
        roster=tuple(entries),
    )
    return quota_compute(data, PARAMS_2025)


def test_engine_counts_only_working_age_months_and_says_why():
    result = compute(entry(date(1965, 1, 10)))  # retires February 2025
    person = result.persons[0]
    assert person.counted_months == (1, 2)
    assert result.counted * 12 == 2
    shown = person.to_dict()["not_counted"]
    assert shown == {str(m): "不在劳动年龄内" for m in range(3, 13)}


def test_engine_75_year_old_counts_nothing():
    result = compute(entry(date(1950, 3, 1)), entry(date(1950, 3, 1), sex="F", female_post="cadre", n=2))
    assert result.counted == 0
    assert all(set(p.to_dict()["not_counted"].values()) == {"不在劳动年龄内"} for p in result.persons)


def test_not_employed_is_said_before_working_age():
    # Employed from June; turned 16 in March: January–May are 未在岗 (the first reason), not age.
    person = compute(entry(date(2009, 3, 1), months_employed=months(6, 12))).persons[0]
    assert person.counted_months == tuple(range(6, 13))
    assert set(person.to_dict()["not_counted"].values()) == {"未在岗"}


def test_unknown_birth_is_not_checked():
    # A veteran's certificate carries no resident ID: no birth date, no working-age check.
    veteran = replace(entry(None), cert_type="veteran", grade=5)
    assert compute(veteran).persons[0].counted_months == tuple(range(1, 13))


# ---- the JSON form (quota_compute) --------------------------------------------------------------------------


def _json(*rows):
    return {
        "year": 2025, "employer_type": "government", "monthly_headcount": [100] * 12, "wage_bill": "8000000",
        "roster": list(rows),
    }


def _cert(birth, seq):
    return make_disability_cert(make_resident_id(birth=birth, seq=seq), 4, 3)


def test_json_reads_birth_and_sex_from_the_certificate_and_takes_the_post():
    params = {2025: PARAMS_2025}.get
    woman = {"cert_no": _cert(date(1975, 3, 5), 102), "months": list(range(1, 13)), "monthly_wage": 4000,
             "female_post": "worker"}
    old_man = {"cert_no": _cert(date(1950, 3, 1), 101), "months": list(range(1, 13)), "monthly_wage": 4000}
    declaration, p = parse_declaration(_json(woman, old_man), params)
    assert declaration.roster[0].sex == FEMALE and declaration.roster[0].birth == date(1975, 3, 5)
    result = quota_compute(declaration, p)
    assert result.persons[0].counted_months == (1, 2, 3, 4, 5)
    assert result.persons[1].counted_months == ()
    # Without the post the woman is read as a cadre (55 → 58): all year.
    del woman["female_post"]
    declaration, p = parse_declaration(_json(woman), params)
    assert quota_compute(declaration, p).persons[0].counted_months == tuple(range(1, 13))


def test_json_rejects_an_unknown_post():
    row = {"cert_no": _cert(date(1980, 1, 1), 102), "months": [1], "monthly_wage": 4000, "female_post": "boss"}
    with pytest.raises(InputError) as exc:
        parse_declaration(_json(row), {2025: PARAMS_2025}.get)
    assert exc.value.field == "roster[0].female_post"
