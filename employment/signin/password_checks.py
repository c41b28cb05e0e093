"""Every other place a password is checked counts failures like a login (django-axes).

Logins go through ``django.contrib.auth.authenticate``, where Axes counts. Three more places take a
password and Django or Wagtail check it without ``authenticate`` — so, until here, without limit:

- the Wagtail admin's 账户 → 密码 (``/admin/account/``): the current password before a new one
  (``PasswordChangeForm.clean_old_password`` calls ``user.check_password``). ``AccountView`` below
  stands in for Wagtail's at the same URL and name, with a form that checks the current password
  through ``authenticate(request, …)``: a wrong one counts for that username from that address, and a
  locked one is refused (429) without being checked. The recovery-code page already did this.
- Wagtail's private-page password (``/_util/authenticate_with_password/<restriction>/<page>/``) and
  private-collection (documents) password (``/documents/authenticate_with_password/<restriction>/``):
  shared passwords of a restriction, not of an account. ``shared_password_throttled`` wraps those
  views: each wrong password is recorded with Axes as a failure of the pseudo-username
  ``page-password:<id>`` / ``collection-password:<id>`` (a colon is never in a real username) from
  the client address, so the same limits apply — ``LOGIN_FAILURE_LIMIT`` per restriction and address,
  ``LOGIN_ADDRESS_FAILURE_LIMIT`` per address across all logins and passwords — the lockout shows in
  登录锁定 and district staff can lift it there.

The portal's own password change (``/accounts/password/change/``, ``reset_views.password_change``)
uses ``ThrottledPasswordChangeForm`` too; any new page that takes a current password must check it
through ``authenticate(request, …)`` as well.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms.auth import PasswordChangeForm
from wagtail.admin.views import account

from employment.forms import NewPasswordErrorsMixin, PlainErrorsMixin

from .throttle import lockout_response


class ThrottledPasswordChangeForm(NewPasswordErrorsMixin, PlainErrorsMixin, PasswordChangeForm):
    """Wagtail's password-change form, checking the current password through ``authenticate``.

    Wagtail makes its three fields optional (its account page binds the form only when a new password
    was typed), so a bound form with an empty new password or an empty confirmation passed and set the
    password to the empty string, or to an unconfirmed one. Once bound, all three are required here,
    each refusal naming its field."""

    def __init__(self, user, *args, request=None, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.request = request
        for field in self.fields.values():
            field.required = True
            field.error_messages["required"] = f"请填写{field.label}。"

    def clean_old_password(self):
        old_password = self.cleaned_data.get("old_password") or ""
        if not self._password_right(old_password):
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password

    def _password_right(self, password: str) -> bool:
        # Wagtail's account view builds the form more than once per request (to validate, then to
        # render): one typed password is one attempt, so the answer is kept for the request.
        answers = self.request.__dict__.setdefault("_password_checks", {})
        key = (self.user.pk, hashlib.sha256(password.encode()).hexdigest())
        if key not in answers:
            checked = authenticate(self.request, username=self.user.get_username(), password=password)
            answers[key] = checked is not None and checked.pk == self.user.pk
        return answers[key]


class ChangePasswordPanel(account.ChangePasswordPanel):
    form_class = ThrottledPasswordChangeForm

    def get_form(self):
        form = super().get_form()
        form.request = self.request
        return form


class AccountView(account.AccountView):
    """Wagtail's account page with the throttled password panel and without its name-and-e-mail panel.

    A staff member's name and e-mail address are kept by the district's account management
    (``employment.account_services``: ``first_name`` is the account's display name); Wagtail's panel
    would let them drift from that record, and it requires a surname (``last_name``), which accounts
    named in one piece (王小明) do not have — so the page could not be saved at all, not even to change
    the password."""

    def post(self, request):
        response = super().post(request)
        if response.status_code == 200 and not getattr(request, "axes_locked_out", False):
            # Refused: Wagtail says so only beside the field, out of sight on a phone; a message at the
            # top (rendered with this response) says the settings were not saved and where to look.
            # Not when the current password locked the account: AxesMiddleware then answers with the
            # lockout page instead of this one, which would show the message above its own (there are
            # no errors below to correct: the password is refused until the lockout ends).
            messages.error(request, "账户设置没有保存：请按各栏下面的错误提示改正后，再点保存。")
        return response

    def get_panels(self):
        return [
            ChangePasswordPanel(self.request, self.request.user, panel.profile)
            if type(panel) is account.ChangePasswordPanel
            else panel
            for panel in super().get_panels()
            if not isinstance(panel, account.NameEmailSettingsPanel)
        ]


account_view = never_cache(require_admin_access(AccountView.as_view()))  # as Wagtail's admin URLs are


def shared_password_throttled(view, kind: str, restriction_kwarg: str):
    """Count wrong passwords of a page or collection view restriction with Axes (see module docstring)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        credentials = {"username": f"{kind}-password:{kwargs.get(restriction_kwarg)}"}
        AxesProxyHandler.update_request(request)
        if not AxesProxyHandler.is_allowed(request, credentials):
            return lockout_response(request, credentials=credentials)
        response = view(request, *args, **kwargs)
        if response.status_code != 302:  # Wagtail redirects only when the password was right
            # Axes records it; reaching the limit marks the request, and AxesMiddleware answers 429.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        return response

    return wrapped
