"""The employment year being worked on now (当前工作年度): the one default of every year picker.

Declarations, payment lists, the dashboard, ``/data/`` and the exports all open on the same year,
chosen by ``working_year``:

- an employment year is worked on after it has ended — the review of 2025 runs in 2026 — so the
  default is never a year that has not ended (never ``today.year``);
- during a year's review window (``PolicyYear.review_window_start`` … ``review_window_end``, both
  days included) that year is the one worked on; if only an older year's window is open (a review
  extended into the next year's spring), that older year is; of two open windows, the later year's;
- otherwise, the last year that has ended (``today.year - 1``): before its window opens employers
  prepare it, after the window closes late filings and payments still concern it.

``working_year_on`` is the rule on plain dates (tested without a database); ``working_year`` reads
the windows from ``PolicyYear``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils import timezone


def working_year_on(today: date, windows: Iterable[tuple[int, date | None, date | None]]) -> int:
    """The year worked on at ``today``, given (year, window start, window end) of each policy year."""
    last_ended = today.year - 1
    open_now = [
        year for year, start, end in windows
        if year <= last_ended and start is not None and end is not None and start <= today <= end
    ]
    return max(open_now) if open_now else last_ended


def working_year(today: date | None = None) -> int:
    """The year every year picker opens on (see the module docstring)."""
    from .models import PolicyYear

    today = today or timezone.localdate()
    windows = PolicyYear.objects.filter(
        year__lte=today.year - 1, review_window_start__lte=today, review_window_end__gte=today
    ).values_list("year", "review_window_start", "review_window_end")
    return working_year_on(today, windows)


def year_default(choices: list[int], today: date | None = None) -> int | None:
    """The picker's default among ``choices``: the working year if offered, else the latest offered
    year that has ended, else None (only unfinished years are offered — the picker stays unselected)."""
    year = working_year(today)
    if year in choices:
        return year
    ended = [y for y in choices if y <= year]
    return max(ended) if ended else None
