"""Notifications to the employer about its declaration (站内通知): every change staff make to it in the
Wagtail admin (what changed, who and when), told to each employer account (``employment.Notification``)."""

from __future__ import annotations

from django.utils import timezone

from employment.models import Account, Notification, Role

from .models import Declaration


def staff_changed(declaration: Declaration, *, actor: str, at, changes: list[str]) -> list[Notification]:
    """Tell the employer that staff changed its declaration: who, when and each change."""
    title = f"贵单位的{declaration.year}年度按比例就业年审申报"
    when = timezone.localtime(at).strftime("%Y年%m月%d日 %H:%M")
    body = "\n".join([
        f"{actor}于{when}修改了{title}：", *(f"· {change}" for change in changes),
        f"如果这些修改不是贵单位提出或同意的，请尽快联系{declaration.employer.town.name}残联或区残联核实。",
    ])
    accounts = Account.objects.filter(role=Role.EMPLOYER, employer_id=declaration.employer_id).select_related("user")
    return [Notification.objects.create(user=a.user, target=declaration, subject=f"{title}已被工作人员修改", body=body,
                                        email_to="") for a in accounts]
