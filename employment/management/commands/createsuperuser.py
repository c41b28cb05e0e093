"""``manage.py createsuperuser`` that refuses a username folding like an existing one when it is typed,
not after the passwords: Django's own command checks only the exact name, and the ``pre_save`` check
(``employment.signin.usernames``) then stopped it at the end, so the administrator typed everything
again. Same command otherwise (this app is listed before ``django.contrib.auth``, so its command wins)."""

from __future__ import annotations

from django.contrib.auth.management.commands import createsuperuser

from employment.signin.usernames import USERNAME_TAKEN, username_taken


class Command(createsuperuser.Command):
    def _validate_username(self, username, verbose_field_name, database):
        error = super()._validate_username(username, verbose_field_name, database)
        if error is None and username_taken(username):
            return USERNAME_TAKEN
        return error
