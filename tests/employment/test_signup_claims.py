"""Two-step sign-up and claims (issue 13): a new identity, a claim with the code texted to the phone on
record, a claim with the town's activation code, a record that has an account already, and the codes
that must be refused (wrong, expired, used, revoked, too many attempts)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from employment import signup, sms
from employment.models import ActivationCode, JobSeeker, Notification, PendingSignup, Role
from tests.employment.signup_helpers import (
    PASSWORD,
    RECORD_PHONE,
    TYPED_PHONE,
    issue_activation_code,
    new_resident_id,
    signup_data,
    staff_record,
    start,
    texted_code,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signup_state_clean")]
User = get_user_model()


def test_a_new_identity_gets_an_account_and_an_unverified_seeker(client, world, django_capture_on_commit_callbacks):
    rid = new_resident_id()
    response = start(client, django_capture_on_commit_callbacks, signup_data(rid, "12", town=world.town_x))
    assert response.status_code == 302
    assert "您正在注册" in sms.outbox[-1].text and sms.outbox[-1].to == TYPED_PHONE
    pending = PendingSignup.objects.get()
    # Stored encrypted, the password hashed, the code hashed: nothing usable in a dump.
    assert PASSWORD not in pending.password_hash and pending.code_hash != texted_code(TYPED_PHONE)
    assert not pending.sms_text  # the message was forgotten once sent
    response = client.post(reverse("seeker-signup-verify"), {"code": texted_code(TYPED_PHONE)})
    assert response.status_code == 302 and response.url == reverse("seeker-assessment")
    seeker = JobSeeker.objects.get(resident_id_hash=pending.resident_id_hash)
    assert seeker.user.username == "newperson" and seeker.user.check_password(PASSWORD)
    assert seeker.user.account.role == Role.SEEKER and seeker.phone == TYPED_PHONE
    assert not seeker.is_verified and seeker.verified_by is None  # 待核验 until town staff see the card
    assert not PendingSignup.objects.exists()
    assert client.get(reverse("seeker-jobs")).status_code == 200  # unverified seekers use the job features


def test_claim_with_the_code_texted_to_the_phone_on_record(client, world, django_capture_on_commit_callbacks):
    record = staff_record(town=world.town_x, by=world.users["town_x"])
    start(client, django_capture_on_commit_callbacks, signup_data(record.resident_id, "43", town=world.town_y))
    assert [m.to for m in sms.outbox] == [RECORD_PHONE]
    assert "如果不是您本人" in sms.outbox[0].text and "联系所属镇街残联" in sms.outbox[0].text
    response = client.post(reverse("seeker-signup-verify"), {"code": texted_code(RECORD_PHONE)})
    assert response.status_code == 302 and response.url == reverse("seeker-home")
    record.refresh_from_db()
    assert record.user.username == "newperson" and record.user.account.role == Role.SEEKER
    assert record.town == world.town_x and record.is_verified  # the record is kept as staff made it
    assert JobSeeker.objects.filter(resident_id_hash=record.resident_id_hash).count() == 1
    note = Notification.objects.get(user=world.users["town_x"])
    assert "钱戊" in note.subject and "短信验证码" in note.body and "newperson" in note.body
    # The typed name differs from the record (the certificate number does not): staff are asked to check.
    assert "注册时填写的姓名与登记的不一致" in note.body
    assert not Notification.objects.filter(user=world.users["town_y"]).exists()
    assert client.get(reverse("seeker-home")).status_code == 200


def test_claim_with_an_activation_code(client, world, django_capture_on_commit_callbacks):
    record = staff_record(town=world.town_x, phone="")  # no phone on record: no text message at all
    code, _ = issue_activation_code(world.users["town_x"], record)
    start(client, django_capture_on_commit_callbacks, signup_data(record.resident_id, "43", town=world.town_x))
    assert sms.outbox == []
    assert client.get(reverse("seeker-signup-activate")).status_code == 200
    response = client.post(reverse("seeker-signup-activate"), {"code": code.lower().replace("-", " ")})
    assert response.status_code == 302 and response.url == reverse("seeker-home")
    record.refresh_from_db()
    assert record.user.username == "newperson"
    row = ActivationCode.objects.get(seeker=record)
    assert row.used_at is not None and row.used_by == record.user and row.issued_by == world.users["town_x"]
    assert "激活码" in Notification.objects.get(user=world.users["town_x"]).body


def _pending_for(client, capture, record, username="newperson"):
    sms.outbox.clear()
    start(client, capture, signup_data(record.resident_id, "43", town=record.town, username=username))


def _activate(client, code):
    return client.post(reverse("seeker-signup-activate"), {"code": code})


def test_expired_used_and_revoked_activation_codes_are_refused(
    client, world, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    record = staff_record(town=world.town_x)
    first, _ = issue_activation_code(world.users["town_x"], record)
    second, _ = issue_activation_code(world.users["district"], record, replace=True)  # revokes the first
    assert ActivationCode.objects.get(seeker=record, revoked_at__isnull=False).revoked_by == world.users["district"]
    _pending_for(client, capture, record)
    response = _activate(client, first)
    assert response.status_code == 200 and "激活码不正确" in response.content.decode()

    ActivationCode.objects.filter(seeker=record, revoked_at__isnull=True).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert "激活码不正确" in _activate(client, second).content.decode()

    ActivationCode.objects.filter(seeker=record).update(expires_at=timezone.now() + timedelta(days=1))
    assert _activate(client, second).status_code == 302  # valid again: the claim goes through
    record.refresh_from_db()
    assert record.user.username == "newperson"

    # Used now: the same code cannot open anything again (the record also has its account).
    other = Client()
    _pending_for(other, capture, record, username="someoneelse")
    response = _activate(other, second)
    assert "激活码不正确" in response.content.decode()
    assert not User.objects.filter(username="someoneelse").exists()


def test_an_activation_code_is_bound_to_its_record(client, world, django_capture_on_commit_callbacks):
    mine, theirs = staff_record(town=world.town_x), staff_record(town=world.town_x)
    code, _ = issue_activation_code(world.users["town_x"], theirs)
    _pending_for(client, django_capture_on_commit_callbacks, mine)
    assert "激活码不正确" in _activate(client, code).content.decode()
    # A new identity cannot be completed with any activation code either.
    start(client, django_capture_on_commit_callbacks, signup_data(new_resident_id(), "43", town=world.town_x))
    assert "激活码不正确" in _activate(client, code).content.decode()
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.user_id is None and theirs.user_id is None


def test_a_record_with_an_account_never_gets_a_second_one(client, world, django_capture_on_commit_callbacks):
    record = world.seeker_a
    record.phone = RECORD_PHONE
    record.save()
    start(client, django_capture_on_commit_callbacks, signup_data(record.resident_id, "43", town=world.town_x))
    response = client.post(reverse("seeker-signup-verify"), {"code": texted_code(RECORD_PHONE)})
    html = response.content.decode()
    assert response.status_code == 200 and "这个证件已经开通过账号" in html and "重置密码" in html
    record.refresh_from_db()
    assert record.user == world.users["seeker_a"]
    assert not User.objects.filter(username="newperson").exists()
    assert "_auth_user_id" not in client.session


def test_the_attempt_limit_ends_the_pending_sign_up(client, world, django_capture_on_commit_callbacks):
    start(client, django_capture_on_commit_callbacks, signup_data(new_resident_id(), "43", town=world.town_x))
    code = texted_code(TYPED_PHONE)
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1):
        html = client.post(reverse("seeker-signup-verify"), {"code": wrong}).content.decode()
        assert f"验证码不正确，请核对短信后重新输入。还可以再试 {left} 次。" in html
    # The fifth wrong code — here on the activation page; both count — ends it.
    html = client.post(reverse("seeker-signup-activate"), {"code": "ACDEFGHJKM"}).content.decode()
    assert "本次注册已作废" in html
    assert not PendingSignup.objects.exists()
    assert "验证码已失效" in client.post(reverse("seeker-signup-verify"), {"code": code}).content.decode()
    assert not User.objects.filter(username="newperson").exists()


def test_four_wrong_codes_then_the_right_one_still_works(client, world, django_capture_on_commit_callbacks):
    start(client, django_capture_on_commit_callbacks, signup_data(new_resident_id(), "43", town=world.town_x))
    code = texted_code(TYPED_PHONE)
    for _ in range(4):
        client.post(reverse("seeker-signup-verify"), {"code": "000000" if code != "000000" else "111111"})
    assert client.post(reverse("seeker-signup-verify"), {"code": code}).status_code == 302


def test_an_expired_pending_sign_up_is_refused(client, world, django_capture_on_commit_callbacks):
    start(client, django_capture_on_commit_callbacks, signup_data(new_resident_id(), "43", town=world.town_x))
    PendingSignup.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "验证码已失效" in client.get(reverse("seeker-signup-verify")).content.decode()
    html = client.post(reverse("seeker-signup-verify"), {"code": texted_code(TYPED_PHONE)}).content.decode()
    assert "验证码已失效" in html
    assert not User.objects.filter(username="newperson").exists()
    assert signup.CODE_TTL == timedelta(minutes=15)


def test_staff_registering_the_identity_meanwhile_stops_the_typed_phone_code(
    client, world, django_capture_on_commit_callbacks
):
    rid = new_resident_id()
    start(client, django_capture_on_commit_callbacks, signup_data(rid, "43", town=world.town_x))
    from employment import services

    services.seeker_register(name="赵丁", resident_id=rid, cert_no=rid + "43", town=world.town_x)
    html = client.post(reverse("seeker-signup-verify"), {"code": texted_code(TYPED_PHONE)}).content.decode()
    assert "请向镇街残联领取激活码" in html
    rid_hash = services.seeker_identity_fields(rid, rid + "43")["resident_id_hash"]
    assert JobSeeker.objects.get(resident_id_hash=rid_hash).user_id is None


def test_format_errors_are_reported_per_field_in_chinese(client, world):
    rid = new_resident_id()
    data = signup_data(rid, "93", town=world.town_x, phone="12345")
    html = client.post(reverse("seeker-signup"), data).content.decode()
    assert "残疾人证号第19位（残疾类别）应为1–7" in html and "手机号码应为 11 位" in html
    data = signup_data(rid[:-1] + ("0" if rid[-1] != "0" else "1"), "43", town=world.town_x)
    assert "身份证号校验位错误" in client.post(reverse("seeker-signup"), data).content.decode()
    assert not PendingSignup.objects.exists()


# ---- 重新发送验证码 and going back to correct step 1 ----------------------------------------------------


def _resend(client, capture):
    with capture(execute=True):
        return client.post(reverse("seeker-signup-resend"), follow=True)


def _a_minute_later():
    PendingSignup.objects.update(expires_at=timezone.now() + signup.CODE_TTL - signup.RESEND_INTERVAL)


def test_a_new_code_can_be_sent_again_once_a_minute(client, world, django_capture_on_commit_callbacks):
    rid = new_resident_id()
    start(client, django_capture_on_commit_callbacks, signup_data(rid, "12", town=world.town_x))
    first = texted_code(TYPED_PHONE)
    verify = client.get(reverse("seeker-signup-verify")).content.decode()
    assert reverse("seeker-signup-resend") in verify and "重新发送验证码" in verify
    # At once: refused, nothing sent, the first code still good.
    response = _resend(client, django_capture_on_commit_callbacks)
    assert "请等 1 分钟再重新发送" in response.content.decode() and len(sms.outbox) == 1
    _a_minute_later()
    response = _resend(client, django_capture_on_commit_callbacks)
    assert response.redirect_chain == [(reverse("seeker-signup-verify"), 302)]
    assert "已重新发送验证码" in response.content.decode() and len(sms.outbox) == 2
    second = texted_code(TYPED_PHONE)
    pending = PendingSignup.objects.get()
    assert pending.expires_at > timezone.now() + signup.CODE_TTL - timedelta(seconds=30)  # valid 15 min again
    if first != second:  # the old code no longer works (one in a million they are equal)
        response = client.post(reverse("seeker-signup-verify"), {"code": first})
        assert response.status_code == 200 and "验证码不正确" in response.content.decode()
    response = client.post(reverse("seeker-signup-verify"), {"code": second})
    assert response.status_code == 302 and User.objects.filter(username="newperson").exists()


def test_a_resent_code_goes_where_the_first_went_and_keeps_the_wrong_tries(
        client, world, django_capture_on_commit_callbacks):
    record = staff_record(town=world.town_x)
    rid = record.resident_id
    start(client, django_capture_on_commit_callbacks, signup_data(rid, record.cert_no[18:], town=world.town_x))
    for _ in range(2):
        client.post(reverse("seeker-signup-verify"), {"code": "000000"})
    _a_minute_later()
    _resend(client, django_capture_on_commit_callbacks)
    assert [m.to for m in sms.outbox] == [RECORD_PHONE, RECORD_PHONE]  # never the typed phone
    assert PendingSignup.objects.get().attempts in (2, 3)  # 000000 might have been right once in a million


def test_resending_without_a_pending_sign_up_says_it_has_expired(client, world):
    response = client.post(reverse("seeker-signup-resend"))
    assert response.status_code == 200 and "验证码已失效" in response.content.decode()
    assert client.get(reverse("seeker-signup-resend")).status_code == 302  # a GET only leads to step 2
    assert sms.outbox == []


def test_going_back_keeps_what_was_typed_but_the_numbers_and_password(client, world,
                                                                      django_capture_on_commit_callbacks):
    rid = new_resident_id()
    start(client, django_capture_on_commit_callbacks, signup_data(rid, "12", town=world.town_x))
    verify = client.get(reverse("seeker-signup-verify")).content.decode()
    back = reverse("seeker-signup") + "?again=1"
    assert back in verify
    html = client.get(back).content.decode()
    assert 'value="赵丁"' in html and 'value="newperson"' in html and f'value="{TYPED_PHONE}"' in html
    assert f'<option value="{world.town_x.pk}" selected>' in html
    assert rid not in html and PASSWORD not in html
    assert "身份证号、残疾人证号和密码需要重新填写" in html
    # Without ?again=1, or without a pending sign-up, the form is empty.
    assert 'value="赵丁"' not in client.get(reverse("seeker-signup")).content.decode()
    assert 'value="赵丁"' not in Client().get(back).content.decode()
