"""Writes about accounts made from the UI (issue 14): district staff (and superusers) create, bind,
rebind, deactivate and reactivate accounts — town reviewers bound to a town, employer users to an
employer, training-provider users to a provider, district reviewers — and an employer's own
administrator (单位管理员) invites colleagues of the same employer. Employer accounts are also created
in bulk from an xlsx/csv (``employer_accounts_import``): every row checked first, nothing saved if
any row is wrong.

An account is created without a usable password; the person chooses one through an activation link
(``AccountInvitation``: a random token, of which only a keyed hash is stored, valid once for
``INVITATION_TTL``). Staff hand the link over (e-mail, SMS, paper); the platform shows it once.

Who may manage whom is decided here as well as in the views (``account_manageable``): nobody changes
their own role or deactivates themselves, and only a superuser touches a superuser's account.
"""

from __future__ import annotations

import logging
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from . import access
from .account_selectors import account_organisation
from .crypto import lookup_hash
from .models import Account, AccountInvitation, Employer, Role, Town, TrainingProvider
from .notify import notify
from .roles import role_groups_ensure
from .signin.usernames import USERNAME_TAKEN, username_taken
from .table_import import RowError, RowErrors, TableFileError, cell_text, read_table_rows

User = get_user_model()
logger = logging.getLogger(__name__)

# Sent (sender=Account, account=…) when the account pages create or rebind an account; later apps
# prepare what the organisation needs (``cms``: a training provider's page and page rights).
account_bound = Signal()

INVITATION_TTL = timedelta(days=14)
# Roles staff create from the account pages; seekers sign up themselves or are registered by their town.
MANAGED_ROLES = (Role.TOWN, Role.DISTRICT, Role.EMPLOYER, Role.PROVIDER)
MOBILE = re.compile(r"1\d{10}")


def _token_hash(token: str) -> str:
    return lookup_hash("account-invitation:" + token.strip())


# ---- who may manage whom -----------------------------------------------------------------------


def account_manageable(*, by, user) -> bool:
    """Whether ``by`` may rebind, deactivate or reissue the link of ``user``'s account: district
    staff (and superusers) for everyone but themselves, superusers and seekers; an employer's administrator
    for the other users of its employer (not other administrators)."""
    if user.pk == by.pk:
        return False
    theirs = access.account_of(user)
    if theirs is not None and theirs.role == Role.SEEKER:
        return False  # a seeker's account is the seeker's own (sign-up, the town's registration)
    if user.is_superuser and not by.is_superuser:
        return False
    role = access.role_of(by)
    if role == Role.DISTRICT:
        return True
    mine = access.account_of(by)
    return bool(role == Role.EMPLOYER and mine.org_admin and theirs is not None and theirs.role == Role.EMPLOYER
                and theirs.employer_id == mine.employer_id and not theirs.org_admin)


def _require_manageable(*, by, user) -> None:
    if not account_manageable(by=by, user=user):
        raise PermissionDenied("您不能修改这个账号：不能修改自己的账号，超级管理员的账号只有超级管理员能修改。")


# ---- binding -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Binding:
    """A role and the one organisation it belongs to (``Account``'s check constraint, in words)."""

    role: str
    town: Town | None = None
    employer: Employer | None = None
    provider: TrainingProvider | None = None

    def checked(self) -> Binding:
        if self.role not in MANAGED_ROLES:
            raise ValidationError({"role": "请选择账号角色：镇街残联、区残联、用人单位或培训机构。"})
        needs = {Role.TOWN: ("town", "请选择这个账号所属的镇街。"),
                 Role.EMPLOYER: ("employer", "请填写这个账号所属单位的统一社会信用代码。"),
                 Role.PROVIDER: ("provider", "请选择这个账号所属的培训机构。")}
        if self.role in needs:
            field, message = needs[self.role]
            if getattr(self, field) is None:
                raise ValidationError({field: message})
        return Binding(
            role=self.role,
            town=self.town if self.role == Role.TOWN else None,
            employer=self.employer if self.role == Role.EMPLOYER else None,
            provider=self.provider if self.role == Role.PROVIDER else None,
        )


def _groups_set(user, role: str) -> None:
    groups = role_groups_ensure()
    user.groups.remove(*[group for key, group in groups.items() if key != role])
    user.groups.add(groups[role])


