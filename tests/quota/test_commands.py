"""``quota_compute`` (JSON in, JSON out, exit 2 naming the field) and idempotent ``seed_policy``."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from quota.models import PolicyYear

from .conftest import cert

ROOT = Path(__file__).resolve().parents[2]


def _declaration(**overrides) -> dict:
    data = {
        "year": 2025,
        "employer_type": "enterprise",
        "monthly_headcount": [100] * 12,
        "wage_bill": "10000000",
        "roster": [{"cert_no": cert(1), "months": list(range(1, 13)), "monthly_wage": "4000"}],
    }
    data.update(overrides)
    return data


def test_seed_policy_is_idempotent_and_keeps_staff_edits(db):
    call_command("seed_policy", stdout=StringIO())
    count = PolicyYear.objects.count()
    assert count >= 1
    PolicyYear.objects.filter(year=2025).update(reward_per_person=1234)
    call_command("seed_policy", stdout=StringIO())
    assert PolicyYear.objects.count() == count
    assert PolicyYear.objects.get(year=2025).reward_per_person == 1234
    row = PolicyYear.objects.get(year=2025)
    assert row.source and row.publicity_days == 7


def test_quota_compute_prints_result(db, tmp_path):
    call_command("seed_policy", stdout=StringIO())
    path = tmp_path / "d.json"
    path.write_text(json.dumps(_declaration()), encoding="utf-8")
    out = StringIO()
    call_command("quota_compute", str(path), stdout=out)
    result = json.loads(out.getvalue())
    assert result["staff_avg"] == "100" and result["counted"] == "1" and result["required"] == "1.5"
    assert result["persons"][0]["cert_no"] != cert(1)  # masked


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (_declaration(monthly_headcount=[1] * 11), "monthly_headcount"),
        (_declaration(wage_bill="abc"), "wage_bill"),
        (_declaration(roster=[{"cert_no": "123", "months": [1], "monthly_wage": "1"}]), "roster[0].cert_no"),
        (_declaration(year=1990), "year"),
    ],
)
def test_quota_compute_invalid_input_names_the_field(db, tmp_path, data, field):
    path = tmp_path / "d.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("quota_compute", str(path), stdout=StringIO())
    assert info.value.returncode == 2 and str(info.value).startswith(field)


def test_quota_compute_exit_code_2_without_traceback(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "manage.py", "quota_compute", str(path)], cwd=ROOT, capture_output=True, text=True,
        timeout=120, check=False,
    )
    assert proc.returncode == 2
    assert "JSON" in proc.stderr and "Traceback" not in proc.stderr


def test_quota_compute_applies_the_working_age_rule_from_the_database_year(db, tmp_path):
    # A woman worker born March 1975: under 2025's raise she retires at 50 years 2 months (May 2025).
    from datetime import date

    from domain import identity

    call_command("seed_policy", stdout=StringIO())
    woman = identity.make_disability_cert(identity.make_resident_id(birth=date(1975, 3, 5), seq=102), 4, 3)
    row = {"cert_no": woman, "months": list(range(1, 13)), "monthly_wage": "4000", "female_post": "worker"}
    path = tmp_path / "d.json"
    path.write_text(json.dumps(_declaration(roster=[row])), encoding="utf-8")
    out = StringIO()
    call_command("quota_compute", str(path), stdout=out)
    person = json.loads(out.getvalue())["persons"][0]
    assert person["counted_months"] == [1, 2, 3, 4, 5]
    assert person["not_counted"] == {str(m): "不在劳动年龄内" for m in range(6, 13)}
    # A year whose row has the raise switched off retires her at 50: March.
    PolicyYear.objects.filter(year=2025).update(retirement_raise_in_force=False)
    out = StringIO()
    call_command("quota_compute", str(path), stdout=out)
    assert json.loads(out.getvalue())["persons"][0]["counted_months"] == [1, 2, 3]
