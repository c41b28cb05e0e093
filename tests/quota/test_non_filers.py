"""Chasing non-filers (年审催报): who is on the list (exactly the active employers without a submitted
declaration of the year), who may see whom (a town its own, the district all with a town filter),
search and pages, staff reminders (choose, confirm, send, logged) and the deadline schedule (each
offset once per employer and year)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from employment.models import Notification, Role
from quota import reminders, selectors, services
from quota.models import DeclarationReminder, ReminderKind
from tests.factories import EmployerFactory, make_user

from .conftest import YEAR, roster_row

URL = "/review/non-filers/"
REMIND = "/review/non-filers/remind/"


@pytest.fixture
def register(world, start_declaration):
    """Town x (鼓楼街道): 甲公司 draft only, 丙公司 submitted, 丁公司 nothing and no account, 戊公司 not
    active; town y (石碶街道): 乙公司 nothing."""
    world.users["employer_a"].email = "jia@example.cn"
    world.users["employer_a"].save()
    bing = EmployerFactory(name="丙公司", town=world.town_x)
    ding = EmployerFactory(name="丁公司", town=world.town_x, contact_name="丁经理", contact_phone="0574-87000001")
    wu = EmployerFactory(name="戊公司", town=world.town_x, active=False)
    bing_user = make_user(Role.EMPLOYER, username="employer_bing", employer=bing)
    start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    filed = start_declaration(bing, bing_user, rows=[roster_row(2)])
    services.declaration_submit(declaration=filed, user=bing_user)
    return {"bing": bing, "ding": ding, "wu": wu}


def _names(user, **kwargs) -> set[str]:
    return set(selectors.non_filers(user, year=YEAR, **kwargs).values_list("name", flat=True))


def test_the_list_is_exactly_the_active_employers_without_a_submitted_declaration(world, register):
    assert _names(world.users["town_x"]) == {"甲公司", "丁公司"}  # not 丙 (filed), 戊 (inactive), 乙 (town y)
    assert _names(world.users["district"]) == {"甲公司", "丁公司", "乙公司"}
    assert _names(world.users["district"], town_id=world.town_y.pk) == {"乙公司"}
    rows = {r.employer.name: r for r in selectors.non_filer_rows(
        selectors.non_filers(world.users["district"], year=YEAR), year=YEAR)}
    assert rows["甲公司"].draft and rows["甲公司"].state_label == "填报中，未提交"
    assert not rows["丁公司"].draft and rows["丁公司"].users == []


def test_town_reviewer_sees_only_its_town(world, register, client_for):
    client = client_for(world.users["town_x"])
    page = client.get(URL, {"year": YEAR}).content.decode()
    assert "甲公司" in page and "丁公司" in page and "0574-87000001" in page
    assert "乙公司" not in page and "丙公司" not in page and "戊公司" not in page
    assert client.get(URL, {"year": YEAR, "town": world.town_y.pk}).status_code == 404
    response = client.post(REMIND, {"year": YEAR, "employer": [world.employer_b.pk], "confirm": "yes"})
    assert response.status_code == 404
    assert not DeclarationReminder.objects.exists()


def test_district_filters_by_town_and_searches(world, register, client_for):
    client = client_for(world.users["district"])
    page = client.get(URL, {"year": YEAR, "town": world.town_y.pk}).content.decode()
    assert "乙公司" in page and "甲公司" not in page
    page = client.get(URL, {"year": YEAR, "q": "丁"}).content.decode()
    assert "丁公司" in page and "甲公司" not in page
    page = client.get(URL, {"year": YEAR, "q": world.employer_b.credit_code.lower()}).content.decode()
    assert "乙公司" in page and "丁公司" not in page


def test_other_roles_are_refused(world, register, client_for):
    for name in ("employer_a", "seeker_a", "provider_a"):
        assert client_for(world.users[name]).get(URL).status_code == 403


def test_the_list_is_paginated(world, register, client_for):
    for n in range(22):
        EmployerFactory(name=f"待催单位{n:02d}", town=world.town_y)
    client = client_for(world.users["district"])
    first = client.get(URL, {"year": YEAR}).content.decode()
    assert "共 25 家单位未提交" in first and "第 1 页，共 2 页" in first
    second = client.get(URL, {"year": YEAR, "page": 2}).content.decode()
    assert "第 2 页，共 2 页" in second


def test_staff_choose_confirm_and_send_and_the_reminder_is_logged(
        world, register, client_for, django_capture_on_commit_callbacks):
    client = client_for(world.users["town_x"])
    chosen = {"year": YEAR, "scope": "chosen", "employer": [world.employer_a.pk, register["ding"].pk]}
    confirm = client.post(REMIND, chosen)
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "确认发送" in text and "丁经理" in text  # 丁 has no account: phone it
    assert not DeclarationReminder.objects.exists()  # nothing sent before confirming

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(REMIND, {**chosen, "confirm": "yes"})
    assert response.status_code == 302
    reminder = DeclarationReminder.objects.get()
    assert reminder.employer == world.employer_a and reminder.kind == ReminderKind.MANUAL
    assert reminder.sent_by == world.users["town_x"] and "鼓楼街道残联" in reminder.sent_by_label
    assert reminder.recipient_count == 1 and "jia@example.cn" in reminder.recipients
    notification = Notification.objects.get(user=world.users["employer_a"])
    assert f"{YEAR}年度" in notification.subject and notification.emailed_at is not None
    assert [m.to for m in mail.outbox] == [["jia@example.cn"]]

    page = client.get(URL, {"year": YEAR}).content.decode()
    assert "1 次" in page and "工作人员催报" in page


def test_remind_all_sends_to_every_non_filer_with_an_account(world, register, client_for,
                                                             django_capture_on_commit_callbacks):
    client = client_for(world.users["district"])
    confirm = client.post(REMIND, {"year": YEAR, "scope": "all"}).content.decode()
    assert "甲公司" in confirm and "乙公司" in confirm
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REMIND, {"year": YEAR, "scope": "all", "confirm": "yes",
                             "employer": [world.employer_a.pk, world.employer_b.pk, register["ding"].pk]})
    assert set(DeclarationReminder.objects.values_list("employer__name", flat=True)) == {"甲公司", "乙公司"}


def test_a_double_click_on_confirm_sends_each_reminder_once(world, register, client_for, settings,
                                                          django_capture_on_commit_callbacks):
    """The confirm page's form carries a one-time form token: the same form sent twice (a double click,
    a resend after a slow answer) sends the reminders once."""
    from django.core.cache import cache

    from tests.security.forms import post_form_hidden

    settings.FORM_TOKEN_SECONDS = 3600
    cache.clear()
    client = client_for(world.users["town_x"])
    confirm = client.post(REMIND, {"year": YEAR, "scope": "chosen", "employer": [world.employer_a.pk]})
    hidden = post_form_hidden(confirm.content.decode(), REMIND)
    assert hidden.get("form_token")
    form = {**hidden, "employer": [world.employer_a.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(REMIND, form)
        second = client.post(REMIND, form)
    assert first.status_code == second.status_code == 302
    assert DeclarationReminder.objects.count() == 1
    assert Notification.objects.filter(user=world.users["employer_a"], event="declaration.reminder").count() == 1
    cache.clear()


def test_a_year_that_has_not_ended_cannot_be_chased(world, register, client_for):
    """Only the offered years (ended, with parameters): a year typed into the address falls back to the
    default, so nobody is told to file a declaration for a year that is still running."""
    client = client_for(world.users["district"])
    future = timezone.localdate().year + 1
    page = client.get(URL, {"year": future})
    assert page.status_code == 200 and page.context["year"] == YEAR
    assert f"{future}年度" not in page.content.decode()
    client.post(REMIND, {"year": future, "scope": "all", "confirm": "yes"})
    assert not DeclarationReminder.objects.filter(year=future).exists()
    assert not Notification.objects.filter(subject__contains=f"{future}年度").exists()


# ---- the deadline schedule ----------------------------------------------------------------------


def _window(policy, end):
    policy.review_window_start = end - timedelta(days=200)
    policy.review_window_end = end
    policy.reminder_days = [30, 7, 1]
    policy.save()


def test_deadline_reminders_go_once_per_offset(world, register, policy, django_capture_on_commit_callbacks):
    end = timezone.localdate() + timedelta(days=60)
    _window(policy, end)
    assert reminders.deadline_reminders_send(today=end - timedelta(days=31)) == {
        "sent": 0, "skipped": 0, "without_account": 0}
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders.deadline_reminders_send(today=end - timedelta(days=30))
    # 甲 (draft) and 乙 have accounts; 丁 has none; 丙 filed; 戊 is not active.
    assert first == {"sent": 2, "skipped": 0, "without_account": 1}
    again = reminders.deadline_reminders_send(today=end - timedelta(days=30))
    assert again == {"sent": 0, "skipped": 2, "without_account": 1}
    assert reminders.deadline_reminders_send(today=end - timedelta(days=20))["sent"] == 0  # 30 still the due one
    assert reminders.deadline_reminders_send(today=end - timedelta(days=7))["sent"] == 2
    assert reminders.deadline_reminders_send(today=end)["sent"] == 2  # the 1-day one, late but before closing
    assert reminders.deadline_reminders_send(today=end + timedelta(days=1))["sent"] == 0  # closed
    logged = DeclarationReminder.objects.filter(employer=world.employer_a, kind=ReminderKind.DEADLINE)
    assert sorted(logged.values_list("days_before", flat=True)) == [1, 7, 30]
    assert Notification.objects.filter(user=world.users["employer_a"]).count() == 3
    assert "还有30天" in logged.get(days_before=30).body


def test_the_beat_task_runs_the_schedule(world, register, policy):
    from quota.tasks import deadline_reminders

    end = timezone.localdate() + timedelta(days=7)
    _window(policy, end)
    assert deadline_reminders.delay().get()["sent"] == 2
    assert deadline_reminders.delay().get()["sent"] == 0
    entry = settings.CELERY_BEAT_SCHEDULE["declaration-deadline-reminders"]
    assert entry["task"] == deadline_reminders.name


def test_reminder_offsets_are_checked(policy):
    from django.core.exceptions import ValidationError

    policy.reminder_days = [7, "x"]
    with pytest.raises(ValidationError):
        policy.full_clean()
    policy.reminder_days = [1, 30, 7, 7]
    policy.full_clean()
    assert policy.reminder_days == [30, 7, 1]


def test_the_command_runs_the_schedule(world, register, policy):
    from io import StringIO

    from django.core.management import call_command

    _window(policy, timezone.localdate() + timedelta(days=1))
    out = StringIO()
    call_command("declaration_reminders", stdout=out)
    assert "发送 2 家" in out.getvalue()
