"""App config of the family register (家庭台账): registers its access rule with the core."""

from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "households"
    verbose_name = "家庭台账"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import access_rules, seeker_page

        access_rules.register()
        seeker_page.register()
