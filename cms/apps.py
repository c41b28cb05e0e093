"""App config of the CMS app: registers its access rules and admin-gate rules with the core and
connects its signal handlers."""

from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "内容管理"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from employment import admin_access

        from . import access_rules, admin_rules, queue_parts, signals  # noqa: F401

        access_rules.register()
        queue_parts.register()  # its lines of the provider's and the district's work queue
        admin_access.rules_register(admin_rules.RULES)
