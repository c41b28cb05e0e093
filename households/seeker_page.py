"""The family register's part of the staff seeker page: the family the seeker belongs to."""

from __future__ import annotations

from employment import access
from employment.seeker_page import SeekerPagePart, part_register


def _context(request, seeker) -> dict:
    from .models import Household

    return {"household": access.scoped(request.user, Household).filter(members=seeker).first()}


def register() -> None:
    part_register(SeekerPagePart(place="facts", template="households/seeker_fact.html", context=_context))
