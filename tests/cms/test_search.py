"""Site search ranking: pages whose title contains the query come first, then pages that only mention it
in their summary or body; within each group more matched terms first, then the most recently published.

The pages are arranged so that the database's own relevance (bm25 on SQLite, ts_rank on PostgreSQL, both
over the jieba-segmented text with no idea which words came from the title) puts a body-only page first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from cms import selectors, services
from cms.models import IncubationProgramPage, NewsIndexPage, NewsPage, Programme
from cms.search import rank_pages, title_hits
from demo import cms_content

pytestmark = pytest.mark.django_db

# A long body dilutes the one mention of the query, so term-frequency ranking puts this page low.
FILLER = "区残联为学员提供上门辅导和无障碍教室，结业后推荐到合作企业上岗。" * 12
NOW = datetime(2026, 5, 1, 9, 0, tzinfo=timezone.get_default_timezone())


@pytest.fixture
def news_index():
    home = services.homepage_ensure()
    return services.child_page_ensure(home, NewsIndexPage, slug="news", title="新闻动态", intro="最新动态。")


def _news(index, *, slug: str, title: str, intro: str = "", body: str = "", days_ago: int = 0) -> NewsPage:
    page = index.add_child(instance=NewsPage(
        slug=slug, title=title, intro=intro, body=[("paragraph", f"<p>{body or FILLER}</p>")],
    ))
    services.page_publish(page)
    # Pin the publication time: "most recent first" must not depend on how fast the test runs.
    Page.objects.filter(pk=page.pk).update(first_published_at=NOW - timedelta(days=days_ago))
    return page


def _titles(query: str) -> list[str]:
    return [p.title for p in selectors.pages_search(query)]


def test_title_match_ranks_above_a_page_that_repeats_the_term_in_its_text(news_index):
    home = services.homepage_ensure()
    services.child_page_ensure(
        home, IncubationProgramPage, slug="feiyi", title="非遗传承", programme=Programme.HERITAGE,
        intro="竹编、草编。竹编果篮，竹编竹扇，竹编摆件。", body=[],
    )
    _news(news_index, slug="gongfang", title="章水竹编工坊招收学员", days_ago=30)

    assert _titles("竹编") == ["章水竹编工坊招收学员", "非遗传承"]


def test_more_title_terms_first_then_most_recent(news_index):
    _news(news_index, slug="body-only-new", title="助残就业新闻", intro="电商培训开班。", days_ago=0)
    _news(news_index, slug="one-title-term", title="电商直播间开业", intro="直播间同时开展培训。", days_ago=1)
    _news(news_index, slug="both-old", title="电商培训班结业", days_ago=20)
    _news(news_index, slug="both-new", title="电商培训班开班", days_ago=2)

    assert _titles("电商培训") == ["电商培训班开班", "电商培训班结业", "电商直播间开业", "助残就业新闻"]


def test_when_no_page_has_every_term_pages_with_more_terms_come_first(news_index):
    # No page mentions all of 竹编, 电商 and 手语 — the search falls back to pages with any of them.
    _news(news_index, slug="title-one", title="竹编工坊开业", days_ago=5)
    _news(news_index, slug="two-terms", title="残疾人创业故事", intro="他学电商，也学手语。", days_ago=0)
    _news(news_index, slug="text-one", title="社区活动", body="竹编体验课，竹编作品展，竹编义卖。", days_ago=1)

    assert _titles("竹编电商手语") == ["竹编工坊开业", "残疾人创业故事", "社区活动"]


def test_search_page_lists_title_matches_first_and_paginates(news_index, client: Client):
    for n in range(22):  # body-only pages: short, repeat the term, published more recently than the title match
        _news(news_index, slug=f"body-{n}", title=f"助残动态第{n + 1}期", body="竹编体验课，竹编作品展。", days_ago=n)
    _news(news_index, slug="title", title="竹编技艺培训开班", days_ago=40)

    html = client.get(reverse("site-search"), {"q": "竹编"}).content.decode()
    assert "（23 条）" in html
    assert html.index("竹编技艺培训开班") < html.index("助残动态第") == html.index("助残动态第1期")
    assert "助残动态第20期" not in html  # 20 a page: after the title match, 第20期 is result 21
    assert "page=2" in html and "q=%E7%AB%B9%E7%BC%96" in html

    second = client.get(reverse("site-search"), {"q": "竹编", "page": 2}).content.decode()
    assert "助残动态第20期" in second and "竹编技艺培训开班" not in second
    assert 'start="21"' in second


def test_demo_content_bamboo_weaving_pages_come_before_the_heritage_programme(world):
    cms_content.seed_content()
    titles = _titles("竹编")
    title_hits_end = max(i for i, t in enumerate(titles) if "竹编" in t)
    assert "章水竹编工坊" in titles[: title_hits_end + 1]
    assert titles.index("非遗传承") > title_hits_end


@dataclass
class _Page:
    pk: int
    title: str
    first_published_at: datetime | None


def test_rank_pages_needs_no_database():
    pages = [
        _Page(1, "社区活动", NOW),
        _Page(2, "竹编工坊", NOW - timedelta(days=9)),
        _Page(3, "竹编与电商", NOW - timedelta(days=20)),
        _Page(4, "竹编课堂", NOW),
        _Page(5, "无日期竹编", None),
    ]
    matched = {1: 2, 2: 1, 3: 2, 4: 2, 5: 2}
    assert [p.pk for p in rank_pages(pages, ["竹编", "电商"], matched=matched)] == [3, 4, 5, 2, 1]
    assert title_hits("Wagtail 电商", ["wagtail", "电商", "培训"]) == 2
