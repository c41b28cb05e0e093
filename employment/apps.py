from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "employment"
    verbose_name = "就业服务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import access, signals, sms  # noqa: F401 - registers access rules, signal handlers, checks
