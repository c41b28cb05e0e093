"""Writes of the employment domain. Views, forms and commands call these; they validate, save in one
transaction and queue follow-up work on commit."""

from __future__ import annotations

import logging
from datetime import date, datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from domain import identity, vocab

from . import application_notices, applications, job_checks, matches
from .crypto import lookup_hash
from .models import (
    Account,
    Application,
    ApplicationStatus,
    Employer,
    JobPost,
    JobSeeker,
    JobStatus,
    PersonalDataAccess,
    Placement,
    Role,
    Town,
    TrainingProvider,
    VocationalAssessment,
)
from .roles import role_group_ensure

User = get_user_model()
logger = logging.getLogger(__name__)


@transaction.atomic
def user_create_with_role(
    *,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    email: str = "",
    employer: Employer | None = None,
    provider: TrainingProvider | None = None,
    town: Town | None = None,
):
    """Create a user bound to one role (and the one employer/provider/town the role needs)."""
    # first_name: Wagtail's own pages name a user by get_full_name() — the display name, not the username.
    user = User.objects.create_user(username=username, password=password, email=email,
                                    first_name=display_name.strip()[:150])
    Account.objects.create(
        user=user, role=role, display_name=display_name, employer=employer, provider=provider, town=town
    )
    user.groups.add(role_group_ensure(role))
    if role in (Role.SEEKER, Role.EMPLOYER):
        # Applicants hear about review decisions through the platform's own Chinese notifications;
        # Wagtail's moderation e-mails (Chinese, templates/wagtailadmin/notifications/) would tell them twice.
        from wagtail.users.models import UserProfile

        UserProfile.objects.update_or_create(
            user=user,
            defaults={
                "submitted_notifications": False,
                "approved_notifications": False,
                "rejected_notifications": False,
                "updated_comments_notifications": False,
            },
        )
    return user


def seeker_identity_fields(resident_id: str, cert_no: str) -> dict:
    """Validate and normalise the two numbers; the certificate must belong to the resident ID.

    Returns the values of a ``JobSeeker``'s identity columns (plain values, keyed hashes, masked copies,
    category, grade, birth date); a format error is a ``ValidationError`` on the field."""
    try:
        rid = identity.normalize_resident_id(resident_id)
    except identity.IdentityError as exc:
        raise ValidationError({"resident_id": str(exc)}) from exc
    try:
        cert = identity.parse_disability_cert(cert_no)
    except identity.IdentityError as exc:
        raise ValidationError({"cert_no": str(exc)}) from exc
    if cert.resident_id != rid:
        raise ValidationError({"cert_no": "残疾人证号的前18位应与身份证号一致，请核对。"})
    return {
        "resident_id": rid,
        "resident_id_hash": lookup_hash(rid),
        "resident_id_masked": identity.mask_id(rid),
        "cert_no": cert.number,
        "cert_no_hash": lookup_hash(cert.number[:20]),
        "cert_no_masked": identity.mask_id(cert.number),
        "disability_category": cert.category,
        "disability_grade": cert.grade,
        "birth_date": date(int(rid[6:10]), int(rid[10:12]), int(rid[12:14])),
    }


class SeekerAlreadyRegistered(ValidationError):
    """The resident ID is on record already. ``seeker`` is that record: callers decide what the user may
    learn about it (staff in its scope get a link; nobody is told which number matched)."""

    def __init__(self, seeker: JobSeeker):
        super().__init__("此人已经登记过，不能重复登记。")
        self.seeker = seeker


@transaction.atomic
def seeker_register(
    *,
    name: str,
    resident_id: str,
    cert_no: str,
    town: Town,
    phone: str = "",
    email: str = "",
    user=None,
    created_by=None,
    visible_to_employers: bool = False,
    personalised_matching: bool = True,
    graduating_student: bool = False,
    verified: bool = True,
) -> JobSeeker:
    """Register a job seeker from their resident ID and disability certificate.

    Records staff create are verified (``verified``, by ``created_by``); a self-registered identity
    passes ``verified=False`` and stays 待核验 until town staff have seen the certificate. A duplicate is
    looked up by the resident ID only: the certificate number begins with the same 18 digits, so it
    cannot match where the resident ID does not, and the one error never says which number matched.
    """
    fields = seeker_identity_fields(resident_id, cert_no)
    existing = JobSeeker.objects.filter(resident_id_hash=fields["resident_id_hash"]).first()
    if existing is not None:
        raise SeekerAlreadyRegistered(existing)
    return JobSeeker.objects.create(
        name=name.strip(),
        town=town,
        phone=phone,
        email=email,
        user=user,
        created_by=created_by,
        visible_to_employers=visible_to_employers,
        personalised_matching=personalised_matching,
        graduating_student=graduating_student,
        verified_at=timezone.now() if verified else None,
        verified_by=created_by if verified else None,
        **fields,
    )


