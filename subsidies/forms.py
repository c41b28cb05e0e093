"""Forms of the subsidy pages: bank details, social-insurance line and upload, start-up application and
its supporting documents, review decision, payment-list creation and status (paid date, voucher
number, the reason of a step back); and the base form of the
application in the Wagtail admin, which never writes payment details. Validation of substance (an
evidence file's real type and size) lives in the services."""

from __future__ import annotations

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from employment.evidence_forms import EvidenceUploadForm as BaseEvidenceUploadForm
from employment.formats import cn_number
from employment.forms import PlainErrorsMixin
from employment.table_import import parse_months
from employment.widgets import NativeDateInput
from quota.years import year_default

from .models import MAX_FILES_PER_APPLICATION, Programme, evidence_kind_choices


class BankForm(PlainErrorsMixin, forms.Form):
    bank_account_name = forms.CharField(label="开户名称", max_length=100)
    bank_name = forms.CharField(label="开户银行", max_length=100, help_text="例如 中国工商银行宁波海曙支行")
    bank_account = forms.CharField(label="银行账号", max_length=40, help_text="8到30位数字")

    def __init__(self, *args, keep_account: str = "", **kwargs):
        """``keep_account`` (the masked number) is for staff editing on an applicant's behalf: the saved
        number is not shown, and leaving the field empty keeps it."""
        super().__init__(*args, **kwargs)
        if keep_account:
            self.fields["bank_account"].required = False
            self.fields["bank_account"].help_text = (
                f"已保存的账号{keep_account}（为保护申请人信息不显示完整号码）。不修改请留空；"
                "如需修改，请填写完整的新账号（8到30位数字）。"
            )


def bank_details(form, application=None) -> dict:
    """The payee details a form (``BankForm`` or its subclasses) holds; staff who left the account
    field empty keep the saved number of ``application``."""
    bank = {k: form.cleaned_data[k] for k in ("bank_account_name", "bank_name", "bank_account")}
    if application is not None and not bank["bank_account"] and not form.fields["bank_account"].required:
        bank["bank_account"] = application.bank_account  # staff left the saved number unchanged
    return bank


