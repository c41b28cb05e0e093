"""The lowest monthly pay a job post may offer (岗位月薪下限): the year's monthly minimum wage,
pro-rated for a job of fewer hours a day than full time.

The monthly minimum wage (``PolicyYear.min_wage``) is for full-time work, 8 hours a day. A job of fewer
hours must pay at least the same share of it (6 hours: 6/8); a job of more hours is not pro-rated
upwards — the minimum wage is still the floor. The floor is rounded to whole yuan (half up); pay equal
to the floor passes. See docs/policy.md, "Job posts and the minimum wage".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FULL_TIME_HOURS_PER_DAY = Decimal("8")


def monthly_pay_floor(min_wage: Decimal, hours_per_day: Decimal) -> Decimal:
    """The lowest monthly pay for a job of ``hours_per_day`` hours a day, in whole yuan."""
    hours = min(Decimal(hours_per_day), FULL_TIME_HOURS_PER_DAY)
    if hours <= 0:
        raise ValueError("hours_per_day must be positive")
    return (Decimal(min_wage) * hours / FULL_TIME_HOURS_PER_DAY).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def pay_below_floor(pay: Decimal, min_wage: Decimal, hours_per_day: Decimal) -> bool:
    """Whether ``pay`` a month is below the floor (equal passes)."""
    return Decimal(pay) < monthly_pay_floor(min_wage, hours_per_day)
