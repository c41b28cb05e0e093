"""``manage.py seed_towns`` loads the district's towns and nothing else, and can be run again."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from employment.models import Employer, JobSeeker, Town
from employment.towns import TOWNS_FILE

pytestmark = pytest.mark.django_db


def test_seed_towns_loads_every_town_once_and_nothing_else():
    expected = json.loads(TOWNS_FILE.read_text(encoding="utf-8"))
    call_command("seed_towns")
    call_command("seed_towns")
    assert Town.objects.count() == len(expected) == 17
    first = Town.objects.get(code=expected[0]["code"])
    assert first.name == expected[0]["name"] and first.sort_order == 0
    assert not Employer.objects.exists() and not JobSeeker.objects.exists()


def test_seed_towns_updates_a_renamed_town_by_code(tmp_path):
    rows = json.loads(TOWNS_FILE.read_text(encoding="utf-8"))
    call_command("seed_towns")
    rows[0]["name"] = "改名后的街道"
    changed = tmp_path / "towns.json"
    changed.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    call_command("seed_towns", file=str(changed))
    assert Town.objects.count() == 17 and Town.objects.get(code=rows[0]["code"]).name == "改名后的街道"
