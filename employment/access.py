"""The one place that decides whether a user may see or change an object.

Each model registers a *scope* (the queryset of rows a user may see) and, where it differs, a
*change scope*. Views never write their own ownership filters: they call ``scoped``,
``get_visible`` or ``get_changeable``, which answer 404 for an object outside the user's
employer, town or person (its existence is not revealed) and 403 for one the user may see but
not change.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import (
    Account,
    Application,
    Employer,
    Household,
    JobPost,
    JobSeeker,
    JobStatus,
    Placement,
    Role,
    Town,
    TrainingProvider,
    VocationalAssessment,
)

Scope = Callable[[object, Account | None, QuerySet], QuerySet]
_VIEW: dict[type[Model], Scope] = {}
_CHANGE: dict[type[Model], Scope] = {}


def account_of(user) -> Account | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.account
    except Account.DoesNotExist:
        return None


def role_of(user) -> str | None:
    """The user's role; a superuser without an account acts as a district reviewer."""
    account = account_of(user)
    if account is not None:
        return account.role
    if getattr(user, "is_superuser", False):
        return Role.DISTRICT
    return None


def register(model: type[Model], *, view: Scope, change: Scope | None = None) -> None:
    """Declare who sees (and changes) rows of ``model``. Later apps register their models here."""
    _VIEW[model] = view
    _CHANGE[model] = change or view


def _rules_for(model: type[Model], table: dict[type[Model], Scope]) -> Scope:
    for klass in model.__mro__:
        if klass in table:
            return table[klass]
    raise LookupError(f"No access rule registered for {model.__name__}")


def scoped(user, queryset_or_model, *, change: bool = False) -> QuerySet:
    """Rows of a model (or within a queryset) the user may see — or change, with change=True."""
    qs = queryset_or_model if isinstance(queryset_or_model, QuerySet) else queryset_or_model._default_manager.all()
    rule = _rules_for(qs.model, _CHANGE if change else _VIEW)
    account = account_of(user)
    if getattr(user, "is_superuser", False) and account is None:
        return qs
    return rule(user, account, qs)


def can_view(user, obj: Model) -> bool:
    return scoped(user, type(obj)).filter(pk=obj.pk).exists()


def can_change(user, obj: Model) -> bool:
    return scoped(user, type(obj), change=True).filter(pk=obj.pk).exists()


def get_visible(user, queryset_or_model, **lookup) -> Model:
    """The object if the user may see it, else 404 (never revealing that it exists)."""
    qs = scoped(user, queryset_or_model)
    try:
        return qs.get(**lookup)
    except (qs.model.DoesNotExist, ValueError) as exc:
        raise Http404("未找到") from exc


def get_changeable(user, queryset_or_model, **lookup) -> Model:
    """The object if the user may change it; 404 if not visible, 403 if visible but read-only."""
    obj = get_visible(user, queryset_or_model, **lookup)
    if not can_change(user, obj):
        raise PermissionDenied("您没有权限修改此内容。")
    return obj


def _role(account: Account | None) -> str | None:
    return account.role if account else None


# ---- rules -------------------------------------------------------------------------------------


def _town_scope(user, account, qs):
    return qs if account else qs.none()


def _employer_scope(user, account, qs):
    role = _role(account)
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN:
        return qs.filter(town=account.town)
    if role == Role.EMPLOYER:
        return qs.filter(pk=account.employer_id)
    return qs.none()


def _employer_change(user, account, qs):
    role = _role(account)
    if role == Role.EMPLOYER:
        return qs.filter(pk=account.employer_id)
    if role == Role.DISTRICT:
        return qs
    return qs.none()


def _provider_scope(user, account, qs):
    role = _role(account)
    if role == Role.DISTRICT:
        return qs
    if role == Role.PROVIDER:
        return qs.filter(pk=account.provider_id)
    return qs.none()


def _seeker_scope(user, account, qs):
    role = _role(account)
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN:
        return qs.filter(town=account.town)
    if role == Role.SEEKER:
        return qs.filter(user=user)
    if role == Role.EMPLOYER:
        # Seekers who consented to be visible (candidates for the employer's jobs), and seekers who
        # applied to one of its jobs themselves (applying shares the profile with that employer).
        applied = Q(applications__job__employer=account.employer_id, applications__invited_by_employer=False)
        return qs.filter(Q(visible_to_employers=True) | applied).distinct()
    return qs.none()


