"""App config of the employer portal: registers the employer's work queue (我的待办) with the core."""

from django.apps import AppConfig


class EmployerPortalConfig(AppConfig):
    name = "employer_portal"
    verbose_name = "用人单位服务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import queue_parts

        queue_parts.register()
