"""Supporting documents of a declaration (申报证明材料): upload, delete, the download log, the reads of
the pages, and the year's rule that new people need their disability certificate.

A file is checked by ``employment.evidence`` (type by its first bytes, size), written encrypted to
private storage (``employment.storage``) and only then gets its row, under the declaration's row
lock; if the row cannot be written the file is removed again. The employer adds and deletes files
while the declaration is a draft or returned (the same rule as its roster). Every download — the
employer's own, a reviewer's — is a ``PersonalDataAccess`` row.

The rule (``PolicyYear.evidence_required_for_new_people``, docs/policy.md “Evidence”): with it on,
a declaration is not submitted while a roster row whose person was not on the employer's previous
approved roster has no 残疾证 file; the message names the rows by number and masked name.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from domain import identity
from employment.evidence import EvidenceRefused, evidence_check, original_name_clean
from employment.models import JobSeeker, PersonalDataAccess
from employment.storage import evidence_max_bytes, private_file_save, private_storage

from .models import (
    Declaration,
    DeclarationEvidence,
    DeclarationEvidenceKind,
    DeclarationStatus,
    PolicyYear,
    RosterEntry,
)

logger = logging.getLogger(__name__)

MAX_FILES_PER_ENTRY = 10
MAX_FILES_PER_DECLARATION = 300
FOLDER = "declaration-evidence"


def _require_editable(declaration: Declaration) -> None:
    # The stored status under a row lock (the roster's rule): a stale page must not change a filing.
    from .services import _require_editable as roster_editable

    roster_editable(declaration)


def row_label(number: int, entry: RosterEntry) -> str:
    """How a roster row is named where its person's name must not be spelt out: 第3行 王*明."""
    return f"第{number}行 {identity.mask_name(entry.name)}"


def _row_numbers(declaration: Declaration) -> dict[int, int]:
    """Roster row number (1-based, in the roster's order) by entry id."""
    return {pk: n for n, pk in enumerate(declaration.roster.order_by("id").values_list("pk", flat=True), start=1)}


# ---- writes ------------------------------------------------------------------------------------


def evidence_add(
    *, declaration: Declaration, entry: RosterEntry | None = None, kind: str, note: str = "", filename: str,
    content: bytes, user,
) -> DeclarationEvidence:
    """Store one supporting document of a declaration (``entry``: of that roster row) the employer may
    still edit. Errors a user can cause are Chinese ``ValidationError``s and save nothing."""
    if kind not in DeclarationEvidenceKind.values:
        raise ValidationError({"kind": "请选择材料类型。"})
    if entry is not None and entry.declaration_id != declaration.pk:
        raise ValidationError({"entry": "所选人员不在这份申报的名册中。"})
    try:
        real = evidence_check(content, filename, max_bytes=evidence_max_bytes())
    except EvidenceRefused as exc:
        raise ValidationError({"file": str(exc)}) from exc
    name = private_file_save(content, folder=FOLDER, suffix=real.suffix)
    try:
        with transaction.atomic():
            _require_editable(declaration)
            if entry is not None and not RosterEntry.objects.filter(pk=entry.pk).exists():
                raise ValidationError({"entry": "所选人员已从名册删除，请刷新页面后重新选择。"})
            shown = original_name_clean(filename)
            if entry is not None and entry.evidence_files.count() >= MAX_FILES_PER_ENTRY:
                raise ValidationError({"file": (
                    f"每位人员最多上传 {MAX_FILES_PER_ENTRY} 个证明材料文件，{entry.name}已经有 {MAX_FILES_PER_ENTRY} 个，"
                    f"“{shown}”没有保存。请先删除不需要的文件，或把几页材料合并成一个 PDF 后再上传。"
                )})
            if declaration.evidence_files.count() >= MAX_FILES_PER_DECLARATION:
                raise ValidationError({"file": (
                    f"每份申报最多上传 {MAX_FILES_PER_DECLARATION} 个证明材料文件，“{shown}”没有保存。"
                    "请先删除不需要的文件，或把几页材料合并成一个 PDF 后再上传。"
                )})
            evidence = DeclarationEvidence.objects.create(
                declaration=declaration, entry=entry, kind=kind, note=(note or "").strip()[:100], file=name,
                original_name=shown, size=len(content), content_type=real.content_type, uploaded_by=user,
            )
    except BaseException:
        private_storage.delete(name)
        raise
    logger.info("declaration evidence %s (%s bytes) added to declaration %s (entry %s) by %s", evidence.pk,
                evidence.size, declaration.pk, getattr(entry, "pk", None), getattr(user, "pk", None))
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: DeclarationEvidence, user) -> None:
    """Delete a supporting document while the employer may edit the declaration (its file goes on commit)."""
    _require_editable(evidence.declaration)
    logger.info("declaration evidence %s of declaration %s deleted by %s", evidence.pk, evidence.declaration_id,
                getattr(user, "pk", None))
    evidence.delete()


