"""Family register writes: every rule a user can break gives a Chinese error on the right field and
changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from employment.models import JobSeeker
from households import services
from households.models import Household
from tests.households.conftest import unregistered_cert

pytestmark = pytest.mark.django_db


def _errors(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


def _create(world, **fields):
    fields.setdefault("user", world.users["town_x"])
    fields.setdefault("code", "HS-GL-0100")
    fields.setdefault("town", world.town_x)
    return services.household_create(**fields)


def test_create_normalises_the_code_and_records_who(world):
    household = _create(world, code=" hs-gl-0100 ", identified_on=date(2025, 3, 1))
    assert household.code == "HS-GL-0100"
    assert household.created_by == world.users["town_x"]
    assert household.town == world.town_x


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"other_employed_until": date(2025, 5, 1)}, "other_employed_until", "开始日期"),
        ({"other_employed_from": date(2025, 5, 2), "other_employed_until": date(2025, 5, 1)},
         "other_employed_until", "不能早于"),
        ({"exited_on": date(2025, 5, 1)}, "exit_reason", "退出原因"),
        ({"exit_reason": "迁出本区"}, "exited_on", "退出台账日期"),
        ({"identified_on": date(2025, 5, 2), "exited_on": date(2025, 5, 1), "exit_reason": "迁出本区"},
         "exited_on", "不能早于认定日期"),
        ({"exited_on": date(2025, 5, 1), "exit_reason": "迁" * 101}, "exit_reason", "100"),
        ({"code": "  "}, "code", "户编号"),
        ({"code": "X" * 31}, "code", "30"),
    ],
)
def test_field_rules(world, fields, field, words):
    with pytest.raises(ValidationError) as exc_info:
        _create(world, **fields)
    assert words in " ".join(_errors(exc_info)[field])
    assert not Household.objects.exists()


def test_dates_in_the_future_are_refused(world):
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc_info:
        _create(world, identified_on=tomorrow, exited_on=tomorrow, exit_reason="迁出本区")
    assert set(_errors(exc_info)) == {"identified_on", "exited_on"}


def test_codes_are_unique(world, families):
    with pytest.raises(ValidationError) as exc_info:
        _create(world, code="hs-gl-0001")
    assert "已经登记过" in _errors(exc_info)["code"][0]


def test_a_town_reviewer_creates_families_of_their_own_town_only(world):
    with pytest.raises(ValidationError) as exc_info:
        _create(world, town=world.town_y)
    assert "本镇街" in _errors(exc_info)["town"][0]
    assert not Household.objects.exists()
    assert _create(world, user=world.users["district"], town=world.town_y).town == world.town_y


@pytest.mark.parametrize("role", ["seeker_a", "employer_a", "provider_a"])
def test_other_roles_create_nothing(world, role):
    with pytest.raises(ValidationError):
        _create(world, user=world.users[role])
    assert not Household.objects.exists()


def test_update_replaces_fields_and_keeps_members(world, families):
    household = services.household_update(
        user=world.users["town_x"], household=families.x, code="HS-GL-0001", town=world.town_x,
        identified_on=date(2025, 2, 1), other_employed_from=date(2025, 4, 1), notes="配偶在超市工作",
    )
    household.refresh_from_db()
    assert household.other_employed_from == date(2025, 4, 1) and household.notes == "配偶在超市工作"
    assert list(household.members.all()) == [world.seeker_a]


def test_a_town_reviewer_cannot_update_another_towns_family(world, families):
    with pytest.raises(PermissionDenied):
        services.household_update(user=world.users["town_y"], household=families.x, code="HS-GL-0001",
                                  town=world.town_y)
    families.x.refresh_from_db()
    assert families.x.town == world.town_x


def test_moving_a_family_to_another_town_needs_its_members_there(world, families):
    with pytest.raises(ValidationError) as exc_info:
        services.household_update(user=world.users["district"], household=families.x, code="HS-GL-0001",
                                  town=world.town_y)
    assert "张甲" in _errors(exc_info)["town"][0]
    families.x.refresh_from_db()
    assert families.x.town == world.town_x


# ---- members -----------------------------------------------------------------------------------


def _add(world, household, cert_no, user="town_x"):
    return services.household_member_add(user=world.users[user], household=household, cert_no=cert_no)


def test_add_a_member_by_certificate_number(world, families):
    seeker = _add(world, families.x, families.spare_x.cert_no.lower())
    assert seeker == families.spare_x
    assert set(families.x.members.all()) == {world.seeker_a, families.spare_x}


def test_adding_a_member_twice_changes_nothing(world, families):
    _add(world, families.x, world.seeker_a.cert_no)
    assert list(families.x.members.all()) == [world.seeker_a]


def test_a_malformed_certificate_number_says_what_is_wrong(world, families):
    with pytest.raises(ValidationError) as exc_info:
        _add(world, families.x, "3302031990")
    assert "20位" in _errors(exc_info)["cert_no"][0]


def test_an_unknown_certificate_is_not_found(world, families):
    with pytest.raises(ValidationError) as exc_info:
        _add(world, families.x, unregistered_cert())
    assert _errors(exc_info)["cert_no"] == [services.NOT_FOUND]


def test_a_seeker_the_reviewer_cannot_see_is_not_found(world, families):
    """Town X's reviewer learns nothing about town Y's seekers: the same answer as an unknown number."""
    with pytest.raises(ValidationError) as exc_info:
        _add(world, families.x, families.spare_y.cert_no)
    assert _errors(exc_info)["cert_no"] == [services.NOT_FOUND]
    assert JobSeeker.objects.get(pk=families.spare_y.pk).household is None


def test_a_member_must_live_in_the_familys_town(world, families):
    with pytest.raises(ValidationError) as exc_info:
        _add(world, families.x, families.spare_y.cert_no, user="district")
    message = _errors(exc_info)["cert_no"][0]
    assert "石碶街道" in message and "鼓楼街道" in message


def test_a_seeker_in_another_family_gets_a_clear_error(world, families):
    other = _create(world, code="HS-GL-0002")
    with pytest.raises(ValidationError) as exc_info:
        _add(world, other, world.seeker_a.cert_no)
    message = _errors(exc_info)["cert_no"][0]
    assert "HS-GL-0001" in message and "一个人只能属于一个家庭" in message
    assert JobSeeker.objects.get(pk=world.seeker_a.pk).household == families.x


def test_remove_a_member(world, families):
    services.household_member_remove(user=world.users["town_x"], household=families.x, seeker=world.seeker_a)
    assert not families.x.members.exists()
    assert JobSeeker.objects.filter(pk=world.seeker_a.pk).exists()  # still a registered seeker
    with pytest.raises(ValidationError):
        services.household_member_remove(user=world.users["town_x"], household=families.x, seeker=world.seeker_a)


def test_members_of_another_towns_family_cannot_be_changed(world, families):
    with pytest.raises(PermissionDenied):
        services.household_member_remove(user=world.users["town_x"], household=families.y, seeker=world.seeker_b)
    with pytest.raises(PermissionDenied):
        _add(world, families.y, families.spare_y.cert_no)
    assert list(families.y.members.all()) == [world.seeker_b]
