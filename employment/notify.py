"""Notifications (通知): the one interface every app calls to tell people something, the table of events
and the delivery on the outside channels.

    notify(users=[...], event="declaration.returned", subject="…", body="…", target=declaration, url="/…")

- **In-app** (站内通知): ``notify`` creates one ``Notification`` per recipient in the caller's
  transaction — it is the record of what was said and is always kept; the header shows the unread count.
- **E-mail** (Django's mail, ``EMAIL_URL``) and **SMS** (``employment.sms``, ``SMS_BACKEND``): for each
  outside channel the person wants for this event (``NotificationSettings``, else the event's
  defaults), ``notify`` records a ``NotificationDelivery`` (pending, or skipped when the person has no
  address for it) and, once the transaction commits, queues the Celery task
  ``employment.notification_deliver`` per delivery. Nothing leaves if the transaction rolls back.
- **Once**: the task locks the delivery row and sends only while it is pending, marking it sent in the
  same transaction — a retried or duplicated task finds it sent and does nothing. A failed attempt is
  counted (``attempts``, ``last_error``) and retried by the task; after ``MAX_ATTEMPTS`` it is failed.

**Events** are stable codes in ``EVENTS`` (label, who may receive it, default channels), so the settings
page lists them and a recipient of the wrong role is never told. The table names events of later apps
by code only; an app adding a new kind of message registers it with ``event_register`` (from its
``AppConfig.ready``) or adds a row here. docs/operations.md lists them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from . import sms
from .models import (
    Channel,
    DeliveryStatus,
    JobSeeker,
    Notification,
    NotificationDelivery,
    NotificationSettings,
    Role,
)

logger = logging.getLogger(__name__)

EMAIL = Channel.EMAIL.value
SMS = Channel.SMS.value
OUTSIDE_CHANNELS = (EMAIL, SMS)
MAX_ATTEMPTS = 5
SMS_MAX_CHARS = 300

SEEKER = frozenset({Role.SEEKER.value})
EMPLOYER = frozenset({Role.EMPLOYER.value})
APPLICANT = frozenset({Role.SEEKER.value, Role.EMPLOYER.value})
STAFF = frozenset({Role.TOWN.value, Role.DISTRICT.value})
BOUND = frozenset({Role.EMPLOYER.value, Role.PROVIDER.value, Role.TOWN.value, Role.DISTRICT.value})


@dataclass(frozen=True)
class Event:
    """One kind of message: ``code`` (stable, stored on each notification), the Chinese ``label`` the
    settings page shows, the roles that may receive it and the outside channels on by default."""

    code: str
    label: str
    roles: frozenset[str]
    default_channels: tuple[str, ...]
    description: str = ""


EVENTS: dict[str, Event] = {}


def event_register(
    code: str, *, label: str, roles: Iterable[str], default_channels: Iterable[str] = (), description: str = ""
) -> Event:
    """Add a kind of message to the table (idempotent for the same definition)."""
    channels = tuple(default_channels)
    unknown = [c for c in channels if c not in OUTSIDE_CHANNELS]
    if unknown:
        raise ValueError(f"unknown channel(s) {unknown} for event {code}")
    event = Event(code, label, frozenset(roles), channels, description)
    if code in EVENTS and EVENTS[code] != event:
        raise ValueError(f"event {code} is already registered with another definition")
    EVENTS[code] = event
    return event


def event_get(code: str) -> Event:
    try:
        return EVENTS[code]
    except KeyError:
        raise ValueError(f"unknown notification event {code!r}: register it in employment.notify") from None


def events_for_role(role: str | None) -> list[Event]:
    """The events a person of this role can receive, in the table's order (the settings page)."""
    return [event for event in EVENTS.values() if role in event.roles]


