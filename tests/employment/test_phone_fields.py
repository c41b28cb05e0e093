"""Phone numbers are checked wherever a seeker's or an employer's phone is typed: the seeker's own data,
staff registering a seeker, the employer's company profile, an employer inviting a colleague. The error
summary names the field and the message says what to type; nothing is saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

WHAT_TO_TYPE = "请填写 11 位手机号码（例如 13812345678），或带区号的固定电话（例如 0574-87654321）"


def _settings(phone):
    return {"name": "张甲", "phone": phone, "email": "", "visible_to_employers": ""}


def test_seeker_settings_refuse_a_bad_number_and_keep_a_good_one_written_one_way(client_for, world):
    client = client_for(world.users["seeker_a"])
    response = client.post(reverse("seeker-settings"), _settings("8765"))
    html = response.content.decode()
    assert response.status_code == 200 and f"联系电话：这不是有效的电话号码，{WHAT_TO_TYPE}。" in html
    world.seeker_a.refresh_from_db()
    assert world.seeker_a.phone == ""
    response = client.post(reverse("seeker-settings"), _settings("87654321"))
    assert "联系电话：固定电话请加上区号，例如宁波的号码写成 0574-87654321。" in response.content.decode()
    assert client.post(reverse("seeker-settings"), _settings("0574 8765 4321")).status_code == 302
    world.seeker_a.refresh_from_db()
    assert world.seeker_a.phone == "0574-87654321"


def test_employer_company_phone(client_for, world):
    client = client_for(world.users["employer_a"])
    data = {"name": "甲公司", "address": "", "contact_name": "赵", "contact_email": "", "description": ""}
    response = client.post(reverse("employer-company"), {**data, "contact_phone": "1381234567"})
    assert "联系电话：手机号码应为 11 位，现在是 10 位，请检查后重新输入。" in response.content.decode()
    world.employer_a.refresh_from_db()
    assert world.employer_a.contact_phone != "1381234567"
    assert client.post(reverse("employer-company"), {**data, "contact_phone": "0574-87000000转8"}).status_code == 302
    world.employer_a.refresh_from_db()
    assert world.employer_a.contact_phone == "0574-87000000-8"


def test_staff_registering_a_seeker(client_for, world):
    from datetime import date

    from domain import identity

    rid = identity.make_resident_id(region="330203", birth=date(1991, 2, 3), seq=777)
    client = client_for(world.users["town_x"])
    response = client.post(reverse("staff-seeker-create"), {
        "name": "孙己", "resident_id": rid, "cert_no": identity.make_disability_cert(rid, 4, 3),
        "town": world.town_x.pk, "phone": "0574-123",
    })
    assert response.status_code == 200
    assert "联系电话：固定电话号码不对：区号 0574 后面应是 7 或 8 位号码" in response.content.decode()


def test_employer_colleague_mobile(client_for, world):
    from employment.models import Account

    Account.objects.filter(user=world.users["employer_a"]).update(org_admin=True)
    client = client_for(world.users["employer_a"])
    response = client.post(reverse("employer-colleagues"), {
        "display_name": "王五", "username": "jia-wangwu", "email": "", "phone": "0574-87654321",
    })
    assert "手机号码应为 11 位，现在是 12 位" in response.content.decode()
    assert not world.employer_a.accounts.filter(user__username="jia-wangwu").exists()
