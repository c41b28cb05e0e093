"""What each start-up subsidy tier requires (``PolicyYear.startup_subsidy_tier_criteria``): in the data
file for every year that has tiers, seeded, filled in by the migration for years seeded before it,
and edited by district staff next to the amounts, where a tier with an amount and no criterion (or a
criterion for a tier with no amount) is refused in words."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from quota.engine.params import load_raw
from quota.models import PolicyYear
from quota.policy_seed import policy_years_seed
from tests.quota.conftest import YEAR
from tests.quota.test_one_way_to_change import _form_data

pytestmark = pytest.mark.django_db

NAME = "startup_subsidy_tier_criteria"
CRITERIA = {"A": "带动就业3人以上", "B": "营业额达标", "C": "正常经营满1年", "D": "首次创业登记"}


def test_the_file_says_the_criterion_of_every_tier_as_a_provisional_example():
    for year, raw in load_raw().items():
        if "startup_subsidy_tiers" not in raw:
            continue
        entry = raw[NAME]
        assert entry["value"] == CRITERIA, year
        assert set(entry["value"]) == set(raw["startup_subsidy_tiers"]["value"]), year
        assert entry["provisional"] is True and "示例" in entry["source"], year


def test_the_seed_gives_every_year_its_criteria_marked_provisional(db):
    policy_years_seed()
    rows = list(PolicyYear.objects.all())
    assert rows and len(rows) == len(load_raw())
    for row in rows:
        assert row.startup_subsidy_tier_criteria == CRITERIA, row.year
        assert NAME in row.provisional_fields, row.year
        assert "一次性创业补贴档次条件：" in row.source
        row.full_clean()  # what was seeded passes the admin's validation


def test_the_migration_fills_years_seeded_before_it(policy):
    migration = importlib.import_module("quota.migrations.0011_startup_tier_criteria")
    PolicyYear.objects.update(startup_subsidy_tier_criteria={}, provisional_fields=[])
    # The district added a tier of its own to one year, and a year the file does not have.
    PolicyYear.objects.filter(year=2024).update(startup_subsidy_tiers={"A": "20000", "E": "3000"})
    PolicyYear.objects.create(year=2030, min_wage="2490", source="区残联录入",
                              startup_subsidy_tiers={"B": "10000"})
    # A year whose criteria someone already wrote keeps them.
    PolicyYear.objects.filter(year=2018).update(startup_subsidy_tier_criteria={"A": "区里写的"})
    migration.fill_tier_criteria(apps, None)

    row = PolicyYear.objects.get(year=YEAR)
    assert row.startup_subsidy_tier_criteria == CRITERIA and row.provisional_fields == [NAME]
    assert PolicyYear.objects.get(year=2024).startup_subsidy_tier_criteria == {"A": "带动就业3人以上"}
    assert PolicyYear.objects.get(year=2030).startup_subsidy_tier_criteria == {"B": "营业额达标"}
    kept = PolicyYear.objects.get(year=2018)
    assert kept.startup_subsidy_tier_criteria == {"A": "区里写的"} and kept.provisional_fields == []
    # The tier the district added has no criterion: the admin asks for one at the next save.
    with pytest.raises(ValidationError) as refused:
        PolicyYear.objects.get(year=2024).full_clean()
    assert refused.value.message_dict[NAME] == ["请写明E档的申请条件：每个有金额的档次都要有条件，申请人选择档次时会看到。"]


@pytest.mark.parametrize(("criteria", "message"), [
    ({**CRITERIA, "D": "  "}, "请写明D档的申请条件"),
    ({"A": "带动就业3人以上"}, "请写明B档、C档、D档的申请条件"),
    ({**CRITERIA, "E": "残疾人合伙创业"}, "E档写了申请条件，但“一次性创业补贴档次（元）”中没有这一档的金额"),
    (["带动就业3人以上"], "请按 {\"A\": \"带动就业3人以上\", \"B\": \"营业额达标\"} 的格式填写"),
    ({**CRITERIA, "A": 3}, "的格式填写每个档次的申请条件"),
])
def test_a_tier_with_an_amount_needs_a_criterion(policy, criteria, message):
    policy.startup_subsidy_tier_criteria = criteria
    with pytest.raises(ValidationError) as refused:
        policy.full_clean()
    assert message in refused.value.message_dict[NAME][0]


def test_criteria_are_trimmed_and_a_year_without_tiers_needs_none(policy):
    policy.startup_subsidy_tier_criteria = {k: f" {v} " for k, v in CRITERIA.items()}
    policy.full_clean()
    assert policy.startup_subsidy_tier_criteria == CRITERIA
    policy.startup_subsidy_tiers, policy.startup_subsidy_tier_criteria = {}, {}
    policy.full_clean()


def test_district_staff_edit_the_criteria_next_to_the_amounts(world, policy, client):
    client.force_login(world.users["district"])
    url = reverse("wagtailsnippets_quota_policyyear:edit", args=[policy.pk])
    page = client.get(url).content.decode()
    assert "一次性创业补贴档次条件" in page and "带动就业3人以上" in page
    assert page.index("一次性创业补贴档次（元）") < page.index("一次性创业补贴档次条件")

    # A tier whose criterion was left out is refused, naming it, and nothing is saved.
    response = client.post(url, _form_data(policy, startup_subsidy_tier_criteria='{"A": "带动就业3人以上", '
                                           '"B": "营业额达标", "C": "正常经营满1年"}'))
    assert response.status_code == 200
    assert "请写明D档的申请条件" in response.content.decode()
    assert PolicyYear.objects.get(pk=policy.pk).startup_subsidy_tier_criteria == CRITERIA

    response = client.post(url, _form_data(policy, startup_subsidy_tier_criteria='{"A": "带动就业5人以上", '
                                           '"B": "营业额达标", "C": "正常经营满1年", "D": "首次创业登记"}'), follow=True)
    assert response.status_code == 200
    assert PolicyYear.objects.get(pk=policy.pk).startup_subsidy_tier_criteria["A"] == "带动就业5人以上"


@pytest.mark.parametrize("tiers", [
    {**dict.fromkeys(CRITERIA, "20000"), "A": "两万"},
    {**dict.fromkeys(CRITERIA, "20000"), "A": "0"},
    {**dict.fromkeys(CRITERIA, "20000"), "A": "-5000"},
    {**dict.fromkeys(CRITERIA, "20000"), "A": "20000.005"},
    {**dict.fromkeys(CRITERIA, "20000"), "A": "NaN"},
    {**dict.fromkeys(CRITERIA, "20000"), "A": ["20000"]},
    {**dict.fromkeys(CRITERIA, "20000"), "ABCDEFGHI": "1000"},
    ["20000"],
])
def test_a_tier_amount_must_be_a_positive_sum_of_yuan(policy, tiers):
    policy.startup_subsidy_tiers = tiers
    with pytest.raises(ValidationError) as refused:
        policy.full_clean()
    assert "金额为大于0的元数" in refused.value.message_dict["startup_subsidy_tiers"][0]


@pytest.mark.parametrize(("amount", "ok"), [("1999.99", False), ("2000", True), ("20000", True),
                                            ("20000.01", False), ("200000", False)])
def test_a_tier_amount_stays_in_the_districts_range(policy, amount, ok):
    """2,000–20,000 元 a grant (the district's rule): an extra zero is caught when the year is saved."""
    policy.startup_subsidy_tiers = {**policy.startup_subsidy_tiers, "A": amount}
    if ok:
        policy.full_clean()
        return
    with pytest.raises(ValidationError) as refused:
        policy.full_clean()
    assert refused.value.message_dict["startup_subsidy_tiers"] == [
        f"A档的金额 {amount} 元不在区规定的 2,000–20,000 元范围内，请核对（是否多写或少写了一个0）。"]


def test_a_tier_undecided_applications_use_cannot_be_removed(world, policy):
    """The applications are the subsidies app's (it registers the count): a tier a draft, a filed or a
    sent-back start-up application of the year chose stays; once they are decided it may go."""
    from subsidies.models import Programme, SubsidyApplication, SubsidyStatus

    application = SubsidyApplication.objects.create(
        programme=Programme.STARTUP, seeker=world.seeker_a, town=world.town_x, year=policy.year, tier="D",
        status=SubsidyStatus.TOWN_REVIEW, amount=2000)
    policy.refresh_from_db()
    without_d = {k: v for k, v in policy.startup_subsidy_tiers.items() if k != "D"}
    policy.startup_subsidy_tiers = without_d
    policy.startup_subsidy_tier_criteria = {k: v for k, v in CRITERIA.items() if k != "D"}
    with pytest.raises(ValidationError) as refused:
        policy.full_clean()
    assert refused.value.message_dict["startup_subsidy_tiers"][0].startswith("D档（1 份）还有尚未审结的创业补贴申请在用")
    SubsidyApplication.objects.filter(pk=application.pk).update(status=SubsidyStatus.APPROVED)
    policy.full_clean()  # decided: its amount is its own, the tier may go
    assert policy.startup_subsidy_tiers == without_d


def test_tier_amounts_and_names_are_kept_in_one_form(policy):
    policy.startup_subsidy_tiers = {"a": " 20000 ", "B": 10000, "C": "5E+3", "D": "2000.50"}
    policy.startup_subsidy_tier_criteria = {"a": "带动就业3人以上", "B": "营业额达标", "C": "正常经营满1年", "D": "首次创业登记"}
    policy.full_clean()
    assert policy.startup_subsidy_tiers == {"A": "20000", "B": "10000", "C": "5000", "D": "2000.50"}
    assert policy.startup_subsidy_tier_criteria == CRITERIA