def _clean_contact(*, email: str, phone: str) -> tuple[str, str]:
    email, phone = (email or "").strip(), re.sub(r"[\s-]", "", phone or "")
    errors = {}
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = "邮箱格式不对，例如 zhangsan@example.com。"
    if phone and not MOBILE.fullmatch(phone):
        errors["phone"] = "手机号码应为 11 位数字，以 1 开头。"
    if errors:
        raise ValidationError(errors)
    return email, phone


# ---- invitations ---------------------------------------------------------------------------------


def invitation_issue(*, user, by) -> str:
    """A new activation link token for ``user`` (older open links are revoked); returns the plain
    token, shown once and never stored."""
    now = timezone.now()
    AccountInvitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(24)
    AccountInvitation.objects.create(user=user, token_hash=_token_hash(token), created_by=by,
                                     expires_at=now + INVITATION_TTL)
    logger.info("activation link issued for user %s by user %s", user.pk, getattr(by, "pk", None))
    return token


@transaction.atomic
def invitation_reissue(*, user, by) -> str:
    """Staff issue a fresh activation link (the person lost the first, or it expired)."""
    _require_manageable(by=by, user=user)
    if not user.is_active:
        raise ValidationError("这个账号已停用，请先启用再发放激活链接。")
    return invitation_issue(user=user, by=by)


def invitation_valid(token: str) -> AccountInvitation | None:
    """The open, unexpired invitation of ``token`` (its user active), or None."""
    if not token or len(token) > 100:
        return None
    return (AccountInvitation.objects.select_related("user__account")
            .filter(token_hash=_token_hash(token), used_at__isnull=True, revoked_at__isnull=True,
                    expires_at__gt=timezone.now(), user__is_active=True).first())


@transaction.atomic
def invitation_accept(*, invitation: AccountInvitation, password: str) -> None:
    """The person sets the account's password (already validated by the form); the link is used up."""
    invitation = AccountInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None or invitation.revoked_at is not None:
        raise ValidationError("这个激活链接已经用过或已作废，请向发放链接的工作人员索取新的链接。")
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])


# ---- create, rebind, deactivate ------------------------------------------------------------------


