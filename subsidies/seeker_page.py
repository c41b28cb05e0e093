"""Subsidies' part of the staff seeker page: the seeker's one-time start-up subsidy applications, and
the way in to apply on their behalf (代为申请) while they have none filed or open."""

from __future__ import annotations

from employment import access
from employment.seeker_page import SeekerPagePart, part_register


def _context(request, seeker) -> dict:
    from . import selectors
    from .models import Programme, SubsidyApplication

    applications = (access.scoped(request.user, SubsidyApplication)
                    .filter(programme=Programme.STARTUP, seeker=seeker).order_by("-year", "-created_at"))
    can_apply = (access.can_change(request.user, seeker) and selectors.startup_held_application(seeker) is None
                 and selectors.startup_open_application(seeker) is None)
    return {"startup_applications": list(applications), "startup_can_apply": can_apply}


def register() -> None:
    part_register(SeekerPagePart(place="sections", template="subsidies/seeker_section.html", context=_context))
