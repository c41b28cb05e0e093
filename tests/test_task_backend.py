"""Wagtail's own background work (django-tasks) runs through Celery: in-process while Celery is eager,
queued on commit for the workers otherwise, and run by a real worker against Redis (CI)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django_tasks import TaskResultStatus, task

from config.celery import django_task_run
from config.task_backend import CeleryBackend, task_run
from tests.matching.index_helpers import shared_database_url
from tests.processes import reset_router, stop

ROOT = Path(__file__).resolve().parent.parent
BROKER = os.environ.get("CELERY_BROKER_URL", "")
SEEN: list[str] = []


@task()
def remember(value: str) -> str:
    """A django-task of the tests' own: records that it ran, in this process."""
    SEEN.append(value)
    return value.upper()


@task()
def fail() -> None:
    raise ValueError("the task failed")


@pytest.fixture(autouse=True)
def forget_seen():
    SEEN.clear()
    yield
    SEEN.clear()


@pytest.fixture
def sent(monkeypatch):
    """What the backend hands to Celery, instead of a broker."""
    calls: list[dict] = []
    monkeypatch.setattr(django_task_run, "apply_async", lambda **options: calls.append(options))
    return calls


def test_wagtail_queues_its_work_through_the_project_backend():
    from wagtail.search.tasks import insert_or_update_object_task
    from wagtail.tasks import delete_file_from_storage_task, update_reference_index_task

    wagtail_tasks = (update_reference_index_task, insert_or_update_object_task, delete_file_from_storage_task)
    for wagtail_task in wagtail_tasks:
        assert isinstance(wagtail_task.get_backend(), CeleryBackend)


def test_while_celery_is_eager_the_task_runs_at_once_in_process(settings, sent):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    result = remember.enqueue("demo")
    assert SEEN == ["demo"]
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == "DEMO"
    assert sent == []


@pytest.mark.django_db
def test_with_a_broker_the_task_is_sent_to_celery_when_the_transaction_commits(
    settings, sent, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks(execute=True):
        result = remember.enqueue("queued")
        assert sent == []  # not before the commit: the worker would not see the rows yet
    assert SEEN == []  # nothing ran in this process
    assert result.status == TaskResultStatus.READY and result.enqueued_at is not None
    assert sent == [{
        "kwargs": {"module_path": "tests.test_task_backend.remember", "args": ["queued"], "kwargs": {},
                   "result_id": result.id, "backend": "default"},
        "task_id": result.id,
    }]


@pytest.mark.django_db
def test_a_rolled_back_save_sends_nothing(settings, sent, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        remember.enqueue("never")
    assert len(callbacks) == 1 and sent == []


@pytest.mark.django_db
def test_an_unreachable_broker_does_not_undo_the_save(settings, monkeypatch, django_capture_on_commit_callbacks,
                                                       caplog):
    def refuse(**options):
        raise ConnectionError("broker down")

    monkeypatch.setattr(django_task_run, "apply_async", refuse)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks(execute=True):
        remember.enqueue("lost")
    assert "broker down" in caplog.text and SEEN == []


@pytest.mark.django_db
def test_wagtail_page_saves_send_the_index_work_to_celery(settings, sent, django_capture_on_commit_callbacks):
    from cms import services
    from cms.models import NewsIndexPage

    home = services.homepage_ensure()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with django_capture_on_commit_callbacks(execute=True):
        services.child_page_ensure(home, NewsIndexPage, slug="news", title="新闻动态", intro="最新动态。")
    paths = {call["kwargs"]["module_path"] for call in sent}
    assert "wagtail.tasks.update_reference_index_task" in paths
    assert "modelsearch.tasks.insert_or_update_object_task" in paths


def test_the_worker_side_runs_a_task_by_its_path():
    value = task_run(module_path="tests.test_task_backend.remember", args=["worker"], kwargs={},
                     result_id="r1", backend="default", worker_id="w1")
    assert value == "WORKER" and SEEN == ["worker"]


def test_the_worker_side_runs_nothing_but_a_django_task():
    with pytest.raises(TypeError, match="not a django-tasks task"):
        task_run(module_path="os.getcwd", args=[], kwargs={}, result_id="r2", backend="default",
                 worker_id="w1")


def test_a_failing_task_fails_the_celery_task():
    with pytest.raises(ValueError, match="the task failed"):
        task_run(module_path="tests.test_task_backend.fail", args=[], kwargs={}, result_id="r3",
                 backend="default", worker_id="w1")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not BROKER and not os.environ.get("SHUGUANG_REQUIRE_SERVICES"),
                    reason="no CELERY_BROKER_URL: runs in CI against Redis and PostgreSQL")
def test_a_real_worker_makes_a_new_page_searchable(settings, tmp_path):
    """A page saved with a broker configured is indexed by a worker, not by the web process."""
    from config.celery import app

    assert BROKER, "SHUGUANG_REQUIRE_SERVICES is set but CELERY_BROKER_URL is not"
    from cms import selectors, services
    from cms.models import NewsIndexPage, NewsPage

    database_url = shared_database_url()
    queue = f"wagtail-tasks-{uuid.uuid4().hex[:8]}"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    saved = (app.conf.task_always_eager, app.conf.task_routes)
    app.conf.task_always_eager = False
    app.conf.task_routes = {"shuguang.django_task": {"queue": queue}}
    reset_router(app)
    log_path = tmp_path / "worker.log"
    proc = None
    try:
        home = services.homepage_ensure()
        news = services.child_page_ensure(home, NewsIndexPage, slug="news", title="新闻动态", intro="最新动态。")
        page = news.add_child(instance=NewsPage(slug="zhubian", title="章水竹编工坊招收学员", intro="竹编。",
                                                body=[("paragraph", "<p>竹编果篮。</p>")]))
        services.page_publish(page)
        # No worker yet: the web process did not index the page itself.
        assert [p.pk for p in selectors.pages_search("竹编")] == []

        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": database_url,
               "CELERY_BROKER_URL": BROKER}
        with open(log_path, "w") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
                 "-Q", queue, "-n", f"{queue}@%h"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 120
        while page.pk not in [p.pk for p in selectors.pages_search("竹编")]:
            assert proc.poll() is None, log_path.read_text(encoding="utf-8")[-3000:]
            assert time.monotonic() < deadline, "the worker did not index the page:\n" + log_path.read_text(
                encoding="utf-8")[-3000:]
            time.sleep(0.5)
    finally:
        app.conf.task_always_eager, app.conf.task_routes = saved
        reset_router(app)
        if proc is not None:
            stop(proc)
    log = log_path.read_text(encoding="utf-8")
    assert "shuguang.django_task" in log and "succeeded" in log
