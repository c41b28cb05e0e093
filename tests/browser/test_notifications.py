"""Notifications in Chromium: a town reviewer returns an employer's declaration — the employer sees it in
the header's unread count and in 我的通知, and one e-mail was sent (locmem); an employer invites a seeker
to interview — the seeker sees it in-app and one text message went through the SMS backend. Each
exactly once. The notification list and the settings page are axe-clean, also at 375 px wide."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from employment import applications, sms
from employment.models import Notification, NotificationSettings
from quota import services as quota
from tests.browser.keyboard import logout, press
from tests.quota.conftest import policy, roster_row, start_declaration  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Test-password-123"
SEEKER_MOBILE = "13812345678"


def _fits_375(page) -> bool:
    page.set_viewport_size({"width": 375, "height": 800})
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.set_viewport_size({"width": 1280, "height": 900})
    return fits


def test_returned_declaration_and_interview_invitation_are_told_once(
    page, live_server, login_page, check_a11y, world, start_declaration  # noqa: F811
):
    sms.outbox.clear()
    employer = world.users["employer_a"]
    employer.email = "hr@jia.example.com"
    employer.save()
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    quota.declaration_submit(declaration=declaration, user=employer)
    mail.outbox.clear()

    # -- the town reviewer returns it with a comment -----------------------------------------------
    login_page("town_x", PASSWORD)
    page.goto(f"{live_server.url}/review/declarations/{declaration.pk}/")
    page.get_by_label("审核意见").fill("请补充张三的劳动合同复印件")
    press(page, page.get_by_role("button", name="退回修改"))
    check_a11y(page, "review-return-confirm")
    press(page, page.get_by_role("button", name="确认退回修改"))
    # Staff have their own settings (their queue), axe-clean too.
    page.goto(f"{live_server.url}/notifications/settings/")
    assert page.get_by_role("group", name="待审核事项（新提交或重新提交）").is_visible()
    check_a11y(page, "notification-settings-town")
    logout(page)

    returned = Notification.objects.filter(user=employer, event="declaration.returned")
    assert returned.count() == 1
    note = returned.get()
    sent = [m for m in mail.outbox if m.subject == note.subject]
    assert len(sent) == 1 and sent[0].to == ["hr@jia.example.com"]
    assert "请补充张三的劳动合同复印件" in sent[0].body
    assert note.deliveries.get(channel="email").status == "sent"

    # -- the employer sees it: the header's unread count, the list, the declaration ----------------
    login_page("employer_a", PASSWORD)
    unread = Notification.objects.filter(user=employer, read_at__isnull=True).count()
    assert unread == 2  # received (已受理) and returned
    header_link = page.get_by_role("link", name=f"站内通知（{unread} 条未读）")
    press(page, header_link)
    assert note.subject in page.content() and "审核意见：请补充张三的劳动合同复印件" in page.content()
    check_a11y(page, "notifications-employer")
    assert _fits_375(page)
    press(page, page.get_by_role("button", name=re.compile(f"^查看详情\\s*：{re.escape(note.subject)}$")))
    assert page.url.endswith(f"/employer/declarations/{declaration.pk}/")
    assert page.get_by_role("link", name="站内通知（1 条未读）").is_visible()
    logout(page)

    # -- an employer invites a seeker: in-app and one text message ---------------------------------
    world.seeker_a.phone = SEEKER_MOBILE
    world.seeker_a.save()
    applications.application_invite(seeker=world.seeker_a, job=world.job_a, message="请带上残疾人证")
    seeker = world.users["seeker_a"]
    invited = Notification.objects.filter(user=seeker, event="application.invited")
    assert invited.count() == 1
    texts = [m for m in sms.outbox if m.to == SEEKER_MOBILE]
    assert len(texts) == 1 and "面试" in texts[0].text and "请带上残疾人证" in texts[0].text

    login_page("seeker_a", PASSWORD)
    press(page, page.get_by_role("link", name="站内通知（1 条未读）"))
    assert invited.get().subject in page.content()
    check_a11y(page, "notifications-seeker")

    # -- the seeker chooses text messages only -----------------------------------------------------
    press(page, page.get_by_role("link", name="通知设置"))
    check_a11y(page, "notification-settings")
    assert _fits_375(page)
    group = page.get_by_role("group", name="面试邀请")
    group.get_by_role("checkbox", name="电子邮件").uncheck()
    assert group.get_by_role("checkbox", name="短信").is_checked()
    press(page, page.get_by_role("button", name="保存通知设置"))
    assert page.get_by_role("status").inner_text() == "通知设置已保存。"
    assert NotificationSettings.objects.get(user=seeker).channels["application.invited"] == ["sms"]
    check_a11y(page, "notification-settings-saved")
    assert len([m for m in sms.outbox if m.to == SEEKER_MOBILE]) == 1
