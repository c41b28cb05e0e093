"""The one place that decides whether a user may see or change an object, and which roles may use
a page.

Each model registers a *scope* (the queryset of rows a user may see) and, where it differs, a
*change scope*: the core's models below, every other app's from its own ``AppConfig.ready``
(``quota.access_rules``, ``subsidies.access_rules``, ``households.access_rules``,
``casework.access_rules``, ``cms.access_rules``, ``dashboard.access_rules``). Views never write their
own ownership filters: they call ``scoped``, ``get_visible`` or ``get_changeable``, which answer 404
for an object outside the user's employer, town or person (its existence is not revealed) and 403 for
one the user may see but not change; ``role_required`` guards a view by role.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from .models import (
    Account,
    Application,
    ApplicationStatus,
    Employer,
    JobPost,
    JobSeeker,
    JobStatus,
    Notification,
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


def served_towns(user) -> QuerySet[Town]:
    """The towns a user serves as staff — the one answer to "which towns' people, families and
    figures may this user work with": every town for a district reviewer (and a superuser without an
    account), its own town for a town reviewer, none for anyone else. Staff pages (town choices,
    the family register and its import, the dashboard's towns) ask this; the per-model rules below
    apply the same split to rows."""
    role = role_of(user)
    if role == Role.DISTRICT:
        return Town.objects.all()
    if role == Role.TOWN:
        return Town.objects.filter(pk=account_of(user).town_id)
    return Town.objects.none()


def role_required(*roles: str):
    """Allow only users whose role is one of ``roles`` (403 otherwise; anonymous → login)."""

    def decorator(view):
        @login_required
        def wrapped(request, *args, **kwargs):
            if role_of(request.user) not in roles:
                raise PermissionDenied("您的账号不能使用此功能。")
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorator


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


# The statuses of a seeker's own application that share their profile with the job's employer.
SHARING_STATUSES = tuple(status for status in ApplicationStatus.values if status != ApplicationStatus.WITHDRAWN)


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
        # applied to one of its jobs themselves (applying shares the profile with that employer, until
        # they withdraw the application: withdrawing takes the profile back).
        applied = Q(applications__job__employer=account.employer_id, applications__invited_by_employer=False,
                    applications__status__in=SHARING_STATUSES)
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


register(Town, view=_town_scope, change=lambda u, a, qs: qs if _role(a) == Role.DISTRICT else qs.none())
register(Employer, view=_employer_scope, change=_employer_change)
register(TrainingProvider, view=_provider_scope)
register(JobSeeker, view=_seeker_scope, change=_seeker_change)
register(VocationalAssessment, view=_assessment_scope, change=_assessment_change)
register(JobPost, view=_job_scope, change=_job_change)
register(Application, view=_application_scope, change=_application_change)
register(Placement, view=_placement_scope, change=_placement_change)


def _own_notifications(user, account, qs):
    return qs.filter(user=user) if getattr(user, "is_authenticated", False) else qs.none()


register(Notification, view=_own_notifications)


def _account_scope(user, account, qs):
    """Accounts: the district manages everyone's; an employer's administrator sees its colleagues;
    anyone sees their own."""
    role = _role(account)
    if role == Role.DISTRICT:
        return qs
    if role == Role.EMPLOYER and account.org_admin:
        return qs.filter(Q(employer=account.employer_id, role=Role.EMPLOYER) | Q(user=user))
    return qs.filter(user=user) if getattr(user, "is_authenticated", False) else qs.none()


register(Account, view=_account_scope)
