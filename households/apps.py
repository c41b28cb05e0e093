"""App config of the family register (家庭台账): registers its access rule with the core."""

from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = "家庭台账"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import access_rules, queue_parts, seeker_page

        access_rules.register()
        seeker_page.register()
        queue_parts.register()  # its line of the town's work queue (我的待办)
