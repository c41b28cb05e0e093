"""Forms of the subsidy pages: bank details, social-insurance line and upload, start-up application,
review decision and payment-list creation. Validation of substance lives in the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from employment.declarations.roster_import import parse_months
from employment.models import Programme


class BankForm(forms.Form):
    bank_account_name = forms.CharField(label="开户名称", max_length=100)
    bank_name = forms.CharField(label="开户银行", max_length=100, help_text="例如 中国工商银行宁波海曙支行")
    bank_account = forms.CharField(label="银行账号", max_length=40, help_text="8到30位数字")


class MonthsField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        try:
            return parse_months(value or "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class SILineForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=40)
    cert_no = forms.CharField(label="残疾人证号", max_length=30, help_text="第二代残疾人证号（20位）")
    months = MonthsField(label="单位缴费月份", help_text="例如 1-12 或 1-6")
    contribution = forms.DecimalField(label="每月单位缴费额（元）", max_digits=10, decimal_places=2, min_value=0)


class SIUploadForm(forms.Form):
    file = forms.FileField(label="缴费明细文件（.xlsx 或 .csv）")


class SIStartForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=())

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年度") for y in years]


class StartupForm(BankForm):
    year = forms.TypedChoiceField(label="申请年度", coerce=int, choices=())
    business_name = forms.CharField(label="经营主体名称", max_length=100)
    business_credit_code = forms.CharField(label="统一社会信用代码", max_length=30, help_text="营业执照上的18位代码")
    business_registered_on = forms.DateField(
        label="注册登记日期", widget=forms.DateInput(attrs={"type": "date"}), help_text="例如 2025-03-01"
    )
    tier = forms.ChoiceField(label="补贴档次", choices=())
    tier_evidence = forms.CharField(
        label="档次证明材料说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text="例如 带动就业人数、经营场所租赁合同等，审核时请备好原件。",
    )

    field_order = ["year", "business_name", "business_credit_code", "business_registered_on", "tier", "tier_evidence",
                   "bank_account_name", "bank_name", "bank_account"]

    def __init__(self, *args, years: list[int], tiers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年度") for y in years]
        self.fields["tier"].choices = [(k, f"{k}档：{v} 元") for k, v in sorted(tiers.items())]
        self.fields["year"].initial = years[0] if years else timezone.localdate().year


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text="退回修改时必填，申请人会看到这段意见。",
    )


class PaymentListForm(forms.Form):
    programme = forms.ChoiceField(label="项目", choices=Programme.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
