from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "employment"
    verbose_name = "就业服务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # access rules, signal handlers, and the admin gate's system check
        from . import access, admin_access, signals  # noqa: F401
