"""The one-time start-up subsidy (一次性创业补贴): a seeker (or staff on their behalf) applies; the
application is a draft until its supporting documents (证明材料, checked by ``employment.evidence``) are
uploaded, and it can be submitted only with at least one. A file is written to private storage
before its row, and removed again if the row cannot be written; a deleted row's file goes once the
deletion commits. Staff downloads of a document are logged as personal-data access."""

from __future__ import annotations

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from domain import identity
from employment.evidence import EvidenceRefused, evidence_check, original_name_clean
from employment.models import JobSeeker, PersonalDataAccess
from employment.storage import evidence_max_bytes, private_file_save, private_storage
from quota.models import PolicyYear
from quota.services import policy_year_get
from review.services import snapshot

from .. import rules, selectors
from ..models import (
    MAX_FILES_PER_APPLICATION,
    PAYMENT_FIELDS,
    EvidenceKind,
    Programme,
    SubsidyApplication,
    SubsidyEvidence,
)
from .amounts import startup_received_before
from .common import require_editable, subsidy_params
from .payment_details import STARTUP_FIELDS, bank_fields, changes_record, stored_values

logger = logging.getLogger(__name__)


def _startup_fields(*, year: int, business_name: str, credit_code: str, registered_on: date | None,
                    tier: str, evidence: str, policy: PolicyYear) -> dict:
    errors = {}
    code = ""
    try:
        code = identity.normalize_credit_code(credit_code)
    except identity.IdentityError as exc:
        errors["business_credit_code"] = str(exc)
    if not (business_name or "").strip():
        errors["business_name"] = "请填写经营主体名称。"
    if registered_on is None:
        errors["business_registered_on"] = "请填写注册登记日期。"
    elif registered_on > timezone.localdate():
        errors["business_registered_on"] = "注册登记日期不能晚于今天。"
    if not (evidence or "").strip():
        errors["tier_evidence"] = "请说明符合所选档次的证明材料。"
    amount = None
    try:
        amount = rules.startup_subsidy(tier, subsidy_params(policy).startup_subsidy_tiers, False).amount
    except rules.SubsidyError as exc:
        errors["tier"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return {
        "business_name": business_name.strip(), "business_credit_code": code,
        "business_registered_on": registered_on, "tier": tier.strip().upper(),
        "tier_evidence": evidence.strip(), "amount": amount,
        "calculation": {"tier": tier.strip().upper(), "tiers": {k: str(v) for k, v in policy.startup_subsidy_tiers.items()}},
    }


@transaction.atomic
def startup_application_create(
    *, seeker: JobSeeker, year: int, business_name: str, credit_code: str, registered_on: date | None,
    tier: str, evidence: str, bank: dict, user,
) -> SubsidyApplication:
    """A seeker (or staff on their behalf) applies: saved as a draft, to which the supporting
    documents are uploaded before it is submitted (``subsidy_submit``)."""
    seeker = JobSeeker.objects.select_for_update().get(pk=seeker.pk)  # one application at a time per person
    if selectors.startup_open_application(seeker) is not None:
        raise ValidationError("已有一份尚未提交（或被退回修改）的一次性创业补贴申请，请打开那份申请补充材料后提交，不必重新申请。")
    policy = policy_year_get(year)
    fields = _startup_fields(year=year, business_name=business_name, credit_code=credit_code,
                             registered_on=registered_on, tier=tier, evidence=evidence, policy=policy)
    result = rules.startup_subsidy(fields["tier"], subsidy_params(policy).startup_subsidy_tiers,
                                   startup_received_before(seeker))
    if not result.granted:
        raise ValidationError(result.reason)
    application = SubsidyApplication.objects.create(
        programme=Programme.STARTUP, year=year, seeker=seeker, town=seeker.town, created_by=user, live=False,
        **fields, **bank_fields(bank),
    )
    snapshot(application, user)
    changes_record(application=application, before=dict.fromkeys(STARTUP_FIELDS + PAYMENT_FIELDS, ""), user=user,
                    done=("代您填写了这份申请（尚未提交审核）",))
    return application


@transaction.atomic
def startup_application_update(
    *, application: SubsidyApplication, business_name: str, credit_code: str, registered_on: date | None,
    tier: str, evidence: str, bank: dict, user,
) -> SubsidyApplication:
    require_editable(application)
    policy = policy_year_get(application.year)
    fields = _startup_fields(year=application.year, business_name=business_name, credit_code=credit_code,
                             registered_on=registered_on, tier=tier, evidence=evidence, policy=policy)
    before = stored_values(application, STARTUP_FIELDS + PAYMENT_FIELDS)
    for key, value in {**fields, **bank_fields(bank)}.items():
        setattr(application, key, value)
    application.save()
    snapshot(application, user)
    changes_record(application=application, before=before, user=user)
    return application


def evidence_add(
    *, application: SubsidyApplication, kind: str, note: str = "", filename: str, content: bytes, user
) -> SubsidyEvidence:
    """Store one supporting document of a start-up application that may still be edited.

    The file is checked (type by its first bytes, size), written to private storage under a random
    name, then its row is written under the application's row lock (which also serialises the
    10-file limit). If the row cannot be written, the file is removed again: nothing half-saved.
    """
    if application.programme != Programme.STARTUP:
        raise ValidationError("只有一次性创业补贴申请需要上传证明材料。")
    if kind not in EvidenceKind.values:
        raise ValidationError({"kind": "请选择材料类型。"})
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


def evidence_download_record(*, evidence: SubsidyEvidence, user) -> PersonalDataAccess:
    """Log a staff download of an applicant's document in the personal-data access log.

    ``PersonalDataAccess.Action`` has no "download" value and adding one would alter that model's
    migration, so a download is logged as EXPORT (导出): a copy of the document leaves the platform.
    """
    application = evidence.application
    return PersonalDataAccess.objects.create(
        user=user, seeker=application.seeker, field="创业补贴证明材料", action=PersonalDataAccess.Action.EXPORT,
        reason="查阅一次性创业补贴申请的证明材料",
        detail=f"补贴申请{application.pk} 证明材料{evidence.pk}（{evidence.get_kind_display()}）",
    )
