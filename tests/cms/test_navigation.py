"""The site header reaches 培训, 政策 and 新闻 (and search); the home page's title does not repeat the site
name; the favicon is a static file linked from every page, and /favicon.ico answers too."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from cms import services
from cms.models import NewsIndexPage, NewsPage, PolicyIndexPage

pytestmark = pytest.mark.django_db


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


@pytest.fixture
def sections():
    home = services.homepage_ensure()
    services.training_index_ensure()
    services.child_page_ensure(home, PolicyIndexPage, slug="policies", title="政策法规")
    news = services.child_page_ensure(home, NewsIndexPage, slug="news", title="新闻动态")
    return news


def test_the_header_links_to_training_policies_news_and_search(sections, client):
    html = client.get("/").content.decode()
    header = html[html.index('<nav aria-label="主导航" class="site-nav">'):html.index("</nav>")]
    for label, url in (("培训", "/training/"), ("政策", "/policies/"), ("新闻", "/news/"),
                       ("搜索", reverse("site-search"))):
        assert f'<a href="{url}">{label}</a>' in header, label
    news = client.get("/news/").content.decode()
    assert '<a href="/news/" aria-current="page">新闻</a>' in news


def test_a_section_without_a_live_page_has_no_link(client):
    services.homepage_ensure()
    html = client.get("/").content.decode()
    assert ">政策</a>" not in html and ">新闻</a>" not in html


def test_the_site_name_appears_once_in_the_home_pages_title(sections, client):
    assert _title(client.get("/").content.decode()) == services.HOME_TITLE
    page = sections.add_child(instance=NewsPage(title="助残招聘会", slug="zhaopinhui", body=[]))
    services.page_publish(page)
    title = _title(client.get(page.url).content.decode())
    assert title.startswith("助残招聘会 · ") and title.count("海曙区残疾人就业服务平台") == 1


def test_the_favicon_is_a_static_file_linked_from_every_page(sections, client):
    assert finders.find("favicon.ico") and finders.find("favicon.svg")
    html = client.get("/").content.decode()
    assert f'<link rel="icon" href="{static("favicon.svg")}"' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"] == static("favicon.ico")


def test_the_cached_header_follows_publishing_unpublishing_moving_and_restricting(sections, client):
    """The section links are cached between pages (cms_nav); every change that alters them shows on
    the next page."""
    from wagtail.models import PageViewRestriction

    def header() -> str:
        html = client.get("/").content.decode()
        return html[html.index('<nav aria-label="主导航" class="site-nav">'):html.index("</nav>")]

    policies = PolicyIndexPage.objects.get()
    assert '<a href="/policies/">政策</a>' in header()
    policies.unpublish()
    assert ">政策</a>" not in header()
    services.page_publish(policies)
    assert '<a href="/policies/">政策</a>' in header()
    policies.slug = "zhengce"
    services.page_publish(policies)
    assert '<a href="/zhengce/">政策</a>' in header() and "/policies/" not in header()
    restriction = PageViewRestriction.objects.create(page=policies, restriction_type=PageViewRestriction.LOGIN)
    assert ">政策</a>" not in header()
    restriction.delete()
    assert '<a href="/zhengce/">政策</a>' in header()
    news = NewsIndexPage.objects.get()
    news.move(policies, pos="last-child")
    assert '<a href="/zhengce/news/">新闻</a>' in header()
    NewsIndexPage.objects.get().delete()
    assert ">新闻</a>" not in header()
