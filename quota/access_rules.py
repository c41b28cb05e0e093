"""Who may see and change declarations, their rosters, supporting documents, conflicts and
adjustments, the policy parameters, the zips of letters and the 公示 (batches, entries, objections) —
registered with the one gate (``employment.access``) from ``QuotaConfig.ready``."""

from __future__ import annotations

from django.db.models import Q

from employment import access
from employment.models import Employer, Role


def _role(account) -> str | None:
    return account.role if account else None


def _declaration_scope(user, account, qs):
    # A declaration is visible exactly where its employer is.
    return qs.filter(employer__in=access.scoped(user, Employer))


def _via_declaration(path: str) -> access.Scope:
    def scope(user, account, qs):
        from .models import Declaration

        return qs.filter(**{f"{path}__in": access.scoped(user, Declaration)})

    return scope


def _conflict_scope(user, account, qs):
    from .models import Declaration

    visible = access.scoped(user, Declaration)
    return qs.filter(Q(entry_a__declaration__in=visible) | Q(entry_b__declaration__in=visible)).distinct()


def _conflict_change(user, account, qs):
    # Deciding which months count where is for reviewers who can see both sides: the district.
    return qs if _role(account) == Role.DISTRICT else qs.none()


def _policy_view(user, account, qs):
    return qs if account is not None else qs.none()


def _policy_change(user, account, qs):
    # District only: also the change rule of the 公示's batches, entries and objections.
    return qs if _role(account) == Role.DISTRICT else qs.none()


def _letter_archive_scope(user, account, qs):
    """A zip of letters holds a town's (or the whole district's) letters: the district sees every one; a
    town reviewer its own town's (a reviewer moved to another town no longer sees the old town's, not
    even those it requested); nobody else any."""
    role = _role(account)
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN and account.town_id:
        return qs.filter(town=account.town_id)
    return qs.none()


def _batch_view(user, account, qs):
    # Batches are the district's work; town reviewers read them (their towns' entries are on them).
    return qs if _role(account) in (Role.DISTRICT, Role.TOWN) else qs.none()


def _objection_view(user, account, qs):
    # The district sees every objection, a town its own employers'; an employer only those it made
    # online (one registered by staff names a caller, who may be one of its own staff).
    from .models import Declaration, ObjectionChannel

    role = _role(account)
    if role == Role.EMPLOYER:
        return qs.filter(channel=ObjectionChannel.ONLINE, entry__declaration__employer=account.employer_id)
    if role in (Role.DISTRICT, Role.TOWN):
        return qs.filter(entry__declaration__in=access.scoped(user, Declaration))
    return qs.none()


def register() -> None:
    from .models import (
        Declaration,
        DeclarationConflict,
        DeclarationEvidence,
        LetterArchive,
        MonthsAdjustment,
        PolicyYear,
        PublicityBatch,
        PublicityEntry,
        PublicityObjection,
        RosterEntry,
    )

    access.register(Declaration, view=_declaration_scope)
    access.register(RosterEntry, view=_via_declaration("declaration"))
    access.register(MonthsAdjustment, view=_via_declaration("declaration"))
    # A supporting document is seen where its declaration is; files are changed by the employer only
    # while the declaration may be edited (the services check the status).
    access.register(DeclarationEvidence, view=_via_declaration("declaration"))
    access.register(DeclarationConflict, view=_conflict_scope, change=_conflict_change)
    access.register(PolicyYear, view=_policy_view, change=_policy_change)
    access.register(LetterArchive, view=_letter_archive_scope)
    # 公示: the district changes batches and entries and handles objections; the others read what is theirs.
    access.register(PublicityBatch, view=_batch_view, change=_policy_change)
    access.register(PublicityEntry, view=_via_declaration("declaration"), change=_policy_change)
    access.register(PublicityObjection, view=_objection_view, change=_policy_change)
