"""The duplicate-submit guard never swallows a real submission (issue 13, item 8).

Every POST form of the portal carries a one-time ``{% form_token %}``; only the same rendered form
sent twice (same token, same user, address and contents) collapses into one. Everything else runs:
a POST without a token, two tabs, a staff filing for another seeker (?seeker=), a resubmit after a
refusal, a form sent back with other contents."""

from __future__ import annotations

import copy
import re
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseRedirect
from django.test import RequestFactory
from django.urls import reverse

from employment.models import JobPost
from employment.security import DuplicateSubmitMiddleware
from subsidies.models import SubsidyApplication, SubsidyStatus
from tests.factories import make_seeker
from tests.quota.conftest import YEAR, roster_row
from tests.security.conftest import policy, start_declaration  # noqa: F401 - fixtures
from tests.security.forms import form_token, post_form_hidden
from tests.subsidies.conftest import (  # noqa: F401 - fixtures
    BANK,
    approved_declaration,
    private_media,
    roster_entry_id,
    si_proof_add,
)

TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
JOB_FORM = {
    "title": "客服专员（表单令牌测试）", "description": "在线回复顾客咨询。", "requirements": "",
    "hours_per_day": "6", "remote": "on", "salary_min": "3000", "salary_max": "4000",
    "openings": "1", "accessibility": ["screen_reader"], "demands": [], "action": "publish",
}


@pytest.fixture(autouse=True)
def guard_on(settings):
    settings.FORM_TOKEN_SECONDS = 3600
    cache.clear()
    yield
    cache.clear()


# ---- every POST form carries a token ------------------------------------------------------------------


def portal_templates() -> list[Path]:
    """Templates of the portal: templates/ and every app's templates/ (not the Wagtail admin's own, nor
    the copies of Wagtail's admin templates, whose forms Wagtail posts; wagtailcore's public pages, such
    as a restricted page's password form, are the portal's)."""
    base = Path(django_settings.BASE_DIR)
    roots = [base / "templates", *(p for p in base.glob("*/templates") if p.parent.name != ".venv")]
    admin_folders = {"wagtailadmin", "wagtailimages", "wagtaildocs"}
    return sorted(p for root in roots for p in root.rglob("*.html") if not admin_folders & set(p.parts))


def test_every_post_form_in_the_portal_templates_has_a_form_token():
    missing, forms = [], 0
    for path in portal_templates():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<form\b[^>]*>", text, re.I):
            if not re.search(r"method\s*=\s*[\"']?post", match.group(0), re.I):
                continue
            forms += 1
            end = text.find("</form>", match.end())
            if "{% form_token %}" not in text[match.end():end if end >= 0 else None]:
                line = text.count("\n", 0, match.start()) + 1
                missing.append(f"{path.relative_to(django_settings.BASE_DIR)}:{line}")
    assert forms >= 50
    assert missing == [], "POST forms without {% form_token %} (put it beside {% csrf_token %}): " + ", ".join(missing)


def test_each_render_gives_a_fresh_token(world, client_for):
    client = client_for(world.users["employer_a"])
    first, second = (form_token(client, reverse("employer-job-create")) for _ in range(2))
    assert TOKEN.fullmatch(first) and TOKEN.fullmatch(second) and first != second


# ---- only a true double submission collapses ------------------------------------------------------------


def _job_form(world, token: str | None = None, **changes) -> dict:
    data = {**JOB_FORM, "town": str(world.town_x.pk), **changes}
    if token is not None:
        data["form_token"] = token
    return data


def test_double_click_creates_one_job(world, client_for):
    client = client_for(world.users["employer_a"])
    url = reverse("employer-job-create")
    token = form_token(client, url)
    first = client.post(url, _job_form(world, token))
    second = client.post(url, _job_form(world, token))
    assert first.status_code == second.status_code == 302 and second["Location"] == first["Location"]
    assert JobPost.objects.filter(title=JOB_FORM["title"]).count() == 1


def test_two_tabs_submitting_the_same_data_both_run(world, client_for):
    client = client_for(world.users["employer_a"])
    url = reverse("employer-job-create")
    tab_one, tab_two = form_token(client, url), form_token(client, url)
    first = client.post(url, _job_form(world, tab_one))
    second = client.post(url, _job_form(world, tab_two))
    assert first.status_code == second.status_code == 302
    assert JobPost.objects.filter(title=JOB_FORM["title"]).count() == 2


