"""Celery tasks of the declarations: recomputation after a year's parameters change and the daily
deadline reminders (Celery beat, ``CELERY_BEAT_SCHEDULE`` in the settings).

The recomputation is queued with ``transaction.on_commit`` when a ``PolicyYear`` is saved
(``quota.signals``). Each task takes primitive values, calls one service and owns the retries; each is
harmless to run twice (the recomputation stores the same result, a deadline reminder is guarded by
its log row; the reminders' e-mails and texts go through ``employment.notify``).
"""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError


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
