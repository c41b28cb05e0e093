"""Staff side of sign-up and claims (issue 13): activation codes (who may generate them, confirmation
before one is replaced, never for a seeker with an account), certificate verification (待核验 →
已核验) and the staff seeker-create form's one message for any duplicate."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from employment.models import ActivationCode, JobSeeker, PersonalDataAccess
from tests.employment.signup_helpers import new_resident_id, staff_record, without_tokens

pytestmark = pytest.mark.django_db


def _client(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("town_x", 200),  # own town
        ("district", 200),
        ("town_y", 404),  # another town: as if the seeker did not exist
        ("seeker_a", 403),
        ("employer_a", 403),
        ("provider_a", 403),
    ],
)
def test_activation_code_generation_by_role(world, role, expected):
    record = staff_record(town=world.town_x)
    client = _client(world, role)
    url = reverse("seeker-activation-code", args=[record.pk])
    assert client.get(url).status_code == expected
    response = client.post(url)
    assert response.status_code == (302 if expected == 200 else expected)
    issued = ActivationCode.objects.filter(seeker=record)
    if expected == 200:
        assert issued.get().issued_by == world.users[role]
        html = client.get(url).content.decode()
        assert "只显示这一次" in html and response["Location"] == url
    else:
        assert not issued.exists()


def test_anonymous_is_sent_to_log_in(world):
    record = staff_record(town=world.town_x)
    response = Client().get(reverse("seeker-activation-code", args=[record.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_replacing_an_open_code_needs_confirmation(world):
    record = staff_record(town=world.town_x)
    client = _client(world, "town_x")
    url = reverse("seeker-activation-code", args=[record.pk])
    client.post(url)
    first = ActivationCode.objects.get(seeker=record)
    html = client.get(url).content.decode()  # the code was shown; now the page asks before replacing
    html = client.get(url).content.decode()
    assert "生成新的激活码后，旧的激活码立即作废" in html and 'name="replace" value="1"' in html
    # A POST without the confirmation (a stale page) changes nothing.
    response = client.post(url, follow=True)
    assert "请确认作废旧激活码后再生成新的" in response.content.decode()
    assert ActivationCode.objects.filter(seeker=record).count() == 1
    client.post(url, {"replace": "1"})
    first.refresh_from_db()
    assert first.revoked_at is not None and first.revoked_by == world.users["town_x"]
    assert ActivationCode.objects.filter(seeker=record, revoked_at__isnull=True).count() == 1


def test_no_activation_code_for_a_seeker_with_an_account(world):
    client = _client(world, "town_x")
    url = reverse("seeker-activation-code", args=[world.seeker_a.pk])
    assert "已经开通了账号，不需要激活码" in client.get(url).content.decode()
    client.post(url)
    assert not ActivationCode.objects.exists()


def test_staff_created_seekers_are_verified_on_creation(world):
    client = _client(world, "town_x")
    rid = new_resident_id()
    response = client.post(reverse("staff-seeker-create"), {
        "name": "孙己", "resident_id": rid, "cert_no": rid + "52", "town": world.town_x.pk, "phone": "",
    })
    assert response.status_code == 302
    seeker = JobSeeker.objects.get(name="孙己")
    assert seeker.is_verified and seeker.verified_by == world.users["town_x"]


def _self_registered(world):
    from employment import services
    from tests.factories import make_user

    user = make_user("seeker", username="selfmade")
    rid = new_resident_id()
    return services.seeker_register(name="周庚", resident_id=rid, cert_no=rid + "21", town=world.town_x,
                                    user=user, created_by=user, verified=False)


def test_unverified_seekers_are_shown_and_filtered_for_staff(world):
    seeker = _self_registered(world)
    client = _client(world, "town_x")
    listing = client.get(reverse("staff-seeker-list"), {"verified": "no"}).content.decode()
    assert "周庚" in listing and "张甲" not in listing and "待核验" in listing
    listing = client.get(reverse("staff-seeker-list"), {"verified": "yes"}).content.decode()
    assert "周庚" not in listing and "张甲" in listing
    detail = client.get(reverse("seeker-detail", args=[seeker.pk])).content.decode()
    assert "待核验" in detail and reverse("seeker-verify", args=[seeker.pk]) in detail
    # The seeker's own pages are not blocked.
    own = Client()
    own.force_login(seeker.user)
    assert own.get(reverse("seeker-jobs")).status_code == 200


@pytest.mark.parametrize(("role", "expected"), [("town_x", 302), ("district", 302), ("town_y", 404),
                                                 ("employer_a", 403), ("seeker_a", 403), ("provider_a", 403)])
def test_verifying_a_certificate_by_role(world, role, expected):
    seeker = _self_registered(world)
    client = _client(world, role)
    url = reverse("seeker-verify", args=[seeker.pk])
    assert client.get(url).status_code == (200 if expected == 302 else expected)
    assert client.post(url, {"confirmed": "on"}).status_code == expected
    seeker.refresh_from_db()
    if expected == 302:
        assert seeker.is_verified and seeker.verified_by == world.users[role]
    else:
        assert not seeker.is_verified


def test_verifying_needs_the_confirmation_ticked(world):
    seeker = _self_registered(world)
    client = _client(world, "town_x")
    response = client.post(reverse("seeker-verify", args=[seeker.pk]), {})
    assert response.status_code == 200 and "请先核对残疾人证原件，并勾选确认" in response.content.decode()
    seeker.refresh_from_db()
    assert not seeker.is_verified


def _create(client, rid, suffix, town, **extra):
    return client.post(reverse("staff-seeker-create"), {
        "name": "重复", "resident_id": rid, "cert_no": rid + suffix, "town": town.pk, "phone": "", **extra,
    })


def test_staff_duplicate_message_never_says_which_number_matched(world):
    record = world.seeker_a  # town X, category 4 grade 3
    client = _client(world, "town_x")
    pages = set()
    for suffix in ("43", "11", "72"):  # the record's certificate, and two that are not
        html = _create(client, record.resident_id, suffix, world.town_x).content.decode()
        assert "此人已经登记过，不能重复登记" in html
        assert reverse("seeker-detail", args=[record.pk]) in html  # in scope: a link to the record
        assert "这个身份证号" not in html and "这个残疾人证号" not in html
        pages.add(without_tokens(html.split('<form method="post" class="form"')[0]))
    assert len(pages) == 1
    assert JobSeeker.objects.filter(name="重复").count() == 0
    assert not PersonalDataAccess.objects.exists()  # nothing outside the reviewer's scope was looked at


def test_staff_duplicate_outside_scope_says_another_town_and_is_logged(world):
    record = world.seeker_b  # town Y
    client = _client(world, "town_x")
    html = _create(client, record.resident_id, "11", world.town_x, username="dup-user",
                   password="Long-enough-pass-9").content.decode()
    assert "此人已在其他镇街登记" in html and "请联系区残联" in html
    for secret in (world.town_y.name, record.name, record.get_disability_category_display(), "级",
                   reverse("seeker-detail", args=[record.pk])):
        assert secret not in html.split("<form")[0] + html.split("</form>")[-1]
    log = PersonalDataAccess.objects.get()
    assert log.user == world.users["town_x"] and log.seeker == record and "其他镇街" in log.reason
    assert not get_user_model().objects.filter(username="dup-user").exists()  # nothing saved
