"""Template filters for the project's copies of Wagtail admin templates."""

from __future__ import annotations

from django import template
from django.apps import apps

register = template.Library()


@register.filter
def app_name(app_label: str) -> str:
    """An app's name in words (内容管理), for a report that would print its identifier (cms)."""
    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return app_label
