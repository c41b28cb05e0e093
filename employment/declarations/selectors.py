"""Reads of the quota declaration: what a user may list, the public 公示 list, revisions, conflicts."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from employment import access
from employment.models import ConflictStatus, Declaration, DeclarationConflict, DeclarationStatus


def declarations_visible(user, *, year: int | None = None) -> QuerySet:
    qs = access.scoped(user, Declaration).select_related("employer", "employer__town")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "employer__name")


def publicity_list(*, year: int, today: date) -> QuerySet:
    """Approved declarations of the year whose 公示 window includes today (public, no personal data)."""
    return (
        Declaration.objects.filter(
            year=year, status=DeclarationStatus.APPROVED, publicity_start__lte=today, publicity_end__gte=today
        )
        .select_related("employer", "employer__town")
        .order_by("employer__town__sort_order", "employer__name")
    )


def publicity_years(*, today: date) -> list[int]:
    return sorted(
        set(
            Declaration.objects.filter(
                status=DeclarationStatus.APPROVED, publicity_start__lte=today, publicity_end__gte=today
            ).values_list("year", flat=True)
        ),
        reverse=True,
    )


def conflicts_of(declaration: Declaration) -> QuerySet:
    return (
        DeclarationConflict.objects.filter(Q(entry_a__declaration=declaration) | Q(entry_b__declaration=declaration))
        .select_related("entry_a__declaration__employer", "entry_b__declaration__employer")
        .order_by("status", "-created_at")
    )


def open_conflict_count(declaration: Declaration) -> int:
    return conflicts_of(declaration).filter(status=ConflictStatus.OPEN).count()


def revisions_of(declaration: Declaration):
    return declaration.revisions.select_related("user").order_by("-created_at", "-id")
