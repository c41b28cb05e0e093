"""Reads of casework: the follow-ups due list, scoped through ``employment.access``."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from employment import access

from .models import FollowUp

# Follow-ups due within this many days are listed as coming up.
DUE_SOON_DAYS = 14


def follow_ups_due(user, *, within_days: int = DUE_SOON_DAYS) -> QuerySet[FollowUp]:
    """Open follow-ups the user may see that are overdue or due within ``within_days``, oldest first."""
    horizon = timezone.localdate() + timedelta(days=within_days)
    return (
        access.scoped(user, FollowUp)
        .filter(done_on__isnull=True, due_on__lte=horizon, placement__ended_on__isnull=True)
        .select_related("placement__seeker__town", "placement__employer")
        .order_by("due_on", "id")
    )
