"""The accessibility toolbar (无障碍工具条): preferences kept in a cookie, applied as <html> classes.

It is a plain form, so it works without JavaScript and by keyboard; the choice is remembered per
browser for a year.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

COOKIE = "a11y"
OPTIONS: dict[str, str] = {
    "large_text": "大字号",
    "high_contrast": "高对比度",
    "line_spacing": "加大行距",
    "one_column": "单栏简洁版",
}


def preferences(request: HttpRequest) -> list[str]:
    raw = request.COOKIES.get(COOKIE, "")
    return [code for code in raw.split(".") if code in OPTIONS]


def context(request: HttpRequest) -> dict:
    chosen = preferences(request)
    return {
        "a11y_classes": " ".join(f"a11y-{code.replace('_', '-')}" for code in chosen),
        "a11y_options": [{"code": c, "label": label, "on": c in chosen} for c, label in OPTIONS.items()],
    }


@require_POST
def preferences_update(request: HttpRequest):
    chosen = preferences(request)
    toggle = request.POST.get("toggle", "")
    if toggle == "reset":
        chosen = []
    elif toggle in OPTIONS:
        chosen = [c for c in chosen if c != toggle] if toggle in chosen else [*chosen, toggle]
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(COOKIE, ".".join(chosen), max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response
