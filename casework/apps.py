"""App config of casework: connects the placement signal that schedules follow-ups."""

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "casework"
    verbose_name = "个案工作"

    def ready(self) -> None:
        from . import signals  # noqa: F401
