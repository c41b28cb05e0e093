"""Who may see dashboard reports (数据看板报表) — registered with the one gate (``employment.access``)
from ``DashboardConfig.ready``."""

from __future__ import annotations

from django.db.models import Q

from employment import access
from employment.models import Role


def _report_scope(user, account, qs):
    """A finished report holds a town's (or the district's) figures down to small counts: the district
    sees every report; a town reviewer its own town's reports and the ones it requested itself; nobody
    else any (the dashboard is for staff only)."""
    role = account.role if account else None
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN:
        return qs.filter(Q(town=account.town_id) | Q(user=user))
    return qs.none()


def register() -> None:
    from .models import ReportJob

    access.register(ReportJob, view=_report_scope)
