"""Chasing non-filers (年审催报): reminders to the employers expected to file a year's declaration that
have not submitted it — sent by staff from the non-filer list, or by the deadline schedule (Celery
beat, ``quota.tasks.deadline_reminders``) at the year's ``PolicyYear.reminder_days`` before the review
window closes. Every reminder is logged (``DeclarationReminder``: who, what, to whom, when).

Who is expected to file, and who has filed, is ``selectors.non_filers`` (quota's one definition of
filed, ``DeclarationQuerySet.filed``). A reminder goes to the employer's users (their in-app
notifications and e-mail); an employer without any user account gets nothing here — the list shows
its register contact so staff can phone it.

Every message leaves through ``_deliver``, which hands it to the platform's notifications
(``employment.notify``, event ``declaration.reminder``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from employment.formats import cn_date
from employment.models import Account, Employer, Role
from employment.notify import notify
from review.selectors import actor_label

from .models import DeclarationReminder, PolicyYear, ReminderKind

logger = logging.getLogger(__name__)

SCHEDULE_SENDER = "系统（年审截止前自动提醒）"


# ---- the one way out ---------------------------------------------------------------------------


def _deliver(*, users, subject: str, body: str, target=None, url: str = "") -> int:
    """Tell ``users`` through the platform's notifications (``employment.notify``: in-app, and e-mail or
    SMS as each person chose, once each, after the transaction commits). Returns how many were told."""
    return len(notify(users=users, event="declaration.reminder", subject=subject, body=body, target=target,
                      url=url))


# ---- what is said, and to whom -----------------------------------------------------------------


def employer_users(employer: Employer) -> list:
    """The active user accounts acting for the employer (who a reminder goes to)."""
    accounts = (Account.objects.filter(role=Role.EMPLOYER, employer=employer, user__is_active=True)
                .select_related("user").order_by("user__pk"))
    return [a.user for a in accounts]


def _user_label(user) -> str:
    account = getattr(user, "account", None)
    name = (getattr(account, "display_name", "") or user.get_full_name() or user.get_username()).strip()
    return f"{name}（{user.email}）" if user.email else name


def reminder_text(*, employer: Employer, year: int, policy: PolicyYear | None, today: date) -> tuple[str, str]:
    """(subject, body) of a reminder to file ``year``'s declaration."""
    subject = f"请尽快提交{year}年度按比例就业年审申报"
    lines = [f"{employer.name}：", f"贵单位尚未提交{year}年度按比例安排残疾人就业年审申报。"]
    end = policy.review_window_end if policy is not None else None
    if end is not None:
        left = (end - today).days
        when = cn_date(end)
        if left > 0:
            lines.append(f"年审截止日期为{when}，还有{left}天。")
        elif left == 0:
            lines.append(f"今天（{when}）是年审截止日期。")
        else:
            lines.append(f"年审已于{when}截止，现在提交的申报将作为补报处理。")
    lines.append("请登录平台，在“按比例就业年审”中填写并提交申报；如有疑问，请联系"
                 f"{employer.town.name}残联或区残联。")
    return subject, "\n".join(lines)


@dataclass
class SendReport:
    sent: list[DeclarationReminder] = field(default_factory=list)
    without_account: list[Employer] = field(default_factory=list)  # nothing sent: phone them
    skipped: int = 0  # deadline schedule: already reminded at this offset


def _send_one(*, employer: Employer, year: int, policy, today: date, kind: str, sender, sender_label: str,
              days_before: int | None = None) -> DeclarationReminder | None:
    users = employer_users(employer)
    if not users:
        return None
    subject, body = reminder_text(employer=employer, year=year, policy=policy, today=today)
    reminder = DeclarationReminder.objects.create(
        employer=employer, year=year, kind=kind, days_before=days_before, sent_by=sender,
        sent_by_label=sender_label, recipients="、".join(_user_label(u) for u in users),
        recipient_count=len(users), subject=subject, body=body,
    )
    _deliver(users=users, subject=subject, body=body, target=None, url=reverse("employer-declaration-list"))
    return reminder


# ---- writes ------------------------------------------------------------------------------------


@transaction.atomic
def reminders_send(*, employers, year: int, user) -> SendReport:
    """Staff remind the chosen employers (already checked by the caller to be non-filers the user may
    see) to file ``year``'s declaration; each reminder is logged with the sender."""
    employers = list(employers)
    if not employers:
        raise ValidationError("请至少选择一家单位。")
    policy = PolicyYear.objects.filter(year=year).first()
    today = timezone.localdate()
    label = actor_label(user)
    report = SendReport()
    for employer in employers:
        reminder = _send_one(employer=employer, year=year, policy=policy, today=today, kind=ReminderKind.MANUAL,
                             sender=user, sender_label=label)
        if reminder is None:
            report.without_account.append(employer)
        else:
            report.sent.append(reminder)
    return report


def deadline_offset_due(policy: PolicyYear, today: date) -> int | None:
    """The reminder offset (days before the window closes) due today, or None. Offsets are due from
    their day to the closing day; when several are (the schedule did not run for a while), only the
    nearest to the deadline is sent, so an employer never gets a burst of stale reminders."""
    end = policy.review_window_end
    if end is None or today > end or (policy.review_window_start and today < policy.review_window_start):
        return None
    left = (end - today).days
    due = [d for d in (policy.reminder_days or []) if isinstance(d, int) and d >= left]
    return min(due) if due else None


def deadline_reminders_send(*, today: date | None = None) -> dict[str, int]:
    """The deadline schedule: for every year whose review window is open, remind each active employer
    that has not filed — once per employer, year and offset (a second run, or a second beat, sends
    nothing more: the log row is the guard, under a unique constraint). Each employer in its own
    transaction, so a failure leaves the others sent and logged."""
    from .selectors import non_filers_all

    today = today or timezone.localdate()
    counts = {"sent": 0, "skipped": 0, "without_account": 0}
    for policy in PolicyYear.objects.exclude(review_window_end__isnull=True).order_by("year"):
        offset = deadline_offset_due(policy, today)
        if offset is None:
            continue
        reminded = set(DeclarationReminder.objects.filter(
            year=policy.year, kind=ReminderKind.DEADLINE, days_before=offset).values_list("employer_id", flat=True))
        for employer in non_filers_all(year=policy.year).select_related("town"):
            if employer.pk in reminded:
                counts["skipped"] += 1
                continue
            try:
                with transaction.atomic():
                    reminder = _send_one(
                        employer=employer, year=policy.year, policy=policy, today=today,
                        kind=ReminderKind.DEADLINE, sender=None, sender_label=SCHEDULE_SENDER, days_before=offset,
                    )
            except IntegrityError:  # another run logged it first: it went once
                counts["skipped"] += 1
                continue
            counts["sent" if reminder is not None else "without_account"] += 1
    logger.info("declaration deadline reminders %s: %s", today, counts)
    return counts
