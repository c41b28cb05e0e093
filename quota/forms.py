"""Forms of the reviewers' declaration pages: the review decision, a person's months adjusted, a duplicate
claim resolved (months typed as "1-6,9"). Employers' declaration forms are in ``employer_portal.forms``."""

from __future__ import annotations

from django import forms

from employment.forms import PlainErrorsMixin
from employment.table_import import parse_months


class ReviewForm(PlainErrorsMixin, forms.Form):
    comment = forms.CharField(
        label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text="退回修改时必填，单位会看到这段意见。",
    )


class MonthsField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return []
        try:
            return parse_months(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class AdjustForm(PlainErrorsMixin, forms.Form):
    months = MonthsField(label="审核认定计入月份", required=False, help_text="例如 1-6；留空表示本单位不计入。")
    reason = forms.CharField(label="调整原因", max_length=300)


class ConflictForm(PlainErrorsMixin, forms.Form):
    months_a = MonthsField(label="计入第一家单位的月份", required=False)
    months_b = MonthsField(label="计入第二家单位的月份", required=False)
    decision = forms.CharField(label="处理意见", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class LateAcceptForm(PlainErrorsMixin, forms.Form):
    note = forms.CharField(
        label="受理补报意见", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="写明逾期原因和同意受理的依据，会记入这份申报的修改记录。",
        error_messages={"required": "请填写受理补报意见：写明逾期原因和同意受理的依据。"},
    )


class LetterArchiveForm(PlainErrorsMixin, forms.Form):
    """认定书打包: the year, and for the district the town (empty: every town). A town reviewer's zip is
    always of their own town (the view does not offer the field)."""

    year = forms.TypedChoiceField(label="就业年度", coerce=int)
    town = forms.ModelChoiceField(label="镇街", queryset=None, required=False, empty_label="全区（所有镇街）")

    def __init__(self, *args, years: list[int], towns=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年度") for y in years]
        if towns is None:
            del self.fields["town"]
        else:
            self.fields["town"].queryset = towns