def _username_check(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": "请填写用户名（登录时使用）。"})
    if not re.fullmatch(r"[\w.@+-]{3,150}", username):
        raise ValidationError({"username": "用户名只能包含字母、数字和 @ . + - _，至少 3 个字符。"})
    if username_taken(username):
        raise ValidationError({"username": USERNAME_TAKEN})
    return username


def _create(*, by, username: str, binding: Binding, display_name: str, email: str, phone: str,
            org_admin: bool) -> tuple[object, str]:
    # No usable password until activated. first_name: Wagtail's own pages (workflow history, its
    # e-mails) name a user by get_full_name(), so they show the display name, not the username.
    user = User.objects.create_user(username=username, email=email, first_name=display_name.strip()[:150])
    account = Account.objects.create(user=user, role=binding.role, town=binding.town, employer=binding.employer,
                           provider=binding.provider, display_name=display_name.strip(), phone=phone,
                           org_admin=org_admin and binding.role == Role.EMPLOYER, created_by=by)
    _groups_set(user, binding.role)
    if binding.role == Role.EMPLOYER:
        # As for every applicant: the platform's own notifications tell them about reviews, not Wagtail's.
        from wagtail.users.models import UserProfile

        UserProfile.objects.update_or_create(user=user, defaults={
            "submitted_notifications": False, "approved_notifications": False,
            "rejected_notifications": False, "updated_comments_notifications": False})
    account_bound.send(sender=Account, account=account)
    return user, invitation_issue(user=user, by=by)


@transaction.atomic
def account_create(*, by, username: str, binding: Binding, display_name: str, email: str = "",
                   phone: str = "", org_admin: bool = False) -> tuple[object, str]:
    """District staff create an account bound to ``binding``; returns (user, activation token)."""
    if access.role_of(by) != Role.DISTRICT:
        raise PermissionDenied("只有区残联可以创建这类账号。")
    binding = binding.checked()
    username = _username_check(username)
    if not display_name.strip():
        raise ValidationError({"display_name": "请填写显示名称（通常是姓名），审核记录里会显示它。"})
    email, phone = _clean_contact(email=email, phone=phone)
    user, token = _create(by=by, username=username, binding=binding, display_name=display_name, email=email,
                          phone=phone, org_admin=org_admin)
    logger.info("account %s (%s) created by user %s", user.pk, binding.role, by.pk)
    return user, token


@transaction.atomic
def employer_colleague_invite(*, by, username: str, display_name: str, email: str = "",
                              phone: str = "") -> tuple[object, str]:
    """An employer's administrator creates a colleague's account at the same employer."""
    account = access.account_of(by)
    if account is None or account.role != Role.EMPLOYER or not account.org_admin:
        raise PermissionDenied("只有本单位的管理员可以邀请同事。")
    username = _username_check(username)
    if not display_name.strip():
        raise ValidationError({"display_name": "请填写同事的姓名。"})
    email, phone = _clean_contact(email=email, phone=phone)
    return _create(by=by, username=username, binding=Binding(Role.EMPLOYER, employer=account.employer),
                   display_name=display_name, email=email, phone=phone, org_admin=False)


@transaction.atomic
def account_rebind(*, by, user, binding: Binding, display_name: str, org_admin: bool = False,
                   email: str | None = None, phone: str | None = None) -> Account:
    """Change the role and organisation (and display name) of an account; the person is told in-app.
    ``email`` and ``phone`` (None: unchanged) are where notifications go: the account's own pages have
    no other place to change them (the notification settings send people here for an e-mail address)."""
    _require_manageable(by=by, user=user)
    if access.role_of(by) != Role.DISTRICT:
        raise PermissionDenied("只有区残联可以改变账号的角色和所属单位。")
    binding = binding.checked()
    if not display_name.strip():
        raise ValidationError({"display_name": "请填写显示名称（通常是姓名），审核记录里会显示它。"})
    account = Account.objects.select_for_update().get(user=user)
    if email is not None or phone is not None:
        email, phone = _clean_contact(email=user.email if email is None else email,
                                      phone=account.phone if phone is None else phone)
        account.phone = phone
        if email != user.email:
            user.email = email
            user.save(update_fields=["email"])
    before = account_organisation(account)
    account.role, account.town, account.employer, account.provider = (
        binding.role, binding.town, binding.employer, binding.provider)
    account.display_name = display_name.strip()
    account.org_admin = org_admin and binding.role == Role.EMPLOYER
    account.save()
    _groups_set(user, binding.role)
    user.first_name = account.display_name[:150]
    user.save(update_fields=["first_name"])
    account_bound.send(sender=Account, account=account)
    after = account_organisation(account)
    if before != after:
        notify(users=[user], event="account.rebound", subject="您的账号所属单位已变更",
               body=f"区残联已将您的账号由“{before}”改为“{after}”。如有疑问，请联系区残联。")
    logger.info("account of user %s rebound to %s by user %s", user.pk, binding.role, by.pk)
    return account


@transaction.atomic
def account_active_set(*, by, user, active: bool) -> None:
    """Deactivate (停用: the person can no longer sign in; nothing is deleted) or reactivate."""
    _require_manageable(by=by, user=user)
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        AccountInvitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
            revoked_at=timezone.now())
    logger.info("account of user %s %s by user %s", user.pk, "activated" if active else "deactivated", by.pk)


# ---- bulk employer accounts --------------------------------------------------------------------

IMPORT_HEADERS = ["统一社会信用代码", "联系人", "邮箱或手机"]
IMPORT_HELP = ["单位的 18 位统一社会信用代码，单位须已在用人单位名录中", "联系人姓名，作为账号的显示名称",
               "联系人的邮箱或 11 位手机号码，用来发送激活链接"]


def import_template_xlsx() -> bytes:
    """The downloadable template: the headers (as text, so Excel keeps codes and mobiles whole) and
    a second sheet explaining each column."""
    import io

    import pandas as pd

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        pd.DataFrame(columns=IMPORT_HEADERS).to_excel(writer, index=False, sheet_name="单位账号")
        pd.DataFrame({"列名": IMPORT_HEADERS, "填写说明": IMPORT_HELP}).to_excel(writer, index=False,
                                                                         sheet_name="填写说明")
        sheet = writer.sheets["单位账号"]
        for row in sheet.iter_rows(min_row=2, max_row=1000, min_col=1, max_col=len(IMPORT_HEADERS)):
            for cell in row:
                cell.number_format = "@"
    return buffer.getvalue()


