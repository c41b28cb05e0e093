"""Forms of the employer portal: the annual declaration (start, monthly headcounts and wage bill, one
roster person, roster upload, a supporting document, submit/response) and the filters of a job's candidates. Roster
validation is the upload's own row validator, so a person typed in a form and a row in a spreadsheet
are checked by the same rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from employment.evidence_forms import EvidenceUploadForm
from employment.forms import PlainErrorsMixin, plain_errors
from employment.table_import import format_months
from employment.widgets import NativeDateInput
from matching.selectors import CANDIDATE_SORTS, CONTACTED_CHOICES, CandidateSearch
from quota.models import DeclarationEvidenceKind
from quota.roster_import import CERT_KINDS, DISPATCH, FEMALE_POSTS, FORMS, RosterRow, parse_row
from quota.years import year_default

MONTH_FIELDS = [f"m{i}" for i in range(1, 13)]


class StartForm(PlainErrorsMixin, forms.Form):
    year = forms.TypedChoiceField(label="就业年度", coerce=int, help_text="申报哪一年的安排残疾人就业情况。")

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年度") for y in years]
        self.fields["year"].initial = year_default(years)


class BasicsForm(PlainErrorsMixin, forms.Form):
    wage_bill = forms.DecimalField(
        label="在职职工工资总额（元）", min_value=Decimal("0"), max_digits=16, decimal_places=2,
        help_text="该就业年度全年在职职工工资总额。",
    )
    levy_already_paid = forms.DecimalField(
        label="本年度已缴纳保障金（元）", min_value=Decimal("0"), max_digits=14, decimal_places=2, required=False,
        help_text="没有缴纳过请留空。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        others = {name: self.fields.pop(name) for name in ("wage_bill", "levy_already_paid")}
        for i, name in enumerate(MONTH_FIELDS, start=1):
            self.fields[name] = field = forms.IntegerField(label=f"{i}月在职职工人数", min_value=0, max_value=10_000_000)
            plain_errors(field)  # 「3月在职职工人数请填写 0 或正整数。」
        self.fields.update(others)  # the page's order (months first), which the error summary follows

    def month_fields(self):
        return [self[name] for name in MONTH_FIELDS]

    def other_fields(self):
        return [self["wage_bill"], self["levy_already_paid"]]

    @classmethod
    def initial_for(cls, declaration) -> dict:
        initial = {"wage_bill": declaration.wage_bill, "levy_already_paid": declaration.levy_already_paid or None}
        for name, value in zip(MONTH_FIELDS, declaration.monthly_headcounts or [], strict=False):
            initial[name] = value
        return initial

    def headcounts(self) -> list[int]:
        return [self.cleaned_data[name] for name in MONTH_FIELDS]


def _choices(mapping: dict[str, str], blank_label: str | None = None) -> list[tuple[str, str]]:
    out = []
    for label in mapping:
        if label == "" or label in ("无", "否"):
            continue
        out.append((label, label))
    if blank_label is not None:
        out.insert(0, ("", blank_label))
    return out


class RosterEntryForm(PlainErrorsMixin, forms.Form):
    """One person on the roster; field names are the upload's Chinese column headers' keys."""

    # key → upload header
    HEADER_OF = {
        "name": "姓名", "cert_kind": "证件类型", "cert_no": "证件号码", "grade": "残疾等级",
        "employment_form": "用工形式", "contract_start": "合同开始日期", "contract_end": "合同结束日期",
        "monthly_wage": "月工资（元）", "months_employed": "在岗月份", "months_insured": "社保足额缴纳月份",
        "dispatch_role": "劳务派遣", "dispatch_party": "派遣另一方单位", "counted_here": "计入本单位",
        "female_post": "女职工岗位类别",
    }

    name = forms.CharField(label="姓名", max_length=40)
    cert_kind = forms.ChoiceField(label="证件类型", choices=_choices(CERT_KINDS))
    cert_no = forms.CharField(label="证件号码", max_length=40, help_text="第二代残疾人证号为20位；残疾军人证号可按证件上的写法填，如 军残字第000123号。")
    grade = forms.CharField(label="残疾等级", required=False, max_length=3, help_text="残疾军人证必填（1-10，9-10级不计入）；残疾人证按证号识别。")
    # No preselected choice: a company that left a default would declare civil-service staff (在编).
    employment_form = forms.ChoiceField(label="用工形式", choices=_choices(FORMS, "请选择"))
    # Text fields (the row validator parses them, as in an upload) shown as the browser's date input.
    contract_start = forms.CharField(
        label="合同开始日期", required=False, widget=NativeDateInput(),
        help_text="劳动合同或服务协议必填，例如 2025-01-01；在编人员可留空。",
    )
    contract_end = forms.CharField(label="合同结束日期", required=False, widget=NativeDateInput(),
                                   help_text="无固定期限合同留空。")
    monthly_wage = forms.CharField(label="月工资（元）", max_length=20)
    months_employed = forms.CharField(label="在岗月份", initial="1-12", help_text="例如 1-12 或 10,11,12。")
    months_insured = forms.CharField(label="社保足额缴纳月份", initial="1-12", help_text="例如 1-12。")
    dispatch_role = forms.ChoiceField(label="劳务派遣", required=False, choices=_choices(DISPATCH, "否（非劳务派遣）"))
    dispatch_party = forms.CharField(label="派遣另一方单位", required=False, max_length=100)
    counted_here = forms.ChoiceField(
        label="计入本单位", choices=[("是", "是"), ("否", "否")], initial="是",
        help_text="劳务派遣人员只能在派遣单位或用工单位一方计算，不能两边都算。",
    )
    female_post = forms.ChoiceField(
        label="女职工岗位类别", required=False,
        choices=[("", "男职工或未填写（女职工按干部计算）"), ("干部", "干部（原法定退休年龄55周岁）"),
                 ("工人", "工人（原法定退休年龄50周岁）")],
        help_text="决定女职工的法定退休年龄；超出劳动年龄的月份不计入安排人数。",
    )

    def clean(self):
        data = super().clean()
        values = {self.HEADER_OF[k]: (data.get(k) or "") for k in self.HEADER_OF}
        row, errors = parse_row(values, 0)
        key_of = {v: k for k, v in self.HEADER_OF.items()}
        for error in errors:
            key = key_of.get(error.column)
            if key in self.errors:
                continue  # already refused by the field itself (e.g. 请填写证件号码。): said once
            self.add_error(key, error.reason)
        self.row: RosterRow | None = row
        return data

    @classmethod
    def initial_for(cls, entry, cert_no: str) -> dict:
        label = {v: k for k, v in CERT_KINDS.items() if k}
        form_label = {v: k for k, v in FORMS.items()}
        dispatch_label = {"agency": "派出", "host": "派入", "": ""}
        return {
            "name": entry.name, "cert_kind": label.get(entry.cert_kind, "残疾人证"), "cert_no": cert_no,
            "grade": str(entry.grade) if entry.cert_kind == "veteran" else "",
            "employment_form": form_label.get(entry.employment_form),
            "contract_start": entry.contract_start.isoformat() if entry.contract_start else "",
            "contract_end": entry.contract_end.isoformat() if entry.contract_end else "",
            "monthly_wage": str(entry.monthly_wage), "months_employed": format_months(entry.months_employed),
            "months_insured": format_months(entry.months_insured),
            "dispatch_role": dispatch_label.get(entry.dispatch_role, ""), "dispatch_party": entry.dispatch_party,
            "counted_here": "是" if entry.counted_here else "否",
            "female_post": {v: k for k, v in FEMALE_POSTS.items() if k in ("", "干部", "工人")}.get(entry.female_post, ""),
        }


class RosterUploadForm(PlainErrorsMixin, forms.Form):
    file = forms.FileField(
        label="名册文件（.xlsx 或 .csv）", help_text="上传后将替换当前名册；有任何错误时整个文件都不会导入。",
        error_messages={"required": "请选择要上传的名册文件（.xlsx 或 .csv）。", "empty": "所选的名册文件是空的，请检查后重新选择。"},
    )

    def __init__(self, *args, existing: int = 0, **kwargs):
        """``existing``: people already on the roster; uploading over them must be confirmed."""
        super().__init__(*args, **kwargs)
        self.existing = existing
        if existing:
            self.fields["replace_confirm"] = forms.BooleanField(
                label=f"我确认用上传的文件替换当前名册中的 {existing} 人",
                help_text="当前名册（包括逐个添加和从上年带入的人员）会被整个替换，不会合并。",
                error_messages={"required": f"当前名册已有 {existing} 人，请勾选确认替换后再上传。"},
            )


class SubmitForm(PlainErrorsMixin, forms.Form):
    response = forms.CharField(
        label="情况说明（可选）", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=2000,
        help_text="被退回修改时，请在这里说明修改了什么。",
    )


class CandidateFilterForm(PlainErrorsMixin, forms.Form):
    """候选人筛选 — filters and the order of a job's candidates; every field is optional (GET)."""

    town = forms.ModelChoiceField(label="所属镇街", queryset=None, required=False, empty_label="全部镇街")
    min_hours = forms.DecimalField(
        label="每天能工作至少几小时", required=False, min_value=1, max_value=12, decimal_places=1,
        help_text="只看职业评估里写明每天能工作这么久的求职者；不填表示不限。",
    )
    contacted = forms.ChoiceField(
        label="是否联系过", required=False, choices=[("", "全部")] + list(CONTACTED_CHOICES.items()),
    )
    sort = forms.ChoiceField(label="排序", required=False, choices=list(CANDIDATE_SORTS.items()))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from employment.models import Town

        self.fields["town"].queryset = Town.objects.all()

    def search(self) -> CandidateSearch:
        data = self.cleaned_data if self.is_valid() else {}
        town = data.get("town")
        return CandidateSearch(
            town_id=town.pk if town is not None else None,
            min_hours=data.get("min_hours"),
            contacted=data.get("contacted") or "",
            sort=data.get("sort") or "match",
        )


class DeclarationEvidenceForm(EvidenceUploadForm):
    """One supporting document of a declaration or of one roster row (申报证明材料), one file per upload."""

    KINDS = DeclarationEvidenceKind.choices
    NOTE_EXAMPLE = "2025年1-6月"
    field_order = ["entry", "kind", "note", "file"]

    entry = forms.TypedChoiceField(
        label="材料属于", coerce=int, empty_value=None, required=False,
        help_text="选择名册中的人员（如残疾证、劳动合同），或“整份申报”（如全单位的社保缴费记录）。",
        error_messages={"invalid_choice": "所选人员不在名册中，请刷新页面后重新选择。"},
    )

    def __init__(self, *args, entries: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "整份申报（不属于某一个人）")] + [
            (entry.pk, f"第{number}行 {entry.name}（{entry.cert_masked}）") for number, entry in enumerate(entries, start=1)
        ]
