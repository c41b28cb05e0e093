"""Faults: a real Celery worker is killed (SIGKILL) in the middle of a declaration recomputation and
of an index rebuild. Nothing half-done is visible, and the work completes when a worker returns.

Needs PostgreSQL (the worker process shares the test database) and a Redis broker: runs in CI.
Tasks are acknowledged late, so the killed worker's message goes back to the queue; a short
visibility timeout lets the next worker take it within the test.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import transaction

from employment import services as employment_services
from matching import index
from matching.tasks import index_updates_deferred, indexes_rebuild
from quota.models import Declaration
from tests.factories import EmployerFactory
from tests.matching.index_helpers import shared_database_url, use_index_dir
from tests.processes import reset_router, stop
from tests.quota.conftest import YEAR, policy, roster_row, start_declaration  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL", "")
VISIBILITY = 3

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not BROKER and not os.environ.get("SHUGUANG_REQUIRE_SERVICES"),
        reason="no CELERY_BROKER_URL: runs in CI against Redis and PostgreSQL",
    ),
]


@pytest.fixture
def workers(settings, tmp_path):
    """Start workers on a queue of this test's own; every one still running is stopped at the end."""
    assert BROKER, "SHUGUANG_REQUIRE_SERVICES is set but CELERY_BROKER_URL is not"
    from config.celery import app

    queue = f"faults-{uuid.uuid4().hex[:8]}"
    index_dir = tmp_path / "index"
    use_index_dir(settings, index_dir)
    started: list[tuple[subprocess.Popen, Path]] = []

    def start(**extra_env) -> tuple[subprocess.Popen, Path]:
        log_path = tmp_path / f"worker-{len(started)}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": shared_database_url(),
            "MATCHING_INDEX_DIR": str(index_dir),
            "CELERY_BROKER_URL": BROKER,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY),
            # Sweep for a killed worker's messages every second instead of every 100 s.
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            **{k: str(v) for k, v in extra_env.items()},
        }
        with open(log_path, "w") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO",
                 "-Q", queue, "-n", f"{queue}-{len(started)}@%h"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        started.append((proc, log_path))
        return proc, log_path

    saved = (app.conf.task_always_eager, app.conf.task_routes, app.conf.broker_transport_options)
    app.conf.task_always_eager = False
    app.conf.task_routes = {"declarations.*": {"queue": queue}, "matching.*": {"queue": queue}}
    app.conf.broker_transport_options = {
        "visibility_timeout": VISIBILITY, "unacked_restore_interval": 1, "unacked_restore_throttle": 1,
    }
    reset_router(app)
    try:
        yield start
    finally:
        app.conf.task_always_eager, app.conf.task_routes, app.conf.broker_transport_options = saved
        reset_router(app)
        for proc, _ in started:
            stop(proc)


def wait_for(condition, *, timeout: float, what: str, logs: list[Path]):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            tails = "\n".join(p.read_text(encoding="utf-8", errors="replace")[-2000:] for p in logs)
            pytest.fail(f"timed out waiting for {what}\n{tails}")
        time.sleep(0.2)


def test_worker_killed_during_declaration_recomputation(world, start_declaration, workers):  # noqa: F811
    from quota.tasks import declarations_recompute

    employers = [world.employer_a, world.employer_b] + [EmployerFactory(town=world.town_x) for _ in range(3)]
    ids = [
        start_declaration(employer, world.users["district"], rows=[roster_row(n)]).pk
        for n, employer in enumerate(employers, start=1)
    ]
    Declaration.objects.filter(pk__in=ids).update(counted=None, levy_payable=None, result={})

    def states():
        return [
            (d.counted is not None, d.levy_payable is not None, bool(d.result))
            for d in Declaration.objects.filter(pk__in=ids).order_by("pk")
        ]

    first, first_log = workers(DECLARATION_RECOMPUTE_PAUSE=2)
    declarations_recompute.delay(YEAR)
    wait_for(lambda: any(all(s) for s in states()), timeout=120, what="the first recomputed declaration",
             logs=[first_log])
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)

    done = [all(s) for s in states()]
    assert 1 <= sum(done) < len(ids), "the worker was not killed midway"
    # Each declaration is either untouched or fully recomputed: never a half-stored result.
    assert all(s in ((False, False, False), (True, True, True)) for s in states())

    _, second_log = workers()
    wait_for(lambda: all(all(s) for s in states()), timeout=120, what="the recomputation to complete",
             logs=[first_log, second_log])


# The real encoder: the kill must land inside the rebuild, which the model's loading makes last seconds
# (the tests' hashing encoder would finish it before the kill).
@pytest.mark.real_encoder
def test_worker_killed_during_index_rebuild_keeps_old_index_serving(world, workers):
    employment_services.assessment_record(seeker=world.seeker_a, skills="电脑打字", desired_jobs="网店客服")
    before = index.rebuild()
    assert before.seekers_indexed == 1
    with index_updates_deferred(), transaction.atomic():
        employment_services.assessment_record(seeker=world.seeker_b, skills="手语；电脑", desired_jobs="数据标注")

    first, first_log = workers()
    indexes_rebuild.delay()
    received = re.compile(r"Task matching\.rebuild_indexes\[[^\]]+\] received")
    wait_for(lambda: received.search(first_log.read_text(encoding="utf-8", errors="replace")),
             timeout=60, what="the worker to receive the rebuild", logs=[first_log])
    time.sleep(1)  # inside the rebuild: the encoder is loading or embedding
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)

    manifest = index.store().read_manifest()
    assert manifest["version"] == before.version, "the rebuild finished before the kill: not a mid-way test"
    served = index.serving("seekers")
    assert served is not None and served.version == before.version  # the old, complete index still serves

    _, second_log = workers()
    wait_for(lambda: (index.store().read_manifest() or {}).get("version", 0) > before.version, timeout=180,
             what="a worker to finish the rebuild", logs=[first_log, second_log])
    # Both seekers embedded and indexed, and the index agrees with the database.
    assert index.check().consistent
