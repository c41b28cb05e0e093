"""Celery tasks that keep vectors and indexes in step with the rows (索引更新任务).

``employment.services`` queues :func:`queue_index_update` with ``transaction.on_commit`` after a
save, publish or close. Each task takes a primitive id, re-loads the row and calls one function of
``matching.index``; running it twice is harmless (a vector is recomputed only when the embedded text
changed, and an index version is written only when its content changes).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from celery import shared_task
from django.db import OperationalError

from . import index

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="matching.index_job", **RETRY)
def job_index_update(job_id: int) -> str:
    """Embed a job post if its text changed; index it while published, remove it otherwise."""
    return index.index_job(int(job_id))


@shared_task(name="matching.index_assessment", **RETRY)
def assessment_index_update(assessment_id: int) -> str:
    """Embed an assessment if its text changed; the seeker's current assessment replaces older ones."""
    return index.index_assessment(int(assessment_id))


@shared_task(name="matching.rebuild_indexes")
def indexes_rebuild() -> dict:
    """The full rebuild, for a periodic schedule or an operator."""
    report = index.rebuild()
    return {"jobs": report.jobs_indexed, "seekers": report.seekers_indexed, "version": report.version}


TASKS = {"job": job_index_update, "assessment": assessment_index_update}
_deferred: ContextVar[bool] = ContextVar("index_updates_deferred", default=False)


@contextmanager
def index_updates_deferred() -> Iterator[None]:
    """Within a bulk import, skip the per-row tasks (each would write a whole index version); the
    caller rebuilds once at the end with ``index.rebuild()``. Wrap the outermost transaction, so
    the on-commit callbacks run inside the block."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def queue_index_update(kind: str, pk: int) -> None:
    """Queue the update for one row (``kind`` is ``"job"`` or ``"assessment"``); call it on commit."""
    try:
        task = TASKS[kind]
    except KeyError:
        raise ValueError(f"unknown index update kind {kind!r}") from None
    if _deferred.get():
        return
    task.delay(int(pk))