def _seeker_change(user, account, qs):
    role = _role(account)
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN:
        return qs.filter(town=account.town)
    if role == Role.SEEKER:
        return qs.filter(user=user)
    return qs.none()


def _assessment_scope(user, account, qs):
    role = _role(account)
    if role == Role.EMPLOYER:
        return qs.filter(seeker__in=_seeker_scope(user, account, JobSeeker.objects.all()))
    return qs.filter(seeker__in=_seeker_change(user, account, JobSeeker.objects.all()))


def _assessment_change(user, account, qs):
    return qs.filter(seeker__in=_seeker_change(user, account, JobSeeker.objects.all()))


def _job_scope(user, account, qs):
    role = _role(account)
    public = Q(status=JobStatus.PUBLISHED)
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN:
        return qs.filter(public | Q(town=account.town) | Q(employer__town=account.town))
    if role == Role.EMPLOYER:
        return qs.filter(public | Q(employer=account.employer_id))
    return qs.filter(public)


def _job_change(user, account, qs):
    role = _role(account)
    if role == Role.EMPLOYER:
        return qs.filter(employer=account.employer_id)
    if role == Role.DISTRICT:
        return qs
    return qs.none()


def _application_scope(user, account, qs):
    role = _role(account)
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN:
        return qs.filter(seeker__town=account.town)
    if role == Role.SEEKER:
        return qs.filter(seeker__user=user)
    if role == Role.EMPLOYER:
        consented = Q(invited_by_employer=False) | Q(seeker__visible_to_employers=True)
        return qs.filter(consented, job__employer=account.employer_id)
    return qs.none()


def _application_change(user, account, qs):
    role = _role(account)
    if role == Role.SEEKER:
        return qs.filter(seeker__user=user)
    if role == Role.EMPLOYER:
        return qs.filter(job__employer=account.employer_id)
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN:
        return qs.filter(seeker__town=account.town)
    return qs.none()


def _placement_scope(user, account, qs):
    role = _role(account)
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN:
        return qs.filter(seeker__town=account.town)
    if role == Role.SEEKER:
        return qs.filter(seeker__user=user)
    if role == Role.EMPLOYER:
        return qs.filter(employer=account.employer_id)
    return qs.none()


def _placement_change(user, account, qs):
    role = _role(account)
    if role in (Role.DISTRICT,):
        return qs
    if role == Role.TOWN:
        return qs.filter(seeker__town=account.town)
    if role == Role.EMPLOYER:
        return qs.filter(employer=account.employer_id)
    return qs.none()


def _household_scope(user, account, qs):
    """The family register (零就业残疾人家庭台账) is kept by the towns: a town reviewer sees and edits
    its own town's families, the district all of them; nobody else sees it."""
    role = _role(account)
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN:
        return qs.filter(town=account.town)
    return qs.none()


register(Town, view=_town_scope, change=lambda u, a, qs: qs if _role(a) == Role.DISTRICT else qs.none())
register(Employer, view=_employer_scope, change=_employer_change)
register(TrainingProvider, view=_provider_scope)
register(JobSeeker, view=_seeker_scope, change=_seeker_change)
register(Household, view=_household_scope)
register(VocationalAssessment, view=_assessment_scope, change=_assessment_change)
register(JobPost, view=_job_scope, change=_job_change)
register(Application, view=_application_scope, change=_application_change)
register(Placement, view=_placement_scope, change=_placement_change)


# ---- casework (staff only: job-coach notes and placement follow-ups) ----------------------------


def _casework_scope(seeker_path: str) -> Scope:
    def scope(user, account, qs):
        role = _role(account)
        if role == Role.DISTRICT:
            return qs
        if role == Role.TOWN:
            return qs.filter(**{f"{seeker_path}__town": account.town})
        return qs.none()

    return scope


def _register_casework() -> None:
    from casework.models import CoachNote, FollowUp

    register(CoachNote, view=_casework_scope("seeker"))
    register(FollowUp, view=_casework_scope("placement__seeker"))


_register_casework()


# ---- quota declarations (按比例就业年审) -----------------------------------------------------------


def _declaration_scope(user, account, qs):
    # A declaration is visible exactly where its employer is.
    return qs.filter(employer__in=_employer_scope(user, account, Employer.objects.all()))


def _via_declaration(path: str) -> Scope:
    def scope(user, account, qs):
        from .models import Declaration

        visible = _declaration_scope(user, account, Declaration.objects.all())
        return qs.filter(**{f"{path}__in": visible})

    return scope


