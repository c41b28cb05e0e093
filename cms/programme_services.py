"""Writes for joining an incubation programme (项目报名): applying from a programme's or a studio's page
(a signed-in seeker, or a visitor with a name and a phone number) and staff answering (accept or
decline, with an answer the applicant is told through ``employment.notify``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from domain.phone import PhoneError, normalize_phone
from employment.models import JobSeeker
from employment.notify import notify

from .models import (
    OPEN_STATUSES,
    ApplicationKind,
    ApplicationStatus,
    IncubationProgramPage,
    ProgrammeApplication,
    StudioPage,
)

MESSAGE_MAX = 500


def application_kind_of(page: Page) -> str:
    """What applying to this page means: joining a programme or becoming a studio's apprentice;
    ``ValidationError`` for a page that takes no applications."""
    specific = page.specific
    if isinstance(specific, StudioPage) and specific.accepts_apprentices:
        return ApplicationKind.APPRENTICE
    if isinstance(specific, IncubationProgramPage) and specific.accepts_applications:
        return ApplicationKind.PROGRAMME
    raise ValidationError("这个页面不接受网上报名，请按页面上的联系方式咨询。")


def _message_clean(message: str) -> str:
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError(f"留言不能超过 {MESSAGE_MAX} 个字，现在是 {len(message)} 个字。")
    return message


@transaction.atomic
def programme_application_create(
    *, page: Page, seeker: JobSeeker | None = None, name: str = "", phone: str = "", message: str = ""
) -> ProgrammeApplication:
    """A new application to ``page`` (live and public): from ``seeker`` (their name and phone are
    copied from the record), or from a visitor, whose name and phone number are required."""
    if not page.live or page.get_view_restrictions().exists():
        raise ValidationError("未找到该项目。")
    kind = application_kind_of(page)
    message = _message_clean(message)
    if seeker is not None:
        if ProgrammeApplication.objects.filter(seeker=seeker, page=page, status__in=OPEN_STATUSES).exists():
            raise ValidationError(f"您已经报名了“{page.title}”，请在“我的项目报名”中查看进度。")
        name, phone = seeker.name, seeker.phone
    else:
        name = (name or "").strip()
        if not name:
            raise ValidationError({"name": "请填写您的姓名。"})
        if len(name) > 40:
            raise ValidationError({"name": "姓名不能超过 40 个字。"})
        try:
            phone = normalize_phone(phone)
        except PhoneError as exc:
            raise ValidationError({"phone": str(exc)}) from exc
    try:
        with transaction.atomic():
            return ProgrammeApplication.objects.create(
                page=page, kind=kind, seeker=seeker, name=name, phone=phone, message=message
            )
    except IntegrityError as exc:  # the same seeker's other request won the race
        raise ValidationError(f"您已经报名了“{page.title}”，请在“我的项目报名”中查看进度。") from exc


def _outcome_text(application: ProgrammeApplication) -> tuple[str, str]:
    what = "拜师学艺" if application.kind == ApplicationKind.APPRENTICE else "参加项目"
    title = application.page.title
    if application.status == ApplicationStatus.ACCEPTED:
        subject = f"您报名{what}“{title}”已被接受"
    else:
        subject = f"您报名{what}“{title}”未通过"
    body = subject + "。"
    if application.answer:
        body += f"工作人员答复：{application.answer}"
    return subject, body


@transaction.atomic
def programme_application_answer(
    *, application: ProgrammeApplication, accept: bool, answer: str, user
) -> ProgrammeApplication:
    """Accept or decline a pending application with an answer; the seeker is told (visitors have no
    account: staff phone them, the page says so)."""
    locked = ProgrammeApplication.objects.select_for_update(of=("self",)).select_related("page", "seeker__user").get(
        pk=application.pk
    )
    if locked.status != ApplicationStatus.PENDING:
        raise ValidationError(f"这份报名已经处理过（{locked.get_status_display()}），不能再次处理。")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "请填写给报名人的答复，例如下一步怎么做、为什么未通过。"})
    if len(answer) > MESSAGE_MAX:
        raise ValidationError({"answer": f"答复不能超过 {MESSAGE_MAX} 个字，现在是 {len(answer)} 个字。"})
    locked.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
    locked.answer = answer
    locked.handled_by = user
    locked.handled_at = timezone.now()
    locked.save(update_fields=["status", "answer", "handled_by", "handled_at"])
    if locked.seeker_id and locked.seeker.user_id:
        subject, body = _outcome_text(locked)
        notify(users=[locked.seeker.user], event="programme.answered", subject=subject, body=body,
               url=reverse("programme-application-detail", args=[locked.pk]))
    return locked
