"""The notification settings form (通知设置: which channels for which event, and a mobile for texts).
Split from ``employment.forms`` by subject."""

from __future__ import annotations

from django import forms

from .forms import PlainErrorsMixin, mobile_clean


class NotificationSettingsForm(PlainErrorsMixin, forms.Form):
    """通知设置 — per event the outside channels (in-app is always kept), and the mobile number for texts."""

    sms_mobile = forms.CharField(
        label="接收短信的手机号码", required=False, max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text="不填时，短信发到您登记资料里的手机号码（如果有）。",
    )

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        from .notify import OUTSIDE_CHANNELS

        self.events = list(events)
        labels = {"email": "电子邮件", "sms": "短信"}
        for event in self.events:
            self.fields[self.field_name(event.code)] = forms.MultipleChoiceField(
                label=event.label, required=False, widget=forms.CheckboxSelectMultiple,
                choices=[(c, labels[c]) for c in OUTSIDE_CHANNELS],
                help_text=f"{event.description}站内通知总会保留。",
            )

    @staticmethod
    def field_name(code: str) -> str:
        return "event_" + code.replace(".", "_")

    def clean_sms_mobile(self):
        return mobile_clean(self.cleaned_data["sms_mobile"])

    def channels(self) -> dict[str, list[str]]:
        return {event.code: list(self.cleaned_data.get(self.field_name(event.code)) or []) for event in self.events}
