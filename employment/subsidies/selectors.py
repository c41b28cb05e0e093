"""Reads of rewards and subsidies: the applications, payment lists and notifications a user may see
(always through ``employment.access``), and what an applicant may apply for."""

from __future__ import annotations

from django.db.models import QuerySet

from employment import access
from employment.models import (
    Declaration,
    DeclarationOutcome,
    DeclarationStatus,
    Notification,
    PaymentList,
    Programme,
    SubsidyApplication,
    SubsidyStatus,
)


def applications_visible(user, *, programme: str = "", status: str = "", year: int | None = None) -> QuerySet:
    qs = access.scoped(user, SubsidyApplication).select_related("employer", "seeker", "town", "payment_list")
    if programme in Programme.values:
        qs = qs.filter(programme=programme)
    if status in SubsidyStatus.values:
        qs = qs.filter(status=status)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-created_at")


def reward_declarations_open(user) -> QuerySet:
    """The user's approved over-quota declarations that have no reward application yet."""
    return (
        access.scoped(user, Declaration)
        .filter(status=DeclarationStatus.APPROVED, outcome=DeclarationOutcome.REWARD)
        .exclude(reward_applications__programme=Programme.REWARD)
        .select_related("employer")
        .order_by("-year")
    )


def si_years_open(user) -> list[int]:
    """Years with an approved declaration of the employer and no social-insurance application yet."""
    declared = set(
        access.scoped(user, Declaration).filter(status=DeclarationStatus.APPROVED).values_list("year", flat=True)
    )
    applied = set(
        applications_visible(user, programme=Programme.SOCIAL_INSURANCE).values_list("year", flat=True)
    )
    return sorted(declared - applied, reverse=True)


def startup_open_application(seeker) -> SubsidyApplication | None:
    """The seeker's start-up application still with the applicant (draft, or sent back), if any."""
    return (
        SubsidyApplication.objects.filter(
            programme=Programme.STARTUP, seeker=seeker, status__in=(SubsidyStatus.DRAFT, SubsidyStatus.REJECTED)
        )
        .order_by("-created_at")
        .first()
    )


def evidence_of(application: SubsidyApplication) -> list:
    """The supporting documents of an application the caller has already fetched through ``access``."""
    return list(application.evidence_files.select_related("uploaded_by"))


def payment_lists_visible(user) -> QuerySet:
    return access.scoped(user, PaymentList).select_related("created_by")


def pending_payment_counts(user) -> list[dict]:
    """(programme, year, count) of approved applications not yet on a payment list."""
    from django.db.models import Count

    rows = (
        applications_visible(user)
        .filter(status=SubsidyStatus.APPROVED, payment_list__isnull=True)
        .values("programme", "year")
        .annotate(count=Count("id"))
        .order_by("-year", "programme")
    )
    labels = dict(Programme.choices)
    return [{**r, "label": labels[r["programme"]]} for r in rows]


def notifications_of(user) -> QuerySet:
    return access.scoped(user, Notification).select_related("application")


def revisions_of(application: SubsidyApplication):
    return application.revisions.select_related("user").order_by("-created_at", "-id")


def decisions_of(application: SubsidyApplication) -> list:
    """Every finished review step of every submission (who, which step, decision, comment)."""
    from wagtail.models import TaskState

    return list(
        TaskState.objects.filter(workflow_state__in=application.workflow_states.all())
        .exclude(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("task", "finished_by")
        .order_by("-finished_at", "-id")
    )
