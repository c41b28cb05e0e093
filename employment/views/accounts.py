"""The district's account pages (issue 14): list accounts with their role, organisation, last login
and second-factor state (filtered by role and town), create one bound to a town, employer or
provider, rebind it, deactivate or reactivate it, issue a new activation link, and create employer
accounts in bulk from a table. And the public activation page where the person chooses a password.

District staff (and superusers) only (``role_required``); each account is fetched through
``employment.access`` (``Account``: 404 for what the user may not see). These are site pages, not
Wagtail admin views, so the admin gate is not involved; Wagtail's own user pages stay
superuser-only there.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import access, account_selectors, account_services
from ..access import role_required
from ..account_forms import AccountCreateForm, AccountEditForm, AccountImportForm, ActivationForm
from ..filecheck import UploadRefused
from ..formats import template_response
from ..forms import form_add_validation_error
from ..models import Account, Role, Town
from ..query import query_int, query_text
from ..table_import import TableFileError
from .shared import PAGE_SIZE

User = get_user_model()


def activation_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("account-activate", args=[token]))


@role_required(Role.DISTRICT)
def account_list(request):
    role = request.GET.get("role", "")
    role = role if role in account_services.MANAGED_ROLES else ""
    town = query_int(request, "town")
    query = query_text(request, "q")
    active = request.GET.get("active", "")
    users = account_selectors.accounts_listing(role=role, town_id=town, query=query, active=active)
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    for user in page.object_list:
        user.label = account_selectors.person_label(user)
        user.organisation = account_selectors.account_organisation(user.account)
    return render(request, "employment/accounts/list.html", {
        "page": page, "role": role, "town_id": str(town or ""), "query": query, "active": active,
        "roles": [(r, Role(r).label) for r in account_services.MANAGED_ROLES], "towns": Town.objects.all(),
    })


def _created(request, user, token: str, *, title: str):
    return render(request, "employment/accounts/created.html", {
        "target": user, "label": account_selectors.person_label(user), "link": activation_url(request, token),
        "title": title,
    })


@role_required(Role.DISTRICT)
def account_create(request):
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, token = account_services.account_create(
                by=request.user, username=data["username"], binding=form.binding(),
                display_name=data["display_name"], email=data["email"], phone=data["phone"],
                org_admin=data["org_admin"])
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            return _created(request, user, token, title="账号已创建")
    return render(request, "employment/accounts/form.html", {"form": form, "title": "新建账号"})


def _managed(request, pk: int) -> Account:
    # Seekers' accounts are not managed here (they are the seekers' own): not found.
    accounts = Account.objects.exclude(role=Role.SEEKER).select_related("user", "town", "employer", "provider")
    return access.get_visible(request.user, accounts, pk=pk)


@role_required(Role.DISTRICT)
def account_edit(request, pk: int):
    account = _managed(request, pk)
    user = account.user
    manageable = account_services.account_manageable(by=request.user, user=user)
    initial = {"display_name": account.display_name, "role": account.role, "town": account.town,
               "employer_code": account.employer.credit_code if account.employer_id else "",
               "provider": account.provider, "org_admin": account.org_admin,
               "email": user.email, "phone": account.phone}
    form = AccountEditForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not manageable:
            raise PermissionDenied("您不能修改这个账号。")
        if form.is_valid():
            try:
                account_services.account_rebind(by=request.user, user=user, binding=form.binding(),
                                                display_name=form.cleaned_data["display_name"],
                                                org_admin=form.cleaned_data["org_admin"],
                                                email=form.cleaned_data["email"], phone=form.cleaned_data["phone"])
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            else:
                messages.success(request, f"已保存{account_selectors.person_label(user)}的账号。")
                return redirect("account-edit", pk=account.pk)
    return render(request, "employment/accounts/edit.html", {
        "form": form, "account": account, "target": user, "label": account_selectors.person_label(user),
        "manageable": manageable, "title": "修改账号",
    })


@role_required(Role.DISTRICT)
@require_POST
def account_active(request, pk: int):
    account = _managed(request, pk)
    active = request.POST.get("active") == "1"
    try:
        account_services.account_active_set(by=request.user, user=account.user, active=active)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        label = account_selectors.person_label(account.user)
        messages.success(request, f"已启用{label}的账号。" if active else
                         f"已停用{label}的账号：他不能再登录，已有的记录都保留。")
    return redirect("account-edit", pk=account.pk)


@role_required(Role.DISTRICT)
@require_POST
def account_link(request, pk: int):
    account = _managed(request, pk)
    try:
        token = account_services.invitation_reissue(by=request.user, user=account.user)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("account-edit", pk=account.pk)
    return _created(request, account.user, token, title="新的激活链接")


@role_required(Role.DISTRICT)
def account_import(request):
    form = AccountImportForm(request.POST or None, request.FILES or None)
    errors = created = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created, errors = account_services.employer_accounts_import(
                by=request.user, content=upload.read(), filename=upload.name)
        except (TableFileError, UploadRefused) as exc:
            form.add_error("file", str(exc))
        else:
            if not errors:
                rows = [{"employer": item.employer, "user": item.user, "label": account_selectors.person_label(item.user),
                         "link": activation_url(request, item.token)} for item in created]
                return render(request, "employment/accounts/import_done.html", {"rows": rows})
    return render(request, "employment/accounts/import.html", {"form": form, "errors": errors,
                                                               "headers": account_services.IMPORT_HEADERS})


@role_required(Role.DISTRICT)
def account_import_template(request, fmt: str):
    return template_response(fmt, stem="单位账号模板", xlsx=account_services.import_template_xlsx,
                             csv=account_services.import_template_csv)


def account_activate(request, token: str):
    """Public: the person an account was made for chooses its password (the link works once)."""
    invitation = account_services.invitation_valid(token)
    if invitation is None:
        return render(request, "employment/accounts/activate_invalid.html", status=404)
    form = ActivationForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            try:
                account_services.invitation_accept(invitation=invitation, password=form.cleaned_data["new_password1"])
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            else:
                messages.success(request, "账号已激活，请用用户名和刚设置的密码登录。")
                return redirect("login")
    return render(request, "employment/accounts/activate.html", {
        "form": form, "username": invitation.user.get_username(),
        "label": account_selectors.person_label(invitation.user),
    })
