"""Celery tasks of the declarations: recomputation after a year's parameters change.

Queued with ``transaction.on_commit`` when a ``PolicyYear`` is saved (``quota.signals``). The
task takes the year, calls one service and owns the retries; it is acknowledged only when done
(``acks_late``), so a worker killed midway leaves the message for the next worker.
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
