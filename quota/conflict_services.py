"""Writes for duplicate certificates (重复申报): conflicts between employers' declarations of one
year that count the same certified person in the same months, and the reviewers' month adjustments
that settle them.

Split from ``quota.services`` (the declaration's own life: start, edit, roster, compute, submit,
review) because this is the reviewers' cross-declaration work. ``conflicts_detect`` runs when a
declaration is submitted (``services.declaration_submit`` imports it inside the function, since
this module recomputes through ``services.declaration_compute``); ``entry_months_adjust`` and
``conflict_resolve`` are the review pages' (``quota.views``). Every write is one transaction and
leaves a new revision of the declaration.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from review.services import snapshot

from . import notifications
from .models import (
    ConflictStatus,
    Declaration,
    DeclarationConflict,
    DeclarationStatus,
    MonthsAdjustment,
    RosterEntry,
)
from .services import declaration_compute

ALL_MONTHS = list(range(1, 13))


def _counted_months(entry: RosterEntry) -> set[int]:
    if not entry.counted_here:
        return set()
    return set(entry.effective_months)


@transaction.atomic
def conflicts_detect(*, declaration: Declaration) -> list[DeclarationConflict]:
    """Flag every certificate this declaration counts that another employer's filed declaration of
    the same year also counts in an overlapping month. Dispatched workers marked as counted by the
    other party (counted_here=False) are not counted here, so they never conflict."""
    found: list[DeclarationConflict] = []
    fresh: list[DeclarationConflict] = []  # new, or open again / with other months: the employers are told
    mine = list(declaration.roster.all())
    others = RosterEntry.objects.filter(
        declaration__year=declaration.year, cert_hash__in=[e.cert_hash for e in mine]
    ).exclude(declaration__employer=declaration.employer).filter(declaration__in=Declaration.objects.filed())
    by_hash: dict[str, list[RosterEntry]] = {}
    for other in others:
        by_hash.setdefault(other.cert_hash, []).append(other)
    for entry in mine:
        for other in by_hash.get(entry.cert_hash, []):
            overlap = sorted(_counted_months(entry) & _counted_months(other))
            a, b = sorted([entry, other], key=lambda e: e.pk)
            existing = DeclarationConflict.objects.filter(entry_a=a, entry_b=b).first()
            if not overlap:
                if existing is not None and existing.status == ConflictStatus.OPEN:
                    existing.status = ConflictStatus.RESOLVED
                    existing.decision = "月份已不重叠（系统自动关闭）"
                    existing.resolved_at = timezone.now()
                    existing.save()
                continue
            if existing is None:
                existing = DeclarationConflict.objects.create(
                    year=declaration.year, cert_hash=entry.cert_hash, entry_a=a, entry_b=b, months=overlap
                )
                fresh.append(existing)
            elif existing.months != overlap or existing.status != ConflictStatus.OPEN:
                existing.months = overlap
                existing.status = ConflictStatus.OPEN
                existing.save()
                fresh.append(existing)
            found.append(existing)
    if fresh:
        notifications.conflicts_found(declaration, fresh)
    return found


@transaction.atomic
def entry_months_adjust(
    *, entry: RosterEntry, months: list[int], reason: str, user, conflict: DeclarationConflict | None = None
) -> MonthsAdjustment:
    """A reviewer sets the months a person counts at this employer, with a recorded reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写调整原因。"})
    if any(m not in ALL_MONTHS for m in months):
        raise ValidationError({"months": "月份应在1到12之间。"})
    declaration = entry.declaration
    if declaration.status == DeclarationStatus.APPROVED:
        raise ValidationError("申报已审核通过，不能再调整。")
    before = sorted(_counted_months(entry))
    entry.months_override = sorted(set(months))
    entry.save(update_fields=["months_override"])
    adjustment = MonthsAdjustment.objects.create(
        entry=entry, declaration=declaration, months_before=before, months_after=entry.months_override,
        reason=reason, conflict=conflict, by=user,
    )
    if declaration.wage_bill is not None and len(declaration.monthly_headcounts) == 12:
        declaration_compute(declaration, save=True)
    snapshot(declaration, user)
    return adjustment


@transaction.atomic
def conflict_resolve(
    *, conflict: DeclarationConflict, months_a: list[int], months_b: list[int], decision: str, user
) -> DeclarationConflict:
    """Decide which months count at which employer; both sides must no longer overlap."""
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError({"decision": "请填写处理意见。"})
    if set(months_a) & set(months_b):
        raise ValidationError({"months_b": "同一个月只能计入一个单位，两边的月份不能重叠。"})
    entry_months_adjust(entry=conflict.entry_a, months=months_a, reason=decision, user=user, conflict=conflict)
    entry_months_adjust(entry=conflict.entry_b, months=months_b, reason=decision, user=user, conflict=conflict)
    conflict.status = ConflictStatus.RESOLVED
    conflict.decision = decision
    conflict.resolved_by = user
    conflict.resolved_at = timezone.now()
    conflict.save()
    return conflict
