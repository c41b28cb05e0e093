"""The staff second factor (employment/signin/): enrolment with a real TOTP code, verification at
sign-in, single-use recovery codes, the gate on every staff path, and the setting per environment."""

from __future__ import annotations

import base64
import io
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from employment import crypto
from employment.models import AuthenticatorDevice
from employment.signin import services, views
from tests.security.test_faults import no_database  # noqa: F401

pytestmark = pytest.mark.django_db
PASSWORD = "Test-password-123"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def enforced(settings):
    settings.STAFF_2FA_REQUIRED = True
    return settings


def code_for(device, steps_ahead: int = 0) -> str:
    """The code the user's authenticator app shows now (or ``steps_ahead`` 30-second steps later)."""
    if device.pk is not None:
        device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):0{device.digits}d}"


def wait_out_throttle(user) -> None:
    """What waiting does: django-otp makes the next attempt wait 1, 2, 4 … s after each wrong code."""
    past = timezone.now() - timedelta(hours=1)
    for model in (AuthenticatorDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_timestamp=past)


def password_login(username: str) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, username
    return client


def page_secret(response) -> bytes:
    """The secret the enrolment page shows (as text beside the QR code), as bytes."""
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', response.content.decode()).group(1).replace(" ", "")
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def app_for(response, user) -> AuthenticatorDevice:
    """What an authenticator app holds after scanning the enrolment page (an unsaved device)."""
    return AuthenticatorDevice(user=user, key=page_secret(response).hex())


def enrol(user) -> tuple[AuthenticatorDevice, list[str]]:
    """Enrol ``user`` through the pages; returns the confirmed device and the recovery codes shown."""
    client = password_login(user.username)
    setup = client.get(reverse("two-factor-setup"))
    assert setup.status_code == 200
    response = client.post(reverse("two-factor-setup"), {"code": code_for(app_for(setup, user))})
    return AuthenticatorDevice.objects.get(user=user, confirmed=True), shown_codes(client, response)


def shown_codes(client, response) -> list[str]:
    """The codes a form's answer leads to: the POST redirects to the page that shows them once."""
    if response.status_code != 302:
        return []
    assert response["Location"] == reverse("two-factor-codes")
    page = client.get(response["Location"])
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    return re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", page.content.decode())


def test_enforced_path_end_to_end(world, enforced):
    user = world.users["town_x"]
    client = password_login("town_x")
    # Signed in with the password only: every staff page leads to enrolment, keeping where it was going.
    staff_page = reverse("staff-seeker-list")
    response = client.get(staff_page)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-setup"))
    assert "next=%2Fstaff%2Fseekers%2F" in response["Location"]
    assert client.get("/admin/")["Location"].startswith(reverse("two-factor-setup"))

    setup = client.get(response["Location"])
    body = setup.content.decode()
    assert setup.status_code == 200
    assert '<svg role="img"' in body and "<script" not in body.split("<main", 1)[1]
    assert not AuthenticatorDevice.objects.filter(user=user).exists()  # the secret lives in the session until confirmed
    device = app_for(setup, user)
    assert page_secret(setup).hex() in setup.wsgi_request.session[services.ENROLMENT_SESSION_KEY]["key"]
    assert "secret=" + base64.b32encode(device.bin_key).decode().rstrip("=") in device.config_url  # the QR's

    # A wrong code confirms nothing.
    wrong = "000000" if code_for(device) != "000000" else "111111"
    refused = client.post(reverse("two-factor-setup"), {"code": wrong, "next": staff_page})
    assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
    assert page_secret(refused) == device.bin_key  # the same secret again, for this session
    assert not AuthenticatorDevice.objects.filter(user=user).exists()
    assert client.get(staff_page).status_code == 302

    wait_out_throttle(user)
    done = client.post(reverse("two-factor-setup"), {"code": code_for(device), "next": staff_page})
    assert done.status_code == 302 and done["Location"] == reverse("two-factor-codes")
    shown = client.get(done["Location"])
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", shown.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert "no-store" in shown["Cache-Control"]
    assert f'href="{staff_page}"' in shown.content.decode()
    # The codes waited in the session encrypted, and only until the page showing them was made.
    assert not any(c in str(done.wsgi_request.session.items()) for c in codes)
    assert views.RECOVERY_CODES_SESSION_KEY not in shown.wsgi_request.session
    device = AuthenticatorDevice.objects.get(user=user)
    assert device.confirmed and device.bin_key == page_secret(setup)
    assert services.ENROLMENT_SESSION_KEY not in done.wsgi_request.session
    # A refresh shows no codes, and makes none: it says they were shown once and offers new ones.
    again = client.get(reverse("two-factor-codes"), follow=True)
    assert again.redirect_chain == [(reverse("two-factor-recovery-codes"), 302)]
    assert "只在生成后显示一次" in again.content.decode()
    assert not re.findall(r"<li><code>", again.content.decode())
    assert StaticToken.objects.filter(device__user=user).count() == 10
    # Verified now: the staff pages and the Wagtail admin open.
    assert client.get(staff_page).status_code == 200
    assert client.get("/admin/").status_code == 200

    # Next sign-in: password, then a code from the app.
    client.post(reverse("logout"))
    client = password_login("town_x")
    to_verify = client.get(staff_page)
    assert to_verify["Location"].startswith(reverse("two-factor-verify"))
    assert client.get(to_verify["Location"]).status_code == 200
    # The code used for enrolment cannot be replayed; the app's next code works.
    replay = client.post(reverse("two-factor-verify"), {"code": code_for(device), "next": staff_page})
    assert replay.status_code == 200
    assert services.USED_CODE in replay.content.decode()  # told to wait for the next code, not that it is wrong
    wait_out_throttle(user)
    verified = client.post(reverse("two-factor-verify"), {"code": code_for(device, steps_ahead=1), "next": staff_page})
    assert verified.status_code == 302 and verified["Location"] == staff_page
    assert client.get(staff_page).status_code == 200


