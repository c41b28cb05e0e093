"""Who may see training enrolments, attendance and completion corrections (培训课程报名) — registered with the one gate
(``employment.access``) from ``CmsConfig.ready``."""

from __future__ import annotations

from employment import access
from employment.models import Role


def _enrolment_scope(user, account, qs):
    # Provider: enrolments on its own courses only; seeker: their own; district: all.
    role = account.role if account else None
    if role == Role.DISTRICT:
        return qs
    if role == Role.PROVIDER:
        return qs.filter(course__provider=account.provider_id)
    if role == Role.SEEKER:
        return qs.filter(seeker__user=user)
    return qs.none()


def _attendance_scope(user, account, qs):
    from .models import Enrolment

    return qs.filter(enrolment__in=_enrolment_scope(user, account, Enrolment.objects.all()))


def register() -> None:
    from .models import Attendance, CompletionCorrection, Enrolment

    access.register(Enrolment, view=_enrolment_scope)
    access.register(Attendance, view=_attendance_scope)
    # The district's completion corrections: seen by whoever sees the enrolment (changed only by the
    # district, which ``cms.services.completion_correct`` checks).
    access.register(CompletionCorrection, view=_attendance_scope)
