"""Casework forms: a coach note and the record of a follow-up."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from .models import FollowUpOutcome


class CoachNoteForm(forms.Form):
    body = forms.CharField(
        label="辅导记录",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写下这次做了什么、求职者的情况和下一步安排。",
    )


class FollowUpForm(forms.Form):
    done_on = forms.DateField(
        label="回访日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=lambda: timezone.localdate(),
    )
    outcome = forms.ChoiceField(label="回访结果", choices=FollowUpOutcome.choices, widget=forms.RadioSelect)
    notes = forms.CharField(label="回访记录", required=False, widget=forms.Textarea(attrs={"rows": 3}))
