"""Helpers for tests that start other processes (Celery workers, beat)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def stop(proc: subprocess.Popen, timeout: float = 30) -> None:
    """Ask the process to stop; kill it if it has not stopped within ``timeout`` seconds."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def reset_router(app) -> None:
    """Make the Celery app route by its current ``task_routes``: the router is built once and cached."""
    app.amqp.flush_routes()
    app.amqp.router = app.amqp.Router()


@contextlib.contextmanager
def private_queue_worker(*, prefix: str, tasks: str, env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen]:
    """A real Celery worker (solo pool) on a queue of this test's own, with ``tasks`` (a task name or
    pattern, e.g. ``"matching.*"``) routed to it while the block runs: other workers on the shared
    broker never see the test's messages, and this worker sees no one else's. ``env`` is added to this
    process's environment (settings module, shared database URL, broker …). Sending is switched from
    eager to the broker for the block; routing and eagerness are put back afterwards and the worker
    stopped."""
    from config.celery import app

    queue = f"{prefix}-{uuid.uuid4().hex[:8]}"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
             "-Q", queue, "-n", f"{queue}@%h"],
            cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT,
        )
    saved = (app.conf.task_always_eager, app.conf.task_routes)
    app.conf.task_always_eager = False
    app.conf.task_routes = {tasks: {"queue": queue}}
    reset_router(app)
    try:
        yield proc
    finally:
        app.conf.task_always_eager, app.conf.task_routes = saved
        reset_router(app)
        stop(proc)
