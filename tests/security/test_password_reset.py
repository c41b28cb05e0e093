"""Getting back in (issue 14, item 5): password reset by e-mail end to end, the staff-issued reset code
end to end (including another town's seeker: 404), the limits, and the signed-in password change."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from employment.models import PasswordResetCode
from employment.signin import reset_codes

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Lantern-harbour-62"


@pytest.fixture
def clean_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def _signs_in(username: str, password: str) -> bool:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_reset_by_email_end_to_end(world, clean_limits, django_capture_on_commit_callbacks):
    world.seeker_a.email = "zhang.jia@example.org"  # the seeker record's address is enough
    world.seeker_a.save(update_fields=["email"])
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "Zhang.Jia@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["Zhang.Jia@example.org"] and "重置密码" in message.subject
    assert "seeker_a" in message.body

    link = _link(message)
    page = client.get(link, follow=True)
    assert page.status_code == 200 and "设置新密码" in page.content.decode()
    set_url = page.redirect_chain[-1][0]
    # The validators judge the new password against the account: too short, then the birth date.
    short = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert "至少" in short.content.decode()
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")

    assert _signs_in("seeker_a", NEW_PASSWORD)
    assert not _signs_in("seeker_a", "Test-password-123")
    # The link works once.
    again = Client().get(link, follow=True)
    assert "链接已失效" in again.content.decode()


def test_reset_page_never_tells_whether_an_address_is_registered(world, clean_limits,
                                                                  django_capture_on_commit_callbacks):
    world.users["employer_a"].email = "hr@jia.example.org"
    world.users["employer_a"].save(update_fields=["email"])
    answers = []
    for email in ("hr@jia.example.org", "nobody@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(reverse("password_reset"), {"email": email})
        answers.append((response.status_code, response["Location"]))
    assert answers[0] == answers[1]
    assert [m.to for m in mail.outbox] == [["hr@jia.example.org"]]
    done = Client().get(reverse("password_reset_done")).content.decode()
    assert "如果这个邮箱在平台登记过" in done


def test_inactive_account_gets_no_mail(world, clean_limits, django_capture_on_commit_callbacks):
    user = world.users["employer_a"]
    user.email, user.is_active = "hr@jia.example.org", False
    user.save(update_fields=["email", "is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("password_reset"), {"email": "hr@jia.example.org"})
    assert mail.outbox == []


@override_settings(PASSWORD_RESET_RATE_LIMIT=2, PASSWORD_RESET_MAIL_LIMIT=1)
def test_reset_requests_are_limited(world, clean_limits, django_capture_on_commit_callbacks):
    user = world.users["employer_a"]
    user.email = "hr@jia.example.org"
    user.save(update_fields=["email"])
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("password_reset"), {"email": "hr@jia.example.org"})
        second = client.post(reverse("password_reset"), {"email": "hr@jia.example.org"})
        third = client.post(reverse("password_reset"), {"email": "hr@jia.example.org"})
    assert first.status_code == second.status_code == 302
    assert len(mail.outbox) == 1  # one mail per address per window, the page unchanged
    assert third.status_code == 429 and "操作太频繁" in third.content.decode()
    assert third["Retry-After"]
    # Another address (another client) is not affected.
    other = Client(REMOTE_ADDR="192.0.2.77").post(reverse("password_reset"), {"email": "x@example.org"})
    assert other.status_code == 302


# ---- the code town staff issue ------------------------------------------------------------------


def _issue(client, seeker) -> str:
    url = reverse("seeker-password-reset-code", args=[seeker.pk])
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == url
    html = client.get(url).content.decode()
    return re.search(r'class="activation-code" lang="en">([A-Z0-9-]+)<', html).group(1)


def test_staff_reset_code_end_to_end(world, clean_limits):
    staff = Client()
    staff.force_login(world.users["town_x"])
    code = _issue(staff, world.seeker_a)
    row = PasswordResetCode.objects.get(seeker=world.seeker_a)
    assert row.issued_by == world.users["town_x"] and row.user == world.users["seeker_a"]
    assert row.expires_at > timezone.now() + timedelta(hours=1)
    # Shown once: a reload does not show it again.
    assert code not in staff.get(reverse("seeker-password-reset-code", args=[world.seeker_a.pk])).content.decode()

    client = Client()
    page = client.get(reverse("password-reset-code"))
    assert page.status_code == 200
    response = client.post(reverse("password-reset-code"), {
        "account": "seeker_a", "code": code.lower().replace("-", ""),
        "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_complete")
    row.refresh_from_db()
    assert row.used_at is not None
    assert _signs_in("seeker_a", NEW_PASSWORD)
    # Used once: the same code again is refused.
    again = Client().post(reverse("password-reset-code"), {
        "account": "seeker_a", "code": code, "new_password1": "Another-long-pass-77",
        "new_password2": "Another-long-pass-77"})
    assert again.status_code == 200 and "对不上" in again.content.decode()
    assert _signs_in("seeker_a", NEW_PASSWORD)


def test_code_by_phone_on_record_and_validators_apply(world, clean_limits):
    world.seeker_a.phone = "13812345678"
    world.seeker_a.save(update_fields=["phone"])
    _row, code = reset_codes.reset_code_issue(seeker=world.seeker_a, issued_by=world.users["district"])
    client = Client()
    # The password holds the phone number: refused by PersonalDataValidator, the code is not used up.
    weak = "ab13812345678"
    response = client.post(reverse("password-reset-code"), {
        "account": "138 1234 5678", "code": code, "new_password1": weak, "new_password2": weak})
    assert response.status_code == 200
    assert PasswordResetCode.objects.get().used_at is None
    response = client.post(reverse("password-reset-code"), {
        "account": "138 1234 5678", "code": code, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert _signs_in("seeker_a", NEW_PASSWORD)


@pytest.mark.parametrize(("role", "expected"), [
    ("town_x", 200), ("district", 200), ("town_y", 404), ("seeker_a", 403), ("employer_a", 403),
    ("provider_a", 403),
])
def test_who_may_issue_a_code(world, role, expected):
    client = Client()
    client.force_login(world.users[role])
    url = reverse("seeker-password-reset-code", args=[world.seeker_a.pk])
    assert client.get(url).status_code == expected
    response = client.post(url)
    assert response.status_code == (302 if expected == 200 else expected)
    assert PasswordResetCode.objects.filter(seeker=world.seeker_a).exists() == (expected == 200)


def test_new_code_revokes_the_open_one_and_expiry(world, clean_limits):
    first_row, first = reset_codes.reset_code_issue(seeker=world.seeker_a, issued_by=world.users["town_x"])
    _second_row, second = reset_codes.reset_code_issue(seeker=world.seeker_a, issued_by=world.users["town_x"])
    first_row.refresh_from_db()
    assert first_row.revoked_at is not None
    assert reset_codes.reset_code_check(account="seeker_a", code=first) is None
    found = reset_codes.reset_code_check(account="seeker_a", code=second)
    assert found is not None
    PasswordResetCode.objects.filter(pk=found.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert reset_codes.reset_code_check(account="seeker_a", code=second) is None


def test_wrong_codes_revoke_the_code(world, clean_limits):
    row, code = reset_codes.reset_code_issue(seeker=world.seeker_a, issued_by=world.users["town_x"])
    for _ in range(reset_codes.MAX_ATTEMPTS):
        assert reset_codes.reset_code_check(account="seeker_a", code="ZZZZZZZZ") is None
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert reset_codes.reset_code_check(account="seeker_a", code=code) is None


def test_unknown_account_and_wrong_code_answer_alike(world, clean_limits):
    reset_codes.reset_code_issue(seeker=world.seeker_a, issued_by=world.users["town_x"])
    pages = []
    for account in ("seeker_a", "no-such-user"):
        response = Client().post(reverse("password-reset-code"), {
            "account": account, "code": "ACDE-FGHJ", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        html = response.content.decode()
        pages.append((response.status_code, re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)))
    assert pages[0] == pages[1]


@override_settings(PASSWORD_RESET_CODE_RATE_LIMIT=2)
def test_code_tries_are_limited_per_address(world, clean_limits):
    client = Client()
    data = {"account": "seeker_a", "code": "ACDE-FGHJ", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    assert client.post(reverse("password-reset-code"), data).status_code == 200
    assert client.post(reverse("password-reset-code"), data).status_code == 200
    refused = client.post(reverse("password-reset-code"), data)
    assert refused.status_code == 429 and "操作太频繁" in refused.content.decode()


# ---- a signed-in user changes the password ------------------------------------------------------


def test_signed_in_seeker_changes_password(world, clean_limits):
    client = Client()
    client.force_login(world.users["seeker_a"])
    url = reverse("password_change")
    assert client.get(url).status_code == 200
    wrong = client.post(url, {"old_password": "not-it-at-all", "new_password1": NEW_PASSWORD,
                              "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 200 and "当前密码不正确" in wrong.content.decode()
    done = client.post(url, {"old_password": "Test-password-123", "new_password1": NEW_PASSWORD,
                             "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert client.get(reverse("seeker-settings")).status_code == 200  # still signed in here
    assert get_user_model().objects.get(username="seeker_a").check_password(NEW_PASSWORD)


@pytest.mark.parametrize(("new1", "new2", "message"), [
    ("", "", "请填写新密码。"),  # was taken, and the password became the empty string
    ("", NEW_PASSWORD, "请填写新密码。"),
    (NEW_PASSWORD, "", "请再输入一次新密码，和上面的新密码一样。"),
])
def test_a_password_change_needs_the_new_password_twice(world, clean_limits, new1, new2, message):
    client = Client()
    client.force_login(world.users["seeker_a"])
    response = client.post(reverse("password_change"), {"old_password": "Test-password-123",
                                                        "new_password1": new1, "new_password2": new2})
    assert response.status_code == 200 and message in response.content.decode()
    assert get_user_model().objects.get(username="seeker_a").check_password("Test-password-123")


def test_login_page_links_the_ways_in():
    html = Client().get(reverse("login")).content.decode()
    for name in ("password_reset", "password-reset-code", "seeker-signup"):
        assert reverse(name) in html
    assert "用人单位：账号由区残联开通" in html