def _conflict_scope(user, account, qs):
    from .models import Declaration

    visible = _declaration_scope(user, account, Declaration.objects.all())
    return qs.filter(Q(entry_a__declaration__in=visible) | Q(entry_b__declaration__in=visible)).distinct()


def _conflict_change(user, account, qs):
    # Deciding which months count where is for reviewers who can see both sides: the district.
    return qs if _role(account) == Role.DISTRICT else qs.none()


def _policy_view(user, account, qs):
    return qs if account is not None else qs.none()


def _policy_change(user, account, qs):
    return qs if _role(account) == Role.DISTRICT else qs.none()


def _register_declarations() -> None:
    from .models import Declaration, DeclarationConflict, MonthsAdjustment, PolicyYear, RosterEntry

    register(Declaration, view=_declaration_scope)
    register(RosterEntry, view=_via_declaration("declaration"))
    register(MonthsAdjustment, view=_via_declaration("declaration"))
    register(DeclarationConflict, view=_conflict_scope, change=_conflict_change)
    register(PolicyYear, view=_policy_view, change=_policy_change)


_register_declarations()


# ---- rewards and subsidies (奖励和补贴) ------------------------------------------------------------


def _subsidy_scope(user, account, qs):
    # Employer: its own employer's applications; seeker: their own start-up applications; town: its
    # town; district: all.
    role = _role(account)
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN:
        return qs.filter(town=account.town)
    if role == Role.EMPLOYER:
        return qs.filter(employer=account.employer_id)
    if role == Role.SEEKER:
        return qs.filter(seeker__user=user)
    return qs.none()


def _subsidy_change(user, account, qs):
    # Applicants edit (status guards in the services); reviewers act through the workflow tasks.
    role = _role(account)
    if role == Role.EMPLOYER:
        return qs.filter(employer=account.employer_id)
    if role == Role.SEEKER:
        return qs.filter(seeker__user=user)
    if role == Role.TOWN:
        return qs.filter(town=account.town, seeker__isnull=False)  # start-up filed on a seeker's behalf
    if role == Role.DISTRICT:
        return qs.filter(seeker__isnull=False)
    return qs.none()


def _via_subsidy(path: str) -> Scope:
    def scope(user, account, qs):
        from .models import SubsidyApplication

        return qs.filter(**{f"{path}__in": _subsidy_scope(user, account, SubsidyApplication.objects.all())})

    return scope


def _district_only(user, account, qs):
    return qs if _role(account) == Role.DISTRICT else qs.none()


def _own_notifications(user, account, qs):
    return qs.filter(user=user) if getattr(user, "is_authenticated", False) else qs.none()


def _register_subsidies() -> None:
    from .models import Notification, PaymentList, SIClaimLine, SubsidyApplication, SubsidyEvidence

    register(SubsidyApplication, view=_subsidy_scope, change=_subsidy_change)
    register(SIClaimLine, view=_via_subsidy("application"))
    register(SubsidyEvidence, view=_via_subsidy("application"))
    register(PaymentList, view=_district_only)
    register(Notification, view=_own_notifications)


_register_subsidies()


# ---- training courses (培训课程报名) ---------------------------------------------------------------


def _enrolment_scope(user, account, qs):
    # Provider: enrolments on its own courses only; seeker: their own; district: all.
    role = _role(account)
    if role == Role.DISTRICT:
        return qs
    if role == Role.PROVIDER:
        return qs.filter(course__provider=account.provider_id)
    if role == Role.SEEKER:
        return qs.filter(seeker__user=user)
    return qs.none()


def _attendance_scope(user, account, qs):
    from cms.models import Enrolment

    return qs.filter(enrolment__in=_enrolment_scope(user, account, Enrolment.objects.all()))


def _register_training() -> None:
    from cms.models import Attendance, Enrolment

    register(Enrolment, view=_enrolment_scope)
    register(Attendance, view=_attendance_scope)


_register_training()


# ---- dashboard reports (数据看板报表) ----------------------------------------------------------------


def _report_scope(user, account, qs):
    """A finished report holds a town's (or the district's) figures down to small counts: the district
    sees every report; a town reviewer its own town's reports and the ones it requested itself; nobody
    else any (the dashboard is for staff only)."""
    role = _role(account)
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN:
        return qs.filter(Q(town=account.town_id) | Q(user=user))
    return qs.none()


def _register_dashboard() -> None:
    from dashboard.models import ReportJob

    register(ReportJob, view=_report_scope)


_register_dashboard()
