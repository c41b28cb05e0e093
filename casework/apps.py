"""App config of casework: registers its access rules and its part of the staff seeker page with the
core, and connects the placement signal that schedules follow-ups."""

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "casework"
    verbose_name = "个案工作"

    def ready(self) -> None:
        from . import access_rules, queue_parts, seeker_page, signals  # noqa: F401

        access_rules.register()
        seeker_page.register()
        queue_parts.register()  # its line of the town's work queue (我的待办)
