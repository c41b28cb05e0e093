"""Date filters of ``employment.formats``: ``cn_date``, ``cn_datetime``, ``cn_datetime_seconds`` — one
date format on every page — and ``cn_number`` for figures (862,000). Registered as a template builtin
(settings ``TEMPLATES``), so templates use them without ``{% load %}``; pages never write a date format
string of their own, and the machine formats (``stamp``, ``iso_date``) are for exports, not pages, so
they have no filter."""

from __future__ import annotations

from django import template

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
