"""Reads about accounts: how a person is named on every page (display name and organisation,
“鼓楼街道残联 · 张三”, never the username), and the district's account list with its filters."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Account, AuthenticatorDevice, Role
from .roles import GROUP_NAMES

User = get_user_model()


def account_organisation(account: Account | None) -> str:
    """The organisation an account acts for, in words: “鼓楼街道残联”, “区残联”, the employer's name."""
    if account is None:
        return ""
    if account.role == Role.TOWN and account.town_id:
        return f"{account.town.name}残联"
    if account.role == Role.DISTRICT:
        return "区残联"
    if account.role == Role.EMPLOYER and account.employer_id:
        return account.employer.name
    if account.role == Role.PROVIDER and account.provider_id:
        return account.provider.name
    return GROUP_NAMES.get(account.role, "")


def person_label(user) -> str:
    """“鼓楼街道残联 · 张三”: organisation and display name (the full name, else “工作人员”, when no
    display name is set) — never the username, which is a credential."""
    if user is None or not getattr(user, "pk", None):
        return "系统"
    try:
        account = user.account
    except Account.DoesNotExist:
        account = None
    name = ((account.display_name if account else "") or user.get_full_name() or "").strip()
    if account is None:
        organisation = "系统管理员" if user.is_superuser else ""
    else:
        organisation = account_organisation(account)
    name = name or ("" if organisation else "未署名用户")
    if account is not None and account.role == Role.SEEKER:
        return name or "求职者"
    if not organisation or organisation == name:
        return name or organisation
    return f"{organisation} · {name}" if name else organisation


def accounts_listing(*, role: str = "", town_id: int | None = None, query: str = "",
                     active: str = "") -> QuerySet:
    """Users with a staff-managed account (seekers left out), for the district's account list:
    filtered by role, by town (town reviewers of the town, and users of employers and providers in
    it), by a search of display name / organisation / username, and by 启用 / 停用. Each user carries
    ``second_factor`` (a confirmed authenticator exists)."""
    users = (User.objects.filter(account__role__in=[Role.TOWN, Role.DISTRICT, Role.EMPLOYER, Role.PROVIDER])
             .select_related("account__town", "account__employer__town", "account__provider__town")
             .annotate(second_factor=Exists(AuthenticatorDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
             .order_by("account__role", "account__town__sort_order", "account__employer__name", "account__display_name",
                       "pk"))
    if role:
        users = users.filter(account__role=role)
    if town_id:
        users = users.filter(Q(account__town_id=town_id) | Q(account__employer__town_id=town_id)
                             | Q(account__provider__town_id=town_id))
    if query:
        users = users.filter(Q(account__display_name__icontains=query) | Q(account__employer__name__icontains=query)
                             | Q(account__employer__credit_code__iexact=query)
                             | Q(account__provider__name__icontains=query) | Q(username__iexact=query))
    if active == "yes":
        users = users.filter(is_active=True)
    elif active == "no":
        users = users.filter(is_active=False)
    return users


def employer_colleagues(employer_id: int) -> QuerySet:
    return (User.objects.filter(account__role=Role.EMPLOYER, account__employer_id=employer_id)
            .select_related("account").order_by("-account__org_admin", "account__display_name", "pk"))
