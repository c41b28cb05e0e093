"""Writes of casework: schedule a placement's follow-ups, record one, add a coach note; a hire staff
arranged themselves (就业安置，残联代录) and the end of a placement (离职)."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from employment import access, application_notices
from employment import services as employment_services
from employment.formats import cn_date
from employment.models import Application, ApplicationStatus, Employer, JobSeeker, Placement, Role

from .models import FOLLOW_UP_MONTHS, CoachNote, FollowUp, FollowUpOutcome
from .selectors import OPEN_APPLICATION_STATUSES

# When a seeker has several open applications to the hiring employer, the one furthest along is
# the one the hire answers.
_APPLICATION_PROGRESS = {ApplicationStatus.INTERVIEWED: 2, ApplicationStatus.INVITED: 1, ApplicationStatus.APPLIED: 0}


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


def _open_application_to(*, seeker: JobSeeker, employer: Employer) -> Application | None:
    """The seeker's open application to one of the employer's jobs that a hire answers, if any."""
    candidates = Application.objects.filter(
        seeker=seeker, job__employer=employer, status__in=OPEN_APPLICATION_STATUSES, placement__isnull=True
    ).select_related("job")
    return max(candidates, key=lambda a: (_APPLICATION_PROGRESS[a.status], a.updated_at, a.pk), default=None)


@transaction.atomic
def placement_record_by_staff(
    *,
    seeker: JobSeeker,
    employer: Employer,
    contract_start: date,
    monthly_wage: Decimal,
    contract_end: date | None = None,
    on_establishment: bool = False,
    social_insurance_start: date | None = None,
    created_by,
) -> Placement:
    """就业安置（残联代录） — record a hire federation staff arranged (often by phone with the employer).

    The seeker's open application to one of the employer's jobs, if there is one, is linked (and so
    marked hired) and its job becomes the placement's job. A seeker still employed by the same
    employer is refused: a renewed contract is the same placement, and a second row would count the
    person twice in the employer's declaration roster.
    """
    # Lock the seeker so a double-clicked submit cannot record the same hire twice.
    JobSeeker.objects.select_for_update().filter(pk=seeker.pk).first()
    current = Placement.objects.filter(seeker=seeker, employer=employer, ended_on__isnull=True).first()
    if current is not None:
        raise ValidationError({"employer": (
            f"{seeker.name}在{employer.name}的就业（{cn_date(current.contract_start)}起）还没有记录离职。"
            "续签合同不需要重新记录；如果已经离职，请先在求职者页面记录离职，再记录新的就业。"
        )})
    application = _open_application_to(seeker=seeker, employer=employer)
    return employment_services.placement_record(
        seeker=seeker,
        employer=employer,
        job=application.job if application else None,
        application=application,
        contract_start=contract_start,
        contract_end=contract_end,
        monthly_wage=monthly_wage,
        on_establishment=on_establishment,
        social_insurance_start=social_insurance_start,
        created_by=created_by,
    )


@transaction.atomic
def placement_end(*, placement: Placement, ended_on: date, reason: str = "", recorded_by=None) -> Placement:
    """离职 — record the day a placement ended; an optional reason is kept as a coach note. Recorded by
    the employer (its portal), the seeker's town is told (``placement.ended``) so it can follow up.

    Open follow-ups stay as they are: the due list leaves out ended placements.
    """
    placement = Placement.objects.select_for_update(of=("self",)).select_related("seeker", "employer").get(pk=placement.pk)
    if placement.ended_on is not None:
        raise ValidationError(f"这段就业已经记录了离职（{cn_date(placement.ended_on)}），不能重复记录。")
    if ended_on < placement.contract_start:
        raise ValidationError(
            {"ended_on": f"离职日期不能早于合同开始日期（{cn_date(placement.contract_start)}）。"}
        )
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "离职日期不能晚于今天。还没有离职的，请在离职后再记录。"})
    placement.ended_on = ended_on
    placement.save(update_fields=["ended_on"])
    reason = reason.strip()
    if recorded_by is not None and access.role_of(recorded_by) == Role.EMPLOYER:
        # The employer recorded it (employer portal): the seeker's town hears of it and follows up.
        application_notices.placement_ended(placement, reason=reason)
    if reason:
        CoachNote.objects.create(
            seeker=placement.seeker, placement=placement, author=recorded_by,
            body=f"{cn_date(ended_on)}从{placement.employer.name}离职：{reason}",
        )
    return placement
