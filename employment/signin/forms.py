"""Forms of the second-factor pages: a code, the password typed again before new recovery codes, and
the reason district staff give for resetting someone's second factor."""

from __future__ import annotations

from django import forms

from employment.forms import PlainErrorsMixin


class EnrolmentCodeForm(PlainErrorsMixin, forms.Form):
    code = forms.CharField(
        label="验证码",
        max_length=20,
        help_text="扫描二维码（或手动输入密钥）后，输入验证器应用上显示的 6 位数字。",
        error_messages={"required": "请填写验证码。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )


class VerificationCodeForm(PlainErrorsMixin, forms.Form):
    code = forms.CharField(
        label="验证码或恢复码",
        max_length=40,
        help_text="打开手机上的验证器应用，输入显示的 6 位数字。手机不在身边时，可以输入一个恢复码（每个只能用一次）。",
        error_messages={"required": "请填写验证码或恢复码。"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
    )


class PasswordConfirmForm(PlainErrorsMixin, forms.Form):
    password = forms.CharField(
        label="当前密码",
        help_text="为确认是您本人操作，请再输入一次登录密码。",
        error_messages={"required": "请填写当前密码。"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ResetReasonForm(PlainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="重置事由",
        max_length=200,
        help_text="例如：“手机丢失，已电话核实是本人（某某镇街残联 张三）”。会记入敏感信息访问记录。",
        error_messages={"required": "请填写重置的事由。", "max_length": "事由最多 200 个字。"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
