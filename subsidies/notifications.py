"""Notifications to the applicant (申请通知): every status change and the payment (event
``subsidy.status``), and every
change staff make to the application (``subsidy.changed_by_staff``: what changed — payment details
masked — who and when); and to the reviewers whose queue it enters (``review.queued``, sent by
``review``). Told through ``employment.notify``: one in-app ``Notification`` per applicant user, the
e-mail (and SMS, if chosen) delivered once by a Celery task queued when the transaction commits.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from employment.formats import cn_date, message_datetime
from employment.models import Account, Notification, Role
from employment.notify import notification_email_send_now, notify

from .models import SubsidyApplication, SubsidyStatus

logger = logging.getLogger(__name__)

MESSAGES = {
    SubsidyStatus.TOWN_REVIEW: "已提交，等待镇街初审。",
    SubsidyStatus.DISTRICT_REVIEW: "镇街初审已通过，等待区残联终审。",
    SubsidyStatus.REJECTED: "已被退回，请按审核意见修改后重新提交。",
    SubsidyStatus.APPROVED: "已审核通过，将列入拨付名单。",
}


def recipients(application: SubsidyApplication) -> list:
    """The users who act for the applicant (their addresses are the core's: ``employment.notify``)."""
    if application.employer_id:
        accounts = Account.objects.filter(role=Role.EMPLOYER, employer_id=application.employer_id).select_related("user")
        return [a.user for a in accounts]
    seeker = application.seeker
    if seeker is not None and seeker.user_id:
        return [seeker.user]
    return []


def status_changed(application: SubsidyApplication, *, staff_actor: str = "") -> list[Notification]:
    """Record the application's current status for its applicant and queue the e-mails on commit.
    ``staff_actor`` names the staff member who submitted it on the applicant's behalf."""
    text = MESSAGES.get(application.status, application.get_status_display())
    subject = f"您的{application.year}年度{application.get_programme_display()}申请{text}"
    body = subject
    if staff_actor:
        body += f"\n由工作人员{staff_actor}于{_when(timezone.now())}代您提交。"
    if application.status == SubsidyStatus.REJECTED and application.reviewer_comment:
        body += f"\n审核意见：{application.reviewer_comment}"
    if application.status == SubsidyStatus.APPROVED:
        body += f"\n核定金额：{application.amount} 元。"
    return _notify(application, subject, body, event="subsidy.status")


def paid(application: SubsidyApplication, *, paid_on) -> list[Notification]:
    """Tell the applicant the money has been paid (拨付名单登记拨付): the date and the amount, and the
    account by its last four digits only."""
    subject = f"您的{application.year}年度{application.get_programme_display()}已拨付"
    body = (f"{subject}：{application.amount} 元，拨付日期 {cn_date(paid_on)}，"
            f"收款账户{application.bank_account_masked or '（未填写）'}。银行到账时间以银行为准。")
    return _notify(application, subject, body, event="subsidy.status")


def _when(moment) -> str:
    return message_datetime(moment)


def staff_changed(application: SubsidyApplication, *, actor: str, at, changes: list[str]) -> list[Notification]:
    """Tell the applicant that staff changed their application: who (name and organisation), when,
    and each change (payment details already masked by the caller)."""
    title = f"您的{application.year}年度{application.get_programme_display()}申请"
    subject = f"{title}已被工作人员修改"
    lines = [f"{actor}于{_when(at)}修改了{title}：", *(f"· {change}" for change in changes)]
    lines.append(
        f"如果这些修改不是您提出或同意的，请尽快联系{application.town.name}残联或区残联核实。"
        "修改过收款信息的工作人员不能审核这份申请。"
    )
    return _notify(application, subject, "\n".join(lines), event="subsidy.changed_by_staff")


def _notify(application: SubsidyApplication, subject: str, body: str, *, event: str) -> list[Notification]:
    return notify(users=recipients(application), event=event, subject=subject, body=body, target=application)


def notification_email_deliver(*, notification_id: int) -> bool:
    """Send the notification's e-mail unless it was sent already (kept for callers and queued tasks
    from before ``employment.notify``). Returns whether it sent now."""
    return notification_email_send_now(notification_id=notification_id)
