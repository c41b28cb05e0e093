"""Wagtail's own background work, run by the project's one background system (Celery).

Wagtail 8 queues its work — search index updates, the reference index, deleting the files of removed
images and documents — through django-tasks (``task.enqueue(...)``, settings ``TASKS``). Its default
backend runs each task at once inside the request. ``CeleryBackend`` keeps exactly that while
``CELERY_TASK_ALWAYS_EAGER`` is set (no broker: ``make demo``; the test settings) and otherwise sends
the task, on commit, to the same Celery workers and queue as the project's own tasks, as the Celery
task ``shuguang.django_task`` (``config/celery.py``), which calls :func:`task_run` in the worker.

Why on commit: Wagtail enqueues from ``post_save``, inside the transaction that wrote the row; a
worker that ran before the commit would not find it. Why ``robust``: a broker that cannot be reached
after the commit is logged, not shown as an error page for a save that did succeed (the indexes catch
up with ``manage.py update_index`` and ``manage.py rebuild_references_index``).

Why not a package from the registry: django-tasks-celery 0.1.1 needs Python 3.12 and Django 6;
django-tasks-fennel 0.1 sends at once rather than on commit, and its system checks warn without a
check id about a Redis broker, which ``check --deploy --fail-level WARNING`` (CI) would fail on.

Not supported here (Wagtail uses none of them): results read back (``get_result``), ``run_after``,
priorities (accepted, not passed on), django-tasks queue names (every task goes to Celery's
default routing, like the project's own tasks).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskContext, TaskResult, TaskResultStatus
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task, TaskError
from django_tasks.signals import task_enqueued, task_finished, task_started
from django_tasks.utils import get_exception_traceback, get_module_path, get_random_id, normalize_json


class CeleryBackend(ImmediateBackend):
    """In-process while Celery is eager; otherwise queued for the Celery workers on commit."""

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        from config.celery import django_task_run

        # The setting, not the Celery app's live flag: the worker tests switch the app out of eager mode
        # for their own queues, and Wagtail's work must not be sent where no worker of theirs listens.
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return super().enqueue(task, args, kwargs)
        self.validate_task(task)
        result = TaskResult(
            task=task, id=get_random_id(), status=TaskResultStatus.READY, enqueued_at=None, started_at=None,
            last_attempted_at=None, finished_at=None, args=args, kwargs=kwargs, backend=self.alias,
            errors=[], worker_ids=[],
        )

        def send_to_celery() -> None:  # a function, not a partial: Django logs a robust hook's __qualname__
            self._send(result, django_task_run)

        transaction.on_commit(send_to_celery, robust=True)
        return result

    def _send(self, result: TaskResult, celery_task) -> None:
        # args and kwargs were made JSON-safe by TaskResult (django-tasks' own rule), so Celery's JSON
        # serializer carries them unchanged.
        celery_task.apply_async(
            kwargs={"module_path": result.task.module_path, "args": result.args, "kwargs": result.kwargs,
                    "result_id": result.id, "backend": self.alias},
            task_id=result.id,
        )
        object.__setattr__(result, "enqueued_at", timezone.now())
        task_enqueued.send(type(self), task_result=result)


def task_run(
    *, module_path: str, args: list, kwargs: dict, result_id: str, backend: str, worker_id: str
) -> Any:
    """Run one queued django-task in this (worker) process. Failures propagate, so Celery logs them
    and its retry settings apply; django-tasks' started/finished signals are sent as in-process."""
    task = import_string(module_path)
    if not isinstance(task, Task):
        # The path comes from a broker message: run nothing that is not a django-tasks task.
        raise TypeError(f"{module_path} is not a django-tasks task")
    started = timezone.now()
    result = TaskResult(
        task=task, id=result_id, status=TaskResultStatus.RUNNING, enqueued_at=None, started_at=started,
        last_attempted_at=started, finished_at=None, args=args, kwargs=kwargs, backend=backend,
        errors=[], worker_ids=[worker_id],
    )
    task_started.send(CeleryBackend, task_result=result)
    try:
        if task.takes_context:
            value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
        else:
            value = task.call(*result.args, **result.kwargs)
    except Exception as exc:
        result.errors.append(
            TaskError(exception_class_path=get_module_path(type(exc)), traceback=get_exception_traceback(exc))
        )
        object.__setattr__(result, "status", TaskResultStatus.FAILED)
        object.__setattr__(result, "finished_at", timezone.now())
        task_finished.send(CeleryBackend, task_result=result)
        raise
    object.__setattr__(result, "status", TaskResultStatus.SUCCESSFUL)
    object.__setattr__(result, "finished_at", timezone.now())
    task_finished.send(CeleryBackend, task_result=result)
    return normalize_json(value)
