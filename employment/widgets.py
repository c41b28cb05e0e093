"""Form widgets every app shares."""

from __future__ import annotations

from django import forms


class NativeDateInput(forms.DateInput):
    """The browser's own date input (keyboard- and screen-reader-usable, unlike the admin's JS picker),
    given its value as 2026-03-05: the only form it reads. Django's default for zh-hans would write
    2026/03/05, which the input shows as empty — and a saved date is then lost at the next save."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
