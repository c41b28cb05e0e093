"""Reads of rewards and subsidies: the applications and payment lists a user may see
(always through ``employment.access``), what an applicant may apply for, and who acted on an
application (the applicant or staff; the payment-details changes that bar a user from approving)."""

from __future__ import annotations

from django.db.models import QuerySet

from employment import access
from employment.models import Role
from quota.models import Declaration, DeclarationOutcome, DeclarationStatus, PolicyYear
from review.selectors import actor_label  # noqa: F401 - re-exported: who acted, as the applicant is told

from .models import (
    EVIDENCE_KINDS,
    EVIDENCE_REQUIRED_KIND,
    FILED,
    EvidenceKind,
    PaymentDetailsChange,
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


def applications_for_district_takeover(user) -> QuerySet:
    """The applications ``user`` may see that wait at the town step with nobody in their town left who
    may approve them — no active town reviewer, or every one changed the payment details — so a
    district reviewer takes the town step (区残联代为初审). ``SubsidyApplication.town_step_for_district``
    says the same of one application; this asks it of all of them in one query, for the work queue and
    the review list's ``?queue=takeover``."""
    from django.db.models import Exists, OuterRef

    from employment.models import Account

    changed_it = (PaymentDetailsChange.objects.filter(application_id=OuterRef(OuterRef("pk")), changed_by__isnull=False)
                  .values("changed_by_id"))
    free_reviewer = (Account.objects.filter(role=Role.TOWN, user__is_active=True, town_id=OuterRef("town_id"))
                     .exclude(user_id__in=changed_it))
    return applications_visible(user, status=SubsidyStatus.TOWN_REVIEW).exclude(Exists(free_reviewer))


def applications_for_final_review(user) -> QuerySet:
    """The applications ``user`` may see that wait for the district's final review and that ``user``
    may approve: not those whose town step ``user`` took (two people approve:
    ``review.selectors.final_approval_queue``) — for the work queue and the review list's
    ``?queue=district``."""
    from review.selectors import final_approval_queue

    return final_approval_queue(applications_visible(user), user)


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


def employer_last_approved_bank(employer) -> SubsidyApplication | None:
    """The employer's most recently approved reward or social-insurance application with bank
    details: a new application's 收款信息 start from it (the employer may change them)."""
    return (
        SubsidyApplication.objects.filter(
            employer=employer, status=SubsidyStatus.APPROVED,
            programme__in=(Programme.REWARD, Programme.SOCIAL_INSURANCE),
        )
        .exclude(bank_account="").exclude(bank_name="")
        .order_by("-approved_at", "-pk")
        .first()
    )


def startup_open_application(seeker) -> SubsidyApplication | None:
    """The seeker's start-up application still with the applicant (draft, or sent back), if any."""
    return (
        SubsidyApplication.objects.filter(
            programme=Programme.STARTUP, seeker=seeker, status__in=(SubsidyStatus.DRAFT, SubsidyStatus.REJECTED)
        )
        .order_by("-created_at")
        .first()
    )


def startup_held_application(seeker) -> SubsidyApplication | None:
    """The seeker's start-up application under review or approved, if any: the grant is once per
    person, so there is nothing more to apply for while it stands."""
    return (
        SubsidyApplication.objects.filter(programme=Programme.STARTUP, seeker=seeker, status__in=FILED)
        .order_by("-created_at")
        .first()
    )


def _tier_criterion(application: SubsidyApplication) -> str:
    """What a start-up application's tier requires (e.g. 带动就业3人以上): the wording kept with the
    application when it was last saved (``calculation["criterion"]``); for one saved before the wording
    was kept, its policy year's now; "" when there is none."""
    calculation = application.calculation if isinstance(application.calculation, dict) else {}
    if "criterion" in calculation:
        return str(calculation["criterion"] or "").strip()
    criteria = (PolicyYear.objects.filter(year=application.year)
                .values_list("startup_subsidy_tier_criteria", flat=True).first())
    return str((criteria if isinstance(criteria, dict) else {}).get(application.tier) or "").strip()


def startup_tier_text(application: SubsidyApplication) -> str:
    """The tier in words, for the applicant and the reviewers on the application's page and in the
    admin: "C档：正常经营满1年", or "C档" without a criterion; "" for an application without a tier."""
    if application.programme != Programme.STARTUP or not application.tier:
        return ""
    criterion = _tier_criterion(application)
    return f"{application.tier}档：{criterion}" if criterion else f"{application.tier}档"


def startup_tier_undecided_count(year: int, tier: str) -> int:
    """How many start-up applications of ``year`` not yet decided (drafts, in review, sent back) chose
    ``tier``: a policy year may not lose a tier they use (``quota.policy_models``)."""
    return (SubsidyApplication.objects.filter(programme=Programme.STARTUP, year=year, tier=tier)
            .exclude(status=SubsidyStatus.APPROVED).count())


def evidence_of(application: SubsidyApplication) -> list:
    """The supporting documents of an application the caller has already fetched through ``access``."""
    return list(application.evidence_files.select_related("uploaded_by"))


def evidence_required_label(application: SubsidyApplication) -> str:
    """What must be uploaded before submitting, in words: the required kind's name, or 证明材料 when
    any of the programme's kinds will do."""
    kind = EVIDENCE_REQUIRED_KIND.get(application.programme)
    return EvidenceKind(kind).label if kind else "证明材料"


def evidence_lacking(application: SubsidyApplication, evidence: list | None = None) -> str:
    """Why ``application`` cannot be submitted for want of supporting documents, or "" — the rule of
    ``EVIDENCE_REQUIRED_KIND`` (start-up: at least one file; social insurance: at least one
    社保缴费证明). ``evidence``: its files, if the caller has them loaded already."""
    if application.programme not in EVIDENCE_KINDS:
        return ""
    required = EVIDENCE_REQUIRED_KIND.get(application.programme)
    if evidence is not None:
        present = any(required is None or item.kind == required for item in evidence)
    else:
        files = application.evidence_files.all()
        present = (files.filter(kind=required) if required else files).exists()
    if present:
        return ""
    if required == EvidenceKind.SI_PAYMENT:
        return ("还没有上传社保缴费证明，不能提交审核。请先上传社保经办机构出具的社保缴费证明（缴费凭证或单位参保缴费明细，"
                "PDF、JPG 或 PNG），材料类型选“社保缴费证明”，再提交。")
    return "还没有上传证明材料，不能提交审核。请先上传营业执照等证明材料（PDF、JPG 或 PNG，至少一份），再提交。"


def payment_lists_visible(user) -> QuerySet:
    return access.scoped(user, PaymentList).select_related("created_by")


def applications_awaiting_payment_list(user) -> QuerySet:
    """Approved applications the user may see that are not on a payment list yet (待列入拨付名单)."""
    return applications_visible(user).filter(status=SubsidyStatus.APPROVED, payment_list__isnull=True)


def pending_payment_counts(user) -> list[dict]:
    """(programme, year, count) of approved applications not yet on a payment list."""
    from django.db.models import Count

    rows = (
        applications_awaiting_payment_list(user)
        .values("programme", "year")
        .annotate(count=Count("id"))
        .order_by("-year", "programme")
    )
    labels = dict(Programme.choices)
    return [{**r, "label": labels[r["programme"]]} for r in rows]


# ---- who acts on an application (separation of duties) -------------------------------------------


def acts_for_applicant(application: SubsidyApplication, user) -> bool:
    """Whether ``user`` is the applicant (the seeker) or one of the applicant employer's users;
    anyone else who changes the application is staff, and the applicant is told."""
    if not getattr(user, "pk", None):
        return False
    if application.employer_id:
        account = access.account_of(user)
        return bool(account and account.role == Role.EMPLOYER and account.employer_id == application.employer_id)
    return bool(application.seeker_id and application.seeker.user_id == user.pk)


def payment_changes_of(application: SubsidyApplication) -> list[PaymentDetailsChange]:
    """Every recorded change of the application's payment details, newest first."""
    return list(application.payment_changes.all())


def review_flags_attach(applications: list[SubsidyApplication], user) -> None:
    """Mark, on each application of a staff list, what the list must say in words: ``barred`` — the
    user changed its payment details and may not approve it; ``takeover`` — in the town step with
    nobody in the town left who may approve it, so a district reviewer takes the town step (unless one
    already has: ``delegation``, ``delegate_label``; ``review.selectors.town_step_hints_attach``)."""
    from review.selectors import town_step_hints_attach

    in_review = [a for a in applications if a.status in (SubsidyStatus.TOWN_REVIEW, SubsidyStatus.DISTRICT_REVIEW)]
    barred = set(PaymentDetailsChange.objects.filter(
        changed_by_id=getattr(user, "pk", None) or 0, application_id__in=[a.pk for a in in_review]
    ).values_list("application_id", flat=True))
    for application in applications:
        application.barred = application.pk in barred
    town_step_hints_attach(applications, user)


def payment_blocked_for(user) -> list[dict]:
    """(programme, year, count) of approved applications not yet listed whose payment details
    ``user`` changed: another staff member must put them on a payment list."""
    from django.db.models import Count

    if not getattr(user, "pk", None):
        return []
    rows = (
        applications_visible(user)
        .filter(status=SubsidyStatus.APPROVED, payment_list__isnull=True,
                pk__in=PaymentDetailsChange.objects.filter(changed_by_id=user.pk).values("application_id"))
        .values("programme", "year")
        .annotate(count=Count("id"))
        .order_by("-year", "programme")
    )
    labels = dict(Programme.choices)
    return [{**r, "label": labels[r["programme"]]} for r in rows]
