"""The district's form to take a town step or reassign it (``review.views.town_step_handover``)."""

from __future__ import annotations

from django import forms

from employment.forms import PlainErrorsMixin

from .services import TOWN_STEP_REASONS


class TownStepForm(PlainErrorsMixin, forms.Form):
    reason = forms.ChoiceField(label="原因", choices=list(TOWN_STEP_REASONS.items()), widget=forms.RadioSelect,
                               error_messages={"required": "请选择原因。"})
    detail = forms.CharField(label="说明（选择“其他原因”时必填）", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text="例如：审核人员休产假到 3 月底。这段说明会记入审核记录，单位也能看到。")
    assignee = forms.ModelChoiceField(label="由谁办理镇街初审", queryset=None, required=False,
                                      empty_label="我自己代为初审",
                                      help_text="可以改派给区残联的其他审核人员。办理了镇街初审的人不能再做终审。")

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
        self.fields["assignee"].label_from_instance = lambda user: (
            f"{user.account.display_name or '区残联工作人员'}（区残联）")
