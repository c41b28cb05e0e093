"""Login throttling on every path that authenticates (django-axes, employment/signin/throttle.py), and
the 登录锁定 page in the Wagtail admin where district staff unlock a username or address."""

from __future__ import annotations

from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.backends import ModelBackend
from django.test import Client, RequestFactory
from django.urls import reverse

from employment.signin import admin_views
from employment.signin.throttle import client_address

pytestmark = pytest.mark.django_db
PASSWORD = "Test-password-123"
# The portal's form, the Wagtail admin's login and Wagtail's login for private pages.
LOGIN_PATHS = ["/accounts/login/", "/admin/login/", "/_util/login/"]


def _post(client, path, username, password):
    return client.post(path, {"username": username, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("path", LOGIN_PATHS)
def test_every_login_path_locks_after_the_limit_without_checking_the_password(world, limits, path):
    client = Client()
    for _ in range(2):
        assert _post(client, path, "district", "wrong-password-1").status_code == 200
    assert _post(client, path, "district", "wrong-password-1").status_code == 429
    with mock.patch.object(ModelBackend, "authenticate", autospec=True,
                           side_effect=ModelBackend.authenticate) as password_check:
        response = _post(client, path, "district", PASSWORD)
    assert response.status_code == 429
    assert password_check.call_count == 0  # refused before any backend looked at the password
    body = response.content.decode()
    assert "登录失败次数过多" in body and "分钟" in body
    assert response["Retry-After"] == str(limits.LOGIN_LOCKOUT_SECONDS)
    assert not _signed_in(client)


@pytest.mark.parametrize("locked_on", LOGIN_PATHS)
def test_a_lock_on_one_path_holds_on_the_others(world, limits, locked_on):
    for _ in range(3):
        _post(Client(REMOTE_ADDR="10.1.0.1"), locked_on, "town_x", "wrong-password-1")
    for path in LOGIN_PATHS:
        client = Client(REMOTE_ADDR="10.1.0.1")
        assert _post(client, path, "town_x", PASSWORD).status_code == 429, path
        assert not _signed_in(client)


@pytest.mark.parametrize("spelling", ["ＳＥＥＫＥＲ＿Ａ", "ｓｅｅｋｅｒ＿ａ", "SEEKER_A", "  Seeker_A "])
def test_other_spellings_count_against_the_same_username(world, limits, spelling):
    for _ in range(3):
        _post(Client(REMOTE_ADDR="10.2.0.1"), "/accounts/login/", spelling, "wrong-password-1")
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"seeker_a"}
    assert _post(Client(REMOTE_ADDR="10.2.0.1"), "/accounts/login/", "seeker_a", PASSWORD).status_code == 429


def test_a_username_locked_from_one_address_still_signs_in_from_another(world, limits):
    """Guessing at someone's name from one place locks that name from that place only: the real user
    is not locked out from everywhere, and their failures elsewhere count on their own."""
    for _ in range(3):
        _post(Client(REMOTE_ADDR="10.2.1.1"), "/admin/login/", "town_x", "wrong-password-1")
    for path in LOGIN_PATHS:
        assert _post(Client(REMOTE_ADDR="10.2.1.1"), path, "town_x", PASSWORD).status_code == 429, path
    home = Client(REMOTE_ADDR="10.2.1.2")
    for _ in range(2):  # the user's own typos from their address are not added to the attacker's
        assert _post(home, "/accounts/login/", "town_x", "wrong-password-1").status_code == 200
    for path in LOGIN_PATHS:
        client = Client(REMOTE_ADDR="10.2.1.2")
        assert _post(client, path, "town_x", PASSWORD).status_code == 302, path
        assert _signed_in(client)
    # Signing in there cleared the failures from there only: the attacker's address stays locked.
    assert _post(Client(REMOTE_ADDR="10.2.1.1"), "/accounts/login/", "town_x", PASSWORD).status_code == 429


def test_a_full_width_username_signs_in_as_the_ascii_one(world, limits):
    # Why the spellings must share a counter: the login form itself normalises (NFKC) what it checks.
    client = Client()
    assert _post(client, "/accounts/login/", "ｓｅｅｋｅｒ＿ａ", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(world.users["seeker_a"].pk)


def test_one_users_typos_do_not_lock_out_the_office_behind_the_same_address(world, limits):
    office = "10.3.0.1"
    for _ in range(3):
        _post(Client(REMOTE_ADDR=office), "/accounts/login/", "town_x", "wrong-password-1")
    assert _post(Client(REMOTE_ADDR=office), "/accounts/login/", "town_x", PASSWORD).status_code == 429
    colleague = Client(REMOTE_ADDR=office)
    assert _post(colleague, "/accounts/login/", "district", PASSWORD).status_code == 302


def test_password_spraying_from_one_address_is_stopped(world, limits):
    attacker = Client(REMOTE_ADDR="10.4.0.1")
    usernames = ["seeker_a", "seeker_b", "employer_a", "employer_b", "town_x", "town_y"]
    for username in usernames[:-1]:
        assert _post(attacker, "/admin/login/", username, "Spring2026!").status_code == 200
    assert _post(attacker, "/admin/login/", usernames[-1], "Spring2026!").status_code == 429
    # Even a right password from that address is refused now; from elsewhere it works.
    assert _post(attacker, "/_util/login/", "district", PASSWORD).status_code == 429
    assert _post(Client(REMOTE_ADDR="10.4.0.2"), "/_util/login/", "district", PASSWORD).status_code == 302


def test_signing_in_to_an_own_account_does_not_clear_the_address_count(world, limits):
    attacker = Client(REMOTE_ADDR="10.5.0.1")
    for username in ["seeker_b", "employer_a", "employer_b", "town_x", "town_y"]:
        _post(attacker, "/accounts/login/", username, "Spring2026!")
    assert _post(attacker, "/accounts/login/", "seeker_a", PASSWORD).status_code == 302  # the attacker's own
    attacker.logout()
    assert _post(attacker, "/accounts/login/", "provider_a", "Spring2026!").status_code == 429


def test_a_forwarded_address_header_is_ignored_unless_configured(world, limits):
    # Without TRUSTED_PROXY_HEADER a client cannot pick its own address by sending a header.
    for n in range(6):
        client = Client(REMOTE_ADDR="10.6.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}", HTTP_X_REAL_IP=f"198.51.100.{n}")
        _post(client, "/accounts/login/", f"nobody{n}", "guess-guess-1")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.6.0.1"}
    fresh_header = Client(REMOTE_ADDR="10.6.0.1", HTTP_X_REAL_IP="192.0.2.200")
    assert _post(fresh_header, "/accounts/login/", "district", PASSWORD).status_code == 429


def test_the_trusted_proxy_header_gives_each_client_its_own_count(world, limits):
    limits.TRUSTED_PROXY_HEADER = "X-Real-IP"
    proxy = "10.7.0.1"  # every request arrives from the reverse proxy
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="203.0.113.5")
    for n in range(6):
        _post(attacker, "/accounts/login/", f"nobody{n}", "guess-guess-1")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    assert _post(attacker, "/accounts/login/", "district", PASSWORD).status_code == 429
    # One attacker does not lock out everyone behind the proxy.
    colleague = Client(REMOTE_ADDR=proxy, HTTP_X_REAL_IP="198.51.100.7")
    assert _post(colleague, "/accounts/login/", "district", PASSWORD).status_code == 302


def test_client_address_rules(settings):
    factory = RequestFactory()
    settings.TRUSTED_PROXY_HEADER = ""
    assert client_address(factory.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")) == "192.0.2.1"
    # IPv6: one /64 network is one client (a host can take any address inside it).
    assert client_address(factory.get("/", REMOTE_ADDR="2001:db8:1:2::1")) == \
        client_address(factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")) == "2001:db8:1:2::"
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    # The right-most entry is the one the proxy appended; the client wrote whatever is to its left.
    request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_address(request) == "203.0.113.9"
    # A missing or malformed header falls back to the connection's address.
    assert client_address(factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="junk")) == "10.0.0.1"
    assert client_address(factory.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


@pytest.mark.parametrize("run", ["first", "second"])
def test_failure_counts_do_not_leak_between_tests(world, limits, run):
    assert AccessAttempt.objects.count() == 0
    client = Client()
    assert _post(client, "/accounts/login/", "seeker_a", "wrong-password-1").status_code == 200
    assert _post(client, "/accounts/login/", "seeker_a", "wrong-password-1").status_code == 200
    assert _post(client, "/accounts/login/", "seeker_a", "wrong-password-1").status_code == 429


# ---- 登录锁定: the lockout page in the Wagtail admin ------------------------------------------------


def _lock(username="seeker_a", address="10.8.0.1"):
    for _ in range(3):
        _post(Client(REMOTE_ADDR=address), "/accounts/login/", username, "wrong-password-1")


def test_district_lists_and_unlocks_a_locked_username_after_confirming(world, limits, client_for):
    _lock()
    client = client_for(world.users["district"])
    listing = client.get(reverse("login-lockouts"))
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "<code>seeker_a</code>" in body and "用户名" in body
    confirm = client.get(reverse("login-lockout-unlock"), {"kind": "username", "value": "seeker_a"})
    assert confirm.status_code == 200 and "确定解除" in confirm.content.decode()
    # Looking at the confirmation changes nothing.
    assert _post(Client(REMOTE_ADDR="10.8.0.1"), "/accounts/login/", "seeker_a", PASSWORD).status_code == 429
    done = client.post(reverse("login-lockout-unlock"), {"kind": "username", "value": "seeker_a"})
    assert done.status_code == 302 and done["Location"] == reverse("login-lockouts")
    assert _post(Client(REMOTE_ADDR="10.8.0.1"), "/accounts/login/", "seeker_a", PASSWORD).status_code == 302
    after = client.get(reverse("login-lockouts")).content.decode()
    assert "已解除用户名“seeker_a”的登录锁定" in after and "<code>seeker_a</code>" not in after


def test_district_unlocks_a_username_from_one_address(world, limits, client_for):
    _lock(address="10.8.0.1")
    _lock(address="10.8.0.2")
    client = client_for(world.users["district"])
    body = client.get(reverse("login-lockouts")).content.decode()
    assert "<code>10.8.0.1</code>" in body and "<code>10.8.0.2</code>" in body
    confirm = client.get(reverse("login-lockout-unlock"), {"kind": "username", "value": "seeker_a", "address": "10.8.0.2"})
    assert "10.8.0.2" in confirm.content.decode() and "共失败 3 次" in confirm.content.decode()
    client.post(reverse("login-lockout-unlock"), {"kind": "username", "value": "seeker_a", "address": "10.8.0.2"})
    assert _post(Client(REMOTE_ADDR="10.8.0.2"), "/accounts/login/", "seeker_a", PASSWORD).status_code == 302
    assert _post(Client(REMOTE_ADDR="10.8.0.1"), "/accounts/login/", "seeker_a", PASSWORD).status_code == 429


def test_district_unlocks_a_locked_address(world, limits, client_for):
    for n in range(6):
        _post(Client(REMOTE_ADDR="10.9.0.1"), "/accounts/login/", f"nobody{n}", "guess-guess-1")
    client = client_for(world.users["district"])
    assert "10.9.0.1" in client.get(reverse("login-lockouts")).content.decode()
    client.post(reverse("login-lockout-unlock"), {"kind": "address", "value": "10.9.0.1"})
    assert _post(Client(REMOTE_ADDR="10.9.0.1"), "/accounts/login/", "seeker_a", PASSWORD).status_code == 302


def test_an_unknown_kind_is_refused_and_changes_nothing(world, limits, client_for):
    _lock()
    client = client_for(world.users["district"])
    assert client.post(reverse("login-lockout-unlock"), {"kind": "everything", "value": "seeker_a"}).status_code == 404
    assert AccessAttempt.objects.exists()


@pytest.mark.parametrize("role", ["town_x", "provider_a", "seeker_a", "employer_a", "anonymous"])
def test_only_district_staff_reach_the_lockout_page(world, limits, role):
    _lock("employer_b")  # nobody signs in as employer_b here (signing in clears its own count)
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    for response in [client.get(reverse("login-lockouts")),
                     client.get(reverse("login-lockout-unlock"), {"kind": "username", "value": "employer_b"}),
                     client.post(reverse("login-lockout-unlock"), {"kind": "username", "value": "employer_b"})]:
        # Refused: 403, or Wagtail's way of refusing — back to the admin's login (no admin access)
        # or, for admin users the view refused, to the dashboard with "no permission".
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "login" in response["Location"] or response["Location"] == "/admin/"
    assert AccessAttempt.objects.filter(username="employer_b").exists()  # still locked
    if role in ("town_x", "provider_a"):  # admin users: refused by the admin gate, no menu entry
        refused = client.get(reverse("login-lockouts"), follow=True)
        assert "<code>employer_b</code>" not in refused.content.decode()
        assert "无权访问" in refused.content.decode()
        assert reverse("login-lockouts") not in client.get("/admin/").content.decode()


def test_a_superuser_and_the_district_see_the_menu_entry(world, limits):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    for user in (admin, world.users["district"]):
        client = Client()
        client.force_login(user)
        assert reverse("login-lockouts") in client.get("/admin/").content.decode()
        assert client.get(reverse("login-lockouts")).status_code == 200


def test_every_lockout_admin_view_declares_its_access_rule():
    from wagtail import hooks

    from employment.signin.wagtail_hooks import lockout_urls

    assert lockout_urls in hooks.get_hooks("register_admin_urls")
    for pattern in lockout_urls():
        assert getattr(pattern.callback, "access_rule", None) == "district", pattern.name
    assert admin_views.lockout_list.access_rule == "district"


def test_stored_attempts_keep_no_password_or_csrf_token(world, limits):
    Client().post("/accounts/login/", {"username": "seeker_a", "password": "my-secret-guess-77",
                                       "csrfmiddlewaretoken": "token-value-123"})
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "seeker_a"
    assert "my-secret-guess-77" not in attempt.post_data and "token-value-123" not in attempt.post_data
