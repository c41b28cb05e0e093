"""The project's form renderer: a required field says aria-invalid="false" until it has an error
(Chromium otherwise announces an empty required select, radio, checkbox, file or date input as
invalid on arrival); a field with an error keeps Django's "true"; an optional field says nothing."""

from __future__ import annotations

import re

from django import forms

from subsidies.forms import StartupForm


class _Form(forms.Form):
    kind = forms.ChoiceField(choices=[("", "请选择"), ("a", "甲")])
    pick = forms.ChoiceField(choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect)
    agree = forms.BooleanField()
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False)


def test_required_fields_are_not_invalid_before_a_submission():
    form = _Form()
    for name in ("kind", "pick", "agree", "day"):
        html = str(form[name])
        assert 'aria-invalid="false"' in html, name
        assert 'aria-invalid="true"' not in html, name
    assert "aria-invalid" not in str(form["note"])


def test_a_field_with_an_error_is_invalid_and_the_others_are_not():
    form = _Form(data={"pick": "a", "agree": "on", "day": "2026-12-05"})
    assert not form.is_valid()
    assert 'aria-invalid="true"' in str(form["kind"])
    assert 'aria-invalid="false"' in str(form["pick"])


def test_the_portal_forms_use_the_renderer():
    html = str(StartupForm(years=[2026], tiers={"A": 20000}, criteria={"A": "带动就业3人以上"})["tier"])
    assert 'aria-invalid="false"' in html


def test_a_saved_date_is_given_to_the_date_input_in_the_form_it_reads():
    """zh-hans would write 2025/03/01, which <input type="date"> shows as empty: editing a saved
    start-up application then lost its registration date."""
    from datetime import date

    form = StartupForm(years=[2026], tiers={"A": 20000}, initial={"business_registered_on": date(2025, 3, 1)})
    assert 'type="date"' in str(form["business_registered_on"])
    assert 'value="2025-03-01"' in str(form["business_registered_on"])


def test_every_date_field_uses_the_native_date_input():
    from tests.source_tree import project_files

    offenders = [rel for rel, path in project_files(".py")
                 if not rel.startswith((".venv/", "tests/", "var/")) and rel != "employment/widgets.py"
                 and re.search(r"\bDateInput\(", path.read_text(encoding="utf-8"))]
    assert offenders == []