def import_template_csv() -> bytes:
    """The same headers as CSV, UTF-8 with BOM so Excel opens it with Chinese intact."""
    return ("\ufeff" + ",".join(IMPORT_HEADERS) + "\r\n").encode("utf-8")


@dataclass
class EmployerAccountRow:
    row: int
    credit_code: str
    employer: Employer
    contact: str
    email: str
    phone: str


@dataclass
class CreatedAccount:
    user: object
    employer: Employer
    token: str


def _username_for(credit_code: str, taken: set[str]) -> str:
    # As printed on the business licence (upper case): the login compares usernames exactly, so a
    # lower-cased code would refuse the code the employer types from its licence.
    base = credit_code.upper()
    for n in range(1, 100):
        candidate = base if n == 1 else f"{base}-{n}"
        if candidate not in taken and not username_taken(candidate):
            taken.add(candidate)
            return candidate
    raise ValidationError("无法为这家单位生成用户名。")  # pragma: no cover - 99 accounts of one employer


def employer_accounts_import(*, by, content: bytes, filename: str) -> tuple[list[CreatedAccount], RowErrors]:
    """Create one employer account per row (统一社会信用代码, 联系人, 邮箱或手机). Every row is checked
    first; if any is wrong, the errors are returned and nothing is saved. The employer must be on
    the register; the username is its credit code (``…-2`` for a second account)."""
    if access.role_of(by) != Role.DISTRICT:
        raise PermissionDenied("只有区残联可以批量创建单位账号。")
    employers = {}

    def parse(values: dict[str, str], row: int):
        errors = []
        code = cell_text(values, "统一社会信用代码").upper()
        contact = cell_text(values, "联系人")
        reach = re.sub(r"\s", "", cell_text(values, "邮箱或手机"))
        employer = None
        if not code:
            errors.append(RowError(row, "统一社会信用代码", "未填写"))
        else:
            employer = employers.get(code) or Employer.objects.filter(credit_code=code).first()
            if employer is None:
                errors.append(RowError(row, "统一社会信用代码", "用人单位名录中没有这个代码：请核对，或先在用人单位名录中登记这家单位"))
            else:
                employers[code] = employer
        if not contact:
            errors.append(RowError(row, "联系人", "未填写"))
        elif len(contact) > 60:
            errors.append(RowError(row, "联系人", "不能超过 60 个字"))
        email = phone = ""
        if not reach:
            errors.append(RowError(row, "邮箱或手机", "未填写，激活链接要发送给联系人"))
        elif "@" in reach:
            try:
                validate_email(reach)
                email = reach
            except ValidationError:
                errors.append(RowError(row, "邮箱或手机", "邮箱格式不对"))
        elif MOBILE.fullmatch(reach.replace("-", "")):
            phone = reach.replace("-", "")
        else:
            errors.append(RowError(row, "邮箱或手机", "应为邮箱或 11 位手机号码"))
        if errors:
            return None, errors
        return EmployerAccountRow(row, code, employer, contact, email, phone), []

    rows, errors = read_table_rows(
        content, filename, required_headers=IMPORT_HEADERS, parse=parse,
        empty_message="文件里没有单位账号。请按模板填写后再上传。",
        key=lambda r: f"{r.credit_code}/{r.contact}/{r.email or r.phone}", key_column="联系人")
    if errors:
        return [], errors
    created = []
    taken: set[str] = set()
    with transaction.atomic():
        for item in rows:
            username = _username_for(item.credit_code, taken)
            user, token = _create(by=by, username=username, binding=Binding(Role.EMPLOYER, employer=item.employer),
                                  display_name=item.contact, email=item.email, phone=item.phone,
                                  org_admin=not item.employer.accounts.exists())
            created.append(CreatedAccount(user=user, employer=item.employer, token=token))
    logger.info("%s employer accounts imported by user %s", len(created), by.pk)
    return created, errors


__all__ = [
    "IMPORT_HEADERS", "IMPORT_HELP", "MANAGED_ROLES", "import_template_csv", "import_template_xlsx", "Binding", "account_bound", "CreatedAccount", "TableFileError", "account_active_set",
    "account_create", "account_manageable", "account_rebind", "employer_accounts_import",
    "employer_colleague_invite", "invitation_accept", "invitation_issue", "invitation_reissue", "invitation_valid",
]