def evidence_detach(declaration: Declaration) -> dict[int, str]:
    """Before the roster is replaced by an upload: each row file's certificate hash, with the files
    made declaration-level for the moment (so deleting the old rows does not delete them)."""
    kept = dict(declaration.evidence_files.filter(entry__isnull=False).values_list("pk", "entry__cert_hash"))
    DeclarationEvidence.objects.filter(pk__in=kept).update(entry=None)
    return kept


def evidence_relink(declaration: Declaration, kept: dict[int, str]) -> int:
    """After the roster was replaced: each file goes back to the row of the same person (by certificate);
    a person no longer on the roster leaves the file at the declaration level. Returns how many."""
    rows = dict(declaration.roster.values_list("cert_hash", "pk"))
    relinked = 0
    for pk, cert_hash in kept.items():
        if cert_hash in rows:
            relinked += DeclarationEvidence.objects.filter(pk=pk).update(entry_id=rows[cert_hash])
    return relinked


def evidence_download_record(*, evidence: DeclarationEvidence, user) -> PersonalDataAccess:
    """Log a download in the personal-data access log (导出: a copy leaves the platform), naming the
    declaration, the file and the row (by number and masked name), and the person when the platform
    knows them as a job seeker."""
    declaration = evidence.declaration
    seeker = None
    where = "整份申报"
    if evidence.entry_id is not None:
        entry = evidence.entry
        where = row_label(_row_numbers(declaration).get(entry.pk, 0), entry)
        seeker = JobSeeker.objects.filter(cert_no_hash=entry.cert_hash).first()
    return PersonalDataAccess.objects.create(
        user=user, seeker=seeker, field="申报证明材料", action=PersonalDataAccess.Action.EXPORT,
        reason=f"下载{declaration.year}年度按比例就业年审申报的证明材料",
        detail=(f"申报{declaration.pk} 证明材料{evidence.pk}（{evidence.get_kind_display()}）{where}")[:200],
    )


# ---- reads -------------------------------------------------------------------------------------


def evidence_attach(declaration: Declaration, entries: list[RosterEntry]) -> list[DeclarationEvidence]:
    """Give each loaded roster row its files (``entry.evidence``) and its row number (``entry.number``);
    the declaration-level files are returned."""
    files = list(declaration.evidence_files.select_related("uploaded_by"))
    by_entry: dict[int, list[DeclarationEvidence]] = {}
    for item in files:
        if item.entry_id is not None:
            by_entry.setdefault(item.entry_id, []).append(item)
    for number, entry in enumerate(entries, start=1):
        entry.number = number
        entry.evidence = by_entry.get(entry.pk, [])
    return [item for item in files if item.entry_id is None]


# ---- the year's rule: new people need their disability certificate ------------------------------


def previous_approved_hashes(declaration: Declaration) -> set[str]:
    """The certificates on the employer's previous approved roster (the latest approved declaration of
    an earlier year); empty when there is none."""
    previous = (Declaration.objects.filter(employer_id=declaration.employer_id, year__lt=declaration.year,
                                           status=DeclarationStatus.APPROVED).order_by("-year").first())
    if previous is None:
        return set()
    return set(previous.roster.values_list("cert_hash", flat=True))


def rows_missing_certificate(declaration: Declaration) -> list[str]:
    """The rows (as ``row_label``) that the year's rule says need a 残疾证 file and have none; empty
    when the year does not ask for it."""
    required = (PolicyYear.objects.filter(year=declaration.year)
                .values_list("evidence_required_for_new_people", flat=True).first())
    if not required:
        return []
    known = previous_approved_hashes(declaration)
    with_cert = set(declaration.evidence_files.filter(kind=DeclarationEvidenceKind.DISABILITY_CERT,
                                                      entry__isnull=False).values_list("entry_id", flat=True))
    return [row_label(number, entry)
            for number, entry in enumerate(declaration.roster.order_by("id"), start=1)
            if entry.cert_hash not in known and entry.pk not in with_cert]


def evidence_required_check(declaration: Declaration) -> None:
    """Refuse to submit while a new person's row lacks a 残疾证 file (under the year's rule)."""
    missing = rows_missing_certificate(declaration)
    if missing:
        raise ValidationError(
            f"{declaration.year}年度要求：不在本单位上一次审核通过名册中的人员，须在名册该行上传残疾证。"
            f"以下 {len(missing)} 人还没有上传：{'、'.join(missing)}。请在“证明材料”页面为这些人员上传残疾证后再提交。"
        )
