"""The second-factor gate: a staff session signed in with a password only reaches nothing but the
verification (or enrolment) page and logout.

It sits after django-otp's ``OTPMiddleware`` (which marks a session verified) and applies to every
path — the portal's staff pages, the Wagtail admin under /admin/, documents, exports, anything a
staff session could open — rather than to a list of protected views, so a page added later is
covered too. Static files, the accessibility toolbar (a cookie) and logout stay open.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponseRedirect
from django.urls import reverse

from employment.security import database_unavailable_response

from . import selectors
from .second_factor import second_factor_enforced

OPEN_URL_NAMES = ("two-factor-setup", "two-factor-verify", "logout", "wagtailadmin_logout", "a11y-preferences")


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths: set[str] | None = None

    def open_paths(self) -> set[str]:
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in OPEN_URL_NAMES}
        return self._open_paths

    def __call__(self, request):
        if getattr(settings, "STAFF_2FA_REQUIRED", True) and not request.path.startswith(settings.STATIC_URL):
            try:
                refused = self.gate(request)
            except OperationalError:
                # Outside a view DatabaseUnavailableMiddleware cannot catch it: answer the same 503.
                return database_unavailable_response(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def gate(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        if request.path in self.open_paths() or not second_factor_enforced(user):
            return None
        name = "two-factor-verify" if selectors.totp_device_confirmed(user) else "two-factor-setup"
        target = reverse(name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)
