from django.apps import AppConfig


class EmployerPortalConfig(AppConfig):
    name = "employer_portal"
    verbose_name = "用人单位服务"
    default_auto_field = "django.db.models.BigAutoField"
