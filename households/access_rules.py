"""Who may see and change the family register — registered with the one gate (``employment.access``)
from ``HouseholdsConfig.ready``."""

from __future__ import annotations

from employment import access
from employment.models import Role


def _household_scope(user, account, qs):
    """The family register (零就业残疾人家庭台账) is kept by the towns: a town reviewer sees and edits
    its own town's families, the district all of them; nobody else sees it."""
    role = account.role if account else None
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN:
        return qs.filter(town=account.town)
    return qs.none()


def register() -> None:
    from .models import Household

    access.register(Household, view=_household_scope)
