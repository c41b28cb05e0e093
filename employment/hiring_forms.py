"""Forms of hiring: the employer's invitation (time, place, format, message), the interview's outcome,
the hire, and the seeker's reply to an invitation. Split from ``employment.forms`` by subject."""

from __future__ import annotations

from django import forms

from .forms import PlainErrorsMixin
from .models import ApplicationStatus, InterviewFormat, Placement
from .widgets import NativeDateInput

INTERVIEW_FORMAT_CHOICES = [(c, label) for c, label in InterviewFormat.choices if c]


def interview_at_field(required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label="面试时间",
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="例如 2026-12-10 14:30。",
    )


SIGN_LANGUAGE_HINT = ("这位求职者的职业评估写明需要手语支持：请选择“需要手语翻译”（由单位安排）或“文字面试”；"
                      "如果单位有会手语的同事，请在{where}里写明。")


def seeker_needs(seeker) -> list[str]:
    """The needs the seeker's current assessment records (none without one)."""
    assessment = seeker.current_assessment
    return assessment.needs if assessment else []


def signs(needs) -> bool:
    """Whether the seeker communicates in sign language (手语支持 among their needs)."""
    return "sign_language" in (needs or ())


def signing_seeker_warning(needs, interview_format: str, name: str) -> str:
    """After an invitation is saved: a warning when the seeker signs and the interview is neither with an
    interpreter nor typed ("" when there is nothing to say). Not a refusal: the employer may have a
    colleague who signs, and says so in the message."""
    if not signs(needs) or interview_format in (InterviewFormat.INTERPRETER, InterviewFormat.TEXT):
        return ""
    return (f"{name}需要手语支持，这次面试方式不是“需要手语翻译”或“文字面试”：请确认有会手语的同事在场，"
            "或改为安排手语翻译。")


PAST_INTERVIEW_TIME = "面试时间已经过去了：请选择今天以后的时间。"


def interview_time_passed(value) -> bool:
    """Whether an interview time is already past (the seeker would be sent a time gone by)."""
    from django.utils import timezone

    return value is not None and value < timezone.now()


class _InterviewNeedsMixin:
    """``needs``: the seeker's stated needs (their current assessment). One who signs is not left to an
    on-site interview nobody can sign at: the format's help says so before the employer chooses."""

    NEEDS_HINT_WHERE = "留言"

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.needs = list(needs or ())
        if signs(needs):
            field = self.fields["interview_format"]
            field.help_text = f"{SIGN_LANGUAGE_HINT.format(where=self.NEEDS_HINT_WHERE)}{field.help_text}"


class InviteForm(_InterviewNeedsMixin, PlainErrorsMixin, forms.Form):
    """邀请面试 — time, place, format and a message in one step (the seeker is told all of it at once)."""

    interview_at = interview_at_field(required=True)
    interview_format = forms.ChoiceField(
        label="面试方式", choices=INTERVIEW_FORMAT_CHOICES, initial="onsite",
        widget=forms.RadioSelect,
        help_text="现场面试：到单位面试；视频面试：用视频通话；需要手语翻译：单位安排手语翻译，适合听障求职者；文字面试：用微信、QQ 等打字交流，适合不用手语的听障求职者。",
    )
    interview_place = forms.CharField(
        label="面试地点", max_length=200,
        help_text="现场面试写清地址、楼层和无障碍入口；视频面试、文字面试写明软件和加入方式。",
    )
    message = forms.CharField(
        label="邀请留言（可不填）",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例如要带的材料、联系人，或可以提供的其他面试安排。",
    )

    def clean_interview_at(self):
        value = self.cleaned_data["interview_at"]
        if interview_time_passed(value):
            raise forms.ValidationError(PAST_INTERVIEW_TIME)
        return value


