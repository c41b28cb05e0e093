"""Integration: saving an assessment queues a task that a real Celery worker process runs, embedding the
row in the shared test database and putting it into the index on disk."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from employment import services
from employment.models import VocationalAssessment
from matching import index
from tests.matching.index_helpers import shared_database_url, use_index_dir
from tests.processes import private_queue_worker

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL", "")

needs_services = pytest.mark.skipif(
    not BROKER and not os.environ.get("SHUGUANG_REQUIRE_SERVICES"),
    reason="no CELERY_BROKER_URL: runs in CI against Redis and PostgreSQL",
)


@pytest.fixture
def worker(settings, tmp_path):
    """A real worker on a queue of its own, using this test's database and index folder."""
    assert BROKER, "SHUGUANG_REQUIRE_SERVICES is set but CELERY_BROKER_URL is not"
    index_dir = tmp_path / "index"
    use_index_dir(settings, index_dir)
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": shared_database_url(),
        "MATCHING_INDEX_DIR": str(index_dir),
        "CELERY_BROKER_URL": BROKER,
    }
    log_path = ROOT / "var" / "celery-matching-worker.log"
    with private_queue_worker(prefix="matching-test", tasks="matching.*", env=env, log_path=log_path) as proc:
        yield proc, index_dir, log_path


@needs_services
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_worker_embeds_a_saved_assessment(world, worker):
    proc, index_dir, log_path = worker
    assessment = services.assessment_record(
        seeker=world.seeker_a, skills="打字；电脑操作", desired_jobs="客服", needs=[], limitations=["lift_heavy"]
    )
    deadline = time.monotonic() + 180
    row = VocationalAssessment.objects.get(pk=assessment.pk)
    while row.embedding is None:
        assert proc.poll() is None, log_path.read_text(encoding="utf-8")[-3000:]
        assert time.monotonic() < deadline, "the worker did not embed the row:\n" + log_path.read_text(
            encoding="utf-8"
        )[-3000:]
        time.sleep(0.5)
        row = VocationalAssessment.objects.get(pk=assessment.pk)
    assert row.embedding_model.startswith(index.current_model_name())
    # The index update is the same task, right after the vector is stored.
    while (served := index.serving("seekers")) is None or assessment.pk not in served.ids:
        assert time.monotonic() < deadline, "the worker did not index the row"
        time.sleep(0.2)
    assert (index_dir / "manifest.json").exists()
