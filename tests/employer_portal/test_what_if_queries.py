"""The hiring what-if on the candidates page loads its data once per page, whatever the number of
candidates (issue 17): 3 queries (the employer's declarations, the year's parameters, the roster) and
one engine run without the hire plus one per distinct grade. Before, every candidate repeated the
queries and ran the engine twice.

Measured with the page test below (the same world, six candidates, then a seventh): the old code
(commit b0ea1be) issued 25 queries without a declaration on file, 36 with one, and 5 more for every
further candidate; this code issues 20, 21, and 2 more per further candidate (none
of them the what-if's)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from employment import services
from quota.engine import what_if
from quota.models import Declaration, PolicyYear
from quota.selectors import hiring_what_if
from tests.factories import make_seeker

pytestmark = pytest.mark.django_db


def _declaration(employer):
    PolicyYear.objects.create(
        year=2025, ratio=Decimal("0.015"), cap_multiple=Decimal("2"), local_avg_wage=Decimal("100000"),
        min_wage=Decimal("2280"), tiering_in_force=True, reward_per_person=Decimal("5000"),
    )
    return Declaration.objects.create(employer=employer, year=2025, monthly_headcounts=[100] * 12,
                                      wage_bill=Decimal("6000000"))


def _candidates(world, count: int) -> list:
    seekers = []
    for n in range(count):
        seeker = make_seeker(town=world.town_x, name=f"候选{n}", grade=2 + n % 2, visible_to_employers=True)
        services.assessment_record(seeker=seeker, needs=["screen_reader"])
        seekers.append(seeker)
    return seekers


def _page_queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_the_what_if_costs_three_queries_and_one_engine_run_per_grade(world, monkeypatch):
    _declaration(world.employer_a)
    seekers = _candidates(world, 6)
    runs = []
    real = what_if.quota_compute
    monkeypatch.setattr(what_if, "quota_compute", lambda *a, **k: runs.append(1) or real(*a, **k))
    with CaptureQueriesContext(connection) as captured:
        forecast = hiring_what_if(world.users["employer_a"], world.employer_a, world.job_a)
        lines = [forecast.line(s) for s in seekers]
    assert len(captured.captured_queries) == 3  # was 4 per candidate: 24 for these six
    assert len(runs) == 1 + 2  # without the hire once, then grades 2 and 3 (was 2 per candidate: 12)
    assert all("录用测算" not in line and "计为" in line for line in lines)
    assert {line for s, line in zip(seekers, lines, strict=True) if s.disability_grade == 2} == {lines[0]}


def test_the_candidates_page_does_not_pay_per_candidate_for_the_what_if(world, client_for):
    client = client_for(world.users["employer_a"])
    url = reverse("employer-job-candidates", args=[world.job_a.pk])
    _candidates(world, 2)
    without_few, _ = _page_queries(client, url)
    _candidates(world, 4)
    without_many, _ = _page_queries(client, url)
    _declaration(world.employer_a)
    with_many, html = _page_queries(client, url)
    assert html.count("录用测算") == 6
    # The what-if adds its three queries once, however many candidates the page shows.
    assert with_many - without_many <= 3
    assert without_many - without_few < 4 * 4  # and nothing else came to cost what the what-if did
