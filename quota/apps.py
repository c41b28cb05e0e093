"""App config of quota compliance (按比例就业年审): registers its access rules, admin-gate rules and
encrypted places, its work-queue lines and its timeline events with the core, and connects its signal handlers."""

from django.apps import AppConfig


class QuotaConfig(AppConfig):
    name = "quota"
    verbose_name = "按比例就业年审"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from employment import admin_access, crypto

        from . import access_rules, admin_rules, job_checks, queue_parts, signals, timeline_parts  # noqa: F401

        access_rules.register()
        job_checks.register()  # the year's minimum wage, checked on every job post
        queue_parts.register()  # its lines of the staff work queue (我的待办)
        timeline_parts.register()  # month adjustments, conflicts, late acceptance in the item's timeline
        admin_access.rules_register(admin_rules.RULES, bulk=admin_rules.BULK_ROLES)
        crypto.register_encrypted(
            columns=[crypto.EncryptedColumn("quota.RosterEntry", "cert_token")],
            revision_paths=[crypto.EncryptedRevisionPath("quota.Declaration", ("roster", "*", "cert_token"))],
            files=[crypto.EncryptedFileField("quota.DeclarationEvidence", "file"),
                   crypto.EncryptedFileField("quota.LetterArchive", "file")],
        )
