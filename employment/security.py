"""Response hardening: the Content-Security-Policy and other security headers, and the 503 page.

The Content-Security-Policy comes from django-csp: ``ContentSecurityPolicyMiddleware`` is its
middleware, sending the strict ``CONTENT_SECURITY_POLICY`` (no ``'unsafe-inline'``, no third-party
origins: every asset is vendored under /static/) on the public and portal pages, and
``CONTENT_SECURITY_POLICY_ADMIN`` under ``CSP_ADMIN_PREFIX``: the Wagtail admin renders inline
``<script>`` configuration blocks and inline styles, so its documented policy allows those but
still forbids other origins and plugins. ``SecurityHeadersMiddleware`` adds the headers django-csp
and Django's SecurityMiddleware do not send (Permissions-Policy, Cross-Origin-Opener-Policy, and
``Cache-Control: no-store`` on every page for a signed-in user).

``UploadGuardMiddleware`` refuses an upload that is too large *before* Django parses the request body
(413, judged by Content-Length), and an .xlsx that is a zip bomb (declared uncompressed size or
compression ratio beyond limits) before any reader opens it (400). Both answer with a Chinese page
and the view never runs, so nothing is saved. The check itself is ``employment.filecheck.upload_check``
(no Django), which the roster and ``match_batch`` readers also call, for files that arrive another way.

``DuplicateSubmitMiddleware`` makes a form submitted twice (a double click, a resend after a slow
answer, two tabs) create one record: the same user posting the same fields (and files) to the same
address within ``DUPLICATE_SUBMIT_SECONDS`` gets the first submission's redirect replayed instead of
running the view again; a second copy arriving while the first is still running waits for it. It
keys on the cache, so with Redis (production) it holds across gunicorn workers.

``DatabaseUnavailableMiddleware`` turns an ``OperationalError`` (the database is down or refusing
connections) into a templated 503 in Chinese with ``Retry-After``, instead of a bare 500. The
submitted form is not lost: the browser keeps it, and the page tells the user to go back and
resend it. The error is still logged.
"""

from __future__ import annotations

import hashlib
import logging
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
    """Adds Permissions-Policy, cross-origin and caching headers that Django and django-csp do not send."""

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

PENDING = "pending"


def _submission_key(request) -> str | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        who = f"u{user.pk}"
    elif getattr(request, "session", None) is not None and request.session.session_key:
        who = f"s{request.session.session_key}"
    else:
        return None  # an anonymous first visit has nothing stable to key on
    digest = hashlib.sha256(f"{who}|{request.path}".encode())
    for name in sorted(request.POST):
        if name == "csrfmiddlewaretoken":
            continue
        for value in request.POST.getlist(name):
            digest.update(f"|{name}={value}".encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            upload.seek(0)
            digest.update(f"|{name}:{upload.name}:".encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return "dup-submit:" + digest.hexdigest()


class DuplicateSubmitMiddleware:
    """Replays the first answer to an identical POST instead of running the view twice."""

    EXEMPT_NAMES = {"login", "logout", "a11y-preferences"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_duplicate_submit_key", None)
        if key is not None:
            from django.core.cache import cache

            if response.status_code in (301, 302, 303) and response.has_header("Location"):
                cache.set(key, {"location": response["Location"]}, self._window())
            else:
                cache.delete(key)  # a form with errors (or a failure) may be sent again
        return response

    @staticmethod
    def _window() -> int:
        return getattr(settings, "DUPLICATE_SUBMIT_SECONDS", 10)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.core.cache import cache
        from django.http import HttpResponse, HttpResponseRedirect

        if self._window() <= 0 or request.method != "POST" or request.path.startswith(getattr(settings, "CSP_ADMIN_PREFIX", "/admin/")):
            return None
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name in self.EXEMPT_NAMES:
            return None
        key = _submission_key(request)
        if key is None:
            return None
        deadline = time.monotonic() + getattr(settings, "DUPLICATE_SUBMIT_WAIT_SECONDS", 5)
        while True:
            if cache.add(key, PENDING, self._window() * 3):
                request._duplicate_submit_key = key
                return None
            state = cache.get(key)
            if isinstance(state, dict):
                logger.info("Duplicate submission to %s answered with the first one's redirect", request.path)
                return HttpResponseRedirect(state["location"])
            if time.monotonic() > deadline:
                html = loader.get_template("duplicate_submit.html").render({})
                return HttpResponse(html, status=409)
            time.sleep(0.1)
