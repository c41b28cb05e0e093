"""Writes of casework: schedule a placement's follow-ups, record one, add a coach note."""

from __future__ import annotations

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from employment.models import JobSeeker, Placement

from .models import FOLLOW_UP_MONTHS, CoachNote, FollowUp, FollowUpOutcome


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def follow_ups_schedule(*, placement: Placement) -> list[FollowUp]:
    """Create the 1/3/6/12-month follow-ups of a placement; running it twice changes nothing."""
    rows = []
    for months in FOLLOW_UP_MONTHS:
        row, _ = FollowUp.objects.get_or_create(
            placement=placement, months=months, defaults={"due_on": add_months(placement.contract_start, months)}
        )
        rows.append(row)
    return rows


@transaction.atomic
def follow_up_record(*, follow_up: FollowUp, outcome: str, notes: str = "", done_on: date, done_by=None) -> FollowUp:
    """Record that a follow-up took place and what was found."""
    if outcome not in FollowUpOutcome.values:
        raise ValidationError({"outcome": "请选择回访结果。"})
    follow_up.outcome = outcome
    follow_up.notes = notes
    follow_up.done_on = done_on
    follow_up.done_by = done_by
    follow_up.full_clean()
    follow_up.save()
    return follow_up


@transaction.atomic
def coach_note_add(*, seeker: JobSeeker, body: str, author=None, placement: Placement | None = None) -> CoachNote:
    body = body.strip()
    if not body:
        raise ValidationError({"body": "请填写记录内容。"})
    return CoachNote.objects.create(seeker=seeker, body=body, author=author, placement=placement)
