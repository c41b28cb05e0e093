"""Reads of the family register (零就业残疾人家庭台账): the families a user may see, with their registered
members and whether someone in the family is employed on a day. Families, members and the jobs shown
come through ``employment.access``.

The rules (on the register, someone employed on a day) are plain functions in ``rules``, shared
with the dashboard. Whether someone in a family is employed is read from every member's placements,
also of a member who has since moved to another town, as the dashboard does: only the yes/no leaves
this module; the members and jobs shown are those the user may see.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from employment import access
from employment.models import JobSeeker, Placement

from .models import Household
from .rules import (
    STATUS_EMPLOYED,
    STATUS_EXITED,
    STATUS_LABELS,
    STATUS_WITHOUT,
    family_employed_on,
    family_status,
    placement_active_on,
)

# The list page's status filter; "" is every family.
STATUS_FILTERS = [(STATUS_WITHOUT, "在册未就业"), (STATUS_EMPLOYED, "已有人就业"), (STATUS_EXITED, "已退出"), ("", "全部")]


# ---- reads -------------------------------------------------------------------------------------


@dataclass
class FamilyRow:
    """One family on the list page: the household, how many members are registered, whether someone
    is employed on the day and its status."""

    household: Household
    member_count: int
    employed: bool
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class MemberRow:
    """A member on the family page and the job that makes them employed on the day, if any."""

    seeker: JobSeeker
    placement: Placement | None


def households_visible(user, *, query: str = "", town_id: int | None = None) -> QuerySet[Household]:
    """The families the user may see, with ``member_count``; searched by 户编号, filtered by town."""
    households = access.scoped(user, Household).select_related("town").annotate(member_count=Count("members"))
    if query:
        households = households.filter(code__icontains=query)
    if town_id is not None:
        households = households.filter(town_id=town_id)
    return households.order_by("town__sort_order", "town__code", "code")


@dataclass(frozen=True, slots=True)
class _Dates:
    contract_start: date
    contract_end: date | None
    ended_on: date | None


def _placements_by_household(households: list[Household]) -> dict[int, list[_Dates]]:
    rows = (
        Placement.objects.filter(seeker__household__in=[h.pk for h in households])
        .values_list("seeker__household_id", "contract_start", "contract_end", "ended_on")
    )
    by_household: dict[int, list] = defaultdict(list)
    for household_id, start, end, ended in rows:
        by_household[household_id].append(_Dates(start, end, ended))
    return by_household


def family_rows(user, households: QuerySet[Household], *, on: date, status: str = "") -> list[FamilyRow]:
    """The families of ``households`` (from ``households_visible``) with their status on ``on``,
    keeping only ``status`` when it is given. Placements are read once for all of them."""
    families = list(households)
    placements = _placements_by_household(families)
    rows = []
    for h in families:
        employed = family_employed_on(h, placements.get(h.pk, ()), on)
        row = FamilyRow(h, h.member_count, employed, family_status(h, employed=employed, on=on))
        if not status or row.status == status:
            rows.append(row)
    return rows


def families_without_work(user, *, on: date) -> list[FamilyRow]:
    """The families the user may see that are on the register on ``on`` with nobody employed (在册未就业)."""
    return family_rows(user, households_visible(user), on=on, status=STATUS_WITHOUT)


def family_members(user, household: Household, *, on: date) -> list[MemberRow]:
    """The members the user may see, each with a placement active on ``on`` (the latest), if any."""
    seekers = list(
        access.scoped(user, JobSeeker).filter(household=household).select_related("town").order_by("name", "pk")
    )
    placements = (
        access.scoped(user, Placement)
        .filter(seeker__in=[s.pk for s in seekers])
        .select_related("employer")
        .order_by("-contract_start", "-pk")
    )
    current: dict[int, Placement] = {}
    for p in placements:
        if placement_active_on(p, on):
            current.setdefault(p.seeker_id, p)
    return [MemberRow(s, current.get(s.pk)) for s in seekers]


def family_summary(user, household: Household, *, on: date) -> FamilyRow:
    """The list row of one family (member count, someone employed, status), for its own page."""
    return family_rows(user, households_visible(user).filter(pk=household.pk), on=on)[0]
