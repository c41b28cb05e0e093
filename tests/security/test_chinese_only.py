"""The platform's one language is Chinese — whatever the browser asks for — and passwords are judged
against the account they are for (not similar to its username or name)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
ENGLISH_FRAGMENTS = ["This password is too", "Please enter a correct", "This field is required", "Sign in",
                     "Dashboard", "Log out"]


def _english_client() -> Client:
    client = Client(**ENGLISH)
    client.cookies["django_language"] = "en"  # a language cookie switches nothing either
    return client


def _signup(client, **fields):
    data = {"name": "王小明", "resident_id": "", "cert_no": "", "town": "", "phone": "", "username": "wangxiaoming",
            "password1": "", "password2": "", **fields}
    data["password2"] = data["password2"] or data["password1"]
    return client.post(reverse("seeker-signup"), data)


@pytest.mark.parametrize(("password", "expected"), [
    ("Ab3-x", "密码太短，至少要有 10 个字符"),
    ("password1234", "这个密码太常见，容易被猜中。请换一个不常见的密码。"),
    ("9384756102938", "密码不能全是数字。请加上字母或符号。"),
    ("wangxiaoming", "太相似"),  # equal to the username
    ("wangxiaoming-88", "太相似"),
])
def test_signup_password_errors_are_chinese_and_judge_the_would_be_user(world, password, expected):
    response = _signup(_english_client(), password1=password)
    errors = " ".join(response.context["form"].errors.get("password1", []))
    assert expected in errors, errors
    body = response.content.decode()
    assert expected in body
    assert not [f for f in ENGLISH_FRAGMENTS if f in body]


def test_a_password_like_the_name_is_refused_at_signup(world):
    response = _signup(Client(), name="zhangsanfeng", username="zsf-2026", password1="zhangsanfeng1")
    assert "太相似" in " ".join(response.context["form"].errors.get("password1", []))


def test_a_good_password_passes_at_signup(world):
    response = _signup(Client(), password1="Lan-hai-qiao-77")
    assert "password1" not in response.context["form"].errors


def test_staff_seeker_create_judges_the_password_against_the_new_username(world, client_for):
    client = client_for(world.users["town_x"])
    response = client.post(reverse("staff-seeker-create"), {
        "name": "赵六", "resident_id": "", "cert_no": "", "town": world.town_x.pk,
        "username": "zhaoliu-2026", "password": "zhaoliu-2026!",
    }, **ENGLISH)
    errors = " ".join(response.context["form"].errors.get("password", []))
    assert "太相似" in errors, errors


def test_a_wrong_email_address_is_told_in_chinese_with_an_example():
    """Django's own message (输入一个有效的 Email 地址。) has an English word and no example."""
    from django import forms
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(forms.ValidationError) as refused:
        forms.EmailField().clean("wang@")
    assert refused.value.messages == ["请输入有效的电子邮箱地址，例如 name@example.com。"]


def test_the_login_form_answers_in_chinese(world):
    client = _english_client()
    page = client.get(reverse("login"))
    assert 'lang="zh-Hans"' in page.content.decode()
    response = client.post(reverse("login"), {"username": "seeker_a", "password": "wrong-password"})
    assert "请输入一个正确的用户名和密码" in str(response.context["form"].non_field_errors())
    assert "用户名或密码不正确" in response.content.decode()
    assert "en" not in response.get("Content-Language", "")


def test_the_wagtail_admin_answers_in_chinese(world):
    client = _english_client()
    login = client.get("/admin/login/").content.decode()
    assert 'lang="zh-hans"' in login and "登录" in login and "Sign in" not in login
    client.force_login(world.users["district"])
    admin = client.get("/admin/").content.decode()
    assert 'lang="zh-hans"' in admin
    assert not [f for f in ENGLISH_FRAGMENTS if f in admin]


def test_a_stored_english_admin_preference_is_cleared_and_not_offered(world):
    from wagtail.users.models import UserProfile

    user = world.users["district"]
    UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": "en"})
    migration = importlib.import_module("employment.migrations.0010_auth_admin_language_chinese")
    migration.clear_other_languages(apps, None)
    assert UserProfile.objects.get(user=user).preferred_language == ""
    client = _english_client()
    client.force_login(user)
    assert 'lang="zh-hans"' in client.get("/admin/").content.decode()
    # The account preferences page offers no other language.
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    assert 'value="en"' not in account and "English" not in account
