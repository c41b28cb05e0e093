from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "岗位匹配"
    default_auto_field = "django.db.models.BigAutoField"
