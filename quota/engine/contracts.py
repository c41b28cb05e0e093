"""Contract months (合同期限) counted once for the whole platform: how many months a contract runs
(the engine's ≥ 12 months rule reads it) and which months of an employment year a period covers
(the roster pre-filled from placements and last year's roster). Plain Python; no Django.

``quota.bridge`` (stored roster rows → engine entries) and ``quota.services`` (the pre-filled
roster) use these functions; nothing else counts contract months.
"""

from __future__ import annotations

from datetime import date


def contract_months(start: date | None, end: date | None) -> int | None:
    """Months of a contract from ``start`` to ``end`` (both days included); ``None`` for an
    open-ended contract (no end), which counts as at least 12.

    Calendar months from the start month to the end month, plus one when the end day reaches the day
    before the start day (2025-01-01 → 2025-12-31: 12; 2025-03-10 → 2026-03-08: 12; → 2026-03-09: 13).
    A contract with an end and no start (an establishment row) is counted from its end: 1 month.
    """
    if end is None:
        return None
    start = start or end
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day >= start.day - 1:
        months += 1
    return months


def months_in_year(start: date | None, end: date | None, year: int) -> list[int]:
    """The months (1–12) of ``year`` that a period from ``start`` to ``end`` touches; no start: none,
    no end: to December. A month counts when any day of it is in the period."""
    if start is None:
        return []
    first = 1 if start.year < year else (start.month if start.year == year else 13)
    last = 12 if end is None or end.year > year else (end.month if end.year == year else 0)
    return list(range(first, last + 1))
