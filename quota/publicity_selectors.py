"""Reads of the 公示 (``quota.publicity_models``): the public page's batches of a year, the district's
batch list, the objections a user may see (the work queue's count among them) and the entry an
employer may object to. Staff reads go through ``employment.access``; the public reads only
published batches that have started."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from employment import access

from .models import (
    BatchStatus,
    DeclarationStatus,
    EntryStatus,
    ObjectionStatus,
    PolicyYear,
    PublicityBatch,
    PublicityEntry,
    PublicityObjection,
)


def public_batches(*, year: int, today: date) -> list[PublicityBatch]:
    """The year's batches the public may see: published and started (still running or ended), newest
    first, each with its entries in town and name order."""
    entries = PublicityEntry.objects.select_related("declaration__employer__town").order_by(
        "declaration__employer__town__sort_order", "declaration__employer__name")
    return list(PublicityBatch.objects.filter(year=year, start_date__lte=today).exclude(status=BatchStatus.DRAFT)
                .prefetch_related(Prefetch("entries", queryset=entries)).order_by("-start_date", "-id"))


def public_years(*, today: date) -> list[int]:
    """Years with a batch the public may see, newest first."""
    return sorted(set(PublicityBatch.objects.filter(start_date__lte=today).exclude(status=BatchStatus.DRAFT)
                      .values_list("year", flat=True)), reverse=True)


def year_known(year: int) -> bool:
    """A 公示 year is an employment year with policy parameters."""
    return PolicyYear.objects.filter(year=year).exists()


def batches_visible(user, *, query: str = "", year: int | None = None) -> QuerySet:
    qs = access.scoped(user, PublicityBatch).annotate(
        entry_count=Count("entries", distinct=True),
        pending_objections=Count("entries__objections", filter=Q(entries__objections__status=ObjectionStatus.PENDING),
                                 distinct=True),
    )
    if year is not None:
        qs = qs.filter(year=year)
    if query:
        qs = qs.filter(Q(document_no__icontains=query) | Q(entries__declaration__employer__name__icontains=query)
                       ).distinct()
    return qs.order_by("-year", "-start_date", "-id")


def objections_visible(user, *, status: str = "", query: str = "") -> QuerySet:
    qs = access.scoped(user, PublicityObjection).select_related("entry__batch", "entry__declaration__employer__town")
    if status in ObjectionStatus.values:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(entry__declaration__employer__name__icontains=query)
                       | Q(entry__batch__document_no__icontains=query) | Q(caller_name__icontains=query))
    return qs.order_by("-received_at", "-id")


def objections_pending(user) -> QuerySet:
    """待处理的公示异议 the user may see (the work-queue line and the list's filter)."""
    return access.scoped(user, PublicityObjection).filter(status=ObjectionStatus.PENDING)


def entries_to_republish(user) -> QuerySet:
    """Entries 更正中 whose declaration has been approved again: the district republishes them."""
    return access.scoped(user, PublicityEntry).filter(status=EntryStatus.CORRECTING,
                                                      declaration__status=DeclarationStatus.APPROVED)


def entries_open_to_objection(user, *, today: date) -> QuerySet:
    """Entries of batches in their 公示 period, not withdrawn, that ``user`` may see (staff register an
    objection for a caller against one of them)."""
    return (access.scoped(user, PublicityEntry)
            .filter(batch__start_date__lte=today, batch__end_date__gte=today)
            .exclude(batch__status=BatchStatus.DRAFT).exclude(status=EntryStatus.WITHDRAWN)
            .select_related("batch", "declaration__employer__town")
            .order_by("declaration__employer__name"))


def entry_of_declaration(user, declaration) -> PublicityEntry | None:
    """The published entry of a declaration the user may see (None: not on a published 公示)."""
    return (access.scoped(user, PublicityEntry).filter(declaration=declaration).exclude(batch__status=BatchStatus.DRAFT)
            .select_related("batch").first())
