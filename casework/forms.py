"""Casework forms: a coach note, the record of a follow-up, a hire staff arranged and its end."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from employment.forms import PlainErrorsMixin
from employment.hiring_forms import HireForm
from employment.widgets import NativeDateInput

from .models import FollowUpOutcome
from .selectors import employers_matching


class CoachNoteForm(PlainErrorsMixin, forms.Form):
    body = forms.CharField(
        label="辅导记录",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写下这次做了什么、求职者的情况和下一步安排。",
    )


class FollowUpForm(PlainErrorsMixin, forms.Form):
    done_on = forms.DateField(
        label="回访日期",
        widget=NativeDateInput(),
        initial=lambda: timezone.localdate(),
    )
    outcome = forms.ChoiceField(label="回访结果", choices=FollowUpOutcome.choices, widget=forms.RadioSelect)
    notes = forms.CharField(label="回访记录", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class StaffHireForm(HireForm):
    """就业安置（残联代录） — the hire form employers use, plus the employer, named by code or name.

    Without JavaScript a searchable list of ~500 employers is no help, so the employer is typed: its
    统一社会信用代码, or its registered name exactly.
    """

    employer = forms.CharField(
        label="用人单位",
        max_length=100,
        help_text="填写单位的统一社会信用代码（18 位），或与登记完全一致的单位名称。全区的单位都可以填写。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    field_order = ["employer", "contract_start", "contract_end", "monthly_wage", "social_insurance_start",
                   "on_establishment"]

    def clean_employer(self):
        reference = self.cleaned_data["employer"].strip()
        matches = employers_matching(reference)
        if not matches:
            raise forms.ValidationError(
                f"没有找到统一社会信用代码或单位名称为“{reference}”的用人单位。请核对 18 位统一社会信用代码，"
                "或填写与登记完全一致的单位名称；还没有在平台登记的单位，需要先登记。"
            )
        if len(matches) > 1:
            raise forms.ValidationError(
                f"名称为“{reference}”的用人单位有 {len(matches)} 家，请改填这家单位的统一社会信用代码。"
            )
        return matches[0]


class PlacementEndForm(PlainErrorsMixin, forms.Form):
    ended_on = forms.DateField(
        label="离职日期",
        widget=NativeDateInput(),
        help_text="按实际离职的日期填写，不能早于合同开始日期，也不能晚于今天。",
    )
    reason = forms.CharField(
        label="离职原因和情况",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="选填。会作为一条就业辅导记录保存，便于之后帮助求职者再就业。",
    )
