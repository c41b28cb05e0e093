from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "employment"
    verbose_name = "就业服务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # access rules of the core's models, system checks (SMS backend, the admin gate)
        from . import access, admin_access, admin_exports, converters, queue_parts, sms  # noqa: F401
        from .signin import usernames

        converters.register()  # <id:…> and <year:…> in every app's urls, before any URLconf loads
        usernames.connect()  # usernames unique by their folded form, whatever creates an account
        queue_parts.register()  # the core's lines of the work queue (我的待办); other apps add theirs
        admin_exports.csv_exports_neutralised()  # the Wagtail admin's CSV downloads write no live formula
