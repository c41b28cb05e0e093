"""The staff second-factor pages (/accounts/2fa/): enrol an authenticator, verify at sign-in, new
recovery codes and the page that shows them once. Staff only; seekers and employers are refused (they
do not use a second factor)."""

from __future__ import annotations

from functools import wraps

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from employment import crypto

from . import selectors, services
from .forms import EnrolmentCodeForm, PasswordConfirmForm, VerificationCodeForm
from .second_factor import second_factor_applies, totp_qr_svg, totp_secret_text


def staff_only(view):
    """Signed-in staff only (those who use a second factor); others get 403."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not second_factor_applies(request.user):
            raise PermissionDenied("只有工作人员账号需要设置两步验证。")
        return view(request, *args, **kwargs)

    return wrapped


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request) -> str:
    next_url = request.GET.get("next") or request.POST.get("next")
    return reverse(name) + ("?" + urlencode({"next": next_url}) if next_url else "")


def _mark_verified(request, device) -> None:
    # A new session key once the second factor is proven: a key seen before it proves nothing.
    request.session.cycle_key()
    django_otp.login(request, device)


RECOVERY_CODES_SESSION_KEY = "signin:recovery-codes"


def _codes_shown_next(request, codes: list[str], *, first_time: bool):
    """Hand the new codes to the page that shows them, by redirect: a POST answered with the codes
    themselves would offer to resubmit on refresh, and resubmitting the new-codes form would replace
    the codes just written down. They wait in the session encrypted, for the one request that shows
    them (``two_factor_codes``)."""
    request.session[RECOVERY_CODES_SESSION_KEY] = {
        "user": request.user.pk,
        "codes": crypto.encrypt("\n".join(codes)),
        "first_time": first_time,
        "next": _next_url(request),
    }
    return redirect("two-factor-codes")


@staff_only
@sensitive_post_parameters("code")
def two_factor_setup(request):
    """Enrol: scan the QR code (or type the secret), confirm with the first code, get recovery codes."""
    if selectors.totp_device_confirmed(request.user) is not None:
        if request.user.is_verified():
            messages.info(request, "您已经设置了两步验证。")
            return redirect(_next_url(request))
        return redirect(_with_next("two-factor-verify", request))
    device = services.totp_enrolment_draft(session=request.session, user=request.user)
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.totp_enrolment_confirm(session=request.session, user=request.user, code=form.cleaned_data["code"])
        if result.device is not None:
            _mark_verified(request, result.device)
            codes = services.recovery_codes_issue(user=request.user)
            return _codes_shown_next(request, codes, first_time=True)
        form.add_error("code", result.message)
    return render(request, "registration/two_factor_setup.html", {
        "form": form, "qr_svg": totp_qr_svg(device), "secret": totp_secret_text(device),
        "next": request.GET.get("next") or request.POST.get("next", ""),
    })


@staff_only
@sensitive_post_parameters("code")
def two_factor_verify(request):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    if selectors.totp_device_confirmed(request.user) is None:
        return redirect(_with_next("two-factor-setup", request))
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = VerificationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.second_factor_verify(user=request.user, code=form.cleaned_data["code"])
        if result.device is not None:
            _mark_verified(request, result.device)
            if result.used_recovery_code:
                left = selectors.recovery_codes_remaining(request.user)
                messages.warning(request, f"您用了一个恢复码，还剩 {left} 个。用完前请在“两步验证恢复码”页面生成新的恢复码。")
            return redirect(_next_url(request))
        form.add_error("code", result.message)
    return render(request, "registration/two_factor_verify.html", {
        "form": form, "next": request.GET.get("next") or request.POST.get("next", ""),
    })


@staff_only
@sensitive_post_parameters("password")
def two_factor_recovery_codes(request):
    """New recovery codes (the old ones stop working), after typing the password again."""
    if not request.user.is_verified():
        target = "two-factor-verify" if selectors.totp_device_confirmed(request.user) else "two-factor-setup"
        return redirect(reverse(target) + "?" + urlencode({"next": request.get_full_path()}))
    form = PasswordConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Through authenticate(), so wrong passwords count towards the login lockout like any other.
        user = authenticate(request, username=request.user.get_username(), password=form.cleaned_data["password"])
        if user is not None and user.pk == request.user.pk:
            codes = services.recovery_codes_issue(user=request.user)
            return _codes_shown_next(request, codes, first_time=False)
        form.add_error("password", "密码不正确，请重新输入。")
    return render(request, "registration/two_factor_recovery.html", {
        "form": form, "remaining": selectors.recovery_codes_remaining(request.user),
    })


@staff_only
def two_factor_codes(request):
    """The recovery codes just issued, shown once: the session gives them up as the page is made, so a
    refresh or a later visit says they are no longer shown instead of showing them (or new ones)."""
    data = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not isinstance(data, dict) or data.get("user") != request.user.pk:
        messages.info(request, "恢复码只在生成后显示一次，刷新或再次打开时不再显示。"
                               "如果没有记下，请输入密码生成新的一组（以前的恢复码将作废）。")
        return redirect("two-factor-recovery-codes")
    response = render(request, "registration/two_factor_codes.html", {
        "codes": crypto.decrypt(data["codes"]).split("\n"), "first_time": data.get("first_time", False),
        "next": data.get("next") or resolve_url(settings.LOGIN_REDIRECT_URL),
    })
    response["Cache-Control"] = "no-store, private"
    return response


class SignOutView(LogoutView):
    """Django's sign-out (POST only), which then says so on the page it leads to — on a shared computer
    in a town office or a library, the next person should not have to guess whether the last one is
    still signed in. The Wagtail admin's own sign-out says it in its own words."""

    def get_success_url(self):
        # A ``next`` naming the sign-out page itself would make Django render its logged-out template,
        # which the project does not have (a server error): the sign-out leads home instead.
        url = super().get_success_url()
        return resolve_url(settings.LOGOUT_REDIRECT_URL) if url.split("?")[0] == self.request.path else url

    def post(self, request, *args, **kwargs):
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, "您已退出登录。如果在公用电脑上使用，请关闭浏览器。")
        return response
