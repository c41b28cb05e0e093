"""The one notification interface (employment.notify): in-app rows in the caller's transaction, each
chosen outside channel delivered once after the commit, delivery state recorded, the event table and
each person's settings honoured."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from employment import notify, sms
from employment.models import (
    DeliveryStatus,
    Notification,
    NotificationDelivery,
    NotificationSettings,
    TextMessageRecord,
)
from employment.notifications import notification_settings_save
from employment.tasks import notification_deliver

MOBILE = "13812345678"


class GatewayDown:
    """An SMS gateway that refuses every message (the outside service, not the code under test)."""

    def send(self, to: str, text: str) -> None:
        raise sms.SmsError("gateway answered 503")


@pytest.fixture(autouse=True)
def _outboxes():
    sms.outbox.clear()
    mail.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def seeker_user(world):
    user = world.users["seeker_a"]
    user.email = "zhangjia@example.com"
    user.save()
    world.seeker_a.phone = MOBILE
    world.seeker_a.save()
    return user


@pytest.fixture
def sent_on_commit(django_capture_on_commit_callbacks):
    """The test's transaction never commits: run what would run on commit at the end of the block."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _tell(user, event="application.invited", **kwargs):
    return notify.notify(users=[user], event=event, subject="面试邀请", body="请来面试。", **kwargs)


def test_in_app_now_other_channels_once_after_commit(seeker_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            [note] = _tell(seeker_user, url="/seeker/applications/")
    # The in-app row is there at once; nothing has left before the commit.
    assert note.event == "application.invited" and note.read_at is None
    assert mail.outbox == [] and sms.outbox == []
    assert set(note.deliveries.values_list("channel", "status")) == {
        ("email", DeliveryStatus.PENDING), ("sms", DeliveryStatus.PENDING)}
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["zhangjia@example.com"]]
    assert mail.outbox[0].subject == "面试邀请" and "/seeker/applications/" in mail.outbox[0].body
    assert [m.to for m in sms.outbox] == [MOBILE] and "面试邀请" in sms.outbox[0].text
    deliveries = list(note.deliveries.all())
    assert all(d.status == DeliveryStatus.SENT and d.attempts == 1 and d.sent_at for d in deliveries)
    note.refresh_from_db()
    assert note.emailed_at is not None
    # A retried or duplicated task sends nothing more.
    for delivery in deliveries:
        notification_deliver.delay(delivery.pk)
        assert notify.notification_delivery_send(delivery_id=delivery.pk) is False
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1


