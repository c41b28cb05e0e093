"""Bad query input is never a 500/503 (issue 13, item 9).

Every GET page that reads query parameters into a query is walked, as a role that may use it, with
each parameter set to a superscript digit (passes ``str.isdigit()``, not ``int()``), an integer
beyond 64 bits, a negative number and NUL bytes (``%00``, ``\\x00abc``). Malformed numbers are
ignored (the page answers 200), NUL bytes are a 400 with a Chinese page. Run it on PostgreSQL too —
that is where NUL bytes and big integers fail:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/shuguang_inputs pytest tests/security/test_bad_query_input.py
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from employment.query import clean_text, int_or_none, ints_or_none
from tests.cms.conftest import training  # noqa: F401 - fixture
from tests.quota.conftest import YEAR
from tests.security.conftest import policy  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

# value → how it appears in the query string (already encoded)
BAD = {
    "superscript": quote("²"),
    "huge": "99999999999999999999999",
    "negative": "-1",
    "nul": "%00",
    "nul-text": "%00abc",
}
NUL = {"nul", "nul-text"}

STAFF = ["town_x", "district"]
# (URL name, args, roles that use it, the query parameters it reads)
PAGES = [
    ("job-list", [], ["anonymous", "seeker_a"], ["q", "town", "remote", "page"]),
    ("seeker-jobs", [], ["seeker_a"], ["town", "remote", "max_hours", "min_pay", "page"]),
    ("seeker-applications", [], ["seeker_a"], ["page"]),
    ("employer-home", [], ["employer_a"], ["page"]),
    ("employer-job-candidates", ["job_a"], ["employer_a"], ["page"]),
    ("staff-seeker-list", [], STAFF, ["q", "town", "page"]),
    ("staff-household-list", [], STAFF, ["q", "town", "status", "page"]),
    ("review-declaration-list", [], STAFF, ["status"]),
    ("subsidy-review-list", [], STAFF, ["programme", "status"]),
    ("casework-follow-ups-due", [], STAFF, ["page"]),
    ("dashboard", [], STAFF, ["year", "town", "charts"]),
    ("dashboard-export", ["employment"], STAFF, ["year", "town"]),
    ("public-summary", [], ["anonymous"], ["year"]),
    ("site-search", [], ["anonymous"], ["q", "page"]),
    ("privacy-access-log", [], ["district"], ["user", "page"]),
    ("employer-register-list", [], STAFF, ["q", "town", "active", "page"]),
    ("employer-register-export", [], STAFF, ["q", "town", "active"]),
    ("publicity-batch-list", [], ["district"], ["q", "year", "page"]),
    ("publicity-batch-create", [], ["district"], ["year"]),
    ("publicity-objection-list", [], STAFF, ["q", "status", "page"]),
    ("programme-application-list", [], STAFF, ["status", "kind", "target", "page"]),
    ("programme-my-applications", [], ["seeker_a"], ["page"]),
]
# Parameters where a malformed number names nothing the user may see: "not found", not ignored
# (the dashboard and the public summary treat a bad town or year like an id nobody may see).
NOT_FOUND = {("dashboard", "year"), ("dashboard", "town"), ("dashboard-export", "year"),
             ("dashboard-export", "town"), ("public-summary", "year")}


def _url(world, name: str, args: list) -> str:
    return reverse(name, args=[getattr(world, a).pk if hasattr(world, a) else a for a in args])


def _client(world, role: str) -> Client:
    client = Client(raise_request_exception=False)  # a crash is a finding: the status says so
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def _walk(world, pages) -> list[tuple]:
    """(name, role, parameter, value, status) for every page × role × parameter × bad value, plus
    every parameter bad at once."""
    out = []
    for name, args, roles, params in pages:
        url = _url(world, name, args)
        for role in roles:
            client = _client(world, role)
            assert client.get(url).status_code == 200, (name, role)  # the page itself works
            for kind, raw in BAD.items():
                for param in [*params, "*"]:
                    query = "&".join(f"{p}={raw}" for p in params) if param == "*" else f"{param}={raw}"
                    out.append((name, role, param, kind, client.get(f"{url}?{query}").status_code))
    return out


@pytest.fixture
def listed(world, policy, training):  # noqa: F811
    """Something on each list, so the filters run against rows."""
    from employment import applications
    from households import services as households

    households.household_create(user=world.users["district"], code="HS-GL-0001", town=world.town_x)
    applications.application_submit(seeker=world.seeker_a, job=world.job_a, message="我想应聘")
    return world


def test_bad_query_parameters_are_ignored_or_refused_never_a_server_error(listed):
    results = _walk(listed, PAGES)
    server_errors = [r for r in results if r[-1] >= 500]
    assert server_errors == []
    # NUL bytes: a clear 400; malformed numbers: ignored (the page as without the filter), or not found.
    assert [r for r in results if r[3] in NUL and r[-1] != 400] == []

    def expected(name, param):
        if param == "*":
            return {200, 404} if any(n == name for n, _ in NOT_FOUND) else {200}
        return {404} if (name, param) in NOT_FOUND else {200}

    assert [r for r in results if r[3] not in NUL and r[-1] not in expected(r[0], r[2])] == []


def test_staff_filing_for_a_seeker_given_by_a_bad_id_is_not_found(world, policy):  # noqa: F811
    client = _client(world, "town_x")
    url = reverse("subsidy-startup-apply")
    for kind, raw in BAD.items():
        status = client.get(f"{url}?seeker={raw}").status_code
        assert status == (400 if kind in NUL else 404), kind


def test_bad_ids_in_posted_forms_are_not_a_server_error(world, policy, training):  # noqa: F811
    from cms.models import Enrolment

    enrolment = Enrolment.objects.create(course=training.course_a, seeker=world.seeker_a, status="enrolled")
    provider = _client(world, "provider_a")
    roster = reverse("course-roster", args=[training.course_a.pk])
    seeker_staff = _client(world, "town_x")
    for kind, raw in BAD.items():
        value = "\x00abc" if kind in NUL else raw.replace(quote("²"), "²")
        responses = [
            provider.post(roster, {"action": "attendance", "session_date": "2025-03-01", "present": [value]}),
            provider.post(roster, {"action": "complete", "enrolment": value}),
            seeker_staff.post(f"{reverse('subsidy-startup-apply')}?seeker={world.seeker_a.pk}", {"year": value}),
        ]
        assert [r.status_code for r in responses if r.status_code >= 500] == [], kind
        if kind in NUL:
            assert {r.status_code for r in responses} == {400}
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_nul_bytes_anywhere_are_a_chinese_400(world, client):
    for path in ["/jobs/?q=%00", "/jobs/?%00=1", "/search/?q=a%00b"]:
        response = client.get(path)
        assert response.status_code == 400, path
        assert "无法识别的特殊字符" in response.content.decode()
    response = client.post(reverse("login"), {"username": "employer_a\x00", "password": "x"})
    assert response.status_code == 400 and "没有保存任何内容" in response.content.decode()


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(q=st.text(max_size=20), town=st.text(max_size=25), page=st.text(max_size=25))
def test_any_text_in_the_public_job_list_filters_is_not_a_server_error(world, q, town, page):
    client = Client(raise_request_exception=False)
    response = client.get(reverse("job-list"), {"q": q, "town": town, "page": page})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(("raw", "expected"), [
    ("12", 12), (" 7 ", 7), ("²", None), ("１２", None), ("-1", None), ("0", None), ("1e3", None), ("", None),
    (None, None), ("99999999999999999999999", None), (str(2**63 - 1), 2**63 - 1), (str(2**63), None),
    ("\x00", None), ("3\x00", None), ("0x1f", None), ("٣", None),
])
def test_int_or_none_takes_plain_ascii_integers_in_range(raw, expected):
    assert int_or_none(raw) == expected


def test_helpers_drop_what_is_not_plain():
    assert ints_or_none(["1", "²", "x", "3", "-2"]) == [1, 3]
    assert int_or_none(str(YEAR), max_value=9999) == YEAR and int_or_none("10000", max_value=9999) is None
    assert clean_text(" a\x00b ", max_length=2) == "ab" and clean_text(None) == ""
