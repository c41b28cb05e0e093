"""Forms of the account pages (district staff, an employer's administrator, the activation link).
They validate input only; ``employment.account_services`` saves."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import SetPasswordForm

from .account_services import MANAGED_ROLES, Binding
from .forms import NewPasswordErrorsMixin, PlainErrorsMixin, mobile_clean
from .models import Employer, Role, Town, TrainingProvider

ROLE_CHOICES = [(role, Role(role).label) for role in MANAGED_ROLES]


class BindingForm(PlainErrorsMixin, forms.Form):
    """Role, organisation and display name — shared by creating and editing an account."""

    display_name = forms.CharField(label="显示名称", max_length=60,
                                   help_text="通常是姓名，例如“张三”。审核记录和通知里显示“所属单位 · 显示名称”。")
    role = forms.ChoiceField(label="账号角色", choices=ROLE_CHOICES)
    town = forms.ModelChoiceField(label="所属镇街（镇街残联账号填写）", queryset=Town.objects.all(), required=False,
                                  empty_label="请选择镇街")
    employer_code = forms.CharField(label="所属单位的统一社会信用代码（用人单位账号填写）", max_length=18,
                                    required=False, help_text="18 位，单位须已在用人单位名录中。")
    provider = forms.ModelChoiceField(label="所属培训机构（培训机构账号填写）", queryset=TrainingProvider.objects.all(),
                                      required=False, empty_label="请选择培训机构")
    org_admin = forms.BooleanField(label="单位管理员（可以邀请本单位的同事开通账号）", required=False)

    def clean(self):
        cleaned = super().clean()
        code = (cleaned.get("employer_code") or "").strip().upper()
        employer = None
        if cleaned.get("role") == Role.EMPLOYER and not code:
            # Said on the field the person types into (the service names the binding's "employer").
            self.add_error("employer_code", "请填写这个账号所属单位的统一社会信用代码。")
        elif cleaned.get("role") == Role.EMPLOYER:
            employer = Employer.objects.filter(credit_code=code).first()
            if employer is None:
                self.add_error("employer_code", "用人单位名录中没有这个统一社会信用代码：请核对，或先在用人单位名录中登记这家单位。")
        cleaned["employer"] = employer
        return cleaned

    def binding(self) -> Binding:
        data = self.cleaned_data
        return Binding(role=data["role"], town=data.get("town"), employer=data.get("employer"),
                       provider=data.get("provider"))


class AccountCreateForm(BindingForm):
    username = forms.CharField(label="用户名（登录时使用）", max_length=150,
                               help_text="字母、数字或 @ . + - _，例如 yuehu-zhangsan。")
    email = forms.EmailField(label="邮箱（可不填）", required=False)
    phone = forms.CharField(label="手机号码（可不填）", max_length=20, required=False)

    def clean_phone(self):
        return mobile_clean(self.cleaned_data["phone"])

    field_order = ["display_name", "username", "role", "town", "employer_code", "provider", "org_admin", "email",
                   "phone"]


class AccountEditForm(BindingForm):
    """The district's edit page: binding, display name, and where notifications go."""

    email = forms.EmailField(label="邮箱（可不填）", required=False,
                             help_text="通知邮件和找回密码的链接发到这个邮箱。")
    phone = forms.CharField(label="手机号码（可不填）", max_length=20, required=False,
                            help_text="本人没有在通知设置里另填号码时，短信通知发到这个号码。")


class ColleagueInviteForm(PlainErrorsMixin, forms.Form):
    display_name = forms.CharField(label="同事姓名", max_length=60)
    username = forms.CharField(label="用户名（登录时使用）", max_length=150,
                               help_text="字母、数字或 @ . + - _，例如 zhangsan。")
    email = forms.EmailField(label="邮箱（可不填）", required=False)
    phone = forms.CharField(label="手机号码（可不填）", max_length=20, required=False)

    def clean_phone(self):
        return mobile_clean(self.cleaned_data["phone"])


class AccountImportForm(PlainErrorsMixin, forms.Form):
    file = forms.FileField(label="单位账号表（.xlsx 或 .csv）",
                           help_text="表头：统一社会信用代码、联系人、邮箱或手机。每行开通一个账号。")


class ActivationForm(NewPasswordErrorsMixin, PlainErrorsMixin, SetPasswordForm):
    """Choose the password of an account staff created (Django's own checks and the project's)."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = "设置密码"
        self.fields["new_password2"].label = "再次输入密码"
        self.fields["new_password1"].help_text = "至少 10 位，不要用生日、手机号码或用户名。"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password1"].error_messages["required"] = "请设置密码。"  # noqa: S105
        self.fields["new_password2"].error_messages["required"] = "请再输入一次密码，和上面设置的一样。"  # noqa: S105
