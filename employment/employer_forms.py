"""Forms of the employer register's pages (district staff). They take input only; the checks that
matter (the credit code's check character, its uniqueness, the phone) are made by
``employment.employer_register``, whose errors the views attach to the fields."""

from __future__ import annotations

from django import forms

from .forms import PlainErrorsMixin
from .models import EmployerKind, Town


class EmployerForm(PlainErrorsMixin, forms.Form):
    name = forms.CharField(label="单位名称", max_length=100, help_text="单位的全称，与营业执照或登记证书一致。")
    credit_code = forms.CharField(
        label="统一社会信用代码", max_length=30,
        help_text="18 位，由数字和大写字母组成（不含 I、O、Z、S、V），最后一位是校验码。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}))
    kind = forms.ChoiceField(label="单位性质", choices=EmployerKind.choices, initial=EmployerKind.ENTERPRISE)
    town = forms.ModelChoiceField(label="所属镇街", queryset=Town.objects.all(), empty_label="请选择镇街")
    address = forms.CharField(label="地址（可不填）", max_length=200, required=False)
    contact_name = forms.CharField(label="联系人（可不填）", max_length=40, required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "off"}))
    contact_phone = forms.CharField(
        label="联系电话（可不填）", max_length=30, required=False,
        help_text="11 位手机号码，或带区号的固定电话，例如 0574-87654321。",
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    contact_email = forms.CharField(label="联系邮箱（可不填）", max_length=254, required=False,
                                    widget=forms.EmailInput(attrs={"autocomplete": "off"}))


class DeactivateForm(PlainErrorsMixin, forms.Form):
    reason = forms.CharField(
        label="停用原因", max_length=200,
        help_text="例如“2025年6月注销”“迁出本区”“长期停业”。停用后单位不再列入年审催报名单，已有的申报、岗位和账号都保留。",
        widget=forms.Textarea(attrs={"rows": 2}))


class EmployerImportForm(PlainErrorsMixin, forms.Form):
    file = forms.FileField(label="用人单位名录表（.xlsx 或 .csv）",
                           help_text="表头：统一社会信用代码、单位名称、所属镇街（必填），单位性质、地址、联系人、联系电话、联系邮箱（可选）。")
