"""Wagtail's users app with the platform's user forms (``employment.signin.wagtail_users``).

Listed in INSTALLED_APPS instead of ``wagtail.users``: the same app (name, label, models, migrations),
only its user viewset differs. Kept apart from the viewset module, which imports models and so cannot
be imported while settings load.
"""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    user_viewset = "employment.signin.wagtail_users.UserViewSet"
