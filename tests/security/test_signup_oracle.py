"""The sign-up form is no identity oracle (issue 13): whether a resident ID is on record — and with which
disability category and grade — cannot be learnt from the answers, a number on record cannot be taken
over without the code sent to its phone (or the town's activation code), and sign-up is rate-limited
per client address."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from employment import sms
from employment.models import JobSeeker, PendingSignup
from tests.employment.signup_helpers import (
    RECORD_PHONE,
    TYPED_PHONE,
    new_resident_id,
    signup_data,
    staff_record,
    start,
    texted_code,
    without_tokens,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signup_state_clean")]
SUFFIXES = [f"{category}{grade}" for category in range(1, 8) for grade in range(1, 5)]  # all 28


def _answers(client, capture, data) -> tuple:
    """What a prober sees: step 1's status, redirect target and body; the step-2 page; a wrong code's answer."""
    first = start(client, capture, data)
    page = client.get(first["Location"]) if first.status_code == 302 else first
    wrong = client.post(reverse("seeker-signup-verify"), {"code": "000000"})
    activate = client.get(reverse("seeker-signup-activate"))
    wrong_activation = client.post(reverse("seeker-signup-activate"), {"code": "ACDEF-GHJKM"})
    return (
        first.status_code,
        first.get("Location"),
        without_tokens(first.content.decode()),
        page.status_code,
        without_tokens(page.content.decode()),
        wrong.status_code,
        without_tokens(wrong.content.decode()),
        without_tokens(activate.content.decode()),
        wrong_activation.status_code,
        without_tokens(wrong_activation.content.decode()),
    )


def test_registered_and_unregistered_numbers_get_identical_answers_for_all_28_suffixes(
    world, django_capture_on_commit_callbacks
):
    record = staff_record(town=world.town_x)  # category 4, grade 3
    record_rid = record.resident_id
    for suffix in SUFFIXES:
        registered = _answers(
            Client(), django_capture_on_commit_callbacks, signup_data(record_rid, suffix, town=world.town_y)
        )
        unregistered = _answers(
            Client(), django_capture_on_commit_callbacks, signup_data(new_resident_id(), suffix, town=world.town_y)
        )
        assert registered == unregistered, suffix
        assert registered[0] == 302 and registered[1] == reverse("seeker-signup-verify")
        assert "请输入短信中的 6 位验证码" in registered[4] and "以前没有登记过" in registered[4]
        assert "验证码不正确" in registered[6]
        for oracle in ("已经登记过", "这个身份证号", "这个残疾人证号", record.name, "视力", "肢体"):
            assert oracle not in registered[4] + registered[6] + registered[9]
    # Nothing was created, whatever was typed; the record's phone got the codes, the typed phone none
    # of the record's.
    assert JobSeeker.objects.count() == 3 and not get_user_model().objects.filter(username="newperson").exists()
    record.refresh_from_db()
    assert record.user_id is None
    assert len([m for m in sms.outbox if m.to == RECORD_PHONE]) == 28
    assert all("有人正在用您的身份证号和残疾人证注册" in m.text for m in sms.outbox if m.to == RECORD_PHONE)


def test_a_record_without_a_phone_gets_the_same_page_and_no_text_message(world, django_capture_on_commit_callbacks):
    record = staff_record(town=world.town_x, phone="")
    landline = staff_record(town=world.town_x, phone="0574-87654321")
    answers = {
        key: _answers(Client(), django_capture_on_commit_callbacks, signup_data(rid, "43", town=world.town_x))
        for key, rid in {"none": record.resident_id, "landline": landline.resident_id,
                         "new": new_resident_id()}.items()
    }
    assert answers["none"] == answers["landline"] == answers["new"]
    assert [m.to for m in sms.outbox] == [TYPED_PHONE]  # only the new identity's code went out


def test_resending_the_code_and_going_back_answer_the_same_whatever_the_register_holds(
        world, django_capture_on_commit_callbacks):
    """重新发送验证码 (too soon, then sent) and 资料填错了 (the form filled again): identical pages for a
    record with a phone, a record without one and a new identity."""
    from employment import signup
    from employment.models import PendingSignup

    def answers(rid):
        client = Client()
        start(client, django_capture_on_commit_callbacks, signup_data(rid, "43", town=world.town_x))
        pages = []
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(reverse("seeker-signup-resend"), follow=True)
            pages.append((response.status_code, without_tokens(response.content.decode())))
            PendingSignup.objects.update(expires_at=timezone.now() + signup.CODE_TTL - signup.RESEND_INTERVAL)
        back = client.get(reverse("seeker-signup") + "?again=1")
        return [*pages, (back.status_code, without_tokens(back.content.decode()))]

    record, no_phone = staff_record(town=world.town_x), staff_record(town=world.town_x, phone="")
    seen = [answers(rid) for rid in (record.resident_id, no_phone.resident_id, new_resident_id())]
    assert seen[0] == seen[1] == seen[2]
    assert "请等 1 分钟" in seen[0][0][1] and "已重新发送验证码" in seen[0][1][1]
    assert record.name not in seen[0][2][1]


def test_a_number_on_record_cannot_be_registered_without_the_code(world, django_capture_on_commit_callbacks):
    record = staff_record(town=world.town_x)
    client = Client()
    start(client, django_capture_on_commit_callbacks, signup_data(record.resident_id, "43", town=world.town_x))
    assert not [m for m in sms.outbox if m.to == TYPED_PHONE]  # the code went to the phone on record only
    for guess in ("123456", "654321", "111111", "999999", "000000"):
        response = client.post(reverse("seeker-signup-verify"), {"code": guess})
        assert response.status_code == 200
    # Five wrong codes ended it: even the right code does nothing now.
    response = client.post(reverse("seeker-signup-verify"), {"code": texted_code(RECORD_PHONE)})
    assert "验证码已失效" in response.content.decode()
    record.refresh_from_db()
    assert record.user_id is None
    assert not get_user_model().objects.filter(username="newperson").exists()
    assert not PendingSignup.objects.exists()


def test_the_pending_sign_up_belongs_to_the_browser_that_started_it(world, django_capture_on_commit_callbacks):
    record = staff_record(town=world.town_x)
    start(Client(), django_capture_on_commit_callbacks, signup_data(record.resident_id, "43", town=world.town_x))
    stranger = Client()
    response = stranger.post(reverse("seeker-signup-verify"), {"code": texted_code(RECORD_PHONE)})
    assert "验证码已失效" in response.content.decode()
    record.refresh_from_db()
    assert record.user_id is None


def test_sign_up_is_rate_limited_per_client_address(world, settings, django_capture_on_commit_callbacks):
    settings.SIGNUP_RATE_LIMIT = 2
    settings.SIGNUP_CODE_RATE_LIMIT = 3
    here = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(2):
        data = signup_data(new_resident_id(), "43", town=world.town_x, username=f"p{n}")
        assert start(here, django_capture_on_commit_callbacks, data).status_code == 302
    own_code = texted_code(TYPED_PHONE)  # the code of the sign-up this browser has pending
    data = signup_data(new_resident_id(), "43", town=world.town_x, username="p3")
    refused = start(here, django_capture_on_commit_callbacks, data)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "操作太频繁" in refused.content.decode()
    assert PendingSignup.objects.count() == 1  # the second replaced the first; the refused one made none
    # Another address is not affected.
    assert start(Client(REMOTE_ADDR="198.51.100.9"), django_capture_on_commit_callbacks, data).status_code == 302
    # Step 2: three codes per window from one address, then 429 (even with the right code).
    for _ in range(3):
        assert here.post(reverse("seeker-signup-verify"), {"code": "000000"}).status_code == 200
    response = here.post(reverse("seeker-signup-verify"), {"code": own_code})
    assert response.status_code == 429
    assert not get_user_model().objects.filter(username__in=["p0", "p1"]).exists()


def test_resending_codes_is_limited_apart_from_sign_ups_and_only_when_sent(world, settings,
                                                                         django_capture_on_commit_callbacks):
    """A town office signs many people up from one address: resends do not eat its sign-ups, and a press
    refused as too soon costs nothing; past SIGNUP_RATE_LIMIT codes resent, 429."""
    from employment import signup
    from employment.models import PendingSignup

    settings.SIGNUP_RATE_LIMIT = 2
    here = Client(REMOTE_ADDR="203.0.113.8")
    assert start(here, django_capture_on_commit_callbacks,
                 signup_data(new_resident_id(), "43", town=world.town_x)).status_code == 302
    resend = reverse("seeker-signup-resend")
    for _ in range(3):  # too soon each time: refused in words, not counted
        assert here.post(resend).status_code == 302
    for _ in range(2):
        PendingSignup.objects.update(expires_at=timezone.now() + signup.CODE_TTL - signup.RESEND_INTERVAL)
        assert here.post(resend).status_code == 302
    PendingSignup.objects.update(expires_at=timezone.now() + signup.CODE_TTL - signup.RESEND_INTERVAL)
    assert here.post(resend).status_code == 429
    # The address may still start its second sign-up: resends were counted apart.
    assert start(here, django_capture_on_commit_callbacks,
                 signup_data(new_resident_id(), "43", town=world.town_x, username="second")).status_code == 302


def test_behind_a_proxy_sign_up_counts_the_address_the_proxy_reports(world, settings,
                                                                     django_capture_on_commit_callbacks):
    """Sign-up limits use the login throttle's address: the trusted proxy header when one is configured,
    so clients behind one proxy are counted apart and a client cannot pick its own address."""
    settings.SIGNUP_RATE_LIMIT = 1
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.20")
    data = signup_data(new_resident_id(), "43", town=world.town_x, username="proxied1")
    assert start(first, django_capture_on_commit_callbacks, data).status_code == 302
    data = signup_data(new_resident_id(), "43", town=world.town_x, username="proxied2")
    assert start(first, django_capture_on_commit_callbacks, data).status_code == 429
    # Another client behind the same proxy is its own count.
    other = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.21")
    assert start(other, django_capture_on_commit_callbacks, data).status_code == 302
    # Without the setting the header is ignored: everyone behind the proxy is one address.
    settings.TRUSTED_PROXY_HEADER = ""
    data = signup_data(new_resident_id(), "43", town=world.town_x, username="proxied3")
    spoofed = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="203.0.113.99")
    assert start(spoofed, django_capture_on_commit_callbacks, data).status_code == 302
    data = signup_data(new_resident_id(), "43", town=world.town_x, username="proxied4")
    spoofed = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="203.0.113.98")
    assert start(spoofed, django_capture_on_commit_callbacks, data).status_code == 429


def test_codes_texted_to_one_phone_are_limited_silently(world, settings, django_capture_on_commit_callbacks):
    settings.SMS_PER_PHONE_LIMIT = 2
    record = staff_record(town=world.town_x)
    pages = set()
    for n in range(4):
        client = Client(REMOTE_ADDR=f"192.0.2.{n}")
        response = start(client, django_capture_on_commit_callbacks,
                         signup_data(record.resident_id, "43", town=world.town_x))
        pages.add(without_tokens(client.get(response["Location"]).content.decode()))
    assert len(pages) == 1  # the page does not say that the limit was reached
    assert len([m for m in sms.outbox if m.to == RECORD_PHONE]) == 2


def test_a_failing_sms_gateway_does_not_change_the_answer(world, settings, django_capture_on_commit_callbacks):
    """The gateway refusing the phone on record must not show (a server error would be an oracle)."""
    settings.SMS_BACKEND = "http"
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/unreachable"  # discard port: connection refused
    settings.SMS_GATEWAY_TIMEOUT = 1
    record = staff_record(town=world.town_x)
    registered = _answers(Client(raise_request_exception=False), django_capture_on_commit_callbacks,
                          signup_data(record.resident_id, "43", town=world.town_x))
    settings.SMS_BACKEND = "locmem"
    unregistered = _answers(Client(raise_request_exception=False), django_capture_on_commit_callbacks,
                            signup_data(new_resident_id(), "43", town=world.town_x))
    assert registered == unregistered
