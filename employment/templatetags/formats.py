"""Date filters of ``employment.formats``: ``cn_date``, ``cn_datetime``, ``cn_datetime_seconds`` — one
date format on every page — ``cn_number`` for figures (862,000) and ``cn_money`` for yuan
(18,562.50). Registered as a template builtin (settings ``TEMPLATES``), so templates use them without ``{% load %}``; pages never write a date format
string of their own, and the machine formats (``stamp``, ``iso_date``) are for exports, not pages, so
they have no filter."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from employment import formats

register = template.Library()


def _filter(name: str, fmt: str) -> None:
    def apply(value):
        try:
            return formats.format_value(value, fmt)
        except (AttributeError, TypeError, ValueError):
            return ""  # not a date: like the ``date`` filter, show nothing

    apply.__name__ = name
    register.filter(name, apply, expects_localtime=True)


_filter("cn_date", formats.DATE)
_filter("cn_datetime", formats.DATETIME)
_filter("cn_datetime_seconds", formats.DATETIME_SECONDS)


@register.filter(name="cn_number")
def cn_number(value):
    return formats.cn_number(value)


@register.filter(name="cn_money")
def cn_money(value):
    """Yuan: 18,562.50 (two decimals always; ``employment.formats.cn_money``)."""
    return formats.cn_money(value)


# An empty value in a table cell: a dash to the eye and "无" to a screen reader, so a stacked table's
# card (docs/frontend.md) never shows a column label with nothing under it.
NONE_SHOWN = '<span aria-hidden="true">—</span><span class="visually-hidden">无</span>'


@register.filter(name="or_none")
def or_none(value):
    """``{{ value|or_none }}``: the value, or the "无" mark when it is empty (None or blank text; 0
    is a value). ``{{ ""|or_none }}`` writes the mark in an ``{% else %}`` branch."""
    if value is None or str(value).strip() == "":
        return mark_safe(NONE_SHOWN)  # noqa: S308 - a constant
    return value


SENTENCE_ENDS = ("。", "！", "？")


@register.filter(name="sentences")
def sentences(messages) -> str:
    """A field's error messages as one run of Chinese sentences: "密码太短。密码太常见。", not the
    "。；" that joining them with "；" gave. A message without a full stop gets one."""
    return "".join(m if m.endswith(SENTENCE_ENDS) else f"{m}。" for m in (str(m).strip() for m in messages) if m)


@register.filter(name="error_count")
def error_count(form) -> int:
    """How many problems a form's error summary lists: every message, not every field with one."""
    return sum(len(errors) for errors in form.errors.values())


@register.filter(name="labelled")
def labelled(error, label) -> str:
    """An error summary's line: "标签：message", unless the message already names the field (the plain
    messages do: "请填写3月在职职工人数。"), where the label first would be read twice."""
    error, label = str(error), str(label or "")
    name = label.split("（")[0].strip()  # 在职职工工资总额（元）: the message names 在职职工工资总额
    return error if not name or name in error else f"{label}：{error}"
