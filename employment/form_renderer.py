"""The project's form renderer (settings.FORM_RENDERER): Django's own, with one accessibility fix.

Chromium exposes a required select, radio button, checkbox, file or date input that is still empty
as invalid as soon as the page loads, so a screen reader says 无效 before the user has touched it
(text fields are spared). A field without errors therefore says aria-invalid="false" outright;
a field with errors keeps Django's aria-invalid="true". It applies to every form the renderer
draws, the portal's and the Wagtail admin's.
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates


class BoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if attrs.get("required") and "aria-invalid" not in attrs:
            attrs["aria-invalid"] = "false"
        return attrs


class FormRenderer(DjangoTemplates):
    bound_field_class = BoundField
