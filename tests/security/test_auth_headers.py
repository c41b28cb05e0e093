"""Login throttling and lockout, password rules, session expiry, CSRF, CSP and security headers."""

from __future__ import annotations

import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from cryptography.fernet import Fernet
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from employment.signin.throttle import LOCKED_MESSAGE

pytestmark = pytest.mark.django_db
PASSWORD = "Test-password-123"
ROOT = Path(__file__).resolve().parents[2]

# Login failures are counted by django-axes in the database (tests/security/test_login_throttle.py
# covers every login path); each test's rows are rolled back with it, so nothing carries over.


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_correct_password_logs_in(world, client):
    response = _login(client, "seeker_a", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_lockout_after_limit_refuses_even_the_right_password(world, client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(2):
        assert _login(client, "seeker_a", "wrong-password-1").status_code == 200
    # The failure that reaches the limit is already answered with the lockout.
    assert _login(client, "seeker_a", "wrong-password-1").status_code == 429
    response = _login(client, "seeker_a", PASSWORD)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another user from another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert _login(other, "seeker_b", PASSWORD).status_code == 302


def test_lockout_is_per_username_and_address(world, settings):
    # Guessing at a name from one address locks it there, not from everywhere (issue 13 review).
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        _login(Client(REMOTE_ADDR="10.0.1.1"), "employer_a", "nope-nope-nope")
    assert _login(Client(REMOTE_ADDR="10.0.1.1"), "employer_a", PASSWORD).status_code == 429
    assert _login(Client(REMOTE_ADDR="10.0.1.99"), "employer_a", PASSWORD).status_code == 302


def test_address_lockout_stops_guessing_many_usernames(world, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8  # the address allowance is larger than the username one
    client = Client(REMOTE_ADDR="10.0.2.1")
    for n in range(7):
        assert _login(client, f"nobody{n}", "guess-guess-1").status_code == 200
    assert _login(client, "nobody7", "guess-guess-1").status_code == 429
    assert _login(client, "seeker_a", PASSWORD).status_code == 429


def test_lockout_expires_after_the_window(world, client, settings):
    settings.LOGIN_FAILURE_LIMIT = 1
    _login(client, "seeker_a", "wrong-password-1")
    assert _login(client, "seeker_a", PASSWORD).status_code == 429
    # What LOGIN_LOCKOUT_SECONDS of waiting does: the failures become older than the window.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1))
    assert _login(client, "seeker_a", PASSWORD).status_code == 302


def test_success_resets_the_username_counter(world, client, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    _login(client, "seeker_a", "wrong-password-1")
    _login(client, "seeker_a", "wrong-password-1")
    assert _login(client, "seeker_a", PASSWORD).status_code == 302
    client.logout()
    _login(client, "seeker_a", "wrong-password-1")
    _login(client, "seeker_a", "wrong-password-1")
    assert _login(client, "seeker_a", PASSWORD).status_code == 302


def test_locked_message_is_chinese():
    assert re.search(r"[\u4e00-\u9fff]", LOCKED_MESSAGE)


@pytest.mark.parametrize(
    ("password", "ok"),
    [("short1!", False), ("1234567890123", False), ("password1234", False), ("seeker_a_2025", False),
     ("Lan-hai-qiao-77", True)],
)
def test_password_rules(world, password, ok):
    user = world.users["seeker_a"]
    if ok:
        validate_password(password, user)
    else:
        with pytest.raises(ValidationError):
            validate_password(password, user)


def test_session_expires(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_expired_session_is_logged_out(world, client):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(world.users["seeker_a"])
    assert client.get(reverse("seeker-home")).status_code == 200
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    response = client.get(reverse("seeker-home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


POST_FORMS = ["login", "seeker-signup", "employer-declaration-start", "employer-job-create", "a11y-preferences"]


@pytest.mark.parametrize("name", POST_FORMS)
def test_csrf_is_enforced(world, name):
    client = Client(enforce_csrf_checks=True)
    if name.startswith("employer"):
        client.force_login(world.users["employer_a"])
    assert client.post(reverse(name), {}).status_code == 403


def test_every_form_on_the_main_pages_carries_a_csrf_token(world, client_for):
    pages = {"anonymous": ["login", "seeker-signup"], "employer_a": ["employer-job-create", "employer-declaration-list"],
             "seeker_a": ["seeker-settings"], "town_x": ["staff-seeker-create"]}
    for role, names in pages.items():
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        for name in names:
            html = client.get(reverse(name)).content.decode()
            posts = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, flags=re.S | re.I)
            assert posts, name
            for body in posts:
                assert "csrfmiddlewaretoken" in body, name


def _csp(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


@pytest.mark.parametrize("role", ["anonymous", "seeker_a", "employer_a", "town_x"])
def test_portal_pages_have_a_strict_csp_and_security_headers(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    for path in ["/", reverse("job-list"), reverse("login"), reverse("portal-home")]:
        response = client.get(path, follow=True)
        csp = _csp(response)
        assert "unsafe-inline" not in response["Content-Security-Policy"], path
        assert "unsafe-eval" not in response["Content-Security-Policy"], path
        assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
        assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert "camera=()" in response["Permissions-Policy"]
        if role != "anonymous":
            assert "no-store" in response["Cache-Control"]


def test_portal_templates_have_no_inline_script_or_style(world, client_for):
    """What the strict CSP would block: inline <script>, <style>, style= and on*= handlers."""
    client = client_for(world.users["employer_a"])
    for name in ["job-list", "employer-home", "employer-declaration-list", "employer-job-create"]:
        html = client.get(reverse(name)).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), name
        assert not re.search(r"<style\b|\sstyle=\"|\son[a-z]+=\"", html), name


def test_wagtail_admin_gets_its_own_documented_policy(world, client):
    client.force_login(world.users["district"])
    response = client.get("/admin/")
    csp = _csp(response)
    assert "'unsafe-inline'" in csp["script-src"]  # Wagtail's admin needs it (README)
    assert csp["object-src"] == "'none'" and "https:" not in response["Content-Security-Policy"]


def test_check_deploy_is_clean_on_production_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        # Fresh random keys: production refuses weak or sample ones (config/key_checks.py).
        "SECRET_KEY": secrets.token_urlsafe(64),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "FIELD_HASH_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": "sqlite:////tmp/shuguang-deploy-check.sqlite3",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/13",
        "ALLOWED_HOSTS": "shuguang.example.org",
        # Production texts sign-up codes through the gateway (employment.W001 otherwise).
        "SMS_BACKEND": "http",
        "SMS_GATEWAY_URL": "https://sms.example.org/send",
        "SMS_GATEWAY_TOKEN": "deploy-check",
    }
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_policy_comes_from_django_csp_settings(world, client, settings):
    from csp.middleware import CSPMiddleware
    from django.utils.module_loading import import_string

    assert any(issubclass(import_string(m), CSPMiddleware) for m in settings.MIDDLEWARE if "." in m)
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "report-uri": ["/csp-report/"]}
    }
    portal = client.get("/jobs/")["Content-Security-Policy"]
    assert "report-uri /csp-report/" in portal and "'unsafe-inline'" not in portal
    client.force_login(world.users["district"])
    assert "report-uri" not in client.get("/admin/")["Content-Security-Policy"]  # the admin's own policy


def test_the_admin_policy_is_the_documented_one(world, client, settings):
    client.force_login(world.users["district"])
    csp = _csp(client.get("/admin/"))
    assert csp["script-src"] == csp["style-src"] == "'self' 'unsafe-inline'"
    assert csp["img-src"] == "'self' data: blob:"
    assert csp["frame-src"] == "'self'" and csp["frame-ancestors"] == "'self'"
    assert csp["default-src"] == "'self'" and csp["object-src"] == "'none'"
    settings.CONTENT_SECURITY_POLICY_ADMIN = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'"]}}
    assert _csp(client.get("/admin/")) == {"default-src": "'self'", "img-src": "'self'"}  # (order varies)


def test_admin_avatars_are_not_fetched_from_gravatar(world, client):
    user = world.users["district"]
    user.email = "district@example.org"  # Gravatar would be asked for this address's picture
    user.save()
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    # The sidebar's avatarUrl and the dashboard's avatar image: Wagtail's own picture, same origin.
    assert "gravatar" not in html
    assert '"avatarUrl": "/static/wagtailadmin/images/default-user-avatar.png' in html
    assert '<img src="/static/wagtailadmin/images/default-user-avatar.png' in html
