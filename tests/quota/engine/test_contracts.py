"""Contract months, counted once (issue 17): the engine's ≥ 12 months rule, the stored roster rows and
the roster pre-filled from placements all use quota.engine.contracts. Expectations worked by hand."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from quota.engine.contracts import contract_months, months_in_year
from tests.source_tree import project_files


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2025, 1, 1), None, None),  # open-ended
        (date(2025, 1, 1), date(2025, 12, 31), 12),  # Jan..Dec: 11 month steps + the last
        (date(2025, 1, 1), date(2025, 1, 31), 1),
        (date(2025, 3, 10), date(2026, 3, 8), 12),  # 8 < 10 − 1: the 13th month not reached
        (date(2025, 3, 10), date(2026, 3, 9), 13),  # the day before the start day reached
        (date(2025, 3, 10), date(2026, 2, 28), 12),  # 11 month steps, 28 ≥ 9
        (date(2025, 7, 1), date(2026, 6, 30), 12),
        (date(2025, 7, 1), date(2026, 5, 31), 11),  # a short contract
        (None, date(2025, 6, 30), 1),  # an establishment row with only an end: counted from its end
    ],
)
def test_contract_months(start, end, months):
    assert contract_months(start, end) == months


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2024, 5, 20), None, list(range(1, 13))),  # started last year, open-ended: all of 2025
        (date(2025, 5, 20), None, list(range(5, 13))),  # May counts (any day of it)
        (date(2025, 5, 20), date(2025, 8, 1), [5, 6, 7, 8]),
        (date(2026, 1, 1), None, []),  # starts after the year
        (date(2023, 1, 1), date(2024, 12, 31), []),  # ended before the year
        (None, date(2025, 6, 30), []),  # no start: none
    ],
)
def test_months_in_year(start, end, months):
    assert months_in_year(start, end, 2025) == months


def test_stored_roster_rows_use_the_one_count():
    from quota.bridge import engine_entry
    from quota.models import RosterEntry

    row = RosterEntry(cert_kind="disability", cert_masked="3302****", grade=3, months_employed=[1, 2],
                      months_insured=[1, 2], monthly_wage=Decimal("3000"), employment_form="contract",
                      contract_start=date(2025, 3, 10), contract_end=date(2026, 3, 8))
    assert engine_entry(row).contract_months == 12


def test_contract_months_are_counted_only_in_the_engine_module():
    root = Path(__file__).resolve().parents[3]
    pattern = re.compile(r"\.year\s*-\s*[\w.]+\.year\)\s*\*\s*12")
    offenders = [
        path.relative_to(root).as_posix()
        for _, path in project_files(".py")
        if not path.relative_to(root).as_posix().startswith((".venv/", "tests/"))
        and path.relative_to(root).as_posix() != "quota/engine/contracts.py"
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
