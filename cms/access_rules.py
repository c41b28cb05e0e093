"""Who may see training enrolments, attendance and completion corrections (培训课程报名) and applications
to join a programme or a studio (项目报名) — registered with the one gate (``employment.access``) from
``CmsConfig.ready``.

Applications: the district sees and answers all of them; a town reviewer those of seekers registered
in their town (a visitor's application names no town: the district answers it); a seeker sees their
own and changes none."""

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


def _programme_application_scope(user, account, qs):
    role = account.role if account else None
    if role == Role.DISTRICT:
        return qs
    if role == Role.TOWN:
        return qs.filter(seeker__town=account.town_id)
    if role == Role.SEEKER:
        return qs.filter(seeker__user=user)
    return qs.none()


def _programme_application_change(user, account, qs):
    role = account.role if account else None
    if role in (Role.DISTRICT, Role.TOWN):
        return _programme_application_scope(user, account, qs)
    return qs.none()


def register() -> None:
    from .models import Attendance, CompletionCorrection, Enrolment, ProgrammeApplication

    access.register(Enrolment, view=_enrolment_scope)
    access.register(Attendance, view=_attendance_scope)
    # The district's completion corrections: seen by whoever sees the enrolment (changed only by the
    # district, which ``cms.services.completion_correct`` checks).
    access.register(CompletionCorrection, view=_attendance_scope)
    access.register(ProgrammeApplication, view=_programme_application_scope, change=_programme_application_change)
