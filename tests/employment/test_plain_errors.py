"""No form of the portals speaks Django's default messages (必需字段, 确保该值大于或等于0。, 输入整数。,
确认小数不超过 1 位.) or shows a select's "---------": every message names the field and says what to
type (``employment.forms.plain_errors``). The guard finds every form class of the project's apps, binds
it to empty and to wrong data, and reads every message. The Wagtail admin's own forms are left out."""

from __future__ import annotations

import importlib
import inspect
from decimal import Decimal
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.utils.datastructures import MultiValueDict

from employment.forms import PlainErrorsMixin, plain_errors
from tests.source_tree import ROOT, _pruned

# Fragments of Django's zh-hans defaults for fields and validators.
DEFAULTS = ("必需字段", "这个字段是必填项", "确保", "输入整数", "输入一个", "确认小数", "确认总共", "选择一个有效的选项",
            "不在可用的选项中", "---------")

# What the forms' constructors need besides data.
KWARGS = {
    "years": lambda: [2025],
    "tiers": lambda: {"A": Decimal("20000")},
    "entries": lambda: [],
    "programme": lambda: "startup",
    "assignees": lambda: get_user_model().objects.none(),
    "user": lambda: get_user_model()(username="someone"),
    "request": lambda: RequestFactory().post("/"),
}

WRONG = ["x", "-1", "1.23456", "9" * 25, "字" * 3000, "2025-13-45", "0"]


def _project_forms() -> list[type[forms.BaseForm]]:
    found = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        # The project's own apps: not the installed packages (the virtual environment may sit in the
        # checkout, as .venv does for `make test` and CI).
        if not path.is_relative_to(ROOT) or any(_pruned(part) for part in path.relative_to(ROOT).parts):
            continue
        for source in sorted(path.rglob("*.py")):
            if {"migrations", "tests", "management"} & set(source.parts):
                continue
            module = importlib.import_module(".".join(source.relative_to(ROOT).with_suffix("").parts))
            for value in vars(module).values():
                if (inspect.isclass(value) and issubclass(value, forms.BaseForm) and value.__module__ == module.__name__
                        and not any(base.__module__.startswith("wagtail") for base in value.__mro__)
                        and value not in found):
                    found.append(value)
    return found


def _build(form_class, data=None):
    params = list(inspect.signature(form_class.__init__).parameters.values())[1:]
    args, kwargs = [], {}
    for param in params:
        if param.default is not param.empty or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        assert param.name in KWARGS, f"{form_class.__name__} needs {param.name}: add it to KWARGS"
        if param.kind == param.POSITIONAL_OR_KEYWORD:
            args.append(KWARGS[param.name]())
        else:
            kwargs[param.name] = KWARGS[param.name]()
    if "request" in [p.name for p in params]:
        kwargs["request"] = KWARGS["request"]()
    return form_class(*args, data=data, **kwargs)


FORMS = _project_forms()


def test_the_guard_finds_the_portal_forms():
    names = {form.__name__ for form in FORMS}
    assert {"BasicsForm", "RosterEntryForm", "LateAcceptForm", "BatchForm", "ObjectionForm", "StaffObjectionForm",
            "JobPostForm", "AssessmentForm", "CandidateFilterForm"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: f"{form.__module__}.{form.__name__}")
def test_no_form_speaks_djangos_default_messages(form_class):
    assert issubclass(form_class, PlainErrorsMixin)
    empty = _build(form_class)
    for field in empty:
        shown = str(field)
        assert "---------" not in shown, f"{field.name}: the empty option says ---------"
    for text in ["", *WRONG]:
        data = MultiValueDict({name: [text] for name in empty.fields})
        form = _build(form_class, data=data)
        for name, errors in form.errors.items():
            for message in errors:
                assert not any(d in message for d in DEFAULTS), f"{name} = {text[:10]!r}: {message}"


def test_a_number_field_says_what_to_type():
    field = forms.IntegerField(label="3月在职职工人数", min_value=0, max_value=10_000_000)
    plain_errors(field)
    for value in ("-3", "20.5"):
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(value)
        assert refused.value.messages == ["3月在职职工人数请填写 0 或正整数。"]
    hours = forms.DecimalField(label="每天工作小时数", min_value=1, max_value=12, max_digits=3, decimal_places=1)
    plain_errors(hours)
    for value, message in (("20", "每天工作小时数请填写 1 到 12 之间的数字。"), ("6.25", "每天工作小时数最多保留一位小数。")):
        with pytest.raises(forms.ValidationError) as refused:
            hours.clean(value)
        assert refused.value.messages == [message]


def test_a_message_the_form_wrote_is_kept():
    field = forms.CharField(label="凭证号", max_length=40, error_messages={"required": "请填写财务凭证号。"})
    plain_errors(field)
    assert field.error_messages["required"] == "请填写财务凭证号。"
