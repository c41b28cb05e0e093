"""Usernames unique by their folded form (NFKC + case folding, the form login failures are counted
under): no account may be created or renamed to a name that folds like another's — at sign-up, when
staff register a seeker, in the Wagtail admin's user forms, or by code — and the database refuses it
too (``employment.UsernameFold``)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from domain import identity
from employment import signup, sms
from employment.models import JobSeeker, PendingSignup, UsernameFold
from employment.signin.usernames import USERNAME_TAKEN, username_taken
from tests.employment.signup_helpers import TYPED_PHONE, new_resident_id, signup_data, start, texted_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signup_state_clean")]
User = get_user_model()
TAKEN = "该用户名已被使用"
PASSWORD = "Long-enough-pass-9"


@pytest.mark.parametrize("spelling", ["Seeker_A", "SEEKER_A", "ＳＥＥＫＥＲ＿Ａ", " seeker_a "])
def test_signup_refuses_a_username_that_folds_like_another(client, world, django_capture_on_commit_callbacks, spelling):
    response = start(client, django_capture_on_commit_callbacks,
                     signup_data(new_resident_id(), "12", town=world.town_x, username=spelling))
    assert response.status_code == 200
    assert TAKEN in response.content.decode()
    assert not PendingSignup.objects.exists() and not sms.outbox


def test_signup_confirmation_refuses_a_name_taken_meanwhile(client, world, django_capture_on_commit_callbacks):
    start(client, django_capture_on_commit_callbacks, signup_data(new_resident_id(), "12", town=world.town_x))
    User.objects.create_user(username="NewPerson", password=PASSWORD)  # someone else, between the steps
    result = signup.signup_confirm(pending_id=PendingSignup.objects.get().pk, code=texted_code(TYPED_PHONE),
                                   kind=signup.CodeKind.SMS)
    assert result.outcome == signup.Outcome.USERNAME_TAKEN
    assert User.objects.filter(username__iexact="newperson").count() == 1


def test_staff_seeker_create_refuses_a_folded_duplicate(client_for, world):
    client = client_for(world.users["town_x"])
    rid = identity.make_resident_id(region="330203", birth=date(1990, 5, 6), seq=91)
    response = client.post(reverse("staff-seeker-create"), {
        "name": "赵丁", "resident_id": rid, "cert_no": identity.make_disability_cert(rid, 2, 3),
        "town": world.town_x.pk, "username": "ＴＯＷＮ＿Ｘ", "password": PASSWORD,
    })
    assert response.status_code == 200 and TAKEN in response.content.decode()
    assert not JobSeeker.objects.filter(name="赵丁").exists()


@pytest.fixture
def superuser_client(client, world):
    admin = User.objects.create_superuser(username="root", password=PASSWORD, email="root@example.org")
    client.force_login(admin)
    return client


def _user_form(username: str, **extra) -> dict:
    return {"username": username, "email": "x@example.org", "first_name": "新", "last_name": "用户",
            "password1": PASSWORD, "password2": PASSWORD, **extra}


def test_wagtail_user_create_form_refuses_a_folded_duplicate(superuser_client, world):
    response = superuser_client.post(reverse("wagtailusers_users:add"), _user_form("District"))
    assert response.status_code == 200 and TAKEN in response.content.decode()
    assert User.objects.filter(username__iexact="district").count() == 1
    response = superuser_client.post(reverse("wagtailusers_users:add"), _user_form("someone_new"))
    assert response.status_code == 302 and User.objects.filter(username="someone_new").exists()


def test_wagtail_user_edit_form_refuses_renaming_onto_a_folded_duplicate(superuser_client, world):
    town_y = world.users["town_y"]
    url = reverse("wagtailusers_users:edit", args=[town_y.pk])
    data = {"username": "ＴＯＷＮ＿Ｘ", "email": "y@example.org", "first_name": "乙", "last_name": "镇",
            "is_active": "on", "password1": "", "password2": ""}
    response = superuser_client.post(url, data)
    assert response.status_code == 200 and TAKEN in response.content.decode()
    town_y.refresh_from_db()
    assert town_y.username == "town_y"
    # Keeping one's own name (or changing only its case) is not a clash with oneself.
    response = superuser_client.post(url, {**data, "username": "Town_Y"})
    assert response.status_code == 302
    town_y.refresh_from_db()
    assert town_y.username == "Town_Y" and UsernameFold.objects.get(user=town_y).fold == "town_y"


def test_code_paths_are_refused_and_the_database_guarantees_it(world):
    with pytest.raises(ValidationError) as refused, transaction.atomic():
        User.objects.create_user(username="ＤＩＳＴＲＩＣＴ", password=PASSWORD)
    assert USERNAME_TAKEN in str(refused.value)
    assert username_taken("District") and not username_taken("district", exclude_user_id=world.users["district"].pk)
    # A full-width name is stored NFKC-normalised, as Django's create_user does.
    user = User.objects.create_user(username="ｗａｎｇ", password=PASSWORD)
    assert user.username == "wang" and UsernameFold.objects.get(user=user).fold == "wang"
    # What a race past the check would do: the UNIQUE constraint refuses it.
    other = User.objects.create_user(username="li", password=PASSWORD)
    with pytest.raises(IntegrityError), transaction.atomic():
        UsernameFold.objects.filter(user=other).update(fold="wang")


def test_createsuperuser_asks_again_when_the_typed_name_folds_like_another(world, monkeypatch):
    """At the prompt, not after both passwords: a name folding like another's is refused as it is typed,
    in Chinese, and the command asks again."""
    import getpass
    import io

    from django.contrib.auth.management.commands import createsuperuser as django_command
    from django.core.management import call_command

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    answers = iter(["ＤＩＳＴＲＩＣＴ", "root-admin", "root@example.com"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "Very-long-pass-123")
    monkeypatch.setattr(django_command, "getpass", getpass)
    err = io.StringIO()
    call_command("createsuperuser", interactive=True, stdin=Terminal(), stdout=io.StringIO(), stderr=err)
    assert USERNAME_TAKEN in err.getvalue()
    assert User.objects.get(username="root-admin").is_superuser
    assert next(answers, None) is None  # asked for the name twice, then the e-mail
