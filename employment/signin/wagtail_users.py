"""The Wagtail admin's user forms (创建用户 / 编辑用户) with usernames unique by their folded form.

Wagtail refuses only an exactly equal username; ``Zhang`` beside ``zhang`` (or ``ＺＨＡＮＧ``) would
pass and share a login-failure counter. ``employment.signin.apps.UsersConfig`` replaces ``wagtail.users`` in INSTALLED_APPS
(same app label, same everything else) so that the admin's user viewset uses the forms below.
"""

from __future__ import annotations

from django import forms
from wagtail.users import forms as wagtail_forms
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .usernames import USERNAME_TAKEN, username_taken


class FoldUniqueUsernameMixin:
    def _clean_username(self):
        username = super()._clean_username()
        field = wagtail_forms.User.USERNAME_FIELD
        if username and field not in self.errors and username_taken(username, exclude_user_id=self.instance.pk):
            self.add_error(field, forms.ValidationError(USERNAME_TAKEN, code="duplicate_username"))
        return username


class UserCreationForm(FoldUniqueUsernameMixin, wagtail_forms.UserCreationForm):
    pass


class UserEditForm(FoldUniqueUsernameMixin, wagtail_forms.UserEditForm):
    pass


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return UserEditForm if for_update else UserCreationForm