def _rows_holding(text: str) -> list[str]:
    """The tables with a row whose text (any column, as stored) contains ``text``."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the schema
            if any(text in str(value) for row in cursor.fetchall() for value in row):
                found.append(table)
    return found


def test_the_authenticator_secret_is_stored_encrypted(world, enforced, settings):
    """A copy of the database does not give away the secret: its column holds a Fernet token, and no
    table holds the secret in hex or base32 (django-otp's own table stays empty); the app sees it
    as before, and a new key re-encrypts it (``rotate_field_keys``)."""
    from cryptography.fernet import Fernet
    from django.core.management import call_command
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = world.users["town_x"]
    device, _ = enrol(user)
    secret = device.key
    assert len(secret) == 40 and device.bin_key == bytes.fromhex(secret)
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM employment_authenticatordevice WHERE id = %s", [device.pk])
        (stored,) = cursor.fetchone()
    assert stored.startswith(crypto.TOKEN_PREFIX) and crypto.decrypt(stored) == secret
    base32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert _rows_holding(secret) == [] and _rows_holding(base32) == []
    assert not TOTPDevice.objects.exists()

    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    call_command("rotate_field_keys", stdout=io.StringIO(), stderr=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT key FROM employment_authenticatordevice WHERE id = %s", [device.pk])
        (rotated,) = cursor.fetchone()
    assert rotated != stored
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]  # the old key dropped
    # The next sign-in still works with the code from the app.
    client = password_login("town_x")
    response = client.post(reverse("two-factor-verify"), {"code": code_for(device, steps_ahead=1)})
    assert response.status_code == 302
    assert client.get(reverse("staff-seeker-list")).status_code == 200


def test_the_session_key_changes_when_the_second_factor_is_proven(world, enforced):
    device, _ = enrol(world.users["district"])
    client = password_login("district")
    before = client.session.session_key
    client.post(reverse("two-factor-verify"), {"code": code_for(device, steps_ahead=1)})
    assert client.session.session_key != before


def test_verification_attempts_are_throttled(world, enforced):
    user = world.users["district"]
    device, _ = enrol(user)
    client = password_login("district")
    right = code_for(device, steps_ahead=1)
    wrong = "123456" if right != "123456" else "654321"
    assert client.post(reverse("two-factor-verify"), {"code": wrong}).status_code == 200
    # Straight after a wrong code even the right one is refused, with a Chinese "wait" message.
    response = client.post(reverse("two-factor-verify"), {"code": right})
    assert response.status_code == 200 and "后再试" in response.content.decode()
    assert client.get(reverse("staff-seeker-list")).status_code == 302
    for _ in range(4):
        wait_out_throttle(user)
        client.post(reverse("two-factor-verify"), {"code": wrong})
    # Each wrong code doubles the wait: after five it is 16 s.
    device.refresh_from_db()
    assert device.throttling_failure_count == 5
    allowed, data = device.verify_is_allowed()
    assert not allowed and (data["locked_until"] - device.throttling_failure_timestamp).total_seconds() == 16


def test_recovery_codes_are_single_use_and_stored_hashed(world, enforced):
    user = world.users["district"]
    _, codes = enrol(user)
    # Only keyed hashes are stored: no stored token is a code.
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(stored) == 10 and not stored & {c.replace("-", "") for c in codes} and not stored & set(codes)

    client = password_login("district")
    response = client.post(reverse("two-factor-verify"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.get(reverse("staff-seeker-list")).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9

    client = password_login("district")
    again = client.post(reverse("two-factor-verify"), {"code": codes[0]})
    assert again.status_code == 200 and "不正确" in again.content.decode()
    wait_out_throttle(user)
    # Typed the way people type codes from paper: capitals, spaces, full-width characters.
    typed = codes[1].upper().replace("-", " ")
    typed = typed[:3] + typed[3:].translate(str.maketrans("ABCDEFGHJKMNPQRSTUVWXYZ23456789",
                                                          "ＡＢＣＤＥＦＧＨＪＫＭＮＰＱＲＳＴＵＶＷＸＹＺ２３４５６７８９"))
    assert client.post(reverse("two-factor-verify"), {"code": typed}).status_code == 302
    assert StaticToken.objects.filter(device__user=user).count() == 8


def test_new_recovery_codes_need_the_password_and_replace_the_old(world, enforced):
    user = world.users["district"]
    device, old_codes = enrol(user)
    client = password_login("district")
    client.post(reverse("two-factor-verify"), {"code": code_for(device, steps_ahead=1)})
    page = client.get(reverse("two-factor-recovery-codes"))
    assert page.status_code == 200 and "10" in page.content.decode()
    wrong = client.post(reverse("two-factor-recovery-codes"), {"password": "not-my-password"})
    assert wrong.status_code == 200 and "密码不正确" in wrong.content.decode()
    assert not shown_codes(client, wrong)
    fresh = client.post(reverse("two-factor-recovery-codes"), {"password": PASSWORD})
    new_codes = shown_codes(client, fresh)
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    # The session stays verified; the old codes no longer work, the new ones do.
    assert client.get(reverse("staff-seeker-list")).status_code == 200
    other = password_login("district")
    assert other.post(reverse("two-factor-verify"), {"code": old_codes[0]}).status_code == 200
    wait_out_throttle(user)
    assert other.post(reverse("two-factor-verify"), {"code": new_codes[0]}).status_code == 302


def test_wrong_passwords_when_asking_for_new_codes_count_towards_the_lockout(world, enforced, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    device, _ = enrol(world.users["district"])
    client = password_login("district")
    client.post(reverse("two-factor-verify"), {"code": code_for(device, steps_ahead=1)})
    assert client.post(reverse("two-factor-recovery-codes"), {"password": "guess-1"}).status_code == 200
    assert client.post(reverse("two-factor-recovery-codes"), {"password": "guess-2"}).status_code == 429
    assert Client().post(reverse("login"), {"username": "district", "password": PASSWORD}).status_code == 429


@pytest.mark.parametrize("role", ["town_x", "district", "provider_a"])
def test_staff_with_a_password_only_reach_nothing_but_verification_and_logout(world, enforced, role):
    user = world.users[role]
    enrol(user)
    client = password_login(role)
    for path in ["/admin/", "/admin/pages/", reverse("staff-seeker-list"), reverse("privacy-access-log"),
                 reverse("portal-home"), reverse("two-factor-recovery-codes"), reverse("login-lockouts"),
                 reverse("seeker-detail", args=[world.seeker_a.pk])]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("two-factor-verify")), path
    # A POST to a staff page is turned away before the view runs.
    before = world.seeker_a.__class__.objects.count()
    response = client.post(reverse("staff-seeker-create"), {"name": "王五"})
    assert response.status_code == 302 and response["Location"] == reverse("two-factor-verify")
    assert world.seeker_a.__class__.objects.count() == before
    assert client.get(reverse("two-factor-verify")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_superuser_is_staff_too(world, enforced):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    client = password_login("root")
    assert client.get("/admin/")["Location"].startswith(reverse("two-factor-setup"))


@pytest.mark.parametrize("role", ["seeker_a", "employer_a"])
def test_seekers_and_employers_sign_in_with_their_password_alone(world, enforced, role):
    client = password_login(role)
    home = {"seeker_a": "seeker-home", "employer_a": "employer-home"}[role]
    assert client.get(reverse(home)).status_code == 200
    assert client.get(reverse("portal-home")).status_code == 302
    assert client.get(reverse("two-factor-setup")).status_code == 403
    assert not AuthenticatorDevice.objects.filter(user=world.users[role]).exists()


def test_with_the_dev_setting_staff_sign_in_with_their_password(world, settings):
    settings.STAFF_2FA_REQUIRED = False  # config/settings/dev.py, which `make demo` uses
    client = password_login("district")
    assert client.get(reverse("staff-seeker-list")).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_the_setting_per_environment():
    from config.settings import base, dev

    assert base.STAFF_2FA_REQUIRED is True
    assert dev.STAFF_2FA_REQUIRED is (os.environ.get("STAFF_2FA_REQUIRED", "").lower() in {"1", "true", "yes", "on"})
    # Production enforces it even when the environment asks for it to be off.
    from cryptography.fernet import Fernet

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64), "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "FIELD_HASH_KEY": secrets.token_urlsafe(40),
        "DATABASE_URL": "sqlite:////tmp/shuguang-2fa-check.sqlite3", "CELERY_BROKER_URL": "redis://127.0.0.1:6379/13",
        "STAFF_2FA_REQUIRED": "false",
    }
    script = "import django; django.setup(); from django.conf import settings; print(settings.STAFF_2FA_REQUIRED)"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_reset_command_makes_the_user_enrol_again(world, enforced):
    from django.core.management import call_command

    enrol(world.users["town_x"])
    call_command("two_factor_reset", "town_x")
    assert not AuthenticatorDevice.objects.filter(user=world.users["town_x"]).exists()
    client = password_login("town_x")
    assert client.get(reverse("staff-seeker-list"))["Location"].startswith(reverse("two-factor-setup"))


def test_each_session_enrols_its_own_secret_and_only_confirmation_saves_it(world, enforced):
    """Someone else who has the password (or a second browser) cannot read the secret another session is
    enrolling, nor have the user enrol a secret they have seen: each session gets its own, kept in the
    session until confirmed, and a code from one session's secret does not confirm another's."""
    user = world.users["town_y"]
    mine, theirs = password_login("town_y"), password_login("town_y")
    my_page, their_page = mine.get(reverse("two-factor-setup")), theirs.get(reverse("two-factor-setup"))
    assert page_secret(my_page) != page_secret(their_page)
    assert page_secret(mine.get(reverse("two-factor-setup"))) == page_secret(my_page)  # stable per session
    assert not AuthenticatorDevice.objects.filter(user=user).exists()

    refused = theirs.post(reverse("two-factor-setup"), {"code": code_for(app_for(my_page, user))})
    assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
    assert not AuthenticatorDevice.objects.filter(user=user).exists()

    confirmed = mine.post(reverse("two-factor-setup"), {"code": code_for(app_for(my_page, user))})
    assert confirmed.status_code == 302 and confirmed["Location"] == reverse("two-factor-codes")  # the codes next
    device = AuthenticatorDevice.objects.get(user=user)
    assert device.confirmed and device.bin_key == page_secret(my_page)
    # Once confirmed, the enrolment page shows no secret at all: the other session goes to verification.
    again = theirs.get(reverse("two-factor-setup"))
    assert again.status_code == 302 and again["Location"].startswith(reverse("two-factor-verify"))


def test_an_unconfirmed_device_from_before_is_never_shown(world, enforced):
    """A device left unconfirmed by the earlier code (whose secret a first visitor saw) is not reused."""
    user = world.users["town_y"]
    old = AuthenticatorDevice.objects.create(user=user, name="验证器应用", confirmed=False)
    client = password_login("town_y")
    setup = client.get(reverse("two-factor-setup"))
    assert page_secret(setup) != old.bin_key
    assert client.post(reverse("two-factor-setup"), {"code": code_for(old)}).status_code == 200
    assert not AuthenticatorDevice.objects.filter(user=user, confirmed=True).exists()
    client.post(reverse("two-factor-setup"), {"code": code_for(app_for(setup, user))})
    assert list(AuthenticatorDevice.objects.filter(user=user).values_list("key", "confirmed")) == [(page_secret(setup).hex(), True)]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("required", [True, False])
def test_a_signed_in_user_gets_the_chinese_503_when_the_database_is_down(world, settings, request, required):
    # With the gate on, it is the first to need the session; either way no response header needs it.
    settings.STAFF_2FA_REQUIRED = required
    client = password_login("town_x")
    request.getfixturevalue("no_database")
    response = client.get(reverse("staff-seeker-list"))
    assert response.status_code == 503 and "服务暂时不可用" in response.content.decode()
