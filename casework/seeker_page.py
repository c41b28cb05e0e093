"""Casework's part of the staff seeker page: placements with their follow-ups, and the job-coach notes
with the form to add one."""

from __future__ import annotations

from employment import access
from employment.models import Placement
from employment.seeker_page import SeekerPagePart, part_register


def _context(request, seeker) -> dict:
    from .forms import CoachNoteForm
    from .models import CoachNote, FollowUp

    user = request.user
    return {
        "placements": access.scoped(user, Placement).filter(seeker=seeker).select_related("employer"),
        "follow_ups": access.scoped(user, FollowUp).filter(placement__seeker=seeker),
        "notes": access.scoped(user, CoachNote).filter(seeker=seeker).select_related("author"),
        "note_form": CoachNoteForm(),
    }


def register() -> None:
    part_register(SeekerPagePart(place="sections", template="casework/seeker_sections.html", context=_context))
