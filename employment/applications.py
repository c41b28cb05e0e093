"""Writes of a job application's life: a seeker applies (again, after withdrawing), the employer
invites and records the outcome, the seeker replies or withdraws. Each locks the application row,
validates, saves in one transaction and tells the other side through ``application_notices``.
Split from ``employment.services`` by subject; the hire itself is ``services.placement_record``."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import application_notices
from .formats import cn_datetime
from .models import (
    Application,
    ApplicationStatus,
    InterviewFormat,
    JobPost,
    JobSeeker,
    JobStatus,
    SeekerReply,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def application_submit(*, seeker: JobSeeker, job: JobPost, message: str = "") -> Application:
    """A seeker applies to a published job; applying twice returns the existing application.

    A withdrawn application is not final: applying again reopens it (one row per seeker and job) as a
    fresh application — sent now, by the seeker, with the new message and none of the old interview
    arrangements or answers — and the employer is told as of a new one."""
    if job.status != JobStatus.PUBLISHED:
        raise ValidationError("这个岗位已经停止招聘。")
    application, created = Application.objects.get_or_create(seeker=seeker, job=job, defaults={"message": message})
    if created:
        application_notices.received(application)
        return application
    application_lock(application)
    if application.status == ApplicationStatus.WITHDRAWN:
        application.status = ApplicationStatus.APPLIED
        application.invited_by_employer = False
        application.message = message
        application.interview_at = None
        application.interview_place = ""
        application.interview_format = InterviewFormat.NONE
        application.interview_outcome = ""
        application.seeker_reply = SeekerReply.NONE
        application.seeker_replied_at = None
        application.seeker_reply_message = ""
        application.seeker_requested_format = InterviewFormat.NONE
        application.created_at = timezone.now()  # "new since the last visit" counts it as new
        application.save()
        application_notices.received(application)
    return application


def application_can_reapply(application: Application | None) -> bool:
    """Whether the seeker may (re)apply: no application yet, or the one they had was withdrawn."""
    return application is None or application.status == ApplicationStatus.WITHDRAWN


@transaction.atomic
def application_invite(
    *, seeker: JobSeeker, job: JobPost, message: str = "", interview_at=None, interview_place: str = "",
    interview_format: str = "",
) -> Application:
    """An employer invites a candidate to interview — time, place, format (on-site, video, with a
    sign-language interpreter) and a message in one step; an existing application is moved to invited."""
    if interview_format not in InterviewFormat.values:
        raise ValidationError({"interview_format": "请选择面试方式：现场面试、视频面试、需要手语翻译或文字面试。"})
    arrangements = {
        "interview_at": interview_at, "interview_place": (interview_place or "").strip(),
        "interview_format": interview_format,
    }
    application, created = Application.objects.get_or_create(
        seeker=seeker,
        job=job,
        defaults={"invited_by_employer": True, "status": ApplicationStatus.INVITED, "message": message, **arrangements},
    )
    if created:
        application_notices.invited(application)
        return application
    application_lock(application)
    if application.status == ApplicationStatus.APPLIED:
        application.status = ApplicationStatus.INVITED
        for name, value in arrangements.items():
            setattr(application, name, value)
        fields = ["status", *arrangements, "updated_at"]
        if message:
            # The seeker's own words stay on the application; the invitation's go to the notice.
            application.invite_message = message
        application.save(update_fields=fields)
        application_notices.invited(application)
    elif application.status != ApplicationStatus.INVITED:
        raise ValidationError(
            f"{seeker.name}对「{job.title}」的申请状态是“{application.get_status_display()}”，不能再邀请面试。"
        )
    return application


@transaction.atomic
def application_outcome_record(
    *, application: Application, status: str, interview_at, interview_outcome: str, interview_place: str = "",
    interview_format: str | None = None,
) -> Application:
    """The employer records the interview time, place, format and outcome — while the application is
    still open or was turned down (a withdrawn application stays withdrawn, a hire is not undone here).
    The seeker is told when the time, place or format of an interview still to come is set or changed,
    and when turned down. New arrangements answer a seeker's request for another time or format: the
    invitation then waits for the seeker's answer again. ``interview_format`` None keeps the format."""
    application_lock(application)
    before = Application.objects.values("interview_at", "interview_place", "interview_format").get(pk=application.pk)
    if interview_format is None:
        interview_format = before["interview_format"]
    if interview_format not in InterviewFormat.values:
        raise ValidationError({"interview_format": "请选择面试方式：现场面试、视频面试、需要手语翻译或文字面试。"})
    if application.status == ApplicationStatus.WITHDRAWN:
        raise ValidationError("求职者已经撤回了这个申请，不能再记录面试结果。")
    if application.status == ApplicationStatus.HIRED:
        raise ValidationError("这个申请已经录用，不能再改为面试结果；如需更正，请联系镇街残联。")
    was_rejected = application.status == ApplicationStatus.REJECTED
    interview_place = (interview_place or "").strip()
    application.status = status
    application.interview_at = interview_at
    application.interview_place = interview_place
    application.interview_format = interview_format
    application.interview_outcome = interview_outcome
    fields = ["status", "interview_at", "interview_place", "interview_format", "interview_outcome", "updated_at"]
    changed = (before["interview_at"], before["interview_place"], before["interview_format"]) != (
        interview_at, interview_place, interview_format
    )
    if status == ApplicationStatus.INVITED and changed and application.seeker_reply == SeekerReply.RESCHEDULE:
        application.seeker_reply = SeekerReply.NONE  # the new arrangements wait for the seeker's answer
        application.seeker_replied_at = None
        fields += ["seeker_reply", "seeker_replied_at"]
    application.save(update_fields=fields)
    if status == ApplicationStatus.REJECTED and not was_rejected:
        application_notices.declined(application)
    elif status == ApplicationStatus.INVITED and (interview_at or interview_place or interview_format) and changed:
        first = not (before["interview_at"] or before["interview_place"] or before["interview_format"])
        application_notices.interview_changed(application, first=first)
    return application