@transaction.atomic
def seeker_settings_save(*, form, user) -> JobSeeker:
    """Save a seeker's own settings form (``SeekerSettingsForm``); the account's e-mail follows the
    record's, so notices, the password reset and the notification settings page all use the one
    address the seeker sees and changes (an emptied address stops e-mail notices)."""
    seeker = form.save()
    if user.email != seeker.email:
        user.email = seeker.email
        user.save(update_fields=["email"])
    return seeker


@transaction.atomic
def seeker_verify(*, seeker: JobSeeker, by_user) -> JobSeeker:
    """已核验证件 — town staff have checked the physical certificate of a self-registered seeker.

    Who and when are kept on the record (and logged); verifying twice keeps the first verification.
    Callers fetch the seeker through ``access.get_changeable``.
    """
    fresh = JobSeeker.objects.select_for_update().get(pk=seeker.pk)
    if fresh.verified_at is None:
        fresh.verified_at = timezone.now()
        fresh.verified_by = by_user
        fresh.save(update_fields=["verified_at", "verified_by", "updated_at"])
        logger.info("Seeker %s certificate verified by user %s", fresh.pk, getattr(by_user, "pk", None))
    seeker.verified_at, seeker.verified_by = fresh.verified_at, fresh.verified_by
    return seeker


@transaction.atomic
def seeker_duplicate_lookup_record(*, user, seeker: JobSeeker) -> None:
    """Log that registering a seeker showed ``user`` that a record outside their scope exists."""
    PersonalDataAccess.objects.create(
        user=user,
        seeker=seeker,
        field="登记状态",
        action=PersonalDataAccess.Action.VIEW,
        reason="登记求职者时查重：此人已在其他镇街登记",
        detail=f"求职者 {seeker.pk}",
    )


def seeker_find_by_cert(cert_no: str) -> JobSeeker | None:
    """Look a seeker up by certificate number through its keyed hash (the column itself is encrypted)."""
    try:
        cert = identity.parse_disability_cert(cert_no)
    except identity.IdentityError:
        return None
    return JobSeeker.objects.filter(cert_no_hash=lookup_hash(cert.number[:20])).first()


@transaction.atomic
def assessment_record(
    *,
    seeker: JobSeeker,
    assessed_by=None,
    education: str = "",
    skills: str = "",
    experience: str = "",
    desired_jobs: str = "",
    max_hours_per_day: Decimal | None = None,
    needs: list[str] | None = None,
    limitations: list[str] | None = None,
    notes: str = "",
    assessed_at=None,
) -> VocationalAssessment:
    """Record a new assessment (earlier ones are kept as history) and queue its embedding."""
    needs = list(dict.fromkeys(needs or []))
    limitations = list(dict.fromkeys(limitations or []))
    unknown = [c for c in needs if c not in vocab.ACCESSIBILITY] + [c for c in limitations if c not in vocab.DEMANDS]
    if unknown:
        raise ValidationError(f"未知的选项：{'、'.join(unknown)}")
    assessment = VocationalAssessment.objects.create(
        seeker=seeker,
        assessed_by=assessed_by,
        education=education,
        skills=skills,
        experience=experience,
        desired_jobs=desired_jobs,
        max_hours_per_day=max_hours_per_day,
        needs=needs,
        limitations=limitations,
        notes=notes,
        assessed_at=assessed_at or timezone.now(),
    )
    matches.index_update_on_commit("assessment", assessment.pk)
    if assessed_by is not None and seeker.user_id is not None and assessed_by.pk != seeker.user_id:
        application_notices.assessment_updated(assessment)  # recorded by staff: the seeker is told
    return assessment


