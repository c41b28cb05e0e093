"""Signing in safely: login throttling, the lockout list for district staff, and the staff second factor.

- ``throttle``: django-axes glued to the platform — failures are counted where Django authenticates, so
  every login form shares the counts; usernames are normalised, the client address honours only a
  configured proxy header, and a locked login answers 429 with a Chinese page.
- ``second_factor``: who must use a second factor (TOTP from an authenticator app, plus single-use
  recovery codes) and the pieces of it that are not reads or writes (QR code, code formats).
- ``selectors`` / ``services``: reads and writes (current lockouts, unlocking; enrolment, verification,
  recovery codes).
- ``middleware``: the gate that keeps a staff session without a verified second factor on the
  verification pages.
- ``views`` (portal pages under /accounts/2fa/) and ``admin_views`` (登录锁定 in the Wagtail admin, for
  district staff), with ``wagtail_hooks`` registering the latter.
- ``passwords``: a password validator whose Django message lacks a Chinese translation.
- Getting back in: ``reset_views`` (password reset by e-mail with Django's views, a new password with
  a town-issued code, the staff page issuing it, the signed-in password change), ``reset_forms``,
  ``reset_codes`` (the codes: issue, check, use) and ``reset_mail`` (the mail the Celery task sends).
- ``password_checks``: the places outside login where a password is checked (the Wagtail admin's
  password change, private-page and private-collection passwords), counted like logins.
- ``usernames`` (with ``employment.UsernameFold``), ``wagtail_users`` and ``apps``: usernames unique
  by their folded form, in every form that creates or renames an account.
"""
