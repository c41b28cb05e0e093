"""``{% form_token %}``: the one-time token of a rendered POST form, beside ``{% csrf_token %}``.

Registered as a template builtin (settings ``TEMPLATES``), so templates use it without ``{% load %}``.
``employment.security.DuplicateSubmitMiddleware`` runs a token's first submission and answers a
second one with the first one's redirect.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from employment.security import FORM_TOKEN_FIELD, form_token_new

register = template.Library()


@register.simple_tag
def form_token() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_TOKEN_FIELD, form_token_new())
