"""Writes of the letters: reopening an approved declaration withdraws its issued letter and payment
notice (``declaration_reopen``: kept and marked 已撤回, never silently unpublished); and the letter
archives (认定书打包): request a zip of a year's letters for a town or the district, build it in the
background (called by ``quota.tasks.letter_archive_build``, with its progress), and log each download
of a finished zip in the personal-data access log."""

from __future__ import annotations

import tempfile
import zipfile
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from employment import access
from employment.models import PersonalDataAccess, Role, Town
from review.services import review_reopen

from . import letters, selectors
from .models import Declaration, DeclarationStatus, LetterArchive, LetterArchiveStatus, LetterWithdrawal

ARCHIVE_PENDING_WINDOW = timedelta(minutes=30)


@transaction.atomic
def declaration_reopen(*, declaration: Declaration, user, comment: str) -> Declaration:
    """The district reopens an approved declaration (a founded 公示 objection): the letter and payment
    notice its approval issued are withdrawn — kept as they were issued (a revision of the approved
    declaration) and shown marked 已撤回, no longer payable — and the declaration goes back to the
    employer through ``review_reopen``, whose notification says the notice is withdrawn
    (``notifications.status_changed``). After the corrected declaration is approved again the letter is
    issued anew under the same number."""
    if access.role_of(user) != Role.DISTRICT:
        raise PermissionDenied("只有区残联可以重新打开已审核通过的申报。")
    declaration = Declaration.objects.select_for_update().select_related("employer__town").get(pk=declaration.pk)
    if declaration.status == DeclarationStatus.APPROVED and declaration.letter_no and (comment or "").strip():
        terms = letters.letter_terms(declaration)
        LetterWithdrawal.objects.create(
            declaration=declaration, letter_no=declaration.letter_no, issued=terms["issued"],
            amount_due=letters.amount_due(declaration), first_review_by=letters.first_review_by(declaration),
            revision=declaration.save_revision(user=user, clean=False, log_action=False),
            reason=comment.strip(), withdrawn_at=timezone.now(), withdrawn_by=user)
    return review_reopen(obj=declaration, user=user, comment=comment)


def open_withdrawals(declarations) -> dict[int, LetterWithdrawal]:
    """By declaration id, the letter withdrawn by each declaration's latest reopening, while no new
    letter replaces it (the declaration is not approved again); one query for all of them."""
    ids = [d.pk for d in declarations if d.status != DeclarationStatus.APPROVED]
    latest: dict[int, LetterWithdrawal] = {}
    if ids:
        for withdrawal in LetterWithdrawal.objects.filter(declaration_id__in=ids).order_by("-withdrawn_at", "-id"):
            latest.setdefault(withdrawal.declaration_id, withdrawal)
    return latest


def open_withdrawal(declaration: Declaration) -> LetterWithdrawal | None:
    """The letter withdrawn by the declaration's latest reopening, while no new letter replaces it."""
    return open_withdrawals([declaration]).get(declaration.pk)


def letter_archive_declarations(user, *, year: int, town_id: int | None) -> QuerySet:
    """The year's approved declarations the user may see, of one town or (``None``) every town visible."""
    qs = selectors.declarations_visible(user, year=year).filter(status=DeclarationStatus.APPROVED)
    if town_id is not None:
        qs = qs.filter(employer__town_id=town_id)
    return qs.order_by("employer__town__name", "letter_seq", "pk")


@transaction.atomic
def letter_archive_request(*, user, year: int, town: Town | None) -> LetterArchive:
    """Record a zip of ``year``'s letters for ``town`` (``None``: the whole district) and queue it on
    commit. The caller has checked the town against the user (a town reviewer: their own town).

    The same zip asked for again while the user's earlier request is still queued or being built
    (within ``ARCHIVE_PENDING_WINDOW``) is that request: a district zip is hundreds of PDFs, and
    repeated clicks or a script must not queue the work again and again. A request older than the
    window (a worker that died) no longer holds a new one back."""
    from .tasks import letter_archive_build

    pending = (LetterArchive.objects.select_for_update()
               .filter(user=user, year=year, town=town,
                       status__in=(LetterArchiveStatus.QUEUED, LetterArchiveStatus.RUNNING),
                       created_at__gte=timezone.now() - ARCHIVE_PENDING_WINDOW)
               .order_by("-created_at", "-id").first())
    if pending is not None:
        return pending
    job = LetterArchive.objects.create(user=user, year=year, town=town)
    transaction.on_commit(lambda: letter_archive_build.delay(job.pk))
    return job


def letter_archive_build(*, job_id: int) -> LetterArchive:
    """Render every letter (and payment notice where a levy is due) of the job's year and town as PDF
    into one zip (``<town>/<number>-<employer>-审核认定书.pdf``), recording progress. Running it again for
    a finished job does nothing."""
    job = LetterArchive.objects.select_related("user", "town").get(pk=job_id)
    if job.status == LetterArchiveStatus.DONE:
        return job
    LetterArchive.objects.filter(pk=job.pk).update(status=LetterArchiveStatus.RUNNING, progress=0, error="")
    # Resolved as the requester: an archive never holds more than its owner may see.
    declarations = list(letter_archive_declarations(job.user, year=job.year, town_id=job.town_id)
                        .select_related("employer__town"))
    # A district's year can be hundreds of PDFs: the zip is written to a temporary file, not memory.
    buffer = tempfile.TemporaryFile()  # noqa: SIM115 - closed below, after the storage has copied it
    letter_count = notice_count = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, declaration in enumerate(declarations, start=1):
            folder = letters.safe_name(declaration.employer.town.name)
            archive.writestr(f"{folder}/{letters.file_name(declaration, 'letter')}",
                             letters.document_pdf(declaration, "letter"))
            letter_count += 1
            if letters.notice_due(declaration):
                archive.writestr(f"{folder}/{letters.file_name(declaration, 'notice')}",
                                 letters.document_pdf(declaration, "notice"))
                notice_count += 1
            LetterArchive.objects.filter(pk=job.pk).update(progress=index * 99 // len(declarations))
    job.refresh_from_db()
    with buffer:
        if letter_count:  # the private storage names the file at random (``letter_models.letter_archive_file_name``)
            buffer.seek(0)
            job.file.save("letters.zip", File(buffer, name="letters.zip"), save=False)
    job.status, job.progress, job.finished_at = LetterArchiveStatus.DONE, 100, timezone.now()
    job.letter_count, job.notice_count = letter_count, notice_count
    job.save(update_fields=["file", "status", "progress", "finished_at", "letter_count", "notice_count"])
    return job


def letter_archive_download_record(*, job: LetterArchive, user) -> PersonalDataAccess:
    """Log a download of a finished zip: its letters list employees by name with masked certificate
    numbers, so every download (the requester's own too) is an EXPORT (导出), like a report's."""
    return PersonalDataAccess.objects.create(
        user=user, seeker=None, field="审核认定书压缩包", action=PersonalDataAccess.Action.EXPORT,
        reason="下载年度审核认定书",
        detail=f"认定书打包任务{job.pk}：{job.year}年度 {job.scope_label}，{job.letter_count}份认定书、"
               f"{job.notice_count}份缴款通知书，申请人 {job.user.get_username()}",
    )
