"""The seeker's hours and pay filters (每天最多工作小时数 / 月薪至少) as the engine applies them, before ranking."""

from __future__ import annotations

from decimal import Decimal

import pytest

from matching.engine.matcher import (
    JobCorpus,
    JobFilters,
    allowed_jobs,
    rank_jobs_for_seeker,
)
from matching.engine.profiles import JobProfile, SeekerProfile

SEEKER = SeekerProfile(id="S1", town="鼓楼街道", skills=("打字",), desired_jobs=("客服",))


def _job(job_id="J1", **kwargs) -> JobProfile:
    return JobProfile(id=job_id, title="电商文字客服", description="用文字回复顾客咨询", remote=True, **kwargs)


@pytest.mark.parametrize(
    ("hours", "max_hours", "shown"),
    [
        (6.0, 6, True),  # equal is allowed
        (6.0, Decimal("6"), True),
        (6.7, Decimal("6.7"), True),  # a float job and a Decimal form value: still equal
        (6.5, 6, False),
        (4.0, 6.5, True),
        (None, 12, False),  # unknown hours never count as within the limit
    ],
)
def test_max_hours_boundary(hours, max_hours, shown):
    assert JobFilters(max_hours=max_hours).accepts(SEEKER, _job(hours_per_day=hours)) is shown


@pytest.mark.parametrize(
    ("salary_min", "salary_max", "min_pay", "shown"),
    [
        # 月薪至少 X is matched by the bottom of the range (issue 16 item 8; the upper bound decided before).
        ("3000", "4500", "3000", True),  # equal is allowed
        ("3000", "4500", "3001", False),
        ("3000", "4500", "4500", False),  # the top reaches it, but the seeker may be paid 3000
        ("2500", "4000", "3000", False),
        ("3000", "4500", "2000", True),
        (None, "4500", "4500", False),  # only an upper bound (最高 4500): the bottom is unknown
        (None, "4500", "100", False),
        ("3000", None, "3000", True),
        ("3000", None, "3001", False),
        (None, None, "0", False),  # no salary at all (面议) never passes a pay filter, not even 0
        (None, None, "3000", False),
    ],
)
def test_min_pay_boundary(salary_min, salary_max, min_pay, shown):
    job = _job(
        salary_min=Decimal(salary_min) if salary_min else None,
        salary_max=Decimal(salary_max) if salary_max else None,
    )
    assert JobFilters(min_pay=Decimal(min_pay)).accepts(SEEKER, job) is shown


def test_no_hours_or_pay_filter_keeps_jobs_without_hours_or_salary():
    assert JobFilters().accepts(SEEKER, _job())


@pytest.mark.parametrize(
    ("job_town", "remote", "remote_elsewhere", "shown"),
    [
        ("鼓楼街道", False, True, True),  # in the town
        ("鼓楼街道", False, False, True),
        ("石碶街道", True, True, True),  # remote in another town: listed, as the form says
        ("石碶街道", True, False, False),  # 只看所选镇街的岗位
        ("石碶街道", False, True, False),  # on site in another town: never
    ],
)
def test_town_filter_and_remote_jobs_of_other_towns(job_town, remote, remote_elsewhere, shown):
    job = JobProfile(id="J", title="客服", description="", town=job_town, remote=remote)
    filters = JobFilters(towns=frozenset({"鼓楼街道"}), towns_remote_elsewhere=remote_elsewhere)
    assert filters.accepts(SEEKER, job) is shown


def test_filters_restrict_the_jobs_before_ranking_and_the_total_counts_them_all():
    # 30 jobs the seeker wants but without salary, then 3 unrelated ones that pay: ranked last unfiltered.
    wanted = [_job(f"W{n}", hours_per_day=6.0) for n in range(30)]
    paying = [
        JobProfile(id=f"P{n}", title="花卉养护员", description="温室浇水、修剪枝叶", remote=True,
                   hours_per_day=4.0, salary_min=Decimal("5000"), salary_max=Decimal("6000"))
        for n in range(3)
    ]
    corpus = JobCorpus.build(wanted + paying)
    unfiltered = rank_jobs_for_seeker(SEEKER, corpus, 5)
    assert unfiltered.total == 33 and len(unfiltered.matches) == 5
    assert not {m.job_id for m in unfiltered.matches} & {"P0", "P1", "P2"}

    for filters in (JobFilters(min_pay=Decimal("5000")), JobFilters(max_hours=4)):
        ranking = rank_jobs_for_seeker(SEEKER, corpus, 5, filters)
        assert ranking.total == 3
        assert {m.job_id for m in ranking.matches} == {"P0", "P1", "P2"}
        assert [j.id for j in allowed_jobs(SEEKER, corpus, filters)] == ["P0", "P1", "P2"]
        # The list-only call ranks the same jobs.
        assert [m.job_id for m in rank_jobs_for_seeker(SEEKER, corpus, 5, filters).matches] == [
            m.job_id for m in ranking.matches
        ]
