"""The lowest monthly pay a job may offer: the year's minimum wage, pro-rated below 8 hours a day."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quota.engine.wages import monthly_pay_floor, pay_below_floor


@pytest.mark.parametrize(
    ("hours", "floor"),
    [("8", "2490"), ("10", "2490"), ("12", "2490"), ("6", "1868"), ("4", "1245"), ("6.5", "2023"), ("1", "311")],
)
def test_floor_is_pro_rated_below_full_time(hours, floor):
    assert monthly_pay_floor(Decimal("2490"), Decimal(hours)) == Decimal(floor)


@pytest.mark.parametrize(("pay", "below"), [("1867", True), ("1868", False), ("3000", False)])
def test_pay_equal_to_the_floor_passes(pay, below):
    assert pay_below_floor(Decimal(pay), Decimal("2490"), Decimal("6")) is below


def test_hours_must_be_positive():
    with pytest.raises(ValueError):
        monthly_pay_floor(Decimal("2490"), Decimal("0"))