# The table. Text channels matter: deaf users rely on e-mail and SMS, so what a seeker must act on is
# texted by default (a seeker often has a mobile number and no e-mail address).
for _code, _label, _roles, _channels, _description in [
    # job seekers
    ("application.invited", "面试邀请", SEEKER, (EMAIL, SMS), "用人单位邀请您面试。"),
    ("application.interview_changed", "面试时间或地点变更", SEEKER, (EMAIL, SMS), "用人单位改了面试时间、地点或方式。"),
    ("application.hired", "录用通知", SEEKER, (EMAIL, SMS), "用人单位决定录用您。"),
    ("application.declined", "申请未通过", SEEKER, (EMAIL, SMS), "用人单位决定不录用。"),
    ("assessment.updated", "职业评估已更新", SEEKER, (EMAIL,), "残联工作人员为您记录了新的职业评估。"),
    ("account.claimed", "账号已关联登记资料", SEEKER, (), "您的账号关联了镇街残联为您登记的资料。"),
    ("programme.answered", "项目报名结果", SEEKER, (EMAIL, SMS), "工作人员答复了您参加孵化项目或拜师学艺的报名。"),
    # employers
    ("application.received", "收到新的求职申请", EMPLOYER, (EMAIL,), "求职者申请了本单位的岗位。"),
    ("application.replied", "求职者答复面试邀请", EMPLOYER, (EMAIL,), "求职者接受、婉拒了面试邀请，或请求更改时间或方式。"),
    ("declaration.received", "年审申报已受理", EMPLOYER, (EMAIL,), "本单位提交的按比例就业年审申报已进入审核。"),
    ("declaration.returned", "年审申报被退回", EMPLOYER, (EMAIL, SMS), "审核人员退回了申报，附有审核意见。"),
    ("declaration.approved", "年审申报审核通过", EMPLOYER, (EMAIL,), "申报已经区残联审核通过。"),
    ("declaration.conflict", "发现重复申报", EMPLOYER, (EMAIL,), "名单中有人也被其他单位申报，等待残联核定。"),
    ("declaration.changed_by_staff", "工作人员修改了申报", EMPLOYER, (EMAIL,), "工作人员在后台修改了本单位的申报。"),
    ("declaration.reminder", "年审申报提醒", EMPLOYER, (EMAIL, SMS), "本年度的申报还没有提交，或申报截止日期临近。"),
    ("publicity.objection_answered", "公示异议的处理结果", EMPLOYER, (EMAIL,), "本单位对年审结果公示提出的异议已办结。"),
    # applicants for rewards and subsidies (employers and seekers)
    ("subsidy.status", "补贴和奖励的审核进度与结果", APPLICANT, (EMAIL,), "申请提交、初审通过、退回或核定。"),
    ("subsidy.changed_by_staff", "工作人员修改了补贴申请", APPLICANT, (EMAIL,), "工作人员修改了您的申请。"),
    # town and district staff
    ("review.queued", "待审核事项（新提交或重新提交）", STAFF, (EMAIL,), "有申报或补贴申请等待您审核。"),
    ("seeker.signed_up", "新注册求职者待核验", STAFF, (EMAIL,), "求职者自行注册，等待核验残疾人证。"),
    ("seeker.claimed", "求职者开通账号", STAFF, (), "求职者用短信验证码或激活码认领了登记资料。"),
    ("placement.ended", "已录用的求职者离职", STAFF, (EMAIL,), "用人单位记录了本镇街一位求职者离职，请回访。"),
    ("review.town_step_assigned", "改派给我的镇街初审", STAFF, (EMAIL,), "区残联同事把一项镇街初审改派给您代办。"),
    ("review.returned_after_town", "初审通过的事项被区残联退回", STAFF, (EMAIL,),
     "区残联终审时退回了本镇街初审通过的申报或补贴申请，附退回意见。"),
    ("publicity.objection", "收到公示异议", STAFF, (EMAIL,), "有人对年审结果公示提出异议，等待区残联处理。"),
    # accounts the district manages (employers, providers, staff)
    ("account.rebound", "账号所属单位变更", BOUND, (EMAIL,), "区残联修改了您的账号所属的单位或角色。"),
]:
    event_register(_code, label=_label, roles=_roles, default_channels=_channels, description=_description)


# ---- whom to reach, where ------------------------------------------------------------------------


