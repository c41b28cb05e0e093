"""``{{ user|person }}``: a person as every page names them — organisation and display name
(“鼓楼街道残联 · 张三”), never the username (``employment.account_selectors.person_label``)."""

from __future__ import annotations

from django import template

from ..account_selectors import person_label

register = template.Library()


@register.filter
def person(user) -> str:
    return person_label(user)