def test_a_post_without_a_token_is_never_swallowed(world, client_for):
    client = client_for(world.users["employer_a"])
    for _ in range(2):
        assert client.post(reverse("employer-job-create"), _job_form(world)).status_code == 302
    assert JobPost.objects.filter(title=JOB_FORM["title"]).count() == 2


def test_the_same_form_sent_back_with_other_contents_runs(world, client_for):
    """Back, change a field, submit the same rendered form again: a new submission, not a copy."""
    client = client_for(world.users["employer_a"])
    url = reverse("employer-job-create")
    token = form_token(client, url)
    client.post(url, _job_form(world, token))
    client.post(url, _job_form(world, token, title="另一个岗位"))
    assert JobPost.objects.filter(title__in=[JOB_FORM["title"], "另一个岗位"]).count() == 2


def test_the_token_is_bound_to_the_user(world, client_for, client):
    url = reverse("employer-job-create")
    token = form_token(client_for(world.users["employer_a"]), url)
    client_for(world.users["employer_a"]).post(url, _job_form(world, token))
    client.logout()
    client.force_login(world.users["employer_b"])
    response = client.post(url, _job_form(world, token))
    assert response.status_code == 302
    assert JobPost.objects.filter(title=JOB_FORM["title"], employer=world.employer_b).count() == 1


# ---- the two reported bugs ----------------------------------------------------------------------------


def test_filing_for_another_seeker_is_not_answered_with_the_first_one(world, client_for, policy):  # noqa: F811
    """A town reviewer files start-up applications for two seekers (?seeker=…) with the same details:
    the second filing must not be answered with the first one's redirect."""
    other = make_seeker(town=world.town_x, name="王丙")
    client = client_for(world.users["town_x"])
    data = {"year": str(YEAR), "business_name": "小甲网店", "business_credit_code": "",
            "business_registered_on": "2025-03-01", "tier": "C", "tier_evidence": "带动就业2人",
            "bank_account_name": "张甲", **{k: v for k, v in BANK.items() if k != "bank_account_name"}}
    from domain import identity

    data["business_credit_code"] = identity.make_credit_code("91330203MA2AB1C2D")
    locations = []
    for seeker in (world.seeker_a, other):
        url = f"{reverse('subsidy-startup-apply')}?seeker={seeker.pk}"
        response = client.post(url, {**data, "form_token": form_token(client, url)})
        assert response.status_code == 302, response.content.decode()[:1000]
        locations.append(response["Location"])
    assert locations[0] != locations[1]
    assert set(SubsidyApplication.objects.values_list("seeker", flat=True)) == {world.seeker_a.pk, other.pk}


@pytest.fixture
def si_without_lines(world, policy, approved_declaration, private_media):  # noqa: F811
    """Employer A's claim with its bank details and 社保缴费证明 but no lines yet."""
    from subsidies import services

    approved_declaration(world.employer_a, world.users["employer_a"], [roster_row(1)])
    application = services.si_application_start(employer=world.employer_a, year=YEAR, user=world.users["employer_a"])
    services.subsidy_bank_update(application=application, bank=BANK, user=world.users["employer_a"])
    si_proof_add(application, world.users["employer_a"])
    return application


def _add_line(world, application):
    from decimal import Decimal

    from subsidies import services

    services.si_line_save(application=application, roster_entry_id=roster_entry_id(application, "职工1"), name="职工1", months=list(range(1, 13)),
                          contribution=Decimal("800"), user=world.users["employer_a"])


