"""Forms of the dashboard: the population extract upload (district staff)."""

from __future__ import annotations

from django import forms

from employment.forms import PlainErrorsMixin
from quota.years import working_year

from .selectors import year_choices


class PopulationUploadForm(PlainErrorsMixin, forms.Form):
    year = forms.TypedChoiceField(
        label="年度", coerce=int, help_text="这份数据是哪一年年末的人数。同一年度再次导入会整体替换原来的数据。",
        error_messages={"required": "请选择年度。", "invalid_choice": "请从列表中选择年度。"},
    )
    file = forms.FileField(
        label="人口库导出文件（.xlsx 或 .csv）",
        help_text="每个镇街一行；有任何错误时整个文件都不会导入。",
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "请选择要上传的文件。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in year_choices()]
        self.fields["year"].initial = working_year()
