"""Integration: a real Celery worker process against the configured broker (Redis in CI) runs a task."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import stop

ROOT = Path(__file__).resolve().parent.parent
BROKER = os.environ.get("CELERY_BROKER_URL", "")
BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "")

needs_services = pytest.mark.skipif(
    not (BROKER and BACKEND) and not os.environ.get("SHUGUANG_REQUIRE_SERVICES"),
    reason="no CELERY_BROKER_URL/CELERY_RESULT_BACKEND: runs in CI against Redis",
)


@pytest.fixture
def celery_worker_process():
    """Start `celery worker` as a separate process and stop it afterwards."""
    assert BROKER and BACKEND, "CI must set CELERY_BROKER_URL and CELERY_RESULT_BACKEND"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    log = open(ROOT / "var" / "celery-test-worker.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO", "-n", "ci@%h"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield proc
    finally:
        stop(proc)
        log.close()


@needs_services
@pytest.mark.services
def test_real_worker_completes_task(celery_worker_process):
    from config.celery import app

    result = app.send_task("shuguang.ping")
    assert result.get(timeout=90) == "pong"