def settings_of(user) -> NotificationSettings | None:
    return NotificationSettings.objects.filter(user=user).first()


def channels_chosen(event: Event, prefs: NotificationSettings | None = None) -> set[str]:
    """The outside channels this person wants for this event (their settings, else the defaults)."""
    chosen = prefs.channels.get(event.code) if prefs is not None else None
    if chosen is None:
        chosen = event.default_channels
    return {c for c in chosen if c in OUTSIDE_CHANNELS}


def _seeker_of(user) -> JobSeeker | None:
    return JobSeeker.objects.filter(user=user).first()


def email_address(user) -> str:
    """A seeker's: the address in their own record (我的资料和隐私, where they change it), else the
    account's. Anyone else's: the account's e-mail, else the employer's contact e-mail."""
    seeker = _seeker_of(user)
    if seeker is not None and seeker.email:
        return seeker.email
    if user.email:
        return user.email
    from .access import account_of

    account = account_of(user)
    if account is not None and account.employer_id and account.employer.contact_email:
        return account.employer.contact_email
    return ""


def sms_address(user, prefs: NotificationSettings | None = None) -> str:
    """The mobile number set in the person's notification settings, else the seeker record's phone if
    it is a mobile number, else the account's own mobile (given when staff opened the account, or in
    the bulk employer import). (An employer's contact phone is shared by all its accounts and often a
    landline: it is never used; employer users and staff may give another number in their settings.)"""
    from .access import account_of

    candidates = [prefs.sms_mobile if prefs is not None else ""]
    seeker = _seeker_of(user)
    if seeker is not None:
        candidates.append(seeker.phone)
    account = account_of(user)
    if account is not None:
        candidates.append(account.phone)
    for value in candidates:
        if value:
            try:
                return sms.normalize_mobile(value)
            except ValueError:
                continue
    return ""


# ---- the interface -------------------------------------------------------------------------------


def notify(
    *, users: Iterable, event: str, subject: str, body: str, target=None, url: str = ""
) -> list[Notification]:
    """Tell each user (once, however often listed; inactive users and users whose role may not
    receive ``event`` are left out): an in-app notification now, in the caller's transaction, and
    each outside channel the user wants, delivered by Celery after the transaction commits.

    ``target`` is the object the message is about (opened from the notification list when the reader
    may see it); ``url`` a site path to open instead (e.g. a page that depends on who reads it)."""
    from .access import role_of

    spec = event_get(event)
    if url and (not url.startswith("/") or url.startswith("//")):
        raise ValueError("notification url must be a path on this site")
    created: list[Notification] = []
    pending: list[int] = []
    seen: set[int] = set()
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        if role_of(user) not in spec.roles:
            logger.warning("Notification %s not sent to user %s: their role may not receive it", event, user.pk)
            continue
        prefs = settings_of(user)
        chosen = channels_chosen(spec, prefs)
        email_to = email_address(user) if EMAIL in chosen else ""
        notification = Notification.objects.create(
            user=user, event=event, subject=subject[:200], body=body, target=target, url=url, email_to=email_to
        )
        for channel in OUTSIDE_CHANNELS:
            if channel not in chosen:
                continue
            address = email_to if channel == EMAIL else sms_address(user, prefs)
            delivery = NotificationDelivery.objects.create(
                notification=notification,
                channel=channel,
                address=address,
                status=DeliveryStatus.PENDING if address else DeliveryStatus.SKIPPED,
            )
            if address:
                pending.append(delivery.pk)
        created.append(notification)
    if pending:
        transaction.on_commit(lambda ids=tuple(pending): _queue(ids))
    return created


def _queue(delivery_ids: tuple[int, ...]) -> None:
    from .tasks import notification_deliver

    for delivery_id in delivery_ids:
        try:
            notification_deliver.delay(delivery_id)
        except Exception:
            # The write has committed and must stand: the delivery stays pending and the periodic
            # sweep (``notification_deliveries_requeue``) queues it again once the broker is back.
            logger.exception("Could not queue notification delivery %s", delivery_id)


