"""Integration: notifications are delivered by a real Celery worker process, after the transaction
commits, once — a duplicated or retried task sends nothing more, and a rolled-back write sends nothing.

Needs PostgreSQL (the worker shares the test database) and a Redis broker: runs in CI (marked
``services``). The worker records what it sends where this test can see it: e-mails as files
(Django's file backend), text messages as ``TextMessageRecord`` rows (the ``record`` SMS backend).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.db import transaction

from employment import notify
from employment.models import DeliveryStatus, NotificationDelivery, TextMessageRecord
from employment.tasks import notification_deliver
from tests.matching.index_helpers import shared_database_url
from tests.processes import private_queue_worker

BROKER = os.environ.get("CELERY_BROKER_URL", "")
MOBILE_A, MOBILE_B = "13812345678", "13987654321"

pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not BROKER and not os.environ.get("SHUGUANG_REQUIRE_SERVICES"),
        reason="no CELERY_BROKER_URL: runs in CI against Redis and PostgreSQL",
    ),
]


@pytest.fixture
def worker(tmp_path):
    """A real worker on a queue of this test's own, sending e-mail to files and texts to the database."""
    assert BROKER, "SHUGUANG_REQUIRE_SERVICES is set but CELERY_BROKER_URL is not"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    log_path = tmp_path / "worker.log"
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": shared_database_url(),
        "CELERY_BROKER_URL": BROKER,
        "TEST_SMS_BACKEND": "record",
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "TEST_EMAIL_FILE_PATH": str(mail_dir),
    }
    with private_queue_worker(prefix="notify-test", tasks="employment.notification_deliver", env=env,
                              log_path=log_path) as proc:
        yield proc, mail_dir, log_path


def _wait_for(condition, *, what: str, proc, log_path: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}\n" + log_path.read_text(encoding="utf-8", errors="replace")[-3000:])
        time.sleep(0.3)


def _mails_to(mail_dir: Path, address: str) -> int:
    return sum(f.read_text(encoding="utf-8", errors="replace").count(f"To: {address}") for f in mail_dir.iterdir())


def _all_sent(notification) -> bool:
    """No delivery of the notification is waiting any more (one without an address is skipped at once)."""
    deliveries = NotificationDelivery.objects.filter(notification=notification)
    return deliveries.exists() and not deliveries.filter(status=DeliveryStatus.PENDING).exists()


def test_a_real_worker_delivers_once_after_commit(world, worker):
    proc, mail_dir, log_path = worker
    seeker_a, seeker_b = world.users["seeker_a"], world.users["seeker_b"]
    seeker_a.email = "zhangjia@example.com"
    seeker_a.save()
    world.seeker_a.phone = MOBILE_A
    world.seeker_a.save()
    world.seeker_b.phone = MOBILE_B
    world.seeker_b.save()

    # Inside the transaction: the in-app row exists for this connection, nothing is queued yet.
    with transaction.atomic():
        [note] = notify.notify(users=[seeker_a], event="application.invited", subject="面试邀请", body="周一上午十点")
        time.sleep(3)  # a worker that had been handed the task would have sent by now
        assert TextMessageRecord.objects.count() == 0 and _mails_to(mail_dir, "zhangjia@example.com") == 0
    _wait_for(lambda: _all_sent(note), what="the deliveries after the commit", proc=proc, log_path=log_path)
    assert set(note.deliveries.values_list("channel", "status")) == {("email", "sent"), ("sms", "sent")}
    assert list(TextMessageRecord.objects.values_list("to", flat=True)) == [MOBILE_A]
    assert _mails_to(mail_dir, "zhangjia@example.com") == 1

    # A duplicated task and a retry of each delivery, and a rolled-back notification…
    for delivery in note.deliveries.all():
        notification_deliver.delay(delivery.pk)
        notification_deliver.apply_async(args=[delivery.pk], countdown=0)
    with pytest.raises(RuntimeError), transaction.atomic():
        notify.notify(users=[seeker_a], event="application.invited", subject="不会发出", body="回滚")
        raise RuntimeError("the write failed")
    # …then one more notification: the solo worker takes tasks in order, so once this one is sent the
    # duplicates before it have run.
    [sentinel] = notify.notify(users=[seeker_b], event="application.hired", subject="录用通知", body="三月一日上岗")
    _wait_for(lambda: _all_sent(sentinel), what="the last notification", proc=proc, log_path=log_path)

    assert sorted(TextMessageRecord.objects.values_list("to", flat=True)) == sorted([MOBILE_A, MOBILE_B])
    assert _mails_to(mail_dir, "zhangjia@example.com") == 1
    assert sentinel.deliveries.get(channel="sms").status == DeliveryStatus.SENT  # seeker B has no e-mail
    assert all(d.attempts == 1 for d in NotificationDelivery.objects.filter(status=DeliveryStatus.SENT))
    assert not TextMessageRecord.objects.filter(text__contains="不会发出").exists()
