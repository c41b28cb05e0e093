"""Every place a password is checked counts failures like a login (employment/signin/password_checks.py):
the Wagtail admin's password change (the current password), Wagtail's private-page password and the
private-collection (documents) password. Wrong ones count per username (or restriction) and client
address, and once locked the right password is refused too, without being checked."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

pytestmark = pytest.mark.django_db
PASSWORD = "Test-password-123"
NEW_PASSWORD = "Another-long-pass-77"


def _account_post(client, user, old_password, new1=NEW_PASSWORD, new2=NEW_PASSWORD):
    # No name or e-mail: the page does not offer them (the district keeps them), and an account has no
    # surname to give.
    return client.post(reverse("wagtailadmin_account"), {
        "notifications-submitted_notifications": "", "theme-theme": "system", "theme-density": "default",
        "theme-contrast": "system", "theme-keyboard_shortcuts": "on", "locale-preferred_language": "zh-hans",
        "password-old_password": old_password,
        "password-new_password1": new1, "password-new_password2": new2,
    })


def test_admin_password_change_counts_wrong_current_passwords(world, limits):
    user = world.users["district"]
    client = Client(REMOTE_ADDR="10.20.0.1")
    client.force_login(user)
    for _ in range(2):
        response = _account_post(client, user, "wrong-password-1")
        assert response.status_code == 200
    assert AccessAttempt.objects.filter(username="district", ip_address="10.20.0.1").exists()
    # The failure that reaches the limit is answered with the lockout, and so is the right password now.
    for password in ("wrong-password-1", PASSWORD):
        locked = _account_post(client, user, password)
        # The lockout page takes the place of the refused form, without its "correct the errors below".
        assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
        assert "账户设置没有保存" not in locked.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD) and not user.check_password(NEW_PASSWORD)
    # The counts are the login's: signing in from that address is locked too.
    assert Client(REMOTE_ADDR="10.20.0.1").post(reverse("login"), {"username": "district", "password": PASSWORD}).status_code == 429


def test_admin_password_change_with_the_right_password_still_works(world, limits):
    user = world.users["district"]
    client = Client(REMOTE_ADDR="10.20.0.2")
    client.force_login(user)
    _account_post(client, user, "wrong-password-1")
    response = _account_post(client, user, PASSWORD)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_admin_account_page_changes_the_password_of_an_account_without_a_surname(world, limits):
    """Accounts are named in one piece (first_name, from the district's record); the page offers no
    name or e-mail to change, so saving it is only the password."""
    user = world.users["district"]
    user.first_name, user.last_name = "区残联审核员", ""
    user.save()
    client = Client(REMOTE_ADDR="10.20.0.3")
    client.force_login(user)
    page = client.get(reverse("wagtailadmin_account")).content.decode()
    assert 'name="name_email-last_name"' not in page and 'name="password-new_password1"' in page
    assert "Africa/Abidjan" not in page  # one time zone, the district's: no list of 600 names in English
    assert _account_post(client, user, PASSWORD).status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and (user.first_name, user.last_name) == ("区残联审核员", "")


@pytest.mark.parametrize(("new1", "new2", "field"), [
    ("", NEW_PASSWORD, "new_password1"),  # only the confirmation typed: Wagtail set the password to ""
    (NEW_PASSWORD, "", "new_password2"),  # no confirmation: Wagtail set it unconfirmed
])
def test_admin_account_page_refuses_a_new_password_typed_once(world, limits, new1, new2, field):
    user = world.users["district"]
    client = Client(REMOTE_ADDR="10.20.0.4")
    client.force_login(user)
    response = _account_post(client, user, PASSWORD, new1, new2)
    assert response.status_code == 200
    label = {"new_password1": "新密码", "new_password2": "新密码确认"}[field]
    assert f"请填写{label}。" in response.content.decode()
    assert "账户设置没有保存" in response.content.decode()  # at the top, not only beside the field
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.fixture
def private_page(db):
    page = Page.objects.filter(depth=2).first()
    restriction = PageViewRestriction.objects.create(page=page, restriction_type="password", password="open-sesame-42")
    return page, restriction


def _page_post(client, page, restriction, password):
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    return client.post(url, {"password": password, "return_url": "/"})


def test_private_page_passwords_are_throttled(private_page, limits):
    page, restriction = private_page
    guesser = Client(REMOTE_ADDR="10.21.0.1")
    for _ in range(2):
        assert _page_post(guesser, page, restriction, "guess-guess-1").status_code == 200
    assert _page_post(guesser, page, restriction, "guess-guess-1").status_code == 429
    refused = _page_post(guesser, page, restriction, "open-sesame-42")
    assert refused.status_code == 429 and "登录失败次数过多" in refused.content.decode()
    assert AccessAttempt.objects.filter(username=f"page-password:{restriction.pk}").exists()
    # Someone else, elsewhere, who knows the password gets in.
    assert _page_post(Client(REMOTE_ADDR="10.21.0.2"), page, restriction, "open-sesame-42").status_code == 302


def test_private_page_guesses_count_towards_the_address_limit(private_page, limits, world):
    page, restriction = private_page
    guesser = Client(REMOTE_ADDR="10.21.0.3")
    for _ in range(2):
        _page_post(guesser, page, restriction, "guess-guess-1")
    for username in ("seeker_b", "employer_a", "employer_b"):
        assert guesser.post(reverse("login"), {"username": username, "password": "guess-guess-1"}).status_code == 200
    # The sixth failure from this address (LOGIN_ADDRESS_FAILURE_LIMIT) locks it for every login.
    assert guesser.post(reverse("login"), {"username": "town_x", "password": "guess-guess-1"}).status_code == 429
    assert guesser.post(reverse("login"), {"username": "seeker_a", "password": PASSWORD}).status_code == 429


def test_private_collection_passwords_are_throttled(limits):
    restriction = CollectionViewRestriction.objects.create(
        collection=Collection.get_first_root_node(), restriction_type="password", password="open-sesame-42"
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    guesser = Client(REMOTE_ADDR="10.22.0.1")
    for _ in range(2):
        assert guesser.post(url, {"password": "guess-guess-1", "return_url": "/"}).status_code == 200
    assert guesser.post(url, {"password": "guess-guess-1", "return_url": "/"}).status_code == 429
    assert guesser.post(url, {"password": "open-sesame-42", "return_url": "/"}).status_code == 429
    assert Client(REMOTE_ADDR="10.22.0.2").post(url, {"password": "open-sesame-42", "return_url": "/"}).status_code == 302