def test_nothing_is_told_if_the_transaction_rolls_back(seeker_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _tell(seeker_user)
            raise RuntimeError("the write failed")
    assert callbacks == [] and mail.outbox == [] and sms.outbox == []
    assert not Notification.objects.filter(user=seeker_user).exists()


def test_a_failed_attempt_is_recorded_and_given_up_after_the_limit(seeker_user, settings, sent_on_commit):
    settings.SMS_BACKEND = f"{__name__}.GatewayDown"
    with sent_on_commit():
        [note] = _tell(seeker_user)
    delivery = note.deliveries.get(channel="sms")
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "503" in delivery.last_error
    for _ in range(notify.MAX_ATTEMPTS - 1):
        with pytest.raises(notify.DeliveryFailed):
            notify.notification_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == notify.MAX_ATTEMPTS
    assert notify.notification_delivery_send(delivery_id=delivery.pk) is False
    # The e-mail went its own way.
    assert note.deliveries.get(channel="email").status == DeliveryStatus.SENT


def test_each_person_chooses_channels_and_the_mobile_number(seeker_user, sent_on_commit):
    notification_settings_save(
        user=seeker_user, channels={"application.invited": ["sms"]}, sms_mobile="139 0000 1111"
    )
    with sent_on_commit():
        [note] = _tell(seeker_user)
    assert list(note.deliveries.values_list("channel", "address")) == [("sms", "13900001111")]
    assert mail.outbox == [] and [m.to for m in sms.outbox] == ["13900001111"]
    # An event not chosen at all: in-app only.
    notification_settings_save(user=seeker_user, channels={}, sms_mobile="")
    with sent_on_commit():
        [quiet] = _tell(seeker_user)
    assert not quiet.deliveries.exists() and len(sms.outbox) == 1


def test_settings_refuse_a_number_that_cannot_receive_texts(seeker_user):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        notification_settings_save(user=seeker_user, channels={}, sms_mobile="0574-8888888")
    assert not NotificationSettings.objects.filter(user=seeker_user).exists()


def test_no_address_is_recorded_as_skipped(world):
    [note] = _tell(world.users["seeker_b"])  # no e-mail, no phone
    assert set(note.deliveries.values_list("channel", "status")) == {
        ("email", DeliveryStatus.SKIPPED), ("sms", DeliveryStatus.SKIPPED)}
    assert mail.outbox == [] and sms.outbox == []


def test_the_mobile_given_when_the_account_was_opened_receives_texts(world, sent_on_commit):
    """An employer account opened by the district (or imported) with only a mobile number: the texts
    the employer wants (a returned declaration) go to that number without a visit to the settings."""
    from employment import account_services
    from employment.account_services import Binding
    from employment.models import Role

    user, _token = account_services.account_create(
        by=world.users["district"], username="yongxiu-hr", display_name="赵一", phone="139 0000 2222",
        binding=Binding(Role.EMPLOYER, employer=world.employer_a))
    with sent_on_commit():
        [note] = notify.notify(users=[user], event="declaration.returned", subject="申报被退回", body="请修改。")
    assert [m.to for m in sms.outbox] == ["13900002222"]
    assert note.deliveries.get(channel="sms").status == DeliveryStatus.SENT
    # A number in the person's own settings still comes first.
    notification_settings_save(user=user, channels={"declaration.returned": ["sms"]}, sms_mobile="13700003333")
    assert notify.sms_address(user, notify.settings_of(user)) == "13700003333"


def test_only_people_the_event_is_for_and_each_once(world, seeker_user):
    employer = world.users["employer_a"]
    notes = notify.notify(users=[seeker_user, seeker_user, employer, None], event="application.invited",
                          subject="面试邀请", body="x")
    assert [n.user for n in notes] == [seeker_user]  # the employer may not receive a seeker's invitation
    world.users["seeker_b"].is_active = False
    world.users["seeker_b"].save()
    assert _tell(world.users["seeker_b"]) == []
    with pytest.raises(ValueError, match="unknown notification event"):
        notify.notify(users=[seeker_user], event="no.such.event", subject="x", body="x")
    with pytest.raises(ValueError):
        _tell(seeker_user, url="https://example.com/")


def test_the_event_table_lists_what_each_role_receives():
    codes = {role: {e.code for e in notify.events_for_role(role)} for role in ("seeker", "employer", "town")}
    assert {"application.invited", "application.interview_changed", "application.hired",
            "application.declined", "assessment.updated", "subsidy.status"} <= codes["seeker"]
    assert {"application.received", "application.replied", "declaration.received", "declaration.returned",
            "declaration.approved", "declaration.conflict", "subsidy.status"} <= codes["employer"]
    assert "review.queued" in codes["town"] and not codes["seeker"] & codes["town"]
    assert all(e.label and set(e.default_channels) <= {"email", "sms"} for e in notify.EVENTS.values())


def test_the_record_backend_keeps_the_message(db, settings, capsys):
    settings.SMS_BACKEND = "record"
    sms.send(to=MOBILE, text="你好")
    assert list(TextMessageRecord.objects.values_list("to", "text")) == [(MOBILE, "你好")]
    assert MOBILE in capsys.readouterr().out


def test_a_long_body_is_cut_for_a_text_message(seeker_user, sent_on_commit):
    with sent_on_commit():
        [note] = notify.notify(users=[seeker_user], event="application.invited", subject="面试邀请", body="很长" * 400)
    text = notify.sms_text(note)
    assert len(text) == notify.SMS_MAX_CHARS and text.endswith("“我的通知”。")
    assert NotificationDelivery.objects.filter(notification=note, channel="sms", status="sent").exists()


def test_a_delivery_whose_task_never_ran_is_queued_again(seeker_user):
    from datetime import timedelta

    from django.utils import timezone

    from employment.tasks import notification_deliveries_requeue

    [lost] = _tell(seeker_user)  # never committed here: its tasks were never queued
    [fresh] = _tell(seeker_user)
    lost.deliveries.update(created_at=timezone.now() - timedelta(minutes=20))
    assert notification_deliveries_requeue.delay().get() == 2  # the lost one's e-mail and SMS
    assert set(lost.deliveries.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert set(fresh.deliveries.values_list("status", flat=True)) == {DeliveryStatus.PENDING}
    assert len(mail.outbox) == 1 and len(sms.outbox) == 1
    assert notify.notification_deliveries_requeue(older_than_seconds=600) == 0


def test_beat_runs_the_requeue_task(settings):
    from config.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["notification-deliveries-requeue"]
    assert entry["task"] in app.tasks and "employment.notification_deliver" in app.tasks


def test_a_seeker_who_changes_their_email_gets_notices_at_the_new_address(seeker_user, client_for,
                                                                            sent_on_commit):
    """The seeker changes the address in 我的资料和隐私 (the only place they can): notices, the
    notification settings page and the account follow it."""
    from django.urls import reverse

    client = client_for(seeker_user)
    response = client.post(reverse("seeker-settings"), {
        "name": seeker_user.seeker.name, "phone": MOBILE, "email": "wangjia.new@example.com",
        "visible_to_employers": "", "personalised_matching": "on"})
    assert response.status_code == 302
    seeker_user.refresh_from_db()
    assert seeker_user.email == "wangjia.new@example.com"
    assert "wangjia.new@example.com" in client.get(reverse("notification-settings")).content.decode()
    with sent_on_commit():
        _tell(seeker_user)
    assert [m.to for m in mail.outbox] == [["wangjia.new@example.com"]]


def test_a_seeker_record_address_wins_over_an_older_account_address(seeker_user):
    seeker = seeker_user.seeker
    seeker.email = "record@example.com"
    seeker.save()
    assert notify.email_address(seeker_user) == "record@example.com"  # the account still has zhangjia@
