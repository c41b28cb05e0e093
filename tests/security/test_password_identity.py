"""Passwords are not built from the person's identity (issue 13 review): sign-up, staff registration
and a password change or reset refuse a password containing the resident ID (or its last six
characters), the phone number or the birth date (YYYYMMDD), in Chinese; the username similarity rule
applies at sign-up too."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.urls import reverse

from domain import identity
from employment import services, sms
from employment.models import PendingSignup
from tests.employment.signup_helpers import TYPED_PHONE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signup_state_clean")]

RID = identity.make_resident_id(region="330203", birth=date(1988, 7, 15), seq=321)
RID_X = next(r for r in (identity.make_resident_id(region="330203", birth=date(1979, 3, 9), seq=s) for s in range(1, 200))
             if r.endswith("X"))


def _signup(client, world, password, *, rid=RID, username="zhaoding88"):
    data = {"name": "赵丁", "resident_id": rid, "cert_no": identity.make_disability_cert(rid, 4, 3),
            "town": world.town_x.pk, "phone": TYPED_PHONE, "username": username,
            "password1": password, "password2": password}
    return client.post(reverse("seeker-signup"), data)


def _password_errors(response, field="password1") -> str:
    assert response.status_code == 200, response.status_code
    return " ".join(response.context["form"].errors.get(field, []))


@pytest.mark.parametrize(("password", "expected"), [
    (f"Pw-{RID}", "身份证号"),
    (f"Qiao-hai-{RID[-6:]}", "身份证号的后六位"),
    (f"lan-qiao-{RID[-6:].lower()}", "身份证号"),
    (f"Lan-hai-{TYPED_PHONE}", "手机号码"),
    (f"Lan-hai-{TYPED_PHONE[:3]} {TYPED_PHONE[3:7]} {TYPED_PHONE[7:]}", "手机号码"),
    ("Lan-hai-19880715", "出生日期（19880715）"),
    ("Lan-hai-1988-07-15", "出生日期"),
    ("Lan-hai-１９８８０７１５", "出生日期"),  # full-width digits
])
def test_signup_refuses_a_password_built_from_the_identity(client, world, password, expected):
    response = _signup(client, world, password)
    errors = _password_errors(response)
    assert expected in errors and "请换一个密码" in errors, errors
    assert expected in response.content.decode()
    assert not PendingSignup.objects.exists() and sms.outbox == []


def test_the_six_digits_before_a_final_x_are_refused_too(client, world):
    assert RID_X.endswith("X")
    errors = _password_errors(_signup(client, world, f"Lan-hai-{RID_X[-7:-1]}", rid=RID_X))
    assert "身份证号" in errors, errors


def test_a_password_unrelated_to_the_identity_passes(client, world):
    response = _signup(client, world, "Lan-hai-qiao-77")
    assert response.status_code == 302 and PendingSignup.objects.count() == 1


def test_signup_judges_the_password_against_the_username(client, world):
    errors = _password_errors(_signup(client, world, "zhaoding-2026", username="zhaoding-2026"))
    assert "太相似" in errors, errors


def test_staff_registration_refuses_the_seekers_id_as_initial_password(world, client_for):
    client = client_for(world.users["town_x"])
    response = client.post(reverse("staff-seeker-create"), {
        "name": "赵六", "resident_id": RID, "cert_no": identity.make_disability_cert(RID, 4, 3),
        "town": world.town_x.pk, "phone": "13600003333", "username": "zhaoliu-2026", "password": "Ab-13600003333",
    })
    assert "手机号码" in _password_errors(response, "password")


@pytest.fixture
def seeker_user(world):
    from tests.factories import Role, make_user

    seeker = services.seeker_register(name="钱戊", resident_id=RID, cert_no=identity.make_disability_cert(RID, 4, 3),
                                      town=world.town_x, phone="13700002222", user=make_user(Role.SEEKER))
    return seeker.user


@pytest.mark.parametrize(("password", "expected"), [
    (f"New-{RID[-6:]}-pass", "身份证号"),
    ("New-13700002222", "手机号码"),
    ("New-pass-19880715", "出生日期"),
])
def test_a_password_change_or_reset_refuses_the_identity_on_record(seeker_user, password, expected):
    seeker_user.refresh_from_db()
    change = PasswordChangeForm(seeker_user, {"old_password": "Test-password-123",
                                              "new_password1": password, "new_password2": password})
    assert not change.is_valid()
    assert expected in " ".join(change.errors["new_password2"])
    reset = SetPasswordForm(seeker_user, {"new_password1": password, "new_password2": password})
    assert not reset.is_valid() and expected in " ".join(reset.errors["new_password2"])
    assert SetPasswordForm(seeker_user, {"new_password1": "Lan-hai-qiao-77", "new_password2": "Lan-hai-qiao-77"}).is_valid()


def test_the_projects_password_forms_report_a_refused_password_where_it_was_chosen(seeker_user, rf):
    """Django reports a validator's refusal on the confirmation (再输入一次新密码); the project's forms
    report it on the new password itself, where the person chose it. A mismatch stays on the
    confirmation."""
    from employment.account_forms import ActivationForm
    from employment.signin.reset_forms import NewPasswordForm, PortalPasswordChangeForm

    seeker_user.refresh_from_db()
    request = rf.post("/accounts/password/change/")
    password = "New-13700002222"
    forms = [
        PortalPasswordChangeForm(seeker_user, {"old_password": "Test-password-123", "new_password1": password,
                                               "new_password2": password}, request=request),
        NewPasswordForm(seeker_user, {"new_password1": password, "new_password2": password}),
        ActivationForm(seeker_user, {"new_password1": password, "new_password2": password}),
    ]
    for form in forms:
        assert not form.is_valid()
        assert "手机号码" in " ".join(form.errors["new_password1"]), type(form)
        assert "new_password2" not in form.errors, type(form)
    mismatch = NewPasswordForm(seeker_user, {"new_password1": "Lan-hai-qiao-77", "new_password2": "Lan-hai-qiao-78"})
    assert not mismatch.is_valid() and list(mismatch.errors) == ["new_password2"]


@pytest.mark.parametrize("password", ["zhaoding88zhaoding88", "ZHAODING88-pass", "赵丁赵丁赵丁赵丁赵丁赵丁", "my-赵丁-2026-pass",
                                      "zhaoding-2026", "ZhaoDing12345"])  # the name in pinyin, too
def test_signup_refuses_a_password_that_repeats_the_username_or_name(client, world, password):
    """Django's similarity rule lets through a password that only repeats the username (ratio 0.67 for
    one repetition of it beside itself) or the name; the project's rule refuses any that contains them."""
    errors = _password_errors(_signup(client, world, password))
    assert "用户名或姓名" in errors, errors


def test_a_short_latin_name_is_not_a_word_to_avoid(world):
    """Two letters (a name like "Li") would refuse half the passwords there are; a Chinese name of two
    characters is refused."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password

    validate_password("Lantern-hill-2026", get_user_model()(username="lh", first_name="Li"))
    with pytest.raises(Exception, match="用户名或姓名"):
        validate_password("Lantern-李华-2026", get_user_model()(username="lh", first_name="李华"))


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abababababab", "Aa1Aa1Aa1Aa1"])
def test_a_password_of_a_few_characters_repeated_is_refused(client, world, password):
    errors = _password_errors(_signup(client, world, password))
    assert "用到的字符太少" in errors, errors
