"""Pages every signed-in user has: the entry that sends each role to its work queue (我的待办, the
page everyone lands on after signing in), the work queue itself, and my
notifications (站内通知: a subsidy's status changes, a claimed record, …), opened by marking them read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import access, notifications, work_queue
from ..models import Notification, Role

NO_ROLE = "您的账号还没有分配角色，请联系区残联。"


@login_required
def portal_home(request):
    """Send every role to its work queue (``LOGIN_REDIRECT_URL`` lands here)."""
    if access.role_of(request.user) is None:
        raise PermissionDenied(NO_ROLE)
    return redirect("work-queue")


def organisation_label(user) -> str:
    """Whose queue this is, in words: “鼓楼街道残联 · 张三”, “甲公司 · 李四”, “区残联”."""
    account = access.account_of(user)
    if account is None:
        return "区残联（系统管理员）" if getattr(user, "is_superuser", False) else ""
    organisation = {
        Role.TOWN: f"{account.town.name}残联" if account.town_id else "",
        Role.DISTRICT: "区残联",
        Role.EMPLOYER: account.employer.name if account.employer_id else "",
        Role.PROVIDER: account.provider.name if account.provider_id else "",
    }.get(account.role, "")
    name = account.display_name or user.get_full_name()
    return " · ".join(part for part in (organisation, name) if part)


@login_required
def work_queue_page(request):
    """我的待办 — what needs the user now, counted, each count linking to the list of those items."""
    if access.role_of(request.user) is None:
        raise PermissionDenied(NO_ROLE)
    since = work_queue.visit_open(request)
    if access.role_of(request.user) not in (Role.EMPLOYER, Role.SEEKER):
        since = None  # nothing on a staff queue counts "new since the last visit"
    sections = work_queue.queue_sections(request)
    return render(request, "employment/work_queue.html", {
        "sections": sections, "total": work_queue.queue_total(sections), "since": since,
        "organisation": organisation_label(request.user),
    })


@login_required
def notification_list(request):
    notes = access.scoped(request.user, Notification)
    return render(request, "employment/notifications.html", {"notifications": notes})


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one notification read and open what it is about, if the user may see that."""
    notification = access.get_visible(request.user, Notification, pk=pk)
    notifications.notification_mark_read(notification=notification)
    target = notification.target
    if target is not None and access.can_view(request.user, target):
        if hasattr(target, "notification_url"):  # a page that depends on who reads it
            return redirect(target.notification_url(request.user))
        if hasattr(target, "get_absolute_url"):
            return redirect(target.get_absolute_url())
    return redirect("notification-list")
