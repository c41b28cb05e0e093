"""Who may see casework (staff only: job-coach notes and placement follow-ups) — registered with the
one gate (``employment.access``) from ``CaseworkConfig.ready``."""

from __future__ import annotations

from employment import access
from employment.models import Role


def _casework_scope(seeker_path: str) -> access.Scope:
    def scope(user, account, qs):
        role = account.role if account else None
        if role == Role.DISTRICT:
            return qs
        if role == Role.TOWN:
            return qs.filter(**{f"{seeker_path}__town": account.town})
        return qs.none()

    return scope


def register() -> None:
    from .models import CoachNote, FollowUp

    access.register(CoachNote, view=_casework_scope("seeker"))
    access.register(FollowUp, view=_casework_scope("placement__seeker"))
