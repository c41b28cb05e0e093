"""Forms of the 公示 pages: a batch (document number, dates, objection contact, the declarations
chosen), an objection (the employer's, or staff's for a caller), and the district's handling steps
(a note, a reopening comment, a withdrawal reason, a correction note)."""

from __future__ import annotations

from django import forms

from domain import phone
from employment.forms import PlainErrorsMixin
from employment.widgets import NativeDateInput

from .models import ObjectionStatus


def _clean_phone(value: str) -> str:
    """Checked with the form's other fields, so every mistake is told at once (the service checks again)."""
    try:
        return phone.normalize_phone(value)
    except phone.PhoneError as exc:
        raise forms.ValidationError(str(exc)) from exc

DATE = NativeDateInput()


class BatchForm(PlainErrorsMixin, forms.Form):
    declarations = forms.MultipleChoiceField(
        label="公示的单位", widget=forms.CheckboxSelectMultiple,
        help_text="本年度审核通过、还没有编入公示批次的申报；默认全部选中。",
    )
    document_no = forms.CharField(label="公示文号", max_length=60)
    start_date = forms.DateField(label="公示开始日期", widget=DATE, help_text="开始日期在今天以后的，发布后到开始日期才公开。")
    end_date = forms.DateField(label="公示结束日期", widget=DATE)
    contact_name = forms.CharField(label="异议受理联系人", max_length=40)
    contact_phone = forms.CharField(label="异议受理电话", max_length=40)
    contact_address = forms.CharField(label="异议受理地址", max_length=200)

    def __init__(self, *args, declarations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declarations"].choices = [
            (str(d.pk), f"{d.employer.name}（{d.employer.town.name}，{d.get_outcome_display()}）") for d in declarations
        ]

    def clean_contact_phone(self):
        return _clean_phone(self.cleaned_data["contact_phone"])

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "公示结束日期不能早于开始日期。")
        return data


class ObjectionForm(PlainErrorsMixin, forms.Form):
    text = forms.CharField(
        label="异议内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="请写明哪一项结果有误、应当是多少，以及依据（例如劳动合同、社保缴纳记录）。",
    )


class StaffObjectionForm(ObjectionForm):
    entry = forms.ChoiceField(label="对哪一家单位的公示结果")
    caller_name = forms.CharField(label="提出人姓名", max_length=40)
    caller_phone = forms.CharField(label="提出人联系电话", max_length=40)

    field_order = ["entry", "caller_name", "caller_phone", "text"]

    def clean_caller_phone(self):
        return _clean_phone(self.cleaned_data["caller_phone"])

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "请选择")] + [
            (str(e.pk), f"{e.figures.get('employer', '')}（{e.batch.document_no}）") for e in entries
        ]


class HandleForm(PlainErrorsMixin, forms.Form):
    note = forms.CharField(label="处理情况", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(
        label="处理后的状态", widget=forms.RadioSelect,
        choices=[(ObjectionStatus.HANDLING, "处理中"), (ObjectionStatus.DONE, "已办结")],
        initial=ObjectionStatus.HANDLING,
    )


class ReopenForm(PlainErrorsMixin, forms.Form):
    comment = forms.CharField(
        label="退回意见", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="申报退回单位更正，单位会看到这段意见；更正后重新提交，再经镇街初审和区残联终审。",
    )


class WithdrawForm(PlainErrorsMixin, forms.Form):
    reason = forms.CharField(label="撤回原因", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="公示页面上会显示撤回原因。")


class RepublishForm(PlainErrorsMixin, forms.Form):
    note = forms.CharField(label="更正说明", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="公示页面上会显示更正说明和更正时间，以及更正后的数据。")
