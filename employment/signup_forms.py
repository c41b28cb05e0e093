"""Forms that register a certified seeker: the identity a seeker gives (name, resident ID, disability
certificate, town, phone), a new account's username and password (checked by every password
validator against the would-be user), the sign-up steps (the text-message code or the town's
activation code), staff's check of the certificate (已核验证件) and staff registering a seeker.

Split from ``employment.forms`` by subject (as ``hiring_forms`` and ``notification_forms`` were); the
shared pieces (``PlainErrorsMixin``, ``phone_clean``) stay there. The forms validate input only;
``employment.signup`` and ``employment.services`` save.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation

from domain import identity

from . import sms
from .forms import PlainErrorsMixin, phone_clean
from .models import Town
from .signin.usernames import USERNAME_TAKEN, username_taken

User = get_user_model()


def would_be_user(cleaned: dict):
    """An unsaved user carrying the new account's username and name, so that every password validator
    — "not similar to the username or name" included — judges the password against them, and the
    identity typed in the same form (resident ID, phone; the birth date is in the ID) for
    ``PersonalDataValidator``."""
    from .signin.passwords import identity_facts

    user = User(username=cleaned.get("username") or "", first_name=cleaned.get("name") or "")
    user.identity_facts = identity_facts(resident_id=cleaned.get("resident_id") or "", phone=cleaned.get("phone") or "")
    return user


class AccountFieldsMixin(PlainErrorsMixin, forms.Form):
    """Username and password for a new account, checked against Django's password validators."""

    username = forms.CharField(
        label="用户名", max_length=150, help_text="登录时用，可以用字母、数字，例如手机号。",
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label="密码",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="至少 10 位，不要只用数字，不要用常见密码，不要和用户名、姓名相近，也不要包含身份证号、手机号码或出生日期。",
    )
    password2 = forms.CharField(
        label="再输入一次密码", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_username(self):
        username = User.normalize_username(self.cleaned_data["username"]).strip()
        if username_taken(username):  # by its folded form: Zhang, zhang and ＺＨＡＮＧ are one name
            raise forms.ValidationError(USERNAME_TAKEN)
        return username

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", "两次输入的密码不一样，请重新输入。")
        elif p1:
            try:
                password_validation.validate_password(p1, would_be_user(cleaned))
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class SeekerIdentityForm(PlainErrorsMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=40, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    resident_id = forms.CharField(label="身份证号", max_length=18, help_text="18 位，最后一位可能是 X。")
    cert_no = forms.CharField(
        label="残疾人证号", max_length=22, help_text="第二代残疾人证上的号码，前 18 位和身份证号相同。"
    )
    town = forms.ModelChoiceField(label="所属镇街", queryset=Town.objects.all(), empty_label="请选择")
    phone = forms.CharField(
        label="联系电话",
        max_length=30,
        required=False,
        help_text="最好填写手机号码：本人以后在网上注册账号时，验证码会发到这个号码。"
        "固定电话请带区号，例如 0574-87654321。",
    )

    # Format checks only: they never depend on what the register holds.
    def clean_resident_id(self):
        try:
            return identity.normalize_resident_id(self.cleaned_data["resident_id"])
        except identity.IdentityError as exc:
            raise forms.ValidationError(f"{exc}。") from exc

    def clean_cert_no(self):
        try:
            return identity.parse_disability_cert(self.cleaned_data["cert_no"]).number
        except identity.IdentityError as exc:
            raise forms.ValidationError(f"{exc}。") from exc

    def clean_phone(self):
        return phone_clean(self.cleaned_data["phone"])

    def clean(self):
        cleaned = super().clean()
        rid, cert = cleaned.get("resident_id"), cleaned.get("cert_no")
        if rid and cert and cert[:18] != rid:
            self.add_error("cert_no", "残疾人证号的前18位应与身份证号一致，请核对。")
        return cleaned


class SeekerSignupForm(SeekerIdentityForm, AccountFieldsMixin):
    """A seeker signs up: identity numbers, the mobile phone the code goes to, and the account."""

    phone = forms.CharField(
        label="手机号码",
        max_length=20,
        help_text="用来接收短信验证码，请填写 11 位手机号，例如 13812345678。",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    code_route = forms.ChoiceField(
        label="下一步怎样验证",
        choices=[
            ("sms", "用短信验证码：下一步输入手机收到的 6 位验证码"),
            ("activation", "我有镇街发放的激活码：下一步输入激活码"),
        ],
        initial="sms",
        required=False,
        widget=forms.RadioSelect,
        help_text="镇街残联为您登记过并发给您激活码（一张写着 10 位字母和数字的激活码单）的，请选第二项。",
    )

    field_order = ["name", "resident_id", "cert_no", "town", "phone", "username", "password1", "password2",
                   "code_route"]

    def clean_code_route(self):
        return self.cleaned_data.get("code_route") or "sms"

    def clean_phone(self):
        try:
            return sms.normalize_mobile(self.cleaned_data["phone"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class SignupCodeForm(PlainErrorsMixin, forms.Form):
    """Step 2 of sign-up: the 6-digit code from the text message."""

    code = forms.CharField(
        label="短信验证码",
        max_length=12,
        help_text="6 位数字，15 分钟内有效。",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError("验证码是 6 位数字，请检查后重新输入。")
        return code


class ActivationCodeForm(PlainErrorsMixin, forms.Form):
    """Step 2 of sign-up, instead of the text message: the activation code the town handed over."""

    code = forms.CharField(
        label="激活码",
        max_length=30,
        help_text="镇街残联发给您的 10 位激活码，例如 AC3D4-EF6GH。字母大小写都可以，短横线可以不输。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self):
        from .signup import ACTIVATION_LENGTH, activation_code_normalize

        code = activation_code_normalize(self.cleaned_data["code"])
        if len(code) != ACTIVATION_LENGTH:
            raise forms.ValidationError(f"激活码是 {ACTIVATION_LENGTH} 位字母和数字，请检查后重新输入。")
        return code


class SeekerVerifyForm(PlainErrorsMixin, forms.Form):
    """已核验证件 — staff confirm they have seen the physical certificate."""

    confirmed = forms.BooleanField(
        label="我已核对本人出示的第二代残疾人证原件：姓名、身份证号、残疾人证号与登记的一致",
        error_messages={"required": "请先核对残疾人证原件，并勾选确认。"},
    )


class StaffSeekerCreateForm(SeekerIdentityForm):
    """Staff register a seeker; the sign-in account is optional (many seekers are helped in person)."""

    username = forms.CharField(
        label="用户名（可不填）", max_length=150, required=False, help_text="填写后为求职者开通登录账号。"
    )
    password = forms.CharField(
        label="初始密码（可不填）",
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="请当面告诉求职者，并提醒他登录后修改。",
    )

    def clean(self):
        cleaned = super().clean()
        username = User.normalize_username(cleaned.get("username") or "").strip()
        password = cleaned.get("password") or ""
        if username and not password:
            self.add_error("password", "开通账号时请填写初始密码。")
        if username and username_taken(username):
            self.add_error("username", USERNAME_TAKEN)
        if password:
            try:
                password_validation.validate_password(password, would_be_user({**cleaned, "username": username}))
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        cleaned["username"] = username
        return cleaned
