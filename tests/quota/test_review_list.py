"""The staff review list of declarations at district scale: searchable by employer name or credit code,
filtered by year and status, 50 a page, its hints (补报, 代为初审, 代办) read for the page's rows only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quota.models import Declaration
from quota.views import REVIEW_PAGE_SIZE
from tests.factories import EmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(world):
    """55 submitted declarations of 2025 in 鼓楼 (one of them late), and one of 2024."""
    employers = [EmployerFactory(name=f"鼓楼第{n:03d}号商行", town=world.town_x) for n in range(REVIEW_PAGE_SIZE + 5)]
    Declaration.objects.bulk_create([Declaration(employer=e, year=2025, status="town_review", late=n == 7)
                                     for n, e in enumerate(employers)])
    Declaration.objects.create(employer=employers[0], year=2024, status="approved")
    return employers


def test_pages_search_and_year(world, many, client_for):
    client = client_for(world.users["town_x"])
    url = reverse("review-declaration-list")
    first = client.get(url).content.decode()
    assert f"（{REVIEW_PAGE_SIZE + 6} 份）" in first and "第 1 页，共 2 页" in first
    assert first.count('data-label="单位"') == REVIEW_PAGE_SIZE
    assert client.get(url, {"page": 2}).content.decode().count('data-label="单位"') == 6
    by_year = client.get(url, {"year": 2024}).content.decode()
    assert "（1 份）" in by_year and "鼓楼第000号商行" in by_year
    found = client.get(url, {"q": "第007号"}).content.decode()
    assert "（1 份）" in found and "补报" in found and "鼓楼第008号商行" not in found
    code = client.get(url, {"q": many[9].credit_code, "year": 2025}).content.decode()
    assert "（1 份）" in code and "鼓楼第009号商行" in code
    assert "没有符合筛选条件的申报" in client.get(url, {"q": "不存在的单位"}).content.decode()
    # A bad year or page is ignored, not an error.
    assert client.get(url, {"year": "abc", "page": "x"}).status_code == 200
    # The hints are read for the page's rows only: the first page costs the same queries with 56
    # declarations as with the 50 it shows.
    with CaptureQueriesContext(connection) as with_56:
        client.get(url)
    Declaration.objects.filter(pk__in=[d.pk for d in Declaration.objects.order_by("-year", "employer__name")[50:]]).delete()
    with CaptureQueriesContext(connection) as with_50:
        assert "第 1 页" not in client.get(url).content.decode()
    assert len(with_56) == len(with_50)


def test_another_towns_declarations_are_not_found(world, many, client_for):
    html = client_for(world.users["town_y"]).get(reverse("review-declaration-list"), {"q": "鼓楼"}).content.decode()
    assert "鼓楼第000号商行" not in html and "没有符合筛选条件的申报" in html


def test_the_district_filters_by_town_and_pages_keep_the_filter(world, many, client_for):
    """Walk A, item 3: a town filter for the district (a town reviewer sees only its own town and is
    offered none); the pages keep it."""
    other = EmployerFactory(name="石碶某某公司", town=world.town_y)
    Declaration.objects.create(employer=other, year=2025, status="town_review")
    client = client_for(world.users["district"])
    url = reverse("review-declaration-list")
    html = client.get(url).content.decode()
    assert '<label for="town">按镇街筛选</label>' in html and f'<option value="{world.town_y.pk}">' in html
    only_y = client.get(url, {"town": world.town_y.pk}).content.decode()
    assert "（1 份）" in only_y and "石碶某某公司" in only_y and "鼓楼第000号商行" not in only_y
    only_x = client.get(url, {"town": world.town_x.pk}).content.decode()
    assert f"（{REVIEW_PAGE_SIZE + 6} 份）" in only_x and "石碶某某公司" not in only_x
    assert f"town={world.town_x.pk}&amp;page=2" in only_x
    assert "没有符合筛选条件的申报" in client.get(url, {"town": world.town_y.pk, "q": "鼓楼"}).content.decode()
    town_page = client_for(world.users["town_x"]).get(url).content.decode()
    assert 'id="town"' not in town_page
    assert client_for(world.users["town_x"]).get(url, {"town": world.town_y.pk}).status_code == 404


def test_the_status_filter_offers_only_statuses_the_list_shows(world, many, client_for):
    """Walk A, item 4: drafts are never listed, so 填报中 is not offered (and ignored if asked for)."""
    client = client_for(world.users["district"])
    url = reverse("review-declaration-list")
    html = client.get(url).content.decode()
    assert '<option value="draft"' not in html and '<option value="town_review"' in html
    assert f"（{REVIEW_PAGE_SIZE + 6} 份）" in client.get(url, {"status": "draft"}).content.decode()
