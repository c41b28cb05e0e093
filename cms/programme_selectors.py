"""Reads for the incubation programmes: a programme's figures (the sums over its projects), a studio's
apprentice figures, one's own application to a page, and the staff queue of applications (项目报名),
always through ``employment.access``.

A studio's apprentice figures:
- apprentices: those entered by staff (taken on before the platform, or off it) plus the applications
  to become its apprentice that staff accepted here (seekers and visitors);
- certified: entered only (the platform does not record certificates);
- employed: entered, plus the accepted seeker apprentices with a hire recorded on the platform
  (``Placement``) whose contract started on or after the day they were accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet

from employment import access
from employment.models import JobSeeker, Placement, Role

from .models import ApplicationKind, ApplicationStatus, ProgrammeApplication


@dataclass(frozen=True)
class ProgrammeFigures:
    projects: int
    participants: int
    disabled_participants: int
    jobs_created: int
    annual_sales: Decimal | None  # None: no project reported its sales
    sales_reported: int = 0  # how many projects the sales total covers

    @property
    def sales_partial(self) -> bool:
        """Some projects have not reported their sales: the total says how many it covers."""
        return 0 < self.sales_reported < self.projects


def programme_figures(projects) -> ProgrammeFigures:
    """The sums over a programme's projects (already loaded: the page shows them too)."""
    sales = [p.annual_sales for p in projects if p.annual_sales is not None]
    return ProgrammeFigures(
        projects=len(projects),
        participants=sum(p.participants for p in projects),
        disabled_participants=sum(p.disabled_participants for p in projects),
        jobs_created=sum(p.jobs_created for p in projects),
        annual_sales=sum(sales, Decimal(0)) if sales else None,
        sales_reported=len(sales),
    )


@dataclass(frozen=True)
class StudioFigures:
    recorded: int  # entered by staff
    accepted_here: int  # accepted through the platform
    certified: int
    employed_recorded: int
    employed_here: int

    @property
    def apprentices(self) -> int:
        return self.recorded + self.accepted_here

    @property
    def employed(self) -> int:
        return self.employed_recorded + self.employed_here


def studio_figures(studio) -> StudioFigures:
    accepted = ProgrammeApplication.objects.filter(
        page_id=studio.pk, kind=ApplicationKind.APPRENTICE, status=ApplicationStatus.ACCEPTED
    )
    hired_since = Placement.objects.filter(seeker_id=OuterRef("seeker_id"),
                                           contract_start__gte=OuterRef("handled_at__date"))
    employed_here = accepted.filter(seeker__isnull=False).filter(Exists(hired_since)).count()
    return StudioFigures(
        recorded=studio.apprentices_recorded,
        accepted_here=accepted.count(),
        certified=studio.apprentices_certified,
        employed_recorded=studio.apprentices_employed,
        employed_here=employed_here,
    )


def seeker_of(user) -> JobSeeker | None:
    """The signed-in seeker's own record (None for anyone else)."""
    if access.role_of(user) != Role.SEEKER:
        return None
    return access.scoped(user, JobSeeker).filter(user=user).first()


def application_of(user, page) -> ProgrammeApplication | None:
    """The signed-in seeker's latest application to this page, if any."""
    if access.role_of(user) != Role.SEEKER:
        return None
    return access.scoped(user, ProgrammeApplication).filter(page_id=page.pk).order_by("-created_at", "-pk").first()


def applications_visible(user, *, status: str = "", kind: str = "", page_id: int | None = None) -> QuerySet:
    """The applications the user may see (staff: the queue; a seeker: their own), newest first."""
    qs = access.scoped(user, ProgrammeApplication).select_related("page", "seeker", "seeker__town", "handled_by")
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    if kind in ApplicationKind.values:
        qs = qs.filter(kind=kind)
    if page_id:
        qs = qs.filter(page_id=page_id)
    return qs.order_by("-created_at", "-pk")


def applications_pending(user) -> QuerySet:
    return access.scoped(user, ProgrammeApplication).filter(status=ApplicationStatus.PENDING)


def application_pages(user) -> list:
    """The programmes and studios the user's visible applications are for (the queue's filter)."""
    from wagtail.models import Page

    ids = access.scoped(user, ProgrammeApplication).values("page_id")
    return list(Page.objects.filter(pk__in=ids).order_by("path"))
