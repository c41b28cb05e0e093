"""Object ids in URLs (issue 13 review): ``<id:…>`` takes 1 … 2**63 − 1 only, so a 20-digit id is a
404 on every route, never an OverflowError/DataError (a 500 on PostgreSQL; SQLite overflows too)."""

from __future__ import annotations

import re

import pytest
from django.urls import Resolver404, resolve, reverse

from employment.converters import MAX_ID, IdConverter
from tests.security.test_access_matrix import url_patterns

HUGE = "99999999999999999999"  # 20 digits, beyond a 64-bit key


def test_the_converter_takes_64_bit_ids_only():
    converter = IdConverter()
    pattern = re.compile(f"^{converter.regex}$")
    assert converter.to_python(str(MAX_ID)) == 2**63 - 1
    assert pattern.match(str(MAX_ID)) and pattern.match("1")
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_ID + 1))
    assert not pattern.match(HUGE) and not pattern.match("0") and not pattern.match("007")
    assert converter.to_url(5) == "5"
    with pytest.raises(ValueError):
        converter.to_url(0)


def test_every_object_id_in_the_project_urls_uses_the_id_converter():
    routes = [route for route, _ in url_patterns() if not route.startswith(("admin/", "documents/", "_util/"))]
    assert [route for route in routes if "<int:" in route] == []
    assert sum("<id:" in route for route in routes) > 40


def _filled(route: str, object_id: str) -> str:
    route = re.sub(r"<(?:int|id):\w+>", object_id, route.replace("<year:year>", "2025"))
    return "/" + re.sub(r"<(?:\w+:)?\w+>", "x", route)


def test_a_huge_id_resolves_to_no_project_view():
    checked = 0
    for route, name in url_patterns():
        if not re.search(r"<(?:int|id):", route) or route.startswith(("admin/", "documents/", "_util/")):
            continue
        assert resolve(_filled(route, "1")).url_name == name  # the route itself is reachable
        try:
            match = resolve(_filled(route, HUGE))
        except Resolver404:
            match = None
        assert match is None or match.url_name != name, f"{_filled(route, HUGE)} still reaches {name}"
        checked += 1
    assert checked > 40


@pytest.mark.parametrize(("user", "name", "args"), [
    ("district", "seeker-detail", [1]),
    ("district", "seeker-verify", [1]),
    ("town_x", "staff-seeker-assessment", [1]),
    ("seeker_a", "job-detail", [1]),
    ("seeker_a", "notification-read", [1]),
    ("employer_a", "employer-roster-upload", [1]),
    ("district", "staff-household-detail", [1]),
])
def test_a_twenty_digit_id_is_a_404_not_a_500(world, client_for, user, name, args):
    client = client_for(world.users[user])
    client.raise_request_exception = False
    url = reverse(name, args=args).replace("/1/", f"/{HUGE}/", 1)
    assert HUGE in url
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
