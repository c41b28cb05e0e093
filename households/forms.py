"""Forms of the family register pages. They check input only; ``services`` validates the family as a
whole and saves (views call it with ``form.cleaned_data`` and attach its errors to the fields)."""

from __future__ import annotations

from django import forms

from employment.forms import PlainErrorsMixin
from employment.widgets import NativeDateInput

from .importer import CODE_MAX
from .models import Household


class HouseholdForm(PlainErrorsMixin, forms.ModelForm):
    """Create or edit a family. The town choices are limited by the view to the towns the user keeps."""

    class Meta:
        model = Household
        fields = [
            "code", "town", "identified_on", "other_employed_from", "other_employed_until", "exited_on",
            "exit_reason", "notes",
        ]
        widgets = {
            "identified_on": NativeDateInput(),
            "other_employed_from": NativeDateInput(),
            "other_employed_until": NativeDateInput(),
            "exited_on": NativeDateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"identified_on": "认定日期"}
        help_texts = {
            "identified_on": "认定为零就业残疾人家庭的日期。不是零就业残疾人家庭的留空。",
            "exit_reason": "填写退出台账日期时必填，例如：迁出本区。",
        }

    def __init__(self, *args, towns=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].max_length = CODE_MAX
        self.fields["town"].empty_label = "请选择"
        if towns is not None:
            self.fields["town"].queryset = towns

    def _post_clean(self):
        # The family is validated as a whole (dates, unique code, the user's towns) by the service,
        # which reports in Chinese; Django's model checks would repeat it in English.
        pass


class MemberAddForm(PlainErrorsMixin, forms.Form):
    cert_no = forms.CharField(
        label="残疾人证号",
        max_length=40,
        help_text="要添加的家庭成员的残疾人证号（20位）。此人须已在本平台登记，且属于本户所在镇街。",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class HouseholdImportForm(PlainErrorsMixin, forms.Form):
    file = forms.FileField(
        label="家庭台账文件（.xlsx 或 .csv）",
        help_text="已有的户编号按文件内容更新；有任何错误时整个文件都不会导入。",
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "请选择要上传的家庭台账文件。"},
    )
