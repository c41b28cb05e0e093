"""Forms of the CMS app's own pages (outside the Wagtail admin): the district's completion correction."""

from __future__ import annotations

from django import forms

from employment.forms import PlainErrorsMixin
from employment.widgets import NativeDateInput

from .models import CompletionCorrection


class CompletionCorrectionForm(PlainErrorsMixin, forms.Form):
    """结业更正 — record a completion the rules did not allow, or take one back, with a reason."""

    action = forms.ChoiceField(label="更正方式", choices=CompletionCorrection.Action.choices, widget=forms.RadioSelect)
    completed_on = forms.DateField(
        label="结业日期", required=False,
        widget=NativeDateInput(),
        help_text="记录结业时填写，应在开课日期和今天之间；撤销结业时不用填写。",
    )
    reason = forms.CharField(
        label="更正原因", max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：学员从候补名单递补、开课后才加入，按实际上课次数已达到要求。更正原因会记入更正记录，培训机构也能看到。",
    )