# A seeker may withdraw until the employer has decided (录用 or 未录用) and only once.
WITHDRAWABLE = (ApplicationStatus.APPLIED, ApplicationStatus.INVITED, ApplicationStatus.INTERVIEWED)


def application_can_withdraw(application: Application) -> bool:
    return application.status in WITHDRAWABLE


def application_withdraw_check(application: Application) -> None:
    """Raise the seeker-facing reason when the application can no longer be withdrawn."""
    if not application_can_withdraw(application):
        raise ValidationError(
            f"「{application.job.title}」的申请状态是“{application.get_status_display()}”，不能撤回。"
            "只有已投递、已邀请面试或已面试的申请可以撤回。"
        )


def application_can_reply(application: Application) -> bool:
    """An invitation to interview waits for the seeker's answer until they give one."""
    return application.status == ApplicationStatus.INVITED and application.seeker_reply == SeekerReply.NONE


def application_reply_check(application: Application) -> None:
    """Raise the seeker-facing reason when there is no invitation waiting for an answer."""
    if application.seeker_reply != SeekerReply.NONE:
        replied_at = cn_datetime(application.seeker_replied_at)
        raise ValidationError(
            f"您已经在 {replied_at} 答复过「{application.job.title}」的面试邀请"
            f"（{application.get_seeker_reply_display()}），不能再次答复。"
        )
    if application.status != ApplicationStatus.INVITED:
        raise ValidationError(
            f"「{application.job.title}」的申请状态是“{application.get_status_display()}”，"
            "不是待答复的面试邀请。"
        )


def application_lock(application: Application) -> None:
    """Re-read the row under a lock, so a decision made meanwhile (e.g. a hire) is seen, not overwritten."""
    fresh = Application.objects.select_for_update().get(pk=application.pk)
    for name in ("status", "seeker_reply", "seeker_replied_at"):
        setattr(application, name, getattr(fresh, name))


@transaction.atomic
def application_withdraw(*, application: Application, by_user) -> Application:
    """撤回申请 — the seeker withdraws their application (or the invitation they had accepted)."""
    if application.seeker.user_id is None or application.seeker.user_id != by_user.pk:
        # Views fetch through ``access``; reaching here for someone else's application is a bug.
        raise PermissionDenied("只有求职者本人可以撤回申请。")
    application_lock(application)
    application_withdraw_check(application)
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    return application


REPLY_MESSAGE_MAX = 500


@transaction.atomic
def application_reply(
    *, application: Application, by_user, accept: bool | None = None, answer: str = "", message: str = "",
    requested_format: str = "",
) -> Application:
    """The seeker answers an invitation: accepts (接受面试邀请), declines (婉拒: the application is
    withdrawn) or asks for another time or format (请求更改: the invitation stays open until the employer
    sets new arrangements) — each with an optional message to the employer. Asking for a change needs
    a message saying what would suit, or the format wanted. ``accept`` True/False is short for the
    first two answers."""
    if accept is not None:
        answer = SeekerReply.ACCEPTED if accept else SeekerReply.DECLINED
    if application.seeker.user_id is None or application.seeker.user_id != by_user.pk:
        raise PermissionDenied("只有求职者本人可以答复面试邀请。")
    if answer not in (SeekerReply.ACCEPTED, SeekerReply.DECLINED, SeekerReply.RESCHEDULE):
        raise ValidationError({"answer": "请选择答复：接受面试邀请、请求更改时间或方式，或婉拒邀请。"})
    message = (message or "").strip()
    if len(message) > REPLY_MESSAGE_MAX:
        raise ValidationError({"message": f"给单位的留言最多 {REPLY_MESSAGE_MAX} 个字，请删短一些。"})
    if requested_format not in InterviewFormat.values:
        raise ValidationError({"requested_format": "请从列表中选择希望的面试方式。"})
    if answer == SeekerReply.RESCHEDULE and not (message or requested_format):
        raise ValidationError({"message": "请求更改面试时，请在“给单位的留言”里写上您方便的时间，或选择希望的面试方式。"})
    application_lock(application)
    application_reply_check(application)
    application.seeker_reply = answer
    application.seeker_replied_at = timezone.now()
    application.seeker_reply_message = message
    application.seeker_requested_format = requested_format if answer == SeekerReply.RESCHEDULE else ""
    fields = ["seeker_reply", "seeker_replied_at", "seeker_reply_message", "seeker_requested_format", "updated_at"]
    if answer == SeekerReply.DECLINED:
        application.status = ApplicationStatus.WITHDRAWN
        fields.append("status")
    application.save(update_fields=fields)
    application_notices.replied(application)
    return application


__all__ = [
    "application_can_reapply",
    "application_can_reply",
    "application_can_withdraw",
    "application_invite",
    "application_lock",
    "application_outcome_record",
    "application_reply",
    "application_reply_check",
    "application_submit",
    "application_withdraw",
    "application_withdraw_check",
]
