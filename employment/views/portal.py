"""Pages every signed-in user has: the entry that sends each role to its work queue (我的待办, the
page everyone lands on after signing in), the work queue itself, my notifications (站内通知: a
subsidy's status changes, a claimed record, …), opened by marking them read, and my notification
settings (which channels for which event)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import access, notifications, notify, work_queue
from ..models import Notification, Role
from ..notification_forms import NotificationSettingsForm
from ..sms import mask_mobile

NOTIFICATIONS_PER_PAGE = 20
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
    notes = access.scoped(request.user, Notification).prefetch_related("deliveries")
    # Newest first, a page at a time: district staff gather hundreds (a page past the last is the last).
    page = Paginator(notes, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "employment/notifications.html", {"notifications": page.object_list, "page": page})


@login_required
@require_POST
def notification_read(request, pk: int):
    """Mark one notification read and open what it is about, if the user may see that."""
    notification = access.get_visible(request.user, Notification, pk=pk)
    notifications.notification_mark_read(notification=notification)
    if notification.url.startswith("/") and not notification.url.startswith("//"):
        return redirect(notification.url)  # a path on this site, set by the code that sent it
    target = notification.target
    if target is not None and access.can_view(request.user, target):
        if hasattr(target, "notification_url"):  # a page that depends on who reads it
            return redirect(target.notification_url(request.user))
        if hasattr(target, "get_absolute_url"):
            return redirect(target.get_absolute_url())
    return redirect("notification-list")


@login_required
@require_POST
def notification_read_all(request):
    count = notifications.notifications_mark_all_read(user=request.user)
    messages.success(request, f"已把 {count} 条通知标为已读。" if count else "没有未读的通知。")
    return redirect("notification-list")


@login_required
def notification_settings(request):
    """通知设置: for every event the person's role receives, e-mail and/or SMS (in-app is always kept),
    and the mobile number texts go to."""
    user = request.user
    events = notify.events_for_role(access.role_of(user))
    prefs = notify.settings_of(user)
    initial = {"sms_mobile": prefs.sms_mobile if prefs else ""}
    for event in events:
        initial[NotificationSettingsForm.field_name(event.code)] = sorted(notify.channels_chosen(event, prefs))
    form = NotificationSettingsForm(request.POST or None, events=events, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            notifications.notification_settings_save(
                user=user, channels=form.channels(), sms_mobile=form.cleaned_data["sms_mobile"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "通知设置已保存。")
            return redirect("notification-settings")
    return render(request, "employment/notification_settings.html", {
        "form": form,
        "events": events,
        "email_address": notify.email_address(user),
        "sms_address": mask_mobile(notify.sms_address(user, prefs)),
    })
