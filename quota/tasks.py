"""Celery tasks of the declarations: recomputation after a year's parameters change and the daily
deadline reminders (Celery beat, ``CELERY_BEAT_SCHEDULE`` in the settings), and the zips of a year's
letters (认定书打包).

The recomputation is queued with ``transaction.on_commit`` when a ``PolicyYear`` is saved
(``quota.signals``). Each task takes primitive values, calls one service and owns the retries; each is
harmless to run twice (the recomputation stores the same result, a deadline reminder is guarded by
its log row; the reminders' e-mails and texts go through ``employment.notify``).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

logger = logging.getLogger(__name__)


@shared_task(
    name="declarations.recompute_year",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def declarations_recompute(year: int) -> dict[str, int]:
    from .services import declarations_recompute_year

    return declarations_recompute_year(year=int(year))


@shared_task(name="declarations.deadline_reminders", acks_late=True, autoretry_for=(OperationalError,),
             retry_backoff=True, max_retries=3)
def deadline_reminders() -> dict[str, int]:
    from .reminders import deadline_reminders_send

    return deadline_reminders_send()


@shared_task(name="declarations.letter_archive_build")
def letter_archive_build(job_id: int) -> None:
    """Build a requested zip of a year's letters (``quota.letter_services``); a failure is recorded on
    the job for its page, then raised for the worker's log."""
    from .letter_services import letter_archive_build as build
    from .models import LetterArchive, LetterArchiveStatus

    try:
        build(job_id=job_id)
    except LetterArchive.DoesNotExist:
        logger.warning("letter archive %s no longer exists", job_id)
    except Exception:
        logger.exception("letter archive %s failed", job_id)
        LetterArchive.objects.filter(pk=job_id).update(status=LetterArchiveStatus.FAILED,
                                                       error="认定书打包失败，请稍后重试。")
        raise
