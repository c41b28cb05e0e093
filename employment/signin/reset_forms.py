"""Forms of getting back in: the e-mail reset request, the new password (by e-mail link or by a
staff-issued code), the code a town issues, and a signed-in user's password change."""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from employment.forms import NewPasswordErrorsMixin, PlainErrorsMixin

from .password_checks import ThrottledPasswordChangeForm
from .reset_codes import CODE_LENGTH, code_normalize

# "请填写再输入一次新密码" reads badly: the confirmation asks to be typed again.
AGAIN_REQUIRED = "请再输入一次新密码，和上面的新密码一样。"
NEW_PASSWORD_HELP = "至少 10 位，不能全是数字，不能太常见，不能和用户名、姓名、身份证号、手机号或出生日期相似。"  # noqa: S105


class EmailResetForm(PlainErrorsMixin, auth_forms.PasswordResetForm):
    """找回密码: the e-mail address. Whether it belongs to an account is never shown: the mail is queued
    after the request commits (``employment.tasks.password_reset_mail_send``), for every active account
    with a usable password whose own address, or whose seeker record's address, is the one typed."""

    email = forms.EmailField(
        label="电子邮箱", max_length=254,
        help_text="填写您在平台登记的电子邮箱，我们会把重置密码的链接发到这个邮箱。",
        error_messages={"invalid": "请填写正确的电子邮箱地址，例如 zhangsan@example.com。"},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(
            Q(email__iexact=email) | Q(seeker__email__iexact=email), is_active=True
        ).distinct()
        return (u for u in users if u.has_usable_password())

    def save(self, *, request=None, use_https=False, **kwargs):
        from employment.tasks import password_reset_mail_send

        email = self.cleaned_data["email"]
        domain = request.get_host() if request is not None else ""
        for user in self.get_users(email):
            transaction.on_commit(
                lambda pk=user.pk: password_reset_mail_send.delay(pk, email, domain, use_https)
            )


class NewPasswordForm(NewPasswordErrorsMixin, PlainErrorsMixin, auth_forms.SetPasswordForm):
    """The new password, twice, judged by every password validator against the account."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP
        self.fields["new_password2"].label = "再输入一次新密码"
        self.fields["new_password2"].help_text = "和上面的新密码一样。"
        self.error_messages["password_mismatch"] = "两次输入的新密码不一样，请重新输入。"  # noqa: S105
        for name in ("new_password1", "new_password2"):
            self.fields[name].error_messages["required"] = f"请填写{self.fields[name].label}。"
        self.fields["new_password2"].error_messages["required"] = AGAIN_REQUIRED


class CodeResetForm(PlainErrorsMixin, forms.Form):
    """用重置码设置新密码: the account (username or phone on record) and the code the town issued."""

    account = forms.CharField(
        label="用户名或手机号", max_length=150,
        help_text="登录用的用户名，或者在镇街残联登记的手机号码。",
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label="重置码", max_length=30,
        help_text=f"镇街残联工作人员交给您的 {CODE_LENGTH} 位重置码，例如 AC3D-EF6G。字母大小写都可以，短横线可以不输。",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters",
                                      "spellcheck": "false"}),
    )

    def clean_code(self):
        code = code_normalize(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(f"重置码是 {CODE_LENGTH} 位字母和数字，请检查后重新输入。")
        return code


class ReissueConfirmForm(PlainErrorsMixin, forms.Form):
    """Nothing to type: the staff member confirms that the person was checked and an open code goes."""


class PortalPasswordChangeForm(ThrottledPasswordChangeForm):
    """修改密码 for a signed-in user: the current password is checked through ``authenticate`` (a wrong
    one counts like a failed login, docs/security.md), the new one by every password validator."""

    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, request=request, **kwargs)
        self.fields["old_password"].label = "当前密码"
        self.fields["old_password"].help_text = "为确认是您本人操作，请输入现在的登录密码。"
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password1"].help_text = NEW_PASSWORD_HELP
        self.fields["new_password2"].label = "再输入一次新密码"
        self.fields["new_password2"].help_text = "和上面的新密码一样。"
        self.error_messages["password_mismatch"] = "两次输入的新密码不一样，请重新输入。"  # noqa: S105
        self.error_messages["password_incorrect"] = "当前密码不正确，请重新输入。"  # noqa: S105
        for field in self.fields.values():
            field.error_messages["required"] = f"请填写{field.label}。"
        self.fields["new_password2"].error_messages["required"] = AGAIN_REQUIRED
