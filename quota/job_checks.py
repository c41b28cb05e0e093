"""The minimum-wage check of a job post (``employment.job_checks``), registered from ``QuotaConfig.ready``.

A job's monthly pay — the bottom of its range, or its top when only that is given — must not be below
the minimum wage in force on the day it is saved or published: the ``PolicyYear`` of that calendar year,
else the latest earlier year on record, pro-rated for part-time hours (``quota.engine.wages``). A post
naming no pay (面议) is not checked. With no ``PolicyYear`` at all nothing can be said, and the post passes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from employment.models import JobPost

from .engine.wages import FULL_TIME_HOURS_PER_DAY, monthly_pay_floor
from .models import PolicyYear


def _yuan(value: Decimal) -> str:
    return f"{value:,.0f}"


def _hours(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def min_wage_in_force(today: date) -> PolicyYear | None:
    """The policy year whose minimum wage applies on ``today`` (that year's, else the latest before it)."""
    return PolicyYear.objects.filter(year__lte=today.year).order_by("-year").first()


def min_wage_problem(job: JobPost, today: date) -> dict[str, str]:
    field, pay = ("salary_min", job.salary_min) if job.salary_min is not None else ("salary_max", job.salary_max)
    if pay is None or job.hours_per_day is None or Decimal(job.hours_per_day) <= 0:
        return {}
    policy = min_wage_in_force(today)
    if policy is None:
        return {}
    floor = monthly_pay_floor(policy.min_wage, job.hours_per_day)
    if Decimal(pay) >= floor:
        return {}
    label = "月薪下限" if field == "salary_min" else "月薪上限"
    if Decimal(job.hours_per_day) < FULL_TIME_HOURS_PER_DAY:
        basis = (f"每天工作 {_hours(job.hours_per_day)} 小时的岗位月薪不能低于 {_yuan(floor)} 元"
                 f"（{policy.year}年月最低工资 {_yuan(policy.min_wage)} 元按每天 8 小时折算）")
    else:
        basis = f"月薪不能低于 {policy.year}年当地月最低工资 {_yuan(floor)} 元"
    return {field: f"{label} {_yuan(Decimal(pay))} 元低于最低工资标准：{basis}。请提高{label}。"}


def register() -> None:
    from employment import job_checks

    job_checks.check_register("quota.min_wage", min_wage_problem)
