"""登录锁定 in the Wagtail admin: district staff list the usernames (each from one address) and the
addresses locked after too many failed logins and unlock one after confirming.

Access rule, explicit here and not left to admin permissions: district reviewers (区残联) and
superusers only (``access.role_of`` is ``district``). Everyone else — town and provider staff, who
also use the Wagtail admin — gets 403; anonymous users are sent to log in by Wagtail first.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from employment import access
from employment.models import Role

from . import selectors, services


def district_may_manage_lockouts(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active and access.role_of(user) == Role.DISTRICT


def district_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not district_may_manage_lockouts(request.user):
            raise PermissionDenied("只有区残联可以管理登录锁定。")
        return view(request, *args, **kwargs)

    wrapped.access_rule = "district"  # read by tests and by anyone auditing the admin's views
    return wrapped


@district_only
def lockout_list(request):
    return render(request, "signin/lockout_list.html", {
        "lockouts": selectors.login_lockouts_current(),
        "page_title": "登录锁定",
    })


@district_only
@require_http_methods(["GET", "POST"])
def lockout_unlock(request):
    data = request.POST if request.method == "POST" else request.GET
    kind, value = data.get("kind", ""), data.get("value", "").strip()
    # A username's lock is per client address; without one, the username's failures from everywhere go.
    address = data.get("address", "").strip() if kind == selectors.USERNAME else ""
    if kind not in selectors.LOCKOUT_KINDS or not value:
        raise Http404("没有这项锁定。")
    what = f"{selectors.LOCKOUT_KINDS[kind]}“{value}”" + (f"在访问地址“{address}”" if address else "")
    if request.method == "POST":
        services.login_lockout_clear(kind=kind, value=value, address=address or None, by=request.user)
        messages.success(request, f"已解除{what}的登录锁定，现在可以重新登录。")
        return redirect(reverse("login-lockouts"))
    lockout = next((lock for lock in selectors.login_lockouts_current()
                    if (lock.kind, lock.value, lock.address or "") == (kind, value, address)), None)
    return render(request, "signin/lockout_unlock.html", {
        "kind": kind, "kind_label": selectors.LOCKOUT_KINDS[kind], "value": value, "address": address,
        "lockout": lockout, "page_title": "解除登录锁定",
    })
