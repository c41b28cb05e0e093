"""Forms of the seeker, employer and staff portals: plain-language labels and help on every field.

Forms validate input only; saving goes through ``employment.services`` (views call the service with
``form.cleaned_data``). Multi-choice vocabularies (needs, limitations, accessibility, demands) render
as grouped checkboxes, each with its own plain-Chinese help, from ``domain.vocab``.

Forms that register a seeker (identity, new account, sign-up codes) are ``employment.signup_forms``;
other subjects have their own modules too (``hiring_forms``, ``notification_forms``, ``account_forms``,
``employer_forms``, ``evidence_forms``). ``PlainErrorsMixin``, ``phone_clean``, ``mobile_clean`` and
``form_add_validation_error`` here are shared by every app's forms and views.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core import validators

from domain import phone, vocab

from . import sms
from .models import Employer, JobPost, JobSeeker, Town

# Plain-language help for the accessibility a job offers / the demands a job makes (employer side).
JOB_ACCESSIBILITY_HELP: dict[str, str] = {
    "step_free": "门口和工作区域没有台阶，或有电梯、坡道，轮椅可以通过。",
    "accessible_toilet": "有扶手、空间够大的无障碍卫生间。",
    "sign_language": "有同事会手语，或可以安排手语翻译。",
    "screen_reader": "电脑装有读屏或放大软件，工作系统可以用键盘操作。",
    "flexible_hours": "上下班时间可以调整，例如去医院、做康复。",
    "job_coach": "有人（就业辅导员或师傅）带新员工熟悉工作。",
    "quiet_env": "工作环境安静，不吵闹。",
    "transport": "单位提供班车或交通补贴。",
    "dorm": "单位提供住宿。",
}
JOB_DEMANDS_HELP: dict[str, str] = {
    "stand_long": "工作中需要连续站立很长时间（例如超过 2 小时）。",
    "walk_much": "需要长时间或长距离走动。",
    "lift_heavy": "需要搬运较重的物品（例如超过 10 公斤）。",
    "climb": "需要爬梯子或登高作业。",
    "fine_motor": "需要精细的手部动作，例如穿针、焊接、小零件组装。",
    "drive": "需要驾驶车辆。",
    "read_print": "不借助读屏等辅助工具，必须阅读纸上或屏幕上的文字。",
    "phone": "需要打电话或接电话。",
    "verbal": "需要大量说话与人沟通。",
    "hearing_signals": "需要听到警报声、呼叫声或分辨音调。",
    "complex_decisions": "需要做复杂的判断，或同时处理很多事情。",
    "night_shift": "需要上夜班。",
    "high_pressure": "压力很大、节奏很快。",
}


def phone_clean(value: str) -> str:
    """A telephone field (a mainland mobile, or a landline with its area code): "" when left empty,
    else the number written one way; the error says what to type (the error summary names the field)."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return phone.normalize_phone(value)
    except phone.PhoneError as exc:
        raise forms.ValidationError(str(exc)) from exc


def mobile_clean(value: str) -> str:
    """A mobile-number field (texts go to it): "" when left empty; the error says what to type."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return sms.normalize_mobile(value)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from exc


class PlainErrorsMixin:
    """Errors in plain words that name the field and say what to type, instead of Django's defaults
    (必需字段, 确保该值大于或等于0。, 输入整数。, 确认小数不超过 1 位.): see ``plain_errors``. A
    message the form sets itself (``error_messages``) is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            plain_errors(field)


# A select's empty option that Django writes for a required choice (a screen reader reads the dashes).
DJANGO_EMPTY_LABEL = "---------"
CHOOSE = "请选择"
_CHINESE_DIGITS = {1: "一", 2: "两", 3: "三", 4: "四"}


def _default_messages(field) -> dict:
    messages: dict = {}
    for cls in reversed(type(field).__mro__):
        messages.update(getattr(cls, "default_error_messages", {}))
    return messages


def _limits(field) -> tuple:
    """The tightest lower and upper bounds of a number field (its own, and its model field's validators)."""
    low = high = None
    for validator in field.validators:
        limit = getattr(validator, "limit_value", None)
        if limit is None or callable(limit):
            continue
        if isinstance(validator, validators.MinValueValidator):
            low = limit if low is None else max(low, limit)
        elif isinstance(validator, validators.MaxValueValidator):
            high = limit if high is None else min(high, limit)
    return low, high


