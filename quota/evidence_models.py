"""Supporting documents of a declaration (申报证明材料): the model, kept out of ``quota.models`` (which
imports it at its end, so Django finds it there) to keep that module to one subject.

A file belongs to a declaration and, optionally, to one roster row (a person's disability
certificate, labour contract, social-insurance payment record, wage record); without a row it is
about the whole declaration. It is stored encrypted under ``PRIVATE_MEDIA_ROOT`` with a random name
(``declaration-evidence/<uuid>.<ext>``); the uploader's own file name is kept for the download.
Writes: ``quota.evidence``.
"""

from __future__ import annotations

from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver

from employment.models.uploads import UploadedDocument
from employment.storage import private_file_remove_on_commit, private_storage


class DeclarationEvidenceKind(models.TextChoices):
    DISABILITY_CERT = "disability_cert", "残疾证"
    LABOUR_CONTRACT = "labour_contract", "劳动合同"
    SOCIAL_INSURANCE = "social_insurance", "社保缴费记录"
    WAGES = "wages", "工资发放记录"
    OTHER = "other", "其他"


class DeclarationEvidence(UploadedDocument):
    """申报证明材料 — one uploaded document (PDF, JPEG or PNG) of a declaration or of one roster row."""

    declaration = models.ForeignKey(
        "quota.Declaration", on_delete=models.CASCADE, related_name="evidence_files", verbose_name="申报"
    )
    # A row's files follow it: deleting a person from the roster deletes their files; a roster
    # replaced by an upload keeps each person's files (``quota.evidence.evidence_relink``).
    entry = models.ForeignKey(
        "quota.RosterEntry", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence_files",
        verbose_name="名册人员",
    )
    kind = models.CharField("材料类型", max_length=20, choices=DeclarationEvidenceKind.choices)
    file = models.FileField("文件", storage=private_storage, upload_to="declaration-evidence/", max_length=200)

    class Meta(UploadedDocument.Meta):
        app_label = "quota"
        verbose_name = "申报证明材料"
        verbose_name_plural = "申报证明材料"


@receiver(post_delete, sender=DeclarationEvidence, dispatch_uid="declaration_evidence_file_remove")
def _evidence_file_remove(sender, instance: DeclarationEvidence, **kwargs) -> None:
    """However a row goes (the delete service, a cascade from its declaration or roster row), its file
    goes too, once the deletion commits."""
    private_file_remove_on_commit(instance.file.name)
