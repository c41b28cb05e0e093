"""Supporting documents (证明材料) of an application, for every programme that takes them
(``models.EVIDENCE_KINDS``: the start-up subsidy and the social-insurance subsidy): upload, delete, and
the log of a staff download.

A file is checked by ``employment.evidence`` (type by its first bytes, size), written encrypted to
private storage before its row, and removed again if the row cannot be written; a deleted row's file
goes once the deletion commits. Files are added and deleted only while the applicant may edit the
application. Which kinds a programme takes, and which one its submission needs, are the models'
(``EVIDENCE_KINDS``, ``EVIDENCE_REQUIRED_KIND``; the submission check is ``submit``'s).
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from domain.identity import mask_name
from employment.evidence import EvidenceRefused, evidence_check, original_name_clean
from employment.models import JobSeeker, PersonalDataAccess
from employment.storage import evidence_max_bytes, private_file_save, private_storage
from review.services import snapshot

from ..models import (
    EVIDENCE_KINDS,
    MAX_FILES_PER_APPLICATION,
    EvidenceKind,
    Programme,
    SubsidyApplication,
    SubsidyEvidence,
)
from .common import require_editable
from .payment_details import changes_record

logger = logging.getLogger(__name__)

# The "field" of a staff download in the personal-data access log, per programme (kept as it was for
# the start-up subsidy, so the log reads the same before and after social insurance took documents).
DOWNLOAD_LOG_FIELD = {Programme.STARTUP: "创业补贴证明材料", Programme.SOCIAL_INSURANCE: "社保补贴证明材料"}


def _kind_check(application: SubsidyApplication, kind: str) -> None:
    """Refuse a kind the application's programme does not take (a tampered form, or a kind of the
    other programme) before any file is written."""
    kinds = EVIDENCE_KINDS[application.programme]
    if kind in kinds:
        return
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": "请选择材料类型。"})
    labels = "、".join(EvidenceKind(k).label for k in kinds)
    raise ValidationError({"kind": (
        f"“{EvidenceKind(kind).label}”不是{application.get_programme_display()}申请的材料类型，"
        f"请从列出的类型中选择：{labels}。"
    )})


def evidence_add(
    *, application: SubsidyApplication, kind: str, note: str = "", filename: str, content: bytes, user
) -> SubsidyEvidence:
    """Store one supporting document of an application that may still be edited.

    The file is checked (type by its first bytes, size), written to private storage under a random
    name, then its row is written under the application's row lock (which also serialises the
    10-file limit). If the row cannot be written, the file is removed again: nothing half-saved.
    Not one atomic block on purpose: the file is written outside the transaction, which only ever
    decides whether it stays.
    """
    if application.programme not in EVIDENCE_KINDS:
        raise ValidationError(f"{application.get_programme_display()}申请不需要上传证明材料。")
    _kind_check(application, kind)
    try:
        real = evidence_check(content, filename, max_bytes=evidence_max_bytes())
    except EvidenceRefused as exc:
        raise ValidationError({"file": str(exc)}) from exc
    name = private_file_save(content, folder="subsidy-evidence", suffix=real.suffix)
    try:
        with transaction.atomic():
            require_editable(application)
            if application.evidence_files.count() >= MAX_FILES_PER_APPLICATION:
                raise ValidationError({"file": (
                    f"每份申请最多上传 {MAX_FILES_PER_APPLICATION} 个证明材料文件，已经上传了 "
                    f"{MAX_FILES_PER_APPLICATION} 个，“{original_name_clean(filename)}”没有保存。"
                    "请先删除不需要的文件，或把几页材料合并成一个 PDF 后再上传。"
                )})
            evidence = SubsidyEvidence.objects.create(
                application=application, kind=kind, note=(note or "").strip()[:100], file=name,
                original_name=original_name_clean(filename), size=len(content), content_type=real.content_type,
                uploaded_by=user,
            )
            snapshot(application, user)
            changes_record(application=application, before={}, user=user,
                           done=(f"上传了证明材料“{evidence.original_name}”（{evidence.get_kind_display()}）",))
    except BaseException:
        private_storage.delete(name)
        raise
    logger.info("evidence %s (%s bytes) added to application %s by %s", evidence.pk, evidence.size,
                application.pk, getattr(user, "pk", None))
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: SubsidyEvidence, user) -> None:
    """Delete a supporting document while the application may be edited (its file goes on commit)."""
    application = evidence.application
    require_editable(application)
    evidence.delete()
    snapshot(application, user)
    changes_record(application=application, before={}, user=user,
                   done=(f"删除了证明材料“{evidence.original_name}”（{evidence.get_kind_display()}）",))


def evidence_download_record(*, evidence: SubsidyEvidence, user) -> list[PersonalDataAccess]:
    """Log a download of an applicant's document in the personal-data access log (the staff's, and
    an employer's of its employees' documents; not a start-up applicant's of their own).

    ``PersonalDataAccess.Action`` has no "download" value and adding one would alter that model's
    migration, so a download is logged as EXPORT (导出): a copy of the document leaves the platform.
    A start-up document names its seeker: one row. A social-insurance document (a contribution proof,
    a contract or wage record) is about every employee the application claims for: one row per claim
    line, naming the employee (masked name and certificate number) and linked to the job seeker of
    that certificate where the platform knows one (the district's access log then names them). An
    application with no lines yet gets one row without a person.
    """
    application = evidence.application
    base = {
        "user": user, "field": DOWNLOAD_LOG_FIELD.get(application.programme, "补贴申请证明材料"),
        "action": PersonalDataAccess.Action.EXPORT,
        "reason": f"查阅{application.get_programme_display()}申请的证明材料",
    }
    detail = f"补贴申请{application.pk} 证明材料{evidence.pk}（{evidence.get_kind_display()}）"
    lines = list(application.si_lines.all()) if application.programme == Programme.SOCIAL_INSURANCE else []
    if not lines:
        return [PersonalDataAccess.objects.create(**base, seeker=application.seeker, detail=detail)]
    seekers = dict(JobSeeker.objects.filter(cert_no_hash__in={line.cert_hash for line in lines})
                   .values_list("cert_no_hash", "pk"))
    return PersonalDataAccess.objects.bulk_create([
        PersonalDataAccess(**base, seeker_id=seekers.get(line.cert_hash),
                           detail=f"{detail} 职工 {mask_name(line.name)}（{line.cert_masked}）"[:200])
        for line in lines
    ])
