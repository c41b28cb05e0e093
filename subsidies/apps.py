"""App config of rewards and subsidies (奖励和补贴): registers its access rules, admin-gate rules and
encrypted places, its work-queue lines and its part of the staff seeker page with the core, and
connects its signal handlers."""

from django.apps import AppConfig


class SubsidiesConfig(AppConfig):
    name = "subsidies"
    verbose_name = "奖励和补贴"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from employment import admin_access, crypto

        from . import access_rules, admin_rules, queue_parts, seeker_page, signals  # noqa: F401

        access_rules.register()
        # A start-up tier its undecided applications use cannot be removed from a policy year.
        from quota.policy_models import startup_tier_use_register

        from .selectors import startup_tier_undecided_count

        startup_tier_use_register(startup_tier_undecided_count)
        queue_parts.register()  # its lines of the staff work queue (我的待办)
        seeker_page.register()  # the start-up applications on the staff seeker page, and 代为申请
        admin_access.rules_register(admin_rules.RULES, bulk=admin_rules.BULK_ROLES)
        crypto.register_encrypted(
            columns=[crypto.EncryptedColumn("subsidies.SIClaimLine", "cert_token"),
                     crypto.EncryptedColumn("subsidies.SubsidyApplication", "bank_account")],
            revision_paths=[crypto.EncryptedRevisionPath("subsidies.SubsidyApplication", ("bank_account",)),
                            crypto.EncryptedRevisionPath("subsidies.SubsidyApplication", ("si_lines", "*", "cert_token"))],
            files=[crypto.EncryptedFileField("subsidies.SubsidyEvidence", "file")],
        )
