"""The "someone employed on a day" rule and a family's status: plain functions, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from households.rules import (
    STATUS_EMPLOYED,
    STATUS_EXITED,
    STATUS_UNIDENTIFIED,
    STATUS_WITHOUT,
    family_employed_on,
    family_status,
    placement_active_on,
)

ON = date(2025, 6, 15)


@dataclass
class Job:
    contract_start: date
    contract_end: date | None = None
    ended_on: date | None = None


@dataclass
class Family:
    identified_on: date | None = date(2025, 1, 1)
    exited_on: date | None = None
    other_employed_from: date | None = None
    other_employed_until: date | None = None


@pytest.mark.parametrize(
    ("job", "active"),
    [
        (Job(date(2025, 6, 15)), True),  # starts today
        (Job(date(2025, 6, 16)), False),  # starts tomorrow
        (Job(date(2025, 1, 1), contract_end=date(2025, 6, 15)), True),  # last contract day
        (Job(date(2025, 1, 1), contract_end=date(2025, 6, 14)), False),
        (Job(date(2025, 1, 1), ended_on=date(2025, 6, 16)), True),  # leaves tomorrow
        (Job(date(2025, 1, 1), ended_on=date(2025, 6, 15)), False),  # left today
    ],
)
def test_placement_active_on_boundaries(job, active):
    assert placement_active_on(job, ON) is active


@pytest.mark.parametrize(
    ("start", "until", "employed"),
    [
        (None, None, False),
        (date(2025, 6, 15), None, True),
        (date(2025, 6, 16), None, False),
        (date(2025, 1, 1), date(2025, 6, 15), True),
        (date(2025, 1, 1), date(2025, 6, 14), False),
    ],
)
def test_other_member_job_counts_while_it_covers_the_day(start, until, employed):
    family = Family(other_employed_from=start, other_employed_until=until)
    assert family_employed_on(family, [], ON) is employed


def test_a_member_with_an_active_placement_makes_the_family_employed():
    jobs = [Job(date(2024, 1, 1), ended_on=date(2024, 12, 31)), Job(date(2025, 5, 1))]
    assert family_employed_on(Family(), jobs, ON)
    assert not family_employed_on(Family(), jobs[:1], ON)


@pytest.mark.parametrize(
    ("family", "employed", "status"),
    [
        (Family(), False, STATUS_WITHOUT),
        (Family(), True, STATUS_EMPLOYED),
        (Family(exited_on=date(2025, 6, 15)), True, STATUS_EXITED),
        (Family(exited_on=date(2025, 6, 16)), False, STATUS_WITHOUT),  # leaves tomorrow: still on the register
        (Family(identified_on=None), True, STATUS_UNIDENTIFIED),
        (Family(identified_on=date(2025, 6, 16)), False, STATUS_UNIDENTIFIED),
    ],
)
def test_family_status(family, employed, status):
    assert family_status(family, employed=employed, on=ON) == status
