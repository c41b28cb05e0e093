"""The Celery app. Without CELERY_BROKER_URL tasks run eagerly in-process (see settings).

It also runs Wagtail's own background work (django-tasks): ``config/task_backend.py`` queues it here.
"""

import os

from celery import Celery
from django.db import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("shuguang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="shuguang.ping")
def ping() -> str:
    """Health check used by the worker integration test and operators."""
    return "pong"


@app.task(
    name="shuguang.django_task", bind=True, autoretry_for=(OperationalError,), retry_backoff=True,
    max_retries=5,
)
def django_task_run(self, *, module_path: str, args: list, kwargs: dict, result_id: str, backend: str):
    """Wagtail's own background work (django-tasks), queued by ``config.task_backend.CeleryBackend``."""
    from config.task_backend import task_run

    return task_run(
        module_path=module_path, args=args, kwargs=kwargs, result_id=result_id, backend=backend,
        worker_id=self.request.hostname or "celery",
    )
