"""The seeker's hours and pay filters in ``selectors.jobs_for_seeker``: applied before ranking, so a job
that ranks far down the unfiltered list is still found, and the count of the filtered list is right."""

from __future__ import annotations

from decimal import Decimal

import pytest

from employment.models import JobSeeker
from matching import index, selectors
from tests.matching.index_helpers import index_dir, office_job, typist_assessment

__all__ = ["index_dir"]  # the fixture, imported for the tests below

# More jobs than the old view read before filtering by hours and pay (10 selector pages of 10).
WANTED_JOBS = 105
# Of those, this many name a salary (4000–4500 a month); the rest name none (面议).
WANTED_WITH_PAY = 22


def _garden_job(employer, n: int, **kwargs):
    """A job the typist can do but did not ask for: ranked last. It pays well and is short."""
    fields = {
        "description": "在温室里给花卉浇水、修剪枝叶、防治病虫害。",
        "hours_per_day": Decimal("4"),
        "salary_min": Decimal("5000"),
        "salary_max": Decimal("6000"),
        "remote": True,
    }
    fields.update(kwargs)
    return office_job(employer, title=f"花卉养护员{n}", **fields)


@pytest.fixture
def many_jobs(world, index_dir):
    """A typist; 105 wanted jobs at 6 hours a day, most without salary; 3 unwanted ones that pay well and are short."""
    typist_assessment(world.seeker_a)  # may work up to 6 hours
    for n in range(WANTED_JOBS):
        pay = (Decimal("4000"), Decimal("4500")) if n < WANTED_WITH_PAY else (None, None)
        office_job(world.employer_a, title=f"电商文字客服{n:03d}", salary_min=pay[0], salary_max=pay[1], remote=True)
    garden = [_garden_job(world.employer_b, n) for n in range(3)]
    index.rebuild()
    return garden


def _all_pages(seeker, search):
    pages = [selectors.jobs_for_seeker(seeker, filters=search, page=1)]
    while pages[-1].has_next:
        pages.append(selectors.jobs_for_seeker(seeker, filters=search, page=pages[-1].page + 1))
    return pages


@pytest.mark.django_db
def test_jobs_ranked_beyond_the_old_bound_are_found_by_hours_and_pay(world, many_jobs):
    garden = {j.pk for j in many_jobs}
    # Unfiltered, the three rank after every wanted job (and the world's two): beyond 100.
    unfiltered = [r.job.pk for p in _all_pages(world.seeker_a, selectors.JobSearch()) for r in p.items]
    assert len(unfiltered) == WANTED_JOBS + 2 + 3
    assert set(unfiltered[-3:]) == garden and min(unfiltered.index(pk) for pk in garden) >= 100

    for search in (
        selectors.JobSearch(max_hours=4),
        selectors.JobSearch(min_pay=Decimal("5000")),
        selectors.JobSearch(max_hours=Decimal("4.0"), min_pay=Decimal("5000")),  # both bounds equal: shown
    ):
        page = selectors.jobs_for_seeker(world.seeker_a, filters=search)
        assert page.personalised and not page.has_next
        assert {r.job.pk for r in page.items} == garden
        assert page.total == 3
        assert all(r.score is not None and r.reasons for r in page.items)


@pytest.mark.django_db
def test_filtered_list_pages_and_counts_past_the_first_page(world, many_jobs):
    # Pay 4000 (the bottom of the range decides; equal passes): the wanted jobs that name a salary
    # (4000–4500) and the three garden jobs (5000–6000); the world's two (3000–4500) pay too little at
    # the bottom and every job naming no salary is left out.
    pages = _all_pages(world.seeker_a, selectors.JobSearch(min_pay=Decimal("4000")))
    ids = [r.job.pk for p in pages for r in p.items]
    expected = WANTED_WITH_PAY + 3
    assert len(ids) == len(set(ids)) == expected
    assert [p.total for p in pages] == [expected] * 3
    assert [len(p.items) for p in pages] == [10, 10, expected - 20]
    assert {j.pk for j in many_jobs} <= set(ids) and not {world.job_a.pk, world.job_b.pk} & set(ids)

    # 6 hours is the typist's own limit: every allowed job passes and is counted.
    first = selectors.jobs_for_seeker(world.seeker_a, filters=selectors.JobSearch(max_hours=6))
    assert first.total == WANTED_JOBS + 2 + 3 and first.has_next


@pytest.mark.django_db
def test_plain_list_takes_the_same_hours_and_pay_filters(world, many_jobs):
    JobSeeker.objects.filter(pk=world.seeker_a.pk).update(personalised_matching=False)
    world.seeker_a.refresh_from_db()
    plain = selectors.jobs_for_seeker(world.seeker_a, filters=selectors.JobSearch(min_pay=Decimal("5000"), max_hours=4))
    assert not plain.personalised and plain.total == 3 and not plain.has_next
    assert [r.job.pk for r in plain.items] == sorted((j.pk for j in many_jobs), reverse=True)  # newest first

    everything = selectors.jobs_for_seeker(world.seeker_a)
    assert everything.total == WANTED_JOBS + 2 + 3 and everything.has_next