class MonthsField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        try:
            return parse_months(value or "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class SILineForm(PlainErrorsMixin, forms.Form):
    """One employee's line: a person chosen from the year's approved roster (name and masked number),
    the name typed again to confirm the choice, the months and the monthly contribution. Whether the
    chosen row really is on that roster, and the name its own, is the service's check (a tampered
    POST gets the same clear refusal)."""

    roster_entry = forms.TypedChoiceField(
        label="残疾职工", coerce=int, empty_value=None,
        help_text="从本单位本年度审核通过的残疾职工名册中选择（证件号码已脱敏）",
        error_messages={"required": "请从名册中选择残疾职工。",
                        "invalid_choice": "所选职工不在本单位审核通过的残疾职工名册中，请从名单中选择。"},
    )
    name = forms.CharField(label="姓名", max_length=40, help_text="填写所选职工的姓名，用于核对",
                           error_messages={"required": "请填写所选职工的姓名。"})
    months = MonthsField(label="单位缴费月份", help_text="例如 1-12 或 1-6")
    contribution = forms.DecimalField(label="每月单位缴费额（元）", max_digits=10, decimal_places=2, min_value=0)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Any integer is accepted here so that a row that is not on the roster gets the service's
        # message naming the roster, not a generic "invalid choice".
        self.fields["roster_entry"].choices = [("", "请选择")] + [(e.pk, f"{e.name}（{e.cert_masked}）") for e in entries]
        self.fields["roster_entry"].valid_value = lambda value: str(value).isdigit()


class SIUploadForm(PlainErrorsMixin, forms.Form):
    file = forms.FileField(label="缴费明细文件（.xlsx 或 .csv）",
                           error_messages={"required": "请选择要上传的缴费明细文件（.xlsx 或 .csv）。"})


class SIStartForm(PlainErrorsMixin, forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=())

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年度") for y in years]
        self.fields["year"].initial = year_default(years)


class StartupForm(BankForm):
    year = forms.TypedChoiceField(label="申请年度", coerce=int, choices=())
    business_name = forms.CharField(label="经营主体名称", max_length=100)
    business_credit_code = forms.CharField(label="统一社会信用代码", max_length=30, help_text="营业执照上的18位代码")
    business_registered_on = forms.DateField(
        label="注册登记日期", widget=NativeDateInput(), help_text="例如 2025-03-01"
    )
    tier = forms.ChoiceField(label="补贴档次", choices=())
    tier_evidence = forms.CharField(
        label="档次证明材料说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text="简要说明符合所选档次的情况，例如带动就业人数。营业执照、租赁合同等文件在保存后的下一步上传。",
    )

    field_order = ["year", "business_name", "business_credit_code", "business_registered_on", "tier", "tier_evidence",
                   "bank_account_name", "bank_name", "bank_account"]

    def __init__(self, *args, years: list[int], tiers: dict, criteria: dict | None = None, year_shown: int | None = None,
                 year_refused: bool = False, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.year_refused = year_refused
        # ``year_shown``: the policy year whose tiers (``tiers``, ``criteria``) the choices show. The year is
        # chosen before the form (a GET form above it re-draws the tiers; the field is a hidden copy of that
        # choice), so that the amounts a user reads are the ones the application will get. An application's
        # year is not changed once it is saved: the edit form has no year field.
        self.year_shown = year_shown
        if editing:
            del self.fields["year"]
        else:
            self.fields["year"].choices = [(y, f"{y}年度") for y in years]
            self.fields["year"].widget = forms.HiddenInput()
            self.fields["year"].initial = year_shown
        # No tier chosen in advance: the first would be the largest amount, taken by whoever skims the form.
        # Each choice says what the tier requires before its amount, in the option itself, so that a
        # screen reader says both with the choice (``criteria``: the policy year's, by tier).
        self.fields["tier"].choices = [("", "请选择档次")] + [
            (k, tier_label(k, amount=v, criterion=(criteria or {}).get(k, ""))) for k, v in sorted(tiers.items())]

    def clean(self):
        cleaned = super().clean()
        if self.year_refused:
            raise forms.ValidationError(
                f"所选的申请年度没有补贴政策，现在显示的是{self.year_shown}年度的补贴档次。"
                "请核对补贴档次后再保存；要申请其他年度，请在上面的“申请年度”中选择。")
        return cleaned


def tier_label(tier: str, *, amount, criterion: str = "") -> str:
    """A start-up tier in words: "A档：带动就业3人以上 — 20,000 元" (without a criterion, "A档：20,000 元")."""
    criterion = str(criterion or "").strip()
    return f"{tier}档：{criterion} — {cn_number(amount)} 元" if criterion else f"{tier}档：{cn_number(amount)} 元"


class EvidenceUploadForm(BaseEvidenceUploadForm):
    """One supporting document per upload (the size limit applies to the whole request), of one of
    the kinds ``programme`` takes: the other programme's kinds are not offered, and a posted one is
    refused as not listed (the service refuses it too, naming the programme)."""

    NOTE_EXAMPLES = {Programme.STARTUP: "租赁合同第1-3页", Programme.SOCIAL_INSURANCE: "1-12月单位缴费凭证"}

    def __init__(self, *args, programme: str, **kwargs):
        self.KINDS = evidence_kind_choices(programme)
        self.NOTE_EXAMPLE = self.NOTE_EXAMPLES.get(programme, "")
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.file_help(f"，每份申请最多 {MAX_FILES_PER_APPLICATION} 个")


class ReviewForm(PlainErrorsMixin, forms.Form):
    comment = forms.CharField(
        label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text="退回修改时必填，申请人会看到这段意见。",
    )


class PaymentListForm(PlainErrorsMixin, forms.Form):
    programme = forms.ChoiceField(label="项目", choices=Programme.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)


class PaymentPaidForm(PlainErrorsMixin, forms.Form):
    """登记拨付: when the money left and the finance office's voucher number."""

    paid_on = forms.DateField(label="拨付日期", widget=NativeDateInput(),
                              help_text="财务实际拨付的日期，例如 2026-03-05",
                              error_messages={"required": "请填写拨付日期。", "invalid": "请按 2026-03-05 的格式填写拨付日期。"})
    voucher_no = forms.CharField(label="凭证号", max_length=40, help_text="财务记账凭证号",
                                 error_messages={"required": "请填写财务凭证号。", "max_length": "凭证号最多 40 个字符。"})


class PaymentStepBackForm(PlainErrorsMixin, forms.Form):
    reason = forms.CharField(label="退回原因", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="例如“凭证号填错”。原因会记入名单的操作记录。",
                             error_messages={"required": "请填写退回的原因。", "max_length": "原因最多 500 个字。"})


class SubsidyApplicationAdminForm(WagtailAdminModelForm):
    """The application's form in the Wagtail admin. Payment details are changed only through the
    services, which record who changed them (separation of duties); the admin shows them read-only,
    and this form puts the stored values back before saving, because the admin may build the
    instance from an older revision (“revert”) whose payee details differ from today's."""

    def save(self, commit=True):
        from .models import PAYMENT_FIELDS, SubsidyApplication

        if self.instance.pk is not None:
            stored = SubsidyApplication.objects.filter(pk=self.instance.pk).values(*PAYMENT_FIELDS).first()
            for field, value in (stored or {}).items():
                setattr(self.instance, field, value)
        return super().save(commit=commit)
