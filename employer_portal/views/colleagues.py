"""本单位账号 — the employer's own users: everyone at the employer sees who has an account; the
employer's administrator (单位管理员) invites a colleague (an account bound to the same employer,
activated by a link) and deactivates or reactivates colleagues. Writes: ``employment.account_services``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from employment import access, account_selectors, account_services
from employment.access import role_required
from employment.account_forms import ColleagueInviteForm
from employment.forms import form_add_validation_error
from employment.models import Account, Role
from employment.views.accounts import activation_url


@role_required(Role.EMPLOYER)
def colleagues(request):
    account = access.account_of(request.user)
    form = ColleagueInviteForm(request.POST or None) if account.org_admin else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只有本单位的管理员可以邀请同事。")
        if form.is_valid():
            data = form.cleaned_data
            try:
                user, token = account_services.employer_colleague_invite(
                    by=request.user, username=data["username"], display_name=data["display_name"],
                    email=data["email"], phone=data["phone"])
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            else:
                return render(request, "employer_portal/colleague_invited.html", {
                    "target": user, "label": account_selectors.person_label(user),
                    "link": activation_url(request, token)})
    people = list(account_selectors.employer_colleagues(account.employer_id))
    for person in people:
        person.manageable = account_services.account_manageable(by=request.user, user=person)
    has_admin = any(person.account.org_admin and person.is_active for person in people)
    return render(request, "employer_portal/colleagues.html", {
        "people": people, "form": form, "employer": account.employer, "is_admin": account.org_admin,
        "has_admin": has_admin})


@role_required(Role.EMPLOYER)
@require_POST
def colleague_active(request, pk: int):
    target = access.get_visible(request.user, Account.objects.select_related("user"), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        account_services.account_active_set(by=request.user, user=target.user, active=active)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        name = target.display_name or "这位同事"
        messages.success(request, f"已启用{name}的账号。" if active else f"已停用{name}的账号，他不能再登录。")
    return redirect("employer-colleagues")
