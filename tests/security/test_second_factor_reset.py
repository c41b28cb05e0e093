"""重置两步验证 in the Wagtail admin: district staff (or a superuser) reset a staff member's second factor
after confirming and giving a reason, which is logged in the access log; the staff member enrols again
at the next sign-in. Town reviewers and providers cannot; nobody resets their own; only a superuser
resets a superuser's."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from employment.models import AuthenticatorDevice, PersonalDataAccess
from tests.security.test_two_factor import enrol, password_login

pytestmark = pytest.mark.django_db
PASSWORD = "Test-password-123"
REASON = "手机丢失，已电话核实是本人（鼓楼街道 王五）"


@pytest.fixture
def enforced(settings):
    settings.STAFF_2FA_REQUIRED = True
    return settings


def _verified_client(user, device) -> Client:
    """A staff session past the second factor (as after entering a code)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def _devices(user) -> int:
    return AuthenticatorDevice.objects.filter(user=user).count() + StaticDevice.objects.filter(user=user).count()


def test_district_resets_a_town_account_after_confirming_with_a_reason(world, enforced):
    district, town_x = world.users["district"], world.users["town_x"]
    district_device, _ = enrol(district)
    enrol(town_x)
    client = _verified_client(district, district_device)
    listing = client.get(reverse("second-factor-staff"))
    assert listing.status_code == 200
    url = reverse("second-factor-reset", args=[town_x.pk])
    assert url in listing.content.decode() and "<code>town_x</code>" in listing.content.decode()

    confirm = client.get(url)
    assert confirm.status_code == 200 and "确定重置" in confirm.content.decode()
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200 and "请填写重置的事由" in refused.content.decode()
    assert _devices(town_x) == 2 and not PersonalDataAccess.objects.exists()  # nothing done without a reason

    done = client.post(url, {"reason": REASON})
    assert done.status_code == 302 and done["Location"] == reverse("second-factor-staff")
    assert _devices(town_x) == 0
    entry = PersonalDataAccess.objects.get()
    assert entry.user == district and entry.action == PersonalDataAccess.Action.RESET_2FA
    assert entry.reason == REASON and "town_x" in entry.detail
    assert "删除 1 个验证器应用、1 组恢复码" in entry.detail  # not the cascaded codes counted as devices
    log = client.get(reverse("privacy-access-log")).content.decode()
    assert "重置两步验证" in log and REASON in log

    # Next sign-in: password, then enrolment again (not verification with the lost phone).
    again = password_login("town_x").get(reverse("staff-seeker-list"))
    assert again.status_code == 302 and again["Location"].startswith(reverse("two-factor-setup"))


def test_a_session_verified_with_the_lost_phone_is_verified_no_longer(world, enforced):
    district, town_x = world.users["district"], world.users["town_x"]
    district_device, _ = enrol(district)
    town_device, _ = enrol(town_x)
    thief = _verified_client(town_x, town_device)
    assert thief.get(reverse("staff-seeker-list")).status_code == 200
    _verified_client(district, district_device).post(reverse("second-factor-reset", args=[town_x.pk]), {"reason": REASON})
    assert thief.get(reverse("staff-seeker-list"))["Location"].startswith(reverse("two-factor-setup"))


@pytest.mark.parametrize("role", ["town_x", "town_y", "provider_a"])
def test_town_reviewers_and_providers_cannot_reset(world, role):
    enrol(world.users["district"])
    client = Client()
    client.force_login(world.users[role])
    url = reverse("second-factor-reset", args=[world.users["district"].pk])
    assert client.get(reverse("second-factor-staff")).status_code == 403
    assert client.get(url).status_code == 403
    assert client.post(url, {"reason": REASON}).status_code == 403
    assert _devices(world.users["district"]) == 2 and not PersonalDataAccess.objects.exists()


def test_a_superuser_resets_and_only_a_superuser_resets_a_superuser(world):
    User = get_user_model()
    root = User.objects.create_superuser(username="root", password=PASSWORD, email="root@example.org")
    other_root = User.objects.create_superuser(username="root2", password=PASSWORD, email="root2@example.org")
    enrol(other_root)
    enrol(world.users["town_x"])
    district = Client()
    district.force_login(world.users["district"])
    refused = district.post(reverse("second-factor-reset", args=[other_root.pk]), {"reason": REASON})
    assert refused.status_code == 403 and "只有超级管理员" in refused.content.decode()
    assert _devices(other_root) == 2
    superuser = Client()
    superuser.force_login(root)
    for target in (other_root, world.users["town_x"]):
        assert superuser.post(reverse("second-factor-reset", args=[target.pk]), {"reason": REASON}).status_code == 302
        assert _devices(target) == 0
    assert PersonalDataAccess.objects.filter(user=root, action="reset_2fa").count() == 2


def test_nobody_resets_their_own_and_seekers_have_nothing_to_reset(world):
    enrol(world.users["district"])
    client = Client()
    client.force_login(world.users["district"])
    refused = client.post(reverse("second-factor-reset", args=[world.users["district"].pk]), {"reason": REASON})
    assert refused.status_code == 403 and "不能重置自己的两步验证" in refused.content.decode()
    assert _devices(world.users["district"]) == 2
    assert client.get(reverse("second-factor-reset", args=[world.users["seeker_a"].pk])).status_code == 404
