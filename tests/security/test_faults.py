"""Faults: the database unavailable (503 in Chinese), a rendered form submitted twice (one record)."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.urls import reverse

from employment.models import Application, JobPost
from quota.models import Declaration
from tests.security.forms import form_token


def _refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("unable to open database file")


@pytest.fixture
def no_database():
    """Make the database unreachable: on PostgreSQL point the connection at a closed port; on
    in-memory SQLite (which cannot be closed without losing it) refuse every query at the driver hook."""
    if connection.vendor == "sqlite":
        with connection.execute_wrapper(_refuse_every_query):
            yield
        return
    connection.close()
    saved = dict(connection.settings_dict)
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")  # nothing listens on port 1
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("method", ["get", "post"])
def test_database_down_gives_a_chinese_503(client, no_database, method):
    response = getattr(client, method)(reverse("job-list"), {"q": "客服"} if method == "post" else None)
    assert response.status_code == 503
    body = response.content.decode()
    assert "服务暂时不可用" in body and response["Retry-After"] == "60"
    if method == "post":
        assert "返回" in body and "没有保存" in body  # tells the user their input is still in the form
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db(transaction=True)
def test_service_recovers_after_the_database_returns(client, world):
    assert client.get(reverse("job-list")).status_code == 200


@pytest.fixture
def replay_on(settings):
    settings.FORM_TOKEN_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


JOB_FORM = {
    "title": "客服专员（重复提交测试）", "description": "在线回复顾客咨询。", "requirements": "",
    "hours_per_day": "6", "remote": "on", "town": "", "salary_min": "3000", "salary_max": "4000",
    "openings": "1", "accessibility": ["screen_reader"], "demands": [], "action": "publish",
}

# A form submitted twice is the same rendered form (the same one-time token) sent twice: a double
# click, a resend after a slow answer. tests/security/test_form_tokens.py has what is never swallowed.


@pytest.mark.django_db
def test_job_post_submitted_twice_is_one_job(world, client_for, replay_on):
    JOB_FORM["town"] = str(world.town_x.pk)
    client = client_for(world.users["employer_a"])
    token = form_token(client, reverse("employer-job-create"))
    first = client.post(reverse("employer-job-create"), {**JOB_FORM, "form_token": token})
    assert first.status_code == 302, first.content.decode()[:2000]
    second = client.post(reverse("employer-job-create"), {**JOB_FORM, "form_token": token})
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert JobPost.objects.filter(title=JOB_FORM["title"]).count() == 1
    # A different job is still created.
    token = form_token(client, reverse("employer-job-create"))
    client.post(reverse("employer-job-create"), {**JOB_FORM, "title": "另一个岗位", "form_token": token})
    assert JobPost.objects.filter(title="另一个岗位").count() == 1


@pytest.mark.django_db
def test_form_with_errors_may_be_sent_again(world, client_for, replay_on):
    client = client_for(world.users["employer_a"])
    bad = {**JOB_FORM, "title": "", "form_token": form_token(client, reverse("employer-job-create"))}
    assert client.post(reverse("employer-job-create"), bad).status_code == 200
    assert client.post(reverse("employer-job-create"), bad).status_code == 200  # re-rendered, not replayed


@pytest.mark.django_db
def test_declaration_start_twice_is_one_declaration(world, policy, client_for, replay_on):
    client = client_for(world.users["employer_a"])
    token = form_token(client, reverse("employer-declaration-list"), reverse("employer-declaration-start"))
    for _ in range(2):
        response = client.post(reverse("employer-declaration-start"), {"year": policy.year, "form_token": token})
        assert response.status_code == 302
    assert Declaration.objects.filter(employer=world.employer_a, year=policy.year).count() == 1


@pytest.mark.django_db
def test_application_submitted_twice_is_one_application(world, client_for, replay_on):
    client = client_for(world.users["seeker_b"])
    url = reverse("job-apply", args=[world.job_a.pk])
    token = form_token(client, url)
    for _ in range(2):
        assert client.post(url, {"message": "您好，我想应聘。", "form_token": token}).status_code == 302
    assert Application.objects.filter(seeker=world.seeker_b, job=world.job_a).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_is_one_job(world, replay_on):
    """Two copies of the same rendered form at the same moment (a double click on a slow page)."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite locks the whole database across threads; runs on PostgreSQL in CI")
    from django.test import Client

    user = world.users["employer_a"]
    JOB_FORM["town"] = str(world.town_x.pk)
    renderer = Client()
    renderer.force_login(user)
    data = {**JOB_FORM, "form_token": form_token(renderer, reverse("employer-job-create"))}
    results = []

    def post():
        c = Client()
        c.force_login(user)
        results.append(c.post(reverse("employer-job-create"), data).status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) in ([302, 302], [302, 409])
    assert JobPost.objects.filter(title=JOB_FORM["title"]).count() == 1
