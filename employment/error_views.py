"""Error pages in Chinese on the site's own layout: 400, 403 (with the refusal's reason when it is
written for the user), 404, 405, 500 and the CSRF failure. Django's defaults are English (or a technical
page) whatever the interface language; these are wired in ``config.urls`` (handler400/403/404/500),
``CSRF_FAILURE_VIEW`` and, for the empty 405 Django's ``require_POST`` and class-based views answer
(no handler405 exists), :class:`MethodNotAllowedPageMiddleware`. The 429 pages are the views' own
(sign-up, password reset, the login lockout)."""

from __future__ import annotations

import re

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

_CJK = re.compile(r"[\u3400-\u9fff]")


def _reason(exception) -> str:
    """The exception's message if it is one of ours (Chinese, for the user); a library's English
    message or a technical one is not shown."""
    text = str(exception or "").strip()
    if not text or not _CJK.search(text) or "Traceback" in text:
        return ""
    return text


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", {"reason": _reason(exception)}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No RequestContext: whatever failed (a context processor, the database) must not fail again here.
    return HttpResponseServerError(loader.get_template("errors/500.html").render({}))


class MethodNotAllowedPageMiddleware:
    """An empty 405 (a bookmarked 退出登录 link, a refreshed form target) becomes a Chinese page saying
    what to do; the ``Allow`` header is kept. A 405 that has a body already is left as it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or getattr(response, "streaming", False) or response.content:
            return response
        page = render(request, "errors/405.html", status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


def csrf_failure(request, reason=""):
    return render(request, "errors/csrf.html", {"method": request.method}, status=403)
