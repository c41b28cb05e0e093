"""Response hardening: the Content-Security-Policy and other security headers, and the 503 page.

The Content-Security-Policy comes from django-csp: ``ContentSecurityPolicyMiddleware`` is its
middleware, sending the strict ``CONTENT_SECURITY_POLICY`` (no ``'unsafe-inline'``, no third-party
origins: every asset is vendored under /static/) on the public and portal pages, and
``CONTENT_SECURITY_POLICY_ADMIN`` under ``CSP_ADMIN_PREFIX``: the Wagtail admin renders inline
``<script>`` configuration blocks and inline styles, so its documented policy allows those but
still forbids other origins and plugins. ``SecurityHeadersMiddleware`` adds the two headers django-csp
and Django's SecurityMiddleware do not send — Permissions-Policy, and ``Cache-Control: no-store`` on
every page for a signed-in user — and sets Cross-Origin-Opener-Policy, X-Content-Type-Options and
Referrer-Policy, which Django's SecurityMiddleware sends as well (same values, from the settings).

``UploadGuardMiddleware`` refuses an upload that is too large *before* Django parses the request body
(413, judged by Content-Length), and an .xlsx that is a zip bomb (declared uncompressed size or
compression ratio beyond limits) before any reader opens it (400). Both answer with a Chinese page
and the view never runs, so nothing is saved. The check itself is ``employment.filecheck.upload_check``
(no Django), which the roster and ``match_batch`` readers also call, for files that arrive another way.

``DuplicateSubmitMiddleware`` makes one rendered form submitted twice (a double click, a resend after a
slow answer, Back and submit again) run once. Every POST form of the portal carries a one-time token:

    <form method="post" …>{% csrf_token %}{% form_token %} …

**Every new POST form needs ``{% form_token %}`` beside ``{% csrf_token %}``** (it is a template
builtin, no ``{% load %}``; ``tests/security/test_form_tokens.py`` fails on a portal template with a
POST form without it). The first POST carrying a token runs; a second POST with the same token, from
the same user (or browser), to the same address (query string included) with the same fields and
files gets the first one's redirect, and waits (``FORM_TOKEN_WAIT_SECONDS``) while the first is still
running. Used tokens are remembered for ``FORM_TOKEN_SECONDS`` in the cache (Redis in production, so
across gunicorn workers). Nothing else is ever swallowed: a POST without a token (the Wagtail admin, a
script), a form re-rendered with errors (it has a new token), two tabs (two renders, two tokens), or
the same form sent back with other contents all run. Only a redirect that did the work is replayed:
not a page (a form with errors), not a refusal (a redirect with an error message — the copy may come
after the cause was put right), not an answer that gives the browser a cookie (signing in or out, a
display preference); their copies run the view again.

``InputGuardMiddleware`` answers 400 with a Chinese page when the path, the query string or a form
field contains a NUL byte (PostgreSQL cannot hold one: it would be a 500). Numbers in query
parameters are parsed by ``employment.query``, which ignores anything that is not a plain ASCII
integer in range (``?town=²``, 30-digit ids).

``DatabaseUnavailableMiddleware`` turns an ``OperationalError`` (the database is down or refusing
connections) into a templated 503 in Chinese with ``Retry-After``, instead of a bare 500. The
submitted form is not lost: the browser keeps it, and the page tells the user to go back and
resend it. The error is still logged.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.db import OperationalError
from django.template import loader

from .filecheck import SPREADSHEET_ZIP_SUFFIXES, UPLOAD_MAX_BYTES, UploadRefused, upload_check

logger = logging.getLogger(__name__)

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's own policy for paths under ``CSP_ADMIN_PREFIX``.

    django-csp has one policy setting; subclassing ``get_policy_parts`` is its documented way to vary
    it. A view that sets its own policy (django-csp's decorators) keeps it.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        admin_prefix = getattr(settings, "CSP_ADMIN_PREFIX", "/admin/")
        if not report_only and parts.config is None and request.path.startswith(admin_prefix):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy and, for a signed-in user, ``Cache-Control: no-store`` (neither Django nor
    django-csp sends them); COOP, nosniff and Referrer-Policy are Django's values, set here as well."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Referrer-Policy", "same-origin")
        if not response.has_header("Cache-Control") and self._signed_in(request):
            # Pages for a signed-in user carry personal data: never keep them in a shared cache.
            response["Cache-Control"] = "no-store, private"
        return response

    @staticmethod
    def _signed_in(request) -> bool:
        user = getattr(request, "user", None)
        try:
            return user is not None and user.is_authenticated
        except OperationalError:  # the session cannot be read (database down): assume personal data
            return True


class DatabaseUnavailableMiddleware:
    """Answers 503 with a Chinese page when the database cannot be reached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError):
            return None
        logger.error("Database unavailable for %s %s: %s", request.method, request.path, exception)
        return database_unavailable_response(request)


