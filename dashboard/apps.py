"""App config for the staff dashboard: registers its access rule and its encrypted report files."""

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboard"
    verbose_name = "数据看板"

    def ready(self) -> None:
        from employment import crypto

        from . import access_rules

        access_rules.register()
        # Report workbooks share the evidence storage.
        crypto.register_encrypted(files=[crypto.EncryptedFileField("dashboard.ReportJob", "file")])
