"""Who may see and change subsidy applications, their lines and evidence, and payment lists —
registered with the one gate (``employment.access``) from ``SubsidiesConfig.ready``."""

from __future__ import annotations

from employment import access
from employment.models import Role


def _role(account) -> str | None:
    return account.role if account else None


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


def _via_subsidy(path: str) -> access.Scope:
    def scope(user, account, qs):
        from .models import SubsidyApplication

        return qs.filter(**{f"{path}__in": _subsidy_scope(user, account, SubsidyApplication.objects.all())})

    return scope


def _district_only(user, account, qs):
    return qs if _role(account) == Role.DISTRICT else qs.none()


def register() -> None:
    from .models import PaymentList, SIClaimLine, SubsidyApplication, SubsidyEvidence

    access.register(SubsidyApplication, view=_subsidy_scope, change=_subsidy_change)
    access.register(SIClaimLine, view=_via_subsidy("application"))
    access.register(SubsidyEvidence, view=_via_subsidy("application"))
    access.register(PaymentList, view=_district_only)