def database_unavailable_response(request):
    from django.http import HttpResponse

    # Render without a RequestContext: context processors may query the (absent) database.
    html = loader.get_template("503.html").render({"method": request.method})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


# ---- bad input -----------------------------------------------------------------------------------


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)


def _bad_input(request):
    from django.http import HttpResponseBadRequest

    logger.warning("Request with a NUL byte refused: %s %s", request.method, request.path)
    return HttpResponseBadRequest(loader.get_template("bad_input.html").render({"method": request.method}))


class InputGuardMiddleware:
    """400 with a Chinese page for a NUL byte in the path, the query string or a form field.

    PostgreSQL cannot hold NUL in text: a search for ``%00`` would otherwise end in a 500 (or the
    "database unavailable" page). Views also ignore malformed numbers (``employment.query``); this is
    the defence in depth for text. The body is read in ``process_view``, after
    ``UploadGuardMiddleware`` has refused oversized uploads by their Content-Length; file contents
    are not looked at (binary files contain NUL bytes).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _has_nul(request.GET):
            return _bad_input(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        try:
            data = request.POST
        except Exception:  # noqa: BLE001 - an unreadable body is Django's to answer, as before
            return None
        return _bad_input(request) if _has_nul(data) else None


# ---- uploads ------------------------------------------------------------------------------------

def _refused(request, message: str, status: int):
    from django.http import HttpResponse

    html = loader.get_template("upload_refused.html").render({"message": message, "back": request.path})
    return HttpResponse(html, status=status)


class UploadGuardMiddleware:
    """Size limit by Content-Length before the body is read; zip-bomb check of uploaded .xlsx files."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _limit(self, request) -> int:
        if request.path.startswith(getattr(settings, "CSP_ADMIN_PREFIX", "/admin/")):
            return getattr(settings, "UPLOAD_MAX_BYTES_ADMIN", 50 * 1024 * 1024)
        return getattr(settings, "UPLOAD_MAX_BYTES", UPLOAD_MAX_BYTES)

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = self._limit(request)
        # Multipart overhead is small; allow 64 KB for the other form fields.
        if request.method in ("POST", "PUT", "PATCH") and length > limit + 64 * 1024:
            logger.warning("Upload refused by size: %s bytes to %s", length, request.path)
            return _refused(request, f"上传的文件太大，上限为 {limit // 1024 // 1024} MB。请删去多余内容或分批上传。", 413)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not request.content_type.startswith("multipart/"):
            return None
        for upload in request.FILES.values():
            if not upload.name.lower().endswith(SPREADSHEET_ZIP_SUFFIXES):
                continue
            upload.seek(0)
            content = upload.read()
            upload.seek(0)
            try:
                upload_check(content, upload.name, max_bytes=self._limit(request))
            except UploadRefused as exc:
                logger.warning("Upload refused: %s to %s: %s", upload.name, request.path, exc)
                return _refused(request, str(exc), 400)
        return None