class InterviewOutcomeForm(_InterviewNeedsMixin, PlainErrorsMixin, forms.Form):
    """面试结果 — also how an employer invites someone who applied: 已邀请面试 then needs what the
    invitation form needs (time, place, format), as the seeker is told them."""

    NEEDS_HINT_WHERE = "“说明”"
    OUTCOMES = [
        (ApplicationStatus.INVITED, "已邀请面试"),
        (ApplicationStatus.INTERVIEWED, "已面试，还在考虑"),
        (ApplicationStatus.REJECTED, "未录用"),
    ]
    status = forms.ChoiceField(label="面试结果", choices=OUTCOMES, widget=forms.RadioSelect)
    interview_at = interview_at_field()
    interview_place = forms.CharField(
        label="面试地点", required=False, max_length=200,
        help_text="写清地址和怎么找到，例如楼层、无障碍入口。改了时间、地点或方式，求职者会收到通知。",
    )
    interview_format = forms.ChoiceField(
        label="面试方式", required=False, choices=[("", "未说明")] + INTERVIEW_FORMAT_CHOICES,
    )
    interview_outcome = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="求职者可以看到这里的说明。"
    )

    INVITED_NEEDS = {
        "interview_at": "选择“已邀请面试”时，请填写面试时间，求职者会收到通知。",
        "interview_place": "选择“已邀请面试”时，请填写面试地点；视频面试、文字面试写明软件和加入方式。",
        "interview_format": "选择“已邀请面试”时，请选择面试方式。",
    }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ApplicationStatus.INVITED:
            for name, message in self.INVITED_NEEDS.items():
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
            # A time set now must be to come (the seeker is sent it); one kept as it was may have passed.
            if "interview_at" in self.changed_data and interview_time_passed(cleaned.get("interview_at")):
                self.add_error("interview_at", PAST_INTERVIEW_TIME)
        return cleaned


class HireForm(PlainErrorsMixin, forms.ModelForm):
    """录用 — recording the hire creates the Placement that pre-fills next year's roster."""

    class Meta:
        model = Placement
        fields = ["contract_start", "contract_end", "monthly_wage", "social_insurance_start", "on_establishment"]
        widgets = {
            "contract_start": NativeDateInput(),
            "contract_end": NativeDateInput(),
            "social_insurance_start": NativeDateInput(),
        }
        help_texts = {
            "monthly_wage": "税前月工资，不低于当地最低工资标准。",
            "on_establishment": "机关、事业单位的编制内人员请勾选。",
        }

    # Asked only when the wage typed is below the local minimum (the view decides, it knows the policy
    # year): a typo of 1000 for 4000 would otherwise be recorded at once, and only staff can correct it.
    WAGE_CONFIRMED = "wage_confirmed"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound and self.add_prefix(self.WAGE_CONFIRMED) in self.data:
            self._wage_confirmation_field()

    def _wage_confirmation_field(self) -> None:
        self.fields[self.WAGE_CONFIRMED] = forms.BooleanField(
            label="我已核对，月工资填写无误", required=False,
            help_text="月工资低于当地最低工资时，确认录用前请核对并勾选。")

    def wage_confirmed(self) -> bool:
        return bool(self.cleaned_data.get(self.WAGE_CONFIRMED))

    def wage_confirmation_ask(self, problem: str) -> None:
        """Refuse this save and ask to confirm the low wage (``problem`` says what is below what)."""
        self._wage_confirmation_field()
        self.add_error("monthly_wage", f"{problem}如果填错了，请改正；如果月工资确实是这个数，"
                                       "请勾选下面的“我已核对，月工资填写无误”，再点确认录用。")

    def placement_fields(self) -> dict:
        """The cleaned fields the placement is made of (without the confirmation tick)."""
        return {name: value for name, value in self.cleaned_data.items() if name != self.WAGE_CONFIRMED}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("contract_start"), cleaned.get("contract_end")
        if start and end and end < start:
            self.add_error("contract_end", "合同结束日期不能早于开始日期。")
        return cleaned

    def _post_clean(self):
        # The placement's seeker and employer are set by the view; model validation runs in the service.
        pass


class InvitationReplyForm(PlainErrorsMixin, forms.Form):
    """答复面试邀请 — accept, ask for another time or format, or decline; with a message to the employer."""

    ANSWERS = [
        ("accept", "接受面试邀请"),
        ("reschedule", "请求更改面试时间或方式"),
        ("decline", "婉拒邀请并撤回申请"),
    ]
    REPLY_OF = {"accept": "accepted", "reschedule": "reschedule", "decline": "declined"}  # → SeekerReply
    answer = forms.ChoiceField(label="我的答复", choices=ANSWERS, widget=forms.RadioSelect)
    requested_format = forms.ChoiceField(
        label="希望的面试方式（可不选）", required=False, choices=[("", "不用改")] + INTERVIEW_FORMAT_CHOICES,
        help_text="请求更改时可选，例如需要手语翻译，或改为视频面试、文字面试。",
    )
    message = forms.CharField(
        label="给单位的留言（可不填）", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="请求更改时，请写上您方便的时间，例如“下周二、周三下午都可以”。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].error_messages["required"] = "请选择答复：接受面试邀请、请求更改面试时间或方式，或婉拒邀请。"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == "reschedule" and not (cleaned.get("message") or cleaned.get("requested_format")):
            self.add_error("message", "请求更改面试时，请在“给单位的留言”里写上您方便的时间，或选择希望的面试方式。")
        return cleaned
