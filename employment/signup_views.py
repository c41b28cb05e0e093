"""Sign-up in two steps, and the staff side of claims: activation codes and certificate verification.

Step 1 (``seeker_signup``) answers every valid form with the same redirect to step 2, whatever the
register holds; step 2 (``seeker_signup_verify`` / ``seeker_signup_activate``) takes the SMS code or the
town's activation code. The pending sign-up is found through the session of the browser that started
it. Both steps are limited per client address (429 with a Chinese page). The rules live in
``employment.signup``; these views only translate its outcomes into pages.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from . import access, ratelimit, services, signup, sms
from .access import role_required
from .forms import form_add_validation_error
from .models import JobSeeker, Role
from .signup import CodeKind, Outcome
from .signup_forms import ActivationCodeForm, SeekerSignupForm, SeekerVerifyForm, SignupCodeForm

SESSION_KEY = "signup_pending"
PHONE_HINT_KEY = "signup_phone_hint"
SHOWN_CODE_KEY = "activation_code_shown"
STAFF = (Role.TOWN, Role.DISTRICT)

# Pages that end a sign-up: (title, what happened and what to do, link text, link URL name).
RESULT_PAGES = {
    Outcome.HAS_ACCOUNT: (
        "这个证件已经开通过账号",
        "请用原来的用户名和密码登录。如果忘记了用户名或密码，请带上残疾人证到所属镇街残联，请工作人员为您重置密码。",
        "去登录",
        "login",
    ),
    Outcome.ENDED: (
        "本次注册已作废",
        "验证码输错的次数太多，为了保护您的信息，本次注册已作废。请重新填写注册信息，我们会发送新的验证码。",
        "重新注册",
        "seeker-signup",
    ),
    Outcome.EXPIRED: (
        "验证码已失效",
        "验证码已过期，或者还没有填写注册信息。请重新填写注册信息，我们会发送新的验证码。",
        "重新注册",
        "seeker-signup",
    ),
    Outcome.USERNAME_TAKEN: (
        "用户名已被使用",
        "您填写的用户名刚刚被别人注册了。请重新注册，换一个用户名。",
        "重新注册",
        "seeker-signup",
    ),
    Outcome.REGISTERED_MEANWHILE: (
        "请向镇街残联领取激活码",
        "您的证件刚刚由镇街残联登记。请联系所属镇街残联领取激活码，然后重新注册，"
        "在验证码页面选择“还是收不到？输入镇街残联发给您的激活码”。",
        "重新注册",
        "seeker-signup",
    ),
}
WRONG_CODE = {
    CodeKind.SMS: "验证码不正确，请核对短信后重新输入。还可以再试 {n} 次。",
    CodeKind.ACTIVATION: "激活码不正确，请核对后重新输入。还可以再试 {n} 次。",
}


def _throttled(request):
    window = settings.SIGNUP_RATE_WINDOW
    response = render(
        request, "employment/signup_throttled.html", {"minutes": max(1, window // 60)}, status=429
    )
    response["Retry-After"] = str(window)
    return response


def _over_limit(request, scope: str, limit: int) -> bool:
    return ratelimit.exceeded(scope, ratelimit.client_address(request), limit=limit)


def _count(request, scope: str, limit: int) -> bool:
    return ratelimit.take(
        scope, ratelimit.client_address(request), limit=limit, window=settings.SIGNUP_RATE_WINDOW
    )


def seeker_signup(request):
    """Step 1: identity numbers, mobile phone and account; then the same "code sent" page for everyone."""
    if request.user.is_authenticated:
        return redirect("portal-home")
    # 资料填错了？ on step 2 comes back here with ?again=1: the form keeps what was typed (not the
    # identity numbers or the password).
    again = signup.signup_form_again(request.session.get(SESSION_KEY)) if request.GET.get("again") else {}
    form = SeekerSignupForm(request.POST or None, initial=again or None)
    if request.method == "POST":
        limit = settings.SIGNUP_RATE_LIMIT
        if _over_limit(request, "signup", limit):
            return _throttled(request)
        if form.is_valid():
            if not _count(request, "signup", limit):
                return _throttled(request)
            data = form.cleaned_data
            try:
                pending = signup.signup_start(
                    name=data["name"],
                    resident_id=data["resident_id"],
                    cert_no=data["cert_no"],
                    town=data["town"],
                    phone=data["phone"],
                    username=data["username"],
                    password=data["password1"],
                    replaces=request.session.get(SESSION_KEY),
                )
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            else:
                request.session[SESSION_KEY] = pending.pk
                # The typed phone, masked, for step 2's wording (the same for every identity).
                request.session[PHONE_HINT_KEY] = sms.mask_mobile(data["phone"])
                # Where step 2 starts is the person's choice, never the register's.
                if data["code_route"] == "activation":
                    return redirect("seeker-signup-activate")
                return redirect("seeker-signup-verify")
    return render(request, "employment/seeker_signup.html", {"form": form, "again": bool(again)})


def seeker_signup_resend(request):
    """重新发送验证码 (POST): a new code for this browser's pending sign-up, at most once a minute and
    SIGNUP_RATE_LIMIT codes resent per address and window (each phone's own limit applies too). The page
    says the same whatever the register holds."""
    if request.user.is_authenticated:
        return redirect("portal-home")
    if request.method != "POST":
        return redirect("seeker-signup-verify")
    # Counted apart from the sign-ups started (a town office signs many people up from one address),
    # and only when a code was sent: a press refused as too soon costs nothing.
    limit = settings.SIGNUP_RATE_LIMIT
    if _over_limit(request, "signup-resend", limit):
        return _throttled(request)
    outcome = signup.signup_code_resend(pending_id=request.session.get(SESSION_KEY))
    if outcome == signup.ResendOutcome.SENT:
        _count(request, "signup-resend", limit)
    if outcome == signup.ResendOutcome.EXPIRED:
        return _result_page(request, Outcome.EXPIRED)
    if outcome == signup.ResendOutcome.TOO_SOON:
        messages.error(request, "刚刚发送过验证码，请等 1 分钟再重新发送。短信有时会晚几分钟到。")
    else:
        messages.success(request, "已重新发送验证码，请输入新收到的 6 位验证码（以前的验证码不能再用）。"
                                  "验证码 15 分钟内有效。")
    return redirect("seeker-signup-verify")


def seeker_signup_verify(request):
    """Step 2: the 6-digit code from the text message."""
    return _code_step(request, CodeKind.SMS)


def seeker_signup_activate(request):
    """Step 2, instead of the text message: the activation code the town handed over."""
    return _code_step(request, CodeKind.ACTIVATION)


def _code_step(request, kind: CodeKind):
    if request.user.is_authenticated:
        return redirect("portal-home")
    pending_id = request.session.get(SESSION_KEY)
    form = (SignupCodeForm if kind == CodeKind.SMS else ActivationCodeForm)(request.POST or None)
    if request.method == "POST":
        limit = settings.SIGNUP_CODE_RATE_LIMIT
        if _over_limit(request, "signup-code", limit):
            return _throttled(request)
        if form.is_valid():
            if not _count(request, "signup-code", limit):
                return _throttled(request)
            result = signup.signup_confirm(pending_id=pending_id, code=form.cleaned_data["code"], kind=kind)
            if result.outcome == Outcome.WRONG:
                form.add_error("code", WRONG_CODE[kind].format(n=result.attempts_left))
            else:
                return _finish(request, result)
    elif not signup.signup_pending_alive(pending_id):
        return _result_page(request, Outcome.EXPIRED)
    return render(request, "employment/signup_verify.html",
                  {"form": form, "kind": kind.value, "phone_hint": request.session.get(PHONE_HINT_KEY, "")})


def _finish(request, result: signup.SignupResult):
    request.session.pop(SESSION_KEY, None)
    request.session.pop(PHONE_HINT_KEY, None)
    if result.outcome == Outcome.CREATED:
        login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            "注册成功。请填写职业评估，我们才能为您推荐合适的岗位。"
            "镇街残联工作人员会与您联系，核对残疾人证原件。",
        )
        return redirect("seeker-assessment")
    if result.outcome == Outcome.CLAIMED:
        login(request, result.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "账号已开通，已关联镇街残联为您登记的资料。")
        return redirect("seeker-home")
    return _result_page(request, result.outcome)


def _result_page(request, outcome: Outcome):
    title, text, link_text, link_name = RESULT_PAGES[outcome]
    return render(
        request,
        "employment/signup_result.html",
        {"title": title, "text": text, "link_text": link_text, "link_name": link_name},
    )


# ---- staff: activation codes and certificate verification -----------------------------------------


@role_required(*STAFF)
def seeker_activation_code(request, pk: int):
    """生成激活码 for a seeker without an account (own town / district). The code is shown once, right
    after it is generated; the page lists earlier codes (who issued them, when, what became of them)."""
    seeker = access.get_changeable(request.user, JobSeeker.objects.select_related("town"), pk=pk)
    if request.method == "POST":
        try:
            _row, code = signup.activation_code_issue(
                seeker=seeker, issued_by=request.user, replace=request.POST.get("replace") == "1"
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            # Shown by the next GET only (a reload does not show it again, and does not make a new one).
            request.session[SHOWN_CODE_KEY] = {"seeker": seeker.pk, "code": code}
        return redirect("seeker-activation-code", pk=seeker.pk)
    shown = request.session.pop(SHOWN_CODE_KEY, None)
    code = shown["code"] if shown and shown.get("seeker") == seeker.pk else None
    codes = list(seeker.activation_codes.select_related("issued_by__account", "revoked_by__account")[:20])
    context = {
        "seeker": seeker,
        "code": code,
        "new_code": codes[0] if code and codes else None,
        "open_code": signup.activation_code_open(seeker),
        "codes": codes,
        "signup_url": request.build_absolute_uri(reverse("seeker-signup")),
    }
    response = render(request, "employment/staff_activation_code.html", context)
    response["Cache-Control"] = "no-store, private"
    return response


@role_required(*STAFF)
def seeker_verify(request, pk: int):
    """已核验证件 — staff of the seeker's town (or the district) confirm the physical certificate."""
    seeker = access.get_changeable(request.user, JobSeeker.objects.select_related("town", "verified_by"), pk=pk)
    form = SeekerVerifyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not seeker.is_verified and form.is_valid():
        services.seeker_verify(seeker=seeker, by_user=request.user)
        messages.success(request, f"已记录：{seeker.name}的残疾人证已核验。")
        return redirect("seeker-detail", pk=seeker.pk)
    return render(request, "employment/staff_seeker_verify.html", {"seeker": seeker, "form": form})
