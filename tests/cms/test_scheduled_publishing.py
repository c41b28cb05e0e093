"""Scheduled 公示 pages need a periodic run of Wagtail's ``publish_scheduled``: Celery beat sends
``cms.publish_scheduled`` every ``PUBLISH_SCHEDULED_INTERVAL`` seconds. Tested as the task itself,
and end to end with a real worker running an embedded beat against Redis and the shared
PostgreSQL test database (CI)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from cms import services
from cms.models import AnnouncementIndexPage, AnnouncementPage
from cms.tasks import publish_scheduled
from tests.matching.index_helpers import shared_database_url
from tests.processes import stop

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("CELERY_BROKER_URL", "")


def _expired_announcement() -> AnnouncementPage:
    """A live announcement whose expiry time has just passed."""
    home = services.homepage_ensure()
    index = services.child_page_ensure(home, AnnouncementIndexPage, slug="gongshi", title="公示公告")
    page = index.add_child(instance=AnnouncementPage(
        title="2026年度超比例奖励名单公示", slug="beat", category="超比例奖励", live=False,
        expire_at=timezone.now() + timedelta(days=7), body=[("paragraph", "<p>拟奖励单位名单如下。</p>")]))
    services.page_publish(page)
    AnnouncementPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    page.refresh_from_db()
    assert page.live
    return page


def test_beat_schedule_runs_the_registered_task():
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert 0 < entry["schedule"] <= 600  # a 公示 goes live / comes down within minutes of its time


@pytest.mark.django_db
def test_task_takes_down_an_expired_announcement():
    page = _expired_announcement()
    publish_scheduled.apply().get()
    page.refresh_from_db()
    assert not page.live and page.expired


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not BROKER and not os.environ.get("SHUGUANG_REQUIRE_SERVICES"),
                    reason="no CELERY_BROKER_URL: runs in CI against Redis and PostgreSQL")
def test_worker_with_beat_takes_down_an_expired_announcement(tmp_path):
    assert BROKER, "SHUGUANG_REQUIRE_SERVICES is set but CELERY_BROKER_URL is not"
    database_url = shared_database_url()
    page = _expired_announcement()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": database_url,
           "CELERY_BROKER_URL": BROKER, "PUBLISH_SCHEDULED_INTERVAL": "1"}
    log_path = tmp_path / "worker-beat.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--beat", "--pool=solo", "--loglevel=INFO",
             "-s", str(tmp_path / "beat-schedule"), "-n", f"beat-test-{os.getpid()}@%h"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            page.refresh_from_db()
            if not page.live:
                break
            time.sleep(0.5)
    finally:
        stop(proc)
    assert not page.live, log_path.read_text()[-3000:]
    assert page.expired
    assert "cms.publish_scheduled" in log_path.read_text()
