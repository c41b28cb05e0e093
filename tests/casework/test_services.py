"""Casework writes: follow-up dates (pure) and scheduling on every new placement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from casework.services import add_months, follow_up_record, follow_ups_schedule


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 7, 1), 6, date(2027, 1, 1)),
        (date(2026, 12, 31), 12, date(2027, 12, 31)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.django_db
def test_placement_schedules_four_follow_ups_once(world):
    from employment import services

    placement = services.placement_record(
        seeker=world.seeker_a, employer=world.employer_a, contract_start=date(2026, 1, 31),
        monthly_wage=Decimal("3200"),
    )
    rows = list(placement.follow_ups.order_by("months"))
    assert [(r.months, r.due_on) for r in rows] == [
        (1, date(2026, 2, 28)), (3, date(2026, 4, 30)), (6, date(2026, 7, 31)), (12, date(2027, 1, 31)),
    ]
    follow_ups_schedule(placement=placement)  # idempotent
    assert placement.follow_ups.count() == 4


@pytest.mark.django_db
def test_follow_up_record_rejects_unknown_outcome(world):
    from django.core.exceptions import ValidationError

    from employment import services

    placement = services.placement_record(
        seeker=world.seeker_a, employer=world.employer_a, contract_start=date(2026, 1, 1), monthly_wage=Decimal("3200")
    )
    row = placement.follow_ups.first()
    with pytest.raises(ValidationError):
        follow_up_record(follow_up=row, outcome="bogus", done_on=date(2026, 2, 1))
    row.refresh_from_db()
    assert row.done_on is None
