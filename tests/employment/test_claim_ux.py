"""Claiming a record town staff registered (issue 13 review): the activation-code choice on step 1,
step 2 saying truthfully where the code went (the same words whatever the register holds), the
printable activation slip, the claimant's welcome notification, and "待核验 N" in the staff menu."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from employment import services, sms
from employment.models import Account, Notification
from tests.employment.signup_helpers import (
    RECORD_PHONE,
    TYPED_PHONE,
    issue_activation_code,
    new_resident_id,
    signup_data,
    staff_record,
    start,
    without_tokens,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signup_state_clean")]


# ---- (a) step 1 offers the activation code -------------------------------------------------------


def test_step_one_offers_the_activation_code_choice_with_a_label(client, world):
    html = client.get(reverse("seeker-signup")).content.decode()
    choice = re.search(r'<input type="radio" name="code_route" value="activation"[^>]*id="([^"]+)"', html)
    assert choice, html
    assert re.search(rf'<label for="{choice.group(1)}">\s*<input[^>]*>\s*我有镇街发放的激活码', html)
    assert "<legend>下一步怎样验证</legend>" in html
    assert re.search(r'<input type="radio" name="code_route" value="sms"[^>]*checked', html)


def test_choosing_the_activation_code_goes_straight_to_it_and_claims(client, world, django_capture_on_commit_callbacks):
    record = staff_record(town=world.town_x, phone="")
    code, _page = issue_activation_code(world.users["town_x"], record)
    data = signup_data(record.resident_id, "43", town=world.town_x) | {"code_route": "activation"}
    response = start(client, django_capture_on_commit_callbacks, data)
    assert response.status_code == 302 and response["Location"] == reverse("seeker-signup-activate")
    response = client.post(reverse("seeker-signup-activate"), {"code": code})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.user.username == "newperson"


def _answers(client, capture, data) -> tuple:
    first = start(client, capture, data)
    page = client.get(first["Location"])
    wrong = client.post(first["Location"], {"code": "ACDEF-GHJKM"})
    return (first.status_code, first["Location"], page.status_code, without_tokens(page.content.decode()),
            wrong.status_code, without_tokens(wrong.content.decode()))


@pytest.mark.parametrize("route", ["sms", "activation"])
def test_either_choice_answers_the_same_for_registered_and_unregistered_numbers(
    world, django_capture_on_commit_callbacks, route
):
    record = staff_record(town=world.town_x)
    registered = _answers(Client(), django_capture_on_commit_callbacks,
                          signup_data(record.resident_id, "43", town=world.town_x) | {"code_route": route})
    unregistered = _answers(Client(), django_capture_on_commit_callbacks,
                            signup_data(new_resident_id(), "43", town=world.town_x) | {"code_route": route})
    assert registered == unregistered
    assert registered[1] == reverse("seeker-signup-activate" if route == "activation" else "seeker-signup-verify")
    assert record.name not in registered[3] + registered[5]


# ---- (b) step 2 says where the code went ----------------------------------------------------------


def test_step_two_says_truthfully_where_the_code_went(client, world, django_capture_on_commit_callbacks):
    response = start(client, django_capture_on_commit_callbacks, signup_data(new_resident_id(), "43", town=world.town_x))
    html = client.get(response["Location"]).content.decode()
    masked = f"{TYPED_PHONE[:3]}****{TYPED_PHONE[-4:]}"
    assert f"以前没有登记过：发到您刚才填写的手机号码 {masked}" in html
    assert "镇街残联以前为您登记过：发到登记时留下的手机号码" in html
    assert "登记时没有留手机号码的，不会收到短信，请改用镇街残联发放的激活码" in html
    assert "验证码已发送到手机" not in html  # not true when there is no phone on record
    assert TYPED_PHONE not in html and RECORD_PHONE not in html


# ---- (c) the printable slip ---------------------------------------------------------------------------


def test_staff_get_a_printable_activation_slip(world):
    record = staff_record(town=world.town_x, phone="")
    Account.objects.filter(user=world.users["town_x"]).update(display_name=f"{world.town_x.name}残联")
    code, html = issue_activation_code(world.users["town_x"], record)
    slip = re.search(r'<section[^>]*class="card activation-slip"[^>]*>(.*?)</section>', html, re.S).group(1)
    assert code in slip and record.name in slip and world.town_x.name in slip
    assert "http://testserver/signup/" in slip and "我有镇街发放的激活码" in slip
    assert record.resident_id not in html and record.cert_no not in html
    # The issuer once: an account named after its federation is not written twice.
    issuer = re.search(r"<dt>发放</dt><dd>(.*?)</dd>", html, re.S).group(1)
    assert issuer.count(world.town_x.name) == 1
    assert 'data-print hidden' in html and "打印激活码单" in html
    # The print stylesheet drops the menus, and everything but the slip on a page that has one.
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    printing = css[css.index("@media print"):]
    assert ".workspace-nav" in printing and ".site-header" in printing
    assert "body:has(.activation-slip) main > :not(.activation-slip)" in printing
    # Shown once: a reload has no slip.
    client = Client()
    client.force_login(world.users["town_x"])
    assert "activation-slip" not in client.get(reverse("seeker-activation-code", args=[record.pk])).content.decode()


# ---- (d) the claimant is told -------------------------------------------------------------------------


def test_the_claimant_gets_a_notification_that_opens_their_profile(client, world, django_capture_on_commit_callbacks):
    record = staff_record(town=world.town_x, phone="")
    code, _page = issue_activation_code(world.users["town_x"], record)
    start(client, django_capture_on_commit_callbacks, signup_data(record.resident_id, "43", town=world.town_x))
    client.post(reverse("seeker-signup-activate"), {"code": code})
    record.refresh_from_db()
    note = Notification.objects.get(user=record.user)
    assert note.target == record and "已关联镇街残联为您登记的资料" in note.subject
    assert world.town_x.name in note.body and "我的资料和隐私" in note.body
    page = client.get(reverse("notification-list")).content.decode()
    assert "查看我的资料" in page
    response = client.post(reverse("notification-read", args=[note.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("seeker-settings")
    note.refresh_from_db()
    assert note.read_at is not None
    # A new identity (no record claimed) gets no such notification.
    other = Client()
    start(other, django_capture_on_commit_callbacks,
          signup_data(new_resident_id(), "43", town=world.town_x, username="brandnew"))
    texted = re.search(r"验证码 (\d{6})", sms.outbox[-1].text).group(1)
    other.post(reverse("seeker-signup-verify"), {"code": texted})
    assert not Notification.objects.filter(user__username="brandnew").exists()


# ---- (e) 待核验 N in the staff menu ---------------------------------------------------------------------


def _self_registered(town, username):
    from tests.factories import make_user

    user = make_user("seeker", username=username)
    rid = new_resident_id()
    return services.seeker_register(name="周庚", resident_id=rid, cert_no=rid + "21", town=town,
                                    user=user, created_by=user, verified=False)


def test_staff_menu_counts_sign_ups_awaiting_verification_in_scope(world, client_for):
    _self_registered(world.town_x, "self1")
    _self_registered(world.town_x, "self2")
    _self_registered(world.town_y, "self3")
    link = f'<a href="{reverse("staff-seeker-list")}?verified=no">待核验 '
    for user, count in (("town_x", 2), ("town_y", 1), ("district", 3)):
        html = client_for(world.users[user]).get(reverse("staff-seeker-list")).content.decode()
        assert f"{link}{count}<" in html, user
    seeker_page = client_for(world.users["seeker_a"]).get(reverse("seeker-home")).content.decode()
    assert "待核验 " not in seeker_page