def _number(value) -> str:
    return f"{value:,}" if abs(value) >= 10_000 else f"{value}"


# Above this an upper bound is a guard against typos (an extra zero), not something to tell in advance.
_TOLD_MAXIMUM = 1000


def _number_messages(field, label: str) -> dict[str, str]:
    # DecimalField and FloatField are IntegerField subclasses: a whole number is an IntegerField proper.
    whole = type(field) is forms.IntegerField or getattr(field, "decimal_places", None) == 0
    kind = "整数" if whole else "数字"
    low, high = _limits(field)
    told_high = high if high is not None and high < _TOLD_MAXIMUM else None
    if low is not None and told_high is not None:
        wanted = f" {_number(low)} 到 {_number(told_high)} 之间的{kind}"
    elif low == 0:
        wanted = " 0 或正整数" if whole else " 0 或更大的数字"
    elif low is not None:
        wanted = f"不小于 {_number(low)} 的{kind}"
    elif told_high is not None:
        wanted = f"不大于 {_number(told_high)} 的{kind}"
    else:
        wanted = kind
    asked = f"{label}请填写{wanted}。"
    too_big = f"{label}填的数太大了，请检查是否多输了数字。"
    out = {"invalid": asked, "min_value": asked, "max_value": asked if told_high is not None else too_big,
           "max_digits": too_big, "max_whole_digits": too_big}
    places = getattr(field, "decimal_places", None)
    if places is not None:
        out["max_decimal_places"] = (asked if places == 0 else
                                     f"{label}最多保留{_CHINESE_DIGITS.get(places, places)}位小数。")
    return out


def plain_errors(field) -> None:
    """Give one form field plain messages where it still has Django's: required (“请填写岗位名称。”,
    “请选择用工形式。”), a number's form and range (“3月在职职工人数请填写 0 或正整数。”, “每天工作小时数
    最多保留一位小数。”), a date, a choice, too much text; and a select's empty option “请选择”, not
    “---------”. The label is cut before its first （, so “月工资（元）” is named “月工资”."""
    label = str(field.label or "").split("（")[0]
    # Messages with parameters are %-formatted by ValidationError: a % in a label must be doubled.
    named = label.replace("%", "%%")
    if isinstance(field, forms.BooleanField):
        verb = "请勾选"
    elif isinstance(field, (forms.ChoiceField, forms.ModelChoiceField, forms.FileField)):
        verb = "请选择"
    else:
        verb = "请填写"
    messages = {"required": f"{verb}{label}。"}
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        messages |= _number_messages(field, named)
    elif isinstance(field, forms.DateField):
        messages["invalid"] = f"{label}请填写日期，例如 2025-03-01。"
    elif isinstance(field, forms.DateTimeField):
        messages["invalid"] = f"{label}请填写日期和时间，例如 2025-03-01 14:30。"
    elif isinstance(field, forms.TimeField):
        messages["invalid"] = f"{label}请填写时间，例如 14:30。"
    if isinstance(field, forms.EmailField):
        messages["invalid"] = f"{label}的格式不对，请填写完整的电子邮箱地址，例如 name@example.com。"
    if isinstance(field, forms.CharField):
        messages["max_length"] = f"{named}最多 %(limit_value)d 个字（现在 %(show_value)d 个），请删减。"
        messages["min_length"] = f"{named}至少要写 %(limit_value)d 个字（现在 %(show_value)d 个）。"
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        messages["invalid_choice"] = f"所选的{named}不在可选范围内，请重新选择。"
    defaults = _default_messages(field)
    for code, message in messages.items():
        own = code in field.error_messages and field.error_messages[code] != defaults.get(code)
        if not own:
            field.error_messages[code] = message
    if isinstance(field, forms.ModelChoiceField) and field.empty_label == DJANGO_EMPTY_LABEL:
        field.empty_label = CHOOSE
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = list(field.choices)
        if choices and choices[0] == ("", DJANGO_EMPTY_LABEL):
            field.choices = [("", CHOOSE), *choices[1:]]


