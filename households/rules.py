"""The family register's rules, as plain functions (no Django, no queries): whether a job is active
on a day, whether a family is on the zero-employment register on a day, and whether someone in it is
employed then. The register pages (``selectors``) and the dashboard (``dashboard.indicators``) both
use these, so a family counts the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol


class PlacementDates(Protocol):
    """What the rules need of a job: a ``Placement`` or any row with the same three dates."""

    contract_start: date
    contract_end: date | None
    ended_on: date | None


class FamilyDates(Protocol):
    """What the rules need of a family: a ``Household`` or any row with the same dates."""

    identified_on: date | None
    exited_on: date | None
    other_employed_from: date | None
    other_employed_until: date | None


def placement_active_on(placement: PlacementDates, on: date) -> bool:
    """The contract has started by ``on``, has not run out before it and the person has not left."""
    return (
        placement.contract_start <= on
        and (placement.contract_end is None or placement.contract_end >= on)
        and (placement.ended_on is None or placement.ended_on > on)
    )


def on_register(family: FamilyDates, on: date) -> bool:
    """Identified as a zero-employment family by ``on`` and not yet left the register."""
    return (
        family.identified_on is not None
        and family.identified_on <= on
        and (family.exited_on is None or family.exited_on > on)
    )


def other_member_employed_on(family: FamilyDates, on: date) -> bool:
    """Staff recorded a job of a member not registered on the platform that covers ``on``
    (open-ended when ``other_employed_until`` is empty)."""
    return (
        family.other_employed_from is not None
        and family.other_employed_from <= on
        and (family.other_employed_until is None or family.other_employed_until >= on)
    )


def family_employed_on(family: FamilyDates, member_placements: Iterable[PlacementDates], on: date) -> bool:
    """Someone in the family is employed on ``on``: a registered member has an active placement, or
    another member's recorded job covers the day."""
    return other_member_employed_on(family, on) or any(placement_active_on(p, on) for p in member_placements)


STATUS_WITHOUT = "without"
STATUS_EMPLOYED = "employed"
STATUS_EXITED = "exited"
STATUS_UNIDENTIFIED = "unidentified"
STATUS_LABELS = {
    STATUS_WITHOUT: "在册未就业",
    STATUS_EMPLOYED: "已有人就业",
    STATUS_EXITED: "已退出",
    STATUS_UNIDENTIFIED: "未认定为零就业家庭",
}


def family_status(family: FamilyDates, *, employed: bool, on: date) -> str:
    """Where a family stands on ``on``: on the register (with or without someone employed — the
    families the dashboard counts), left it, or not (yet) identified."""
    if family.exited_on is not None and family.exited_on <= on:
        return STATUS_EXITED
    if not on_register(family, on):
        return STATUS_UNIDENTIFIED
    return STATUS_EMPLOYED if employed else STATUS_WITHOUT
