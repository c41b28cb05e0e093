"""Pages every signed-in user has: the entry that sends each role to its workspace, and my
notifications (站内通知: a subsidy's status changes, a claimed record, …), opened by marking them read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import access, notifications
from ..models import Notification, Role


@login_required
def portal_home(request):
    """Send each role to its own workspace."""
    role = access.role_of(request.user)
    target = {
        Role.SEEKER: "seeker-home",
        Role.EMPLOYER: "employer-home",
        Role.TOWN: "staff-seeker-list",
        Role.DISTRICT: "staff-seeker-list",
        Role.PROVIDER: "wagtailadmin_home",
    }.get(role)
    if target is None:
        raise PermissionDenied("您的账号还没有分配角色，请联系区残联。")
    return redirect(target)


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