class NewPasswordErrorsMixin:
    """For Django's ``SetPasswordForm`` and its subclasses: a password the validators refuse (too short,
    too like the username) is reported on the field where it was chosen (``new_password1``), not on the
    confirmation as Django does. A mismatch stays on the confirmation."""

    CHOSEN_FIELD = "new_password1"

    def validate_password_for_user(self, user, password_field_name=CHOSEN_FIELD, **kwargs):
        super().validate_password_for_user(user, password_field_name=self.CHOSEN_FIELD, **kwargs)


class HelpCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes where every option carries its own plain-language help, linked by aria-describedby."""

    template_name = "employment/widgets/help_checkbox.html"

    def __init__(self, *args, help_texts: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_texts = help_texts or {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                option["help"] = self.help_texts.get(option["value"], "")
        return context


def vocab_field(label: str, choices: dict[str, str], help_texts: dict[str, str], help_text: str = ""):
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        choices=vocab.choices(choices),
        widget=HelpCheckboxSelectMultiple(help_texts=help_texts),
        help_text=help_text,
    )


class AssessmentForm(PlainErrorsMixin, forms.Form):
    """职业评估 — grouped: what I can do, what I want, what support I need, what I cannot do."""

    education = forms.ChoiceField(
        label="文化程度", required=False, choices=[("", "请选择")] + vocab.choices(vocab.EDUCATION)
    )
    skills = forms.CharField(
        label="我会做的事（技能）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：打字、电脑操作、编织、推拿、做面包。",
    )
    experience = forms.CharField(
        label="我做过的工作",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="以前在哪里做过什么工作，没有可以不填。",
    )
    desired_jobs = forms.CharField(
        label="我想做的工作",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="可以写几个，用顿号或分号隔开，例如：客服、数据标注。",
    )
    max_hours_per_day = forms.DecimalField(
        label="每天最多能工作几个小时",
        required=False,
        min_value=Decimal("1"),
        max_value=Decimal("12"),
        decimal_places=1,
        help_text="填 1 到 12 之间的数字。不确定可以不填。",
    )
    needs = vocab_field(
        "我需要的支持", vocab.ACCESSIBILITY, vocab.ACCESSIBILITY_HELP, "勾选您上班时必须有的支持。没有就不用勾。"
    )
    limitations = vocab_field(
        "我不能做的事", vocab.DEMANDS, vocab.DEMANDS_HELP, "勾选您做不了或不适合做的事。我们不会推荐需要这些的岗位。"
    )
    notes = forms.CharField(label="其他想说明的", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    groups = [
        ("我会做什么", ["education", "skills", "experience"]),
        ("我想做什么", ["desired_jobs", "max_hours_per_day"]),
        ("我需要的支持", ["needs"]),
        ("我不能做的事", ["limitations"]),
        ("补充说明", ["notes"]),
    ]

    @classmethod
    def initial_from(cls, assessment) -> dict:
        if assessment is None:
            return {}
        return {name: getattr(assessment, name) for name in cls.base_fields}

    def grouped(self):
        return [(title, [self[name] for name in names]) for title, names in self.groups]


class SeekerSettingsForm(PlainErrorsMixin, forms.ModelForm):
    """A seeker's own contact data and privacy choices."""

    class Meta:
        model = JobSeeker
        fields = ["name", "phone", "email", "visible_to_employers", "personalised_matching"]
        help_texts = {
            "name": "姓名写错了可以在这里改。身份证号、残疾人证号如有错误，请联系镇街残联。",
            "phone": "11 位手机号码，或带区号的固定电话，例如 0574-87654321。",
        }

    def clean_phone(self):
        return phone_clean(self.cleaned_data["phone"])