@transaction.atomic
def employer_register(
    *,
    name: str,
    credit_code: str,
    kind: str,
    town: Town,
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    description: str = "",
) -> Employer:
    try:
        code = identity.normalize_credit_code(credit_code)
    except identity.IdentityError as exc:
        raise ValidationError({"credit_code": str(exc)}) from exc
    if Employer.objects.filter(credit_code=code).exists():
        raise ValidationError({"credit_code": "这个统一社会信用代码已经登记过。"})
    return Employer.objects.create(
        name=name.strip(),
        credit_code=code,
        kind=kind,
        town=town,
        address=address,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
        description=description,
    )


def job_post_check(job: JobPost) -> None:
    """Raise the post's problems (``employment.job_checks``: openings, description, the year's minimum
    wage, …) as a ``ValidationError`` keyed by form field; nothing when it may be saved and published."""
    problems = job_checks.job_problems(job, today=timezone.localdate())
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def job_post_save(*, job: JobPost) -> JobPost:
    """Validate and save a job post (new or edited); a published post is re-indexed on commit."""
    unknown = [c for c in job.accessibility if c not in vocab.ACCESSIBILITY]
    unknown += [c for c in job.demands if c not in vocab.DEMANDS]
    if unknown:
        raise ValidationError(f"未知的选项：{'、'.join(unknown)}")
    job_post_check(job)
    job.full_clean()
    job.save()
    matches.index_update_on_commit("job", job.pk)
    return job


@transaction.atomic
def job_publish(*, job: JobPost) -> JobPost:
    """Publish a post (checked again: a draft saved before a check existed, or before a new year's
    minimum wage, is held to today's rules)."""
    job_post_check(job)
    job.status = JobStatus.PUBLISHED
    job.published_at = job.published_at or timezone.now()
    job.closed_at = None
    job.save(update_fields=["status", "published_at", "closed_at", "updated_at"])
    matches.index_update_on_commit("job", job.pk)
    return job


@transaction.atomic
def job_close(*, job: JobPost) -> JobPost:
    job.status = JobStatus.CLOSED
    job.closed_at = timezone.now()
    job.save(update_fields=["status", "closed_at", "updated_at"])
    matches.index_update_on_commit("job", job.pk)
    return job


@transaction.atomic
def placement_record(
    *,
    seeker: JobSeeker,
    employer: Employer,
    contract_start: date,
    monthly_wage: Decimal,
    contract_end: date | None = None,
    on_establishment: bool = False,
    social_insurance_start: date | None = None,
    job: JobPost | None = None,
    application: Application | None = None,
    created_by=None,
) -> Placement:
    """Record a hire; it pre-fills the employer's next declaration roster."""
    if application is not None:
        applications.application_lock(application)  # the seeker may have withdrawn since the employer's page was loaded
        if application.status == ApplicationStatus.WITHDRAWN:
            raise ValidationError("求职者已经撤回了这个申请，不能录用。")
    placement = Placement(
        seeker=seeker,
        employer=employer,
        job=job,
        application=application,
        contract_start=contract_start,
        contract_end=contract_end,
        on_establishment=on_establishment,
        monthly_wage=monthly_wage,
        social_insurance_start=social_insurance_start,
        created_by=created_by,
    )
    placement.full_clean()
    placement.save()
    if application is not None and application.status != ApplicationStatus.HIRED:
        application.status = ApplicationStatus.HIRED
        application.save(update_fields=["status", "updated_at"])
    application_notices.hired(placement)
    return placement


__all__ = [
    "Role",
    "SeekerAlreadyRegistered",
    "assessment_record",
    "employer_register",
    "job_close",
    "job_post_check",
    "job_post_save",
    "job_publish",
    "placement_record",
    "seeker_duplicate_lookup_record",
    "seeker_find_by_cert",
    "seeker_identity_fields",
    "seeker_register",
    "seeker_verify",
    "user_create_with_role",
]


# ---- the work queue: when a user last looked (我的待办) -------------------------------------------------


@transaction.atomic
def queue_visit_record(*, user) -> datetime | None:
    """Record that ``user`` opened their work queue now; return when they had last done so (None on
    the first visit). "New since the last visit" counts from the returned time."""
    from .models import QueueVisit

    now = timezone.now()
    # get_or_create: two first requests at once (two tabs) both end with one row, neither fails.
    visit, created = QueueVisit.objects.select_for_update().get_or_create(user=user, defaults={"seen_at": now})
    if created:
        return None
    previous = visit.seen_at
    visit.seen_at = now
    visit.save(update_fields=["seen_at"])
    return previous
