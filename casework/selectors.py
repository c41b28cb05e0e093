"""Reads of casework: the follow-ups due list, the employers a hire may name, a seeker's open
applications and the year's minimum wage — scoped through ``employment.access`` where they show a
user anything about people."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from employment import access
from employment.models import Application, ApplicationStatus, Employer, JobSeeker
from quota.models import PolicyYear

from .models import FollowUp

# Follow-ups due within this many days are listed as coming up.
DUE_SOON_DAYS = 14

# Applications still waiting for a decision: a hire with the same employer closes one of them.
OPEN_APPLICATION_STATUSES = (ApplicationStatus.APPLIED, ApplicationStatus.INVITED, ApplicationStatus.INTERVIEWED)


def follow_ups_due(user, *, within_days: int = DUE_SOON_DAYS) -> QuerySet[FollowUp]:
    """Open follow-ups the user may see that are overdue or due within ``within_days``, oldest first."""
    horizon = timezone.localdate() + timedelta(days=within_days)
    return (
        access.scoped(user, FollowUp)
        .filter(done_on__isnull=True, due_on__lte=horizon, placement__ended_on__isnull=True)
        .select_related("placement__seeker__town", "placement__employer")
        .order_by("due_on", "id")
    )


def employers_matching(reference: str) -> list[Employer]:
    """Employers whose 统一社会信用代码 or exact registered name is ``reference``.

    Deliberately not limited to the user's town: a town counsellor may place a seeker of the town
    with any employer of the district. What this reveals — that an employer with that name or
    credit code is registered — is public registration data. A credit code is matched whatever the
    case, spacing or full-width digits; a name exactly, except that half- and full-width
    parentheses count as the same (both are common in registered names).
    """
    text = reference.strip()
    if not text:
        return []
    code = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()
    by_code = list(Employer.objects.filter(credit_code=code).select_related("town"))
    if by_code:
        return by_code
    names = {text, text.replace("(", "（").replace(")", "）"), text.replace("（", "(").replace("）", ")")}
    return list(Employer.objects.filter(name__in=names).select_related("town").order_by("credit_code"))


def open_applications(user, seeker: JobSeeker) -> QuerySet[Application]:
    """The seeker's applications still waiting for a decision, as far as the user may see them."""
    return (
        access.scoped(user, Application)
        .filter(seeker=seeker, status__in=OPEN_APPLICATION_STATUSES, placement__isnull=True)
        .select_related("job__employer")
        .order_by("-updated_at", "-id")
    )


def min_wage_of_year(user, year: int) -> Decimal | None:
    """当地最低工资（元/月）of an employment year, or None when that year's parameters are not set."""
    return access.scoped(user, PolicyYear).filter(year=year).values_list("min_wage", flat=True).first()
