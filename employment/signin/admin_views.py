"""登录锁定 and 重置两步验证 in the Wagtail admin: district staff list the usernames (each from one address) and the
addresses locked after too many failed logins and unlock one after confirming.

重置两步验证: a staff member who lost their phone (and recovery codes) is reset by district staff
after confirming, with a reason that goes to the access log (敏感信息访问记录); they enrol again at the
next sign-in. Nobody resets their own, and only a superuser resets a superuser's.

Access rule, explicit here and not left to admin permissions: district reviewers (区残联) and
superusers only (``access.role_of`` is ``district``). Everyone else — town and provider staff, who
also use the Wagtail admin — gets 403; anonymous users are sent to log in by Wagtail first.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages

from employment import access
from employment.models import Role

from . import selectors, services
from .forms import ResetReasonForm
from .second_factor import second_factor_applies


def district_may_manage_lockouts(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.is_active and access.role_of(user) == Role.DISTRICT


def district_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not district_may_manage_lockouts(request.user):
            raise PermissionDenied("只有区残联可以管理登录锁定和两步验证。")
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


def _refused(request, message: str):
    return render(request, "signin/second_factor_refused.html", {"message": message, "page_title": "重置两步验证"},
                  status=403)


@district_only
def second_factor_staff(request):
    return render(request, "signin/second_factor_staff.html", {
        "staff": selectors.second_factor_staff(), "page_title": "重置两步验证",
    })


@district_only
@require_http_methods(["GET", "POST"])
def second_factor_reset(request, user_id: int):
    target = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    if not second_factor_applies(target):
        raise Http404("这个账号不使用两步验证。")
    # Answered here with 403 (Wagtail would turn PermissionDenied into a redirect to the dashboard).
    if target.pk == request.user.pk:
        return _refused(request, "不能重置自己的两步验证，请联系另一位区残联工作人员。")
    if target.is_superuser and not request.user.is_superuser:
        return _refused(request, "只有超级管理员可以重置超级管理员的两步验证。")
    form = ResetReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.second_factor_reset(user=target, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"已重置“{target.get_username()}”的两步验证。该用户下次登录时需要重新设置验证器应用。")
        return redirect(reverse("second-factor-staff"))
    return render(request, "signin/second_factor_reset.html", {
        "target": target, "form": form, "enrolled": selectors.totp_device_confirmed(target) is not None,
        "page_title": "重置两步验证",
    })

