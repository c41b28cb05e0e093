"""The year every picker opens on (issue 14, item 7): ``quota.years`` on dates in and out of the review
window, and the pickers that use it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from quota.years import working_year, working_year_on, year_default

WINDOWS = [(2024, date(2025, 3, 1), date(2025, 10, 31)), (2025, date(2026, 3, 1), date(2026, 10, 31)),
           (2026, date(2027, 3, 1), date(2027, 10, 31))]


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 3, 1), 2025),  # the window's first day
    (date(2026, 6, 15), 2025),  # inside the window
    (date(2026, 10, 31), 2025),  # its last day
    (date(2026, 11, 1), 2025),  # after it: still the last year that ended, never 2026
    (date(2026, 12, 31), 2025),
    (date(2026, 1, 2), 2025),  # before it opens: 2025 has ended and is being prepared
    (date(2027, 1, 1), 2026),  # a new calendar year: the year that just ended
])
def test_working_year_in_and_out_of_the_window(today, expected):
    assert working_year_on(today, WINDOWS) == expected


def test_an_older_window_still_open_wins():
    extended = [(2024, date(2025, 3, 1), date(2026, 1, 31)), (2025, date(2026, 3, 1), date(2026, 10, 31))]
    assert working_year_on(date(2026, 1, 15), extended) == 2024
    assert working_year_on(date(2026, 2, 1), extended) == 2025


def test_never_a_year_that_has_not_ended():
    # A window wrongly set inside its own year (or a future year's) is ignored.
    odd = [(2026, date(2026, 1, 1), date(2026, 12, 31)), (2027, date(2026, 1, 1), date(2026, 12, 31))]
    assert working_year_on(date(2026, 6, 1), odd) == 2025


def test_no_windows_set():
    assert working_year_on(date(2026, 6, 1), []) == 2025
    assert working_year_on(date(2026, 6, 1), [(2025, None, None)]) == 2025


@pytest.mark.django_db
def test_working_year_reads_policy_years(policy):
    from quota.models import PolicyYear

    # The quota tests' policy fixture clears the seeded windows; 2025's as data/policy_params.json has it.
    PolicyYear.objects.filter(year=2025).update(review_window_start=date(2026, 3, 1),
                                                review_window_end=date(2026, 10, 31))
    assert working_year(date(2026, 6, 1)) == 2025
    PolicyYear.objects.filter(year=2024).update(review_window_start=date(2025, 3, 1), review_window_end=date(2026, 6, 30))
    assert working_year(date(2026, 2, 15)) == 2024  # 2024's extended window, 2025's not yet open
    assert working_year(date(2026, 6, 1)) == 2025  # both open: the later year is the one worked on


def test_year_default_among_choices(db):
    assert year_default([2026, 2025, 2024], date(2026, 6, 1)) == 2025
    assert year_default([2026, 2024, 2023], date(2026, 6, 1)) == 2024  # the working year is not offered
    assert year_default([2026], date(2026, 6, 1)) is None


def _selected(html: str, select_name: str) -> str | None:
    select = re.search(rf'<select[^>]*name="{select_name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    found = re.search(r'<option value="(\d+)"[^>]*selected', select)
    return found.group(1) if found else None


@pytest.mark.django_db
def test_pickers_open_on_the_working_year(world, policy, client_for):
    expected = str(working_year())
    html = client_for(world.users["employer_a"]).get(reverse("employer-declaration-list")).content.decode()
    assert _selected(html, "year") == expected
    html = client_for(world.users["district"]).get(reverse("dashboard") + "?charts=0").content.decode()
    assert _selected(html, "year") == expected
    html = client_for(world.users["district"]).get(reverse("subsidy-payment-lists")).content.decode()
    assert re.search(r'name="year" value="(\d+)"', html).group(1) == expected
    html = client_for(world.users["district"]).get(reverse("public-summary")).content.decode()
    assert _selected(html, "year") == expected
