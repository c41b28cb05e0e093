"""The default per-year parameters in data/policy_params.json: values, sources and year changes."""

import json
from decimal import Decimal

import pytest

from quota.engine.params import DEFAULT_PARAMS_FILE, load_default_params, load_raw

RAW = load_raw()
PARAMS = load_default_params()


def test_years_2018_to_2026():
    assert sorted(PARAMS) == list(range(2018, 2027))


@pytest.mark.parametrize("year", range(2018, 2027))
def test_every_value_has_a_source(year):
    for name, entry in RAW[year].items():
        assert set(entry) >= {"value", "source"}, name
        assert entry["source"].strip(), f"{year} {name} has no source"


@pytest.mark.parametrize(
    ("year", "tiering", "exemption"),
    [(2018, False, False), (2019, False, False), (2020, True, True), (2024, True, True), (2026, True, True)],
)
def test_tiering_and_exemption_from_2020(year, tiering, exemption):
    assert PARAMS[year].tiering_in_force is tiering
    assert PARAMS[year].exemption_in_force is exemption
    assert PARAMS[year].exemption_max_staff == 30


def test_known_figures_and_their_sources():
    assert all(p.ratio == Decimal("0.015") for p in PARAMS.values())
    assert all(p.cap_multiple == 2 for p in PARAMS.values())
    assert "39号" in RAW[2018]["cap_multiple"]["source"] and "3倍" in RAW[2018]["cap_multiple"]["source"]
    assert PARAMS[2021].local_avg_wage == Decimal("124120")
    assert PARAMS[2022].local_avg_wage == Decimal("129714")
    assert "未公布" in RAW[2024]["local_avg_wage"]["source"]
    assert PARAMS[2024].min_wage == Decimal("2280")
    assert PARAMS[2025].min_wage == Decimal("2490")
    assert "示例值" in RAW[2024]["reward_per_person"]["source"]
    assert "2023年第8号" in RAW[2024]["tiering_in_force"]["source"]


def test_workflow_and_subsidy_parameters_present():
    for values in RAW.values():
        assert values["review_window_start"]["value"] == "03-01"
        assert values["review_window_end"]["value"] == "10-31"
        assert values["publicity_days"]["value"] == 7
        assert Decimal(values["si_subsidy_share"]["value"]) == Decimal("0.5")
        assert values["si_subsidy_max_months"]["value"] == 36
        assert set(values["startup_subsidy_tiers"]["value"]) == {"A", "B", "C", "D"}


def test_optional_met_threshold_is_read(tmp_path):
    data = json.loads(DEFAULT_PARAMS_FILE.read_text(encoding="utf-8"))
    data["2024"]["tier_met_ratio"] = {"value": "0.012", "source": "测试"}
    path = tmp_path / "params.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    params = load_default_params(path)
    assert params[2024].met_ratio == Decimal("0.012")
    assert params[2023].met_ratio == Decimal("0.015")
