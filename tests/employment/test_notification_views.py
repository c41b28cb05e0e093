"""通知设置 for every role, the header's unread count, and opening or clearing one's own notifications."""

from __future__ import annotations

import pytest
from django.urls import reverse

from employment import notify
from employment.models import Notification, NotificationSettings


@pytest.mark.parametrize(("role", "shown", "not_shown"), [
    ("seeker_a", "面试邀请", "收到新的求职申请"),
    ("employer_a", "年审申报被退回", "录用通知"),
    ("town_x", "待审核事项（新提交或重新提交）", "年审申报被退回"),
])
def test_each_role_sees_the_events_it_receives(world, client_for, role, shown, not_shown):
    html = client_for(world.users[role]).get(reverse("notification-settings")).content.decode()
    assert "<h1>通知设置</h1>" in html and shown in html and not_shown not in html
    assert "接收短信的手机号码" in html


def test_a_provider_sets_only_what_a_provider_receives(world, client_for):
    """Since the account pages, a provider is told when the district rebinds its account (account.rebound,
    for every bound role); nothing of the seekers' or employers' events is offered."""
    page = client_for(world.users["provider_a"]).get(reverse("notification-settings"))
    assert [event.code for event in page.context["events"]] == ["account.rebound"]
    assert "目前没有需要设置的通知" not in page.content.decode()


def test_an_employer_user_chooses_channels_and_a_mobile(world, client_for):
    user = world.users["employer_a"]
    field = "event_declaration_returned"
    response = client_for(user).post(reverse("notification-settings"), {field: ["sms"], "sms_mobile": "+86 139-0000-2222"})
    assert response.status_code == 302
    prefs = NotificationSettings.objects.get(user=user)
    assert prefs.sms_mobile == "13900002222"
    assert prefs.channels["declaration.returned"] == ["sms"] and prefs.channels["application.received"] == []
    # The page shows what is stored.
    html = client_for(user).get(reverse("notification-settings")).content.decode()
    assert "139****2222" in html


def test_a_number_that_cannot_receive_texts_is_refused_and_nothing_saved(world, client_for):
    user = world.users["town_x"]
    response = client_for(user).post(reverse("notification-settings"), {"sms_mobile": "0574-8888888"})
    assert response.status_code == 200 and "手机号码" in response.content.decode()
    assert not NotificationSettings.objects.filter(user=user).exists()


def test_the_header_counts_unread_and_all_can_be_marked_read(world, client_for):
    user = world.users["seeker_a"]
    for n in range(3):
        notify.notify(users=[user], event="application.hired", subject=f"通知{n}", body="x")
    client = client_for(user)
    assert "站内通知（3 条未读）" in client.get(reverse("seeker-home")).content.decode()
    assert client.post(reverse("notification-read-all")).status_code == 302
    html = client.get(reverse("seeker-home")).content.decode()
    assert "条未读" not in html and ">站内通知</a>" in html
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    assert not Notification.objects.filter(user=world.users["seeker_b"]).exists()


def test_opening_a_notification_goes_to_its_page(world, client_for):
    user = world.users["employer_a"]
    [note] = notify.notify(users=[user], event="application.received", subject="新申请", body="x",
                           url=reverse("employer-home"))
    response = client_for(user).post(reverse("notification-read", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("employer-home")
    # Someone else's: not found.
    assert client_for(world.users["employer_b"]).post(reverse("notification-read", args=[note.pk])).status_code == 404


def test_the_notification_list_is_paginated_newest_first(world, client_for):
    user = world.users["district"]
    for n in range(25):
        Notification.objects.create(user=user, subject=f"通知{n:02d}", body="正文")
    Notification.objects.create(user=world.users["town_x"], subject="别人的通知", body="正文")
    client = client_for(user)
    first = client.get(reverse("notification-list")).content.decode()
    assert first.count("【未读】") == 20 and "通知24" in first and "通知04" not in first
    assert "第 1 页，共 2 页（25 条）" in first and "别人的通知" not in first
    last = client.get(reverse("notification-list"), {"page": "99"}).content.decode()  # past the end: the last
    assert "第 2 页，共 2 页（25 条）" in last and "通知00" in last and "通知05" not in last


def test_a_notice_not_sent_says_what_was_missing(world, client_for):
    """短信：未发送（没有地址） said nothing a person could act on: a text skipped names the mobile
    number, an e-mail the address."""
    from employment.models import Channel, DeliveryStatus, NotificationDelivery

    user = world.users["seeker_a"]
    notify.notify(users=[user], event="application.hired", subject="录用", body="x")
    note = Notification.objects.get(user=user, subject="录用")
    note.deliveries.all().delete()
    for channel in (Channel.SMS, Channel.EMAIL):
        NotificationDelivery.objects.create(notification=note, channel=channel, status=DeliveryStatus.SKIPPED)
    html = client_for(user).get(reverse("notification-list")).content.decode()
    assert "短信：未发送（没有手机号码）" in html and "电子邮件：未发送（没有电子邮箱地址）" in html
