"""Forms for joining an incubation programme: the visitor's and the seeker's application, and the
staff answer (项目报名)."""

from __future__ import annotations

from django import forms

from domain.phone import WHAT_TO_TYPE, PhoneError, normalize_phone
from employment import access
from employment.forms import PlainErrorsMixin
from employment.models import Role

from .programme_services import MESSAGE_MAX

MESSAGE_HELP = f"可不填，最多 {MESSAGE_MAX} 个字：例如想学什么、什么时间方便、需要什么便利（手语翻译、上门辅导等）"


def _message_field() -> forms.CharField:
    return forms.CharField(label="留言（可不填）", required=False, max_length=MESSAGE_MAX, help_text=MESSAGE_HELP,
                           widget=forms.Textarea(attrs={"rows": 3}))


class SeekerApplicationForm(PlainErrorsMixin, forms.Form):
    message = _message_field()


class VisitorApplicationForm(PlainErrorsMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=40, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label="联系电话", max_length=30, help_text=WHAT_TO_TYPE + "。工作人员会打这个电话告诉您结果",
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    message = _message_field()

    def clean_phone(self):
        try:
            return normalize_phone(self.cleaned_data["phone"])
        except PhoneError as exc:
            raise forms.ValidationError(str(exc)) from exc


def application_form_for(user) -> forms.Form | None:
    """The empty application form a programme or studio page shows: the seeker's, the visitor's, or none
    (other accounts cannot apply). The same forms as on the separate application page."""
    if access.role_of(user) == Role.SEEKER:
        return SeekerApplicationForm()
    return None if user.is_authenticated else VisitorApplicationForm()


ANSWER_WHAT_TO_WRITE = "接受的，写明何时何地报到、带什么；不接受的，写明原因和可以参加的其他项目"


class AnswerForm(PlainErrorsMixin, forms.Form):
    decision = forms.ChoiceField(label="处理结果", choices=[("accept", "接受报名"), ("decline", "不接受（未通过）")],
                                 widget=forms.RadioSelect)
    answer = forms.CharField(
        label="给报名人的答复", max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="报名人会在通知中看到这段话：" + ANSWER_WHAT_TO_WRITE,
    )

    def __init__(self, *args, visitor: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if visitor:  # no account, so no notification: staff read the answer out on the phone
            self.fields["answer"].help_text = "报名人没有账号，收不到通知：打电话时照这段话告诉对方。" + ANSWER_WHAT_TO_WRITE
