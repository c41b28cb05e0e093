"""Getting back in: password reset by e-mail (Django's views with the platform's forms and Chinese
templates), a new password with a code the town issued, the staff page that issues such a code, and a
signed-in user's password change.

Limits per client address (``employment.ratelimit``, the counters sign-up uses): reset requests
(``PASSWORD_RESET_RATE_LIMIT``) and codes tried (``PASSWORD_RESET_CODE_RATE_LIMIT``) per
``PASSWORD_RESET_RATE_WINDOW``; beyond them a Chinese 429 page. Mails to one address are limited too
(``PASSWORD_RESET_MAIL_LIMIT``), silently: the page says the same whatever happens to the mail.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from employment import access, ratelimit
from employment.access import role_required
from employment.models import JobSeeker, Role

from . import reset_codes
from .reset_forms import CodeResetForm, EmailResetForm, NewPasswordForm, PortalPasswordChangeForm

SHOWN_CODE_KEY = "password_reset_code_shown"
STAFF = (Role.TOWN, Role.DISTRICT)


def _throttled(request):
    window = settings.PASSWORD_RESET_RATE_WINDOW
    response = render(request, "registration/password_reset_throttled.html",
                      {"minutes": max(1, window // 60)}, status=429)
    response["Retry-After"] = str(window)
    return response


def _limited(request, scope: str, limit: int, *, count: bool) -> bool:
    """Whether the client address is over ``limit`` for ``scope`` (counting this request if ``count``)."""
    address = ratelimit.client_address(request)
    if not count:
        return ratelimit.exceeded(scope, address, limit=limit)
    return not ratelimit.take(scope, address, limit=limit, window=settings.PASSWORD_RESET_RATE_WINDOW)


class ResetRequestView(auth_views.PasswordResetView):
    """找回密码 — the e-mail address; the same "sent" page whether or not it belongs to an account."""

    form_class = EmailResetForm
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")

    def post(self, request, *args, **kwargs):
        if _limited(request, "password-reset", settings.PASSWORD_RESET_RATE_LIMIT, count=False):
            return _throttled(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if _limited(self.request, "password-reset", settings.PASSWORD_RESET_RATE_LIMIT, count=True):
            return _throttled(self.request)
        # One address gets at most PASSWORD_RESET_MAIL_LIMIT mails per window: nobody can flood a
        # mailbox from many addresses. Over it nothing is sent, and the page is the same.
        if ratelimit.take("password-reset-mail", form.cleaned_data["email"],
                          limit=settings.PASSWORD_RESET_MAIL_LIMIT, window=settings.PASSWORD_RESET_RATE_WINDOW):
            form.save(request=self.request, use_https=self.request.is_secure())
        return redirect(self.get_success_url())


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


@never_cache
@sensitive_post_parameters("code", "new_password1", "new_password2")
def password_reset_by_code(request):
    """用重置码设置新密码 — username or phone, the town's code and the new password, on one page."""
    if request.user.is_authenticated:
        return redirect("password_change")
    account_form = CodeResetForm(request.POST or None)
    password_form = None
    if request.method == "POST":
        limit = settings.PASSWORD_RESET_CODE_RATE_LIMIT
        if _limited(request, "password-reset-code", limit, count=False):
            return _throttled(request)
        if account_form.is_valid():
            if _limited(request, "password-reset-code", limit, count=True):
                return _throttled(request)
            row = reset_codes.reset_code_check(account=account_form.cleaned_data["account"],
                                               code=account_form.cleaned_data["code"])
            if row is None:
                account_form.add_error("code", "用户名（或手机号）和重置码对不上，或者重置码已失效。请核对后重新输入；"
                                               "多次输错后重置码会作废，需要请镇街残联重新生成。")
            else:
                password_form = NewPasswordForm(row.user, request.POST)
                if password_form.is_valid():
                    try:
                        reset_codes.password_reset_with_code(code_id=row.pk,
                                                             password=password_form.cleaned_data["new_password1"])
                    except ValidationError as exc:
                        account_form.add_error("code", exc.messages[0])
                    else:
                        return redirect("password_reset_complete")
    if password_form is None:
        password_form = NewPasswordForm(None)  # passwords are judged once the code is right
    return render(request, "registration/password_reset_code.html",
                  {"form": account_form, "password_form": password_form})


@login_required
@never_cache
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
def password_change(request):
    """修改密码 — a signed-in user (seekers and employers have no other page for it)."""
    form = PortalPasswordChangeForm(request.user, request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # stay signed in here; other sessions end
        messages.success(request, "密码已修改。下次登录请使用新密码。")
        return redirect("portal-home")
    return render(request, "registration/password_change.html", {"form": form})


@role_required(*STAFF)
def seeker_password_reset_code(request, pk: int):
    """生成密码重置码 for a seeker of the staff member's town (the district: any town); another town's
    seeker is a 404. The code is shown once, right after it is generated; the page lists earlier codes."""
    seeker = access.get_changeable(request.user, JobSeeker.objects.select_related("town", "user"), pk=pk)
    if request.method == "POST":
        try:
            _row, code = reset_codes.reset_code_issue(seeker=seeker, issued_by=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            request.session[SHOWN_CODE_KEY] = {"seeker": seeker.pk, "code": code}
        return redirect("seeker-password-reset-code", pk=seeker.pk)
    shown = request.session.pop(SHOWN_CODE_KEY, None)
    code = shown["code"] if shown and shown.get("seeker") == seeker.pk else None
    codes = list(seeker.password_reset_codes.select_related("issued_by__account", "revoked_by")[:20])
    response = render(request, "employment/staff_password_reset_code.html", {
        "seeker": seeker,
        "code": code,
        "new_code": codes[0] if code and codes else None,
        "open_code": reset_codes.reset_code_open(seeker),
        "codes": codes,
        "reset_url": request.build_absolute_uri(reverse("password-reset-code")),
    })
    response["Cache-Control"] = "no-store, private"
    return response