def notification_deliveries_requeue(*, older_than_seconds: int = 600) -> int:
    """Queue again every delivery still pending and never attempted after ``older_than_seconds`` (its
    task was never queued — the broker was down at the commit — or was lost). Harmless when the first
    task is merely late: whichever runs first sends, the other finds it sent. Returns how many."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        NotificationDelivery.objects.filter(status=DeliveryStatus.PENDING, attempts=0, created_at__lt=cutoff)
        .order_by("id").values_list("id", flat=True)[:1000]
    )
    _queue(tuple(ids))
    return len(ids)


# ---- delivery (the task's service) ---------------------------------------------------------------


class DeliveryFailed(Exception):
    """An attempt failed and was recorded; ``final`` when no attempt is left."""

    def __init__(self, message: str, *, final: bool):
        super().__init__(message)
        self.final = final


def email_body(notification: Notification) -> str:
    if not notification.url:
        return notification.body
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return f"{notification.body}\n\n查看详情：{base}{notification.url}"


def sms_text(notification: Notification) -> str:
    """One line: the subject and the body, cut to what one long text message holds."""
    body = " ".join(line.strip() for line in notification.body.splitlines() if line.strip())
    text = f"【曙光平台】{notification.subject}。{body}"
    if len(text) > SMS_MAX_CHARS:
        tail = "……详情请登录曙光平台查看“我的通知”。"
        text = text[: SMS_MAX_CHARS - len(tail)] + tail
    return text


def _send(delivery: NotificationDelivery) -> None:
    notification = delivery.notification
    if delivery.channel == EMAIL:
        send_mail(
            notification.subject, email_body(notification), settings.DEFAULT_FROM_EMAIL, [delivery.address],
            fail_silently=False,
        )
    elif delivery.channel == SMS:
        sms.send(to=delivery.address, text=sms_text(notification))
    else:  # pragma: no cover - the choices allow nothing else
        raise ValueError(f"unknown channel {delivery.channel}")


def notification_delivery_send(*, delivery_id: int) -> bool:
    """Send one delivery unless it was sent (or given up) already. Returns whether it sent now;
    raises ``DeliveryFailed`` after recording a failed attempt (the task retries unless final)."""
    with transaction.atomic():
        delivery = (
            NotificationDelivery.objects.select_for_update().select_related("notification").filter(pk=delivery_id).first()
        )
        if delivery is None or delivery.status != DeliveryStatus.PENDING:
            return False
        delivery.attempts += 1
        try:
            _send(delivery)
        except (sms.SmsError, OSError) as exc:  # the gateway or the SMTP server; smtplib's errors are OSErrors
            delivery.last_error = str(exc)[:300]
            final = delivery.attempts >= MAX_ATTEMPTS
            if final:
                delivery.status = DeliveryStatus.FAILED
            delivery.save(update_fields=["attempts", "last_error", "status"])
            failure = DeliveryFailed(f"delivery {delivery_id} ({delivery.channel}): {exc}", final=final)
        else:
            now = timezone.now()
            delivery.status, delivery.sent_at = DeliveryStatus.SENT, now
            delivery.save(update_fields=["attempts", "status", "sent_at"])
            if delivery.channel == EMAIL:
                Notification.objects.filter(pk=delivery.notification_id).update(emailed_at=now)
            return True
    raise failure


def notification_email_send_now(*, notification_id: int) -> bool:
    """Send a notification's e-mail delivery now (for callers that know the notification, not the
    delivery); False when it has none pending."""
    delivery = NotificationDelivery.objects.filter(notification_id=notification_id, channel=EMAIL).first()
    if delivery is None:
        return False
    return notification_delivery_send(delivery_id=delivery.pk)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


__all__ = [
    "EVENTS",
    "DeliveryFailed",
    "Event",
    "channels_chosen",
    "event_get",
    "event_register",
    "events_for_role",
    "notification_deliveries_requeue",
    "notification_delivery_send",
    "notification_email_send_now",
    "notify",
    "unread_count",
]