# ---- duplicate submissions -------------------------------------------------------------------------

FORM_TOKEN_FIELD = "form_token"  # noqa: S105 - a field name, not a secret
FORM_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16)
PENDING = "pending"
# A first submission still marked as running after this long died with its worker: let copies run.
PENDING_SECONDS = 120


def form_token_new() -> str:
    """A fresh token for one rendered form (``{% form_token %}``)."""
    return secrets.token_urlsafe(16)


def _submitter(request) -> str | None:
    """Who posted: the user, else the browser (its CSRF cookie, else its session); None if unknown."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    browser = request.COOKIES.get(settings.CSRF_COOKIE_NAME) or (
        request.session.session_key if getattr(request, "session", None) is not None else None)
    return f"b{browser}" if browser else None


def _submission_key(request, token: str, who: str) -> str:
    """The token, the submitter, the address (with its query string) and every field and file: the
    same rendered form sent again with other contents (edited after going back) is not a duplicate."""
    digest = hashlib.sha256(f"{who}|{token}|{request.get_full_path()}".encode())
    for name in sorted(request.POST):
        for value in request.POST.getlist(name):
            digest.update(f"|{name}={value}".encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            upload.seek(0)
            digest.update(f"|{name}:{upload.name}:".encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return "form-token:" + digest.hexdigest()


class DuplicateSubmitMiddleware:
    """One rendered form, submitted twice, runs once: the copy gets the first submission's redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _remember_seconds() -> int:
        return getattr(settings, "FORM_TOKEN_SECONDS", 3600)

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_form_token_key", None)
        if key is not None:
            from django.core.cache import cache

            if self._replayable(request, response):
                cache.set(key, {"location": response["Location"]}, self._remember_seconds())
            else:
                cache.delete(key)  # a form with errors (or a failure) may be sent again
        return response

    @staticmethod
    def _replayable(request, response) -> bool:
        """Only a redirect that did the work, and that a bare redirect can stand for, is given to the
        copies. Not a refusal (a redirect with an error message): the copy may be sent after the cause
        was put right, and replaying would drop the message and do nothing. Not an answer that gives
        the browser a cookie — one the view set (display preferences), or a session that changed
        (signing in cycles the session key, signing out drops it, a first anonymous session is
        created): the copy's browser would never get it. Those copies run the view themselves."""
        from django.contrib import messages

        if response.status_code not in (301, 302, 303) or not response.has_header("Location"):
            return False
        if response.cookies:
            return False
        session = getattr(request, "session", None)
        if session is not None:
            before = getattr(request, "_form_token_session_key", None)
            if session.session_key != before or (before is None and session.modified):
                return False
        queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])
        return not any(message.level >= messages.ERROR for message in queued)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.core.cache import cache
        from django.http import HttpResponse, HttpResponseRedirect

        if request.method != "POST" or self._remember_seconds() <= 0:
            return None
        token = request.POST.get(FORM_TOKEN_FIELD, "")
        if not FORM_TOKEN_RE.fullmatch(token):
            return None  # no token (a client that did not render the form): never swallowed
        who = _submitter(request)
        if who is None:
            return None
        key = _submission_key(request, token, who)
        deadline = time.monotonic() + getattr(settings, "FORM_TOKEN_WAIT_SECONDS", 5)
        while True:
            if cache.add(key, PENDING, PENDING_SECONDS):
                request._form_token_key = key
                session = getattr(request, "session", None)
                request._form_token_session_key = session.session_key if session is not None else None
                return None
            state = cache.get(key)
            if isinstance(state, dict):
                logger.info("Form submitted twice to %s: answered with the first submission's redirect", request.path)
                return HttpResponseRedirect(state["location"])
            if time.monotonic() > deadline:
                html = loader.get_template("duplicate_submit.html").render({})
                return HttpResponse(html, status=409)
            time.sleep(0.1)