class JobFilterForm(PlainErrorsMixin, forms.Form):
    """Filters of the matched and plain job lists; every field is optional."""

    town = forms.ModelChoiceField(
        label="镇街", queryset=Town.objects.all(), required=False, empty_label="全部镇街",
        help_text="选了镇街时，其他镇街可远程/居家办公的岗位也会列出；只想看这个镇街的岗位，请勾选下一项。",
    )
    town_only = forms.BooleanField(label="只看所选镇街的岗位（不含其他镇街的远程岗位）", required=False)
    remote = forms.BooleanField(label="只看可远程/居家办公的岗位", required=False)
    max_hours = forms.DecimalField(
        label="每天最多工作几小时", required=False, min_value=1, max_value=12, decimal_places=1,
        help_text="填 1 到 12 之间的数，例如 4 或 6.5；不填表示不限。",
        error_messages={"min_value": "每天最多工作几小时请填 1 到 12 之间的数，例如 4 或 6.5。",
                        "max_value": "每天最多工作几小时请填 1 到 12 之间的数，例如 4 或 6.5。",
                        "invalid": "每天最多工作几小时请填数字，例如 4 或 6.5。",
                        "max_decimal_places": "每天最多工作几小时最多保留一位小数，例如 6.5。"},
    )
    min_pay = forms.DecimalField(
        label="月薪至少（元）", required=False, min_value=0, max_digits=9, decimal_places=0,
        help_text="按岗位月薪的下限比较：例如填 3000，月薪 2500–4000 元的岗位不会列出；面议的岗位也不会列出。",
        error_messages={"min_value": "月薪至少请填 0 或更大的整数（元），例如 3000。",
                        "invalid": "月薪至少请填整数（元），例如 3000。",
                        "max_digits": "月薪至少填的数太大了，请填实际的月薪，例如 3000。",
                        "max_decimal_places": "月薪至少请填整数（元），例如 3000。",
                        "max_whole_digits": "月薪至少填的数太大了，请填实际的月薪，例如 3000。"},
    )

    # Shown only to a seeker who turned personalised matching off and has recorded an assessment
    # (``fit_filter=True``): their recorded needs and limitations then filter the list only when ticked.
    fit_only = forms.BooleanField(
        label="只看适合我的无障碍条件的岗位", required=False,
        help_text="勾选后，按您在职业评估中记录的无障碍需要和不能做的事，排除不适合的岗位（例如需要接打电话的岗位）。"
                  "不勾选时，列表不使用您的任何资料。",
    )

    def __init__(self, *args, fit_filter: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not fit_filter:
            del self.fields["fit_only"]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "fit_only": bool(data.get("fit_only")),
            "town": data.get("town"),
            "town_only": bool(data.get("town_only")),
            "remote": bool(data.get("remote")),
            "max_hours": data.get("max_hours"),
            "min_pay": data.get("min_pay"),
        }


class ApplyForm(PlainErrorsMixin, forms.Form):
    message = forms.CharField(
        label="想对用人单位说的话（可不填）",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：什么时候方便面试，需要什么面试安排（手语翻译、无障碍通道等）。",
    )


class EmployerProfileForm(PlainErrorsMixin, forms.ModelForm):
    class Meta:
        model = Employer
        fields = ["name", "address", "contact_name", "contact_phone", "contact_email", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "description": "介绍单位做什么、工作环境怎样，求职者会在岗位页面看到。",
            "contact_phone": "11 位手机号码，或带区号的固定电话，例如 0574-87654321。",
        }

    def clean_contact_phone(self):
        return phone_clean(self.cleaned_data["contact_phone"])


class JobPostForm(PlainErrorsMixin, forms.ModelForm):
    """A job post with the structured accessibility it offers and the demands it makes."""

    accessibility = vocab_field(
        "本岗位提供的无障碍支持",
        vocab.ACCESSIBILITY,
        JOB_ACCESSIBILITY_HELP,
        "请如实勾选。求职者需要而岗位没有的支持，系统不会推荐这个岗位给他。",
    )
    demands = vocab_field(
        "岗位必须做到的事",
        vocab.DEMANDS,
        JOB_DEMANDS_HELP,
        "只勾选做这份工作必不可少的要求。勾得越多，能匹配的求职者越少。",
    )

    class Meta:
        model = JobPost
        fields = [
            "title",
            "description",
            "requirements",
            "town",
            "hours_per_day",
            "remote",
            "salary_min",
            "salary_max",
            "openings",
            "accessibility",
            "demands",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "requirements": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": "用简单的词，例如：网店文字客服。",
            "description": "每天具体做什么，用短句写清楚。",
            "requirements": "学历、技能等要求，没有可以不填。",
            "hours_per_day": "1 到 12 之间，可以有半小时，例如 6.5。",
            "remote": "在家用电脑就能做的工作请勾选。",
            "salary_min": "不填表示面议。",
        }

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "月薪上限不能低于月薪下限。")
        return cleaned


def form_add_validation_error(form, exc: forms.ValidationError) -> None:
    """Attach a service's ValidationError to a form: field errors to their fields, the rest on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)