@pytest.mark.parametrize("same_page", [False, True], ids=["page-reloaded", "same-page-again"])
def test_a_resubmit_after_a_refusal_runs_and_is_not_answered_with_the_refusal(world, client_for, si_without_lines,
                                                                             same_page):
    """Submit is refused (no lines yet) with a message; the employer adds a line and submits again
    within seconds — from the reloaded page, or from the same page still open in another tab."""
    client = client_for(world.users["employer_a"])
    detail = reverse("subsidy-detail", args=[si_without_lines.pk])
    submit = reverse("subsidy-submit", args=[si_without_lines.pk])
    token = form_token(client, detail, submit)
    refused = client.post(submit, {"form_token": token}, follow=True)
    assert refused.status_code == 200 and "请先填写或上传残疾职工的社保缴费明细" in refused.content.decode()
    si_without_lines.refresh_from_db()
    assert si_without_lines.status == SubsidyStatus.DRAFT
    _add_line(world, si_without_lines)
    if not same_page:
        token = post_form_hidden(client.get(detail).content.decode(), submit)["form_token"]
    client.post(submit, {"form_token": token})
    si_without_lines.refresh_from_db()
    assert si_without_lines.status == SubsidyStatus.TOWN_REVIEW


# ---- sign-in, and a copy arriving while the first still runs ---------------------------------------------


def test_signing_in_with_a_double_click_signs_in_the_browser(world, client):
    """Both copies leave the browser with the same cookies. A replayed redirect would not carry the
    new session cookie (the browser dropped the first answer): the copy must sign in itself."""
    token = form_token(client, reverse("login"))
    cookies = copy.deepcopy(client.cookies)
    data = {"username": "employer_a", "password": "Test-password-123", "form_token": token}
    first = client.post(reverse("login"), data)
    client.cookies = cookies  # the second click went out before the first answer came back
    second = client.post(reverse("login"), data)
    assert first.status_code == second.status_code == 302
    assert django_settings.SESSION_COOKIE_NAME in second.cookies
    assert client.get(reverse("portal-home")).status_code == 302  # signed in: sent on to the workspace
    assert "/accounts/login/" not in client.get(reverse("portal-home"))["Location"]


def test_a_display_preference_sent_twice_sets_its_cookie_each_time(world, client):
    token = form_token(client, reverse("job-list"), reverse("a11y-preferences"))
    cookies = copy.deepcopy(client.cookies)
    data = {"toggle": "large_text", "next": "/jobs/", "form_token": token}
    first = client.post(reverse("a11y-preferences"), data)
    client.cookies = cookies
    second = client.post(reverse("a11y-preferences"), data)
    assert first.status_code == second.status_code == 302 and second.cookies


def test_a_copy_waits_for_the_first_submission_and_gets_its_redirect(world):
    """Two copies of one form at the same moment: the view runs once; the copy waits for its answer."""
    runs = []

    def slow_view(request):
        runs.append(request.POST["title"])
        time.sleep(0.5)
        return HttpResponseRedirect(f"/done/{len(runs)}/")

    def handler(request):  # what Django does between the middleware's two halves
        return middleware.process_view(request, slow_view, (), {}) or slow_view(request)

    middleware = DuplicateSubmitMiddleware(handler)
    token = "A" * 22

    def post(results):
        request = RequestFactory().post("/employer/jobs/new/", {"title": "岗位", "form_token": token})
        request.user, request.COOKIES[django_settings.CSRF_COOKIE_NAME] = AnonymousUser(), "browser-1"
        results.append(middleware(request))

    results: list[HttpResponse] = []
    threads = [threading.Thread(target=post, args=(results,)) for _ in range(2)]
    for thread in threads:
        thread.start()
        time.sleep(0.1)
    for thread in threads:
        thread.join(10)
    assert runs == ["岗位"]
    assert [r["Location"] for r in results] == ["/done/1/", "/done/1/"]
    # Another browser with the same token is someone else: it runs.
    request = RequestFactory().post("/employer/jobs/new/", {"title": "岗位", "form_token": token})
    request.user, request.COOKIES[django_settings.CSRF_COOKIE_NAME] = AnonymousUser(), "browser-2"
    assert middleware(request)["Location"] == "/done/2/"


def test_the_old_window_is_gone(world, client_for):
    """Old behaviour: the same fields posted again within 10 s were swallowed, whatever the form."""
    client = client_for(world.users["employer_a"])
    url = reverse("employer-job-create")
    for _ in range(2):
        client.post(url, _job_form(world, form_token(client, url)))
    assert JobPost.objects.filter(title=JOB_FORM["title"], created_at__date__gte=date(2000, 1, 1)).count() == 2
