"""Site search finds what people look for: published jobs beside the pages, the 年审公示 (a view, not a
page) by 年审, and each result says what it is and whose it is (the provider teaching a course, the
employer offering a job). The ranking is explained in words for citizens."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cms import selectors
from employment.models import JobStatus
from tests.factories import JobPostFactory

pytestmark = pytest.mark.django_db


def _search(client, query: str) -> str:
    response = client.get(reverse("site-search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_a_published_jobs_title_finds_the_job_with_its_employer(world, client):
    html = _search(client, world.job_a.title)
    assert reverse("job-detail", args=[world.job_a.pk]) in html
    assert "招聘岗位 · 用人单位：" + world.employer_a.name in html
    assert world.job_b.title not in html


def test_jobs_that_are_not_published_are_not_found(world, client):
    draft = JobPostFactory(employer=world.employer_a, title="竹编质检员", status=JobStatus.DRAFT)
    closed = JobPostFactory(employer=world.employer_a, title="竹编打包员", status=JobStatus.CLOSED)
    live = JobPostFactory(employer=world.employer_b, title="竹编编织工")
    titles = [r.title for r in selectors.site_search("竹编")]
    assert live.title in titles and draft.title not in titles and closed.title not in titles


def test_jobs_and_pages_are_ranked_together_title_matches_first(world, training, client):
    JobPostFactory(employer=world.employer_b, title="客服专员", description="负责竹编产品的网店客服。")
    titles = [r.title for r in selectors.site_search("竹编")]
    # The course named after 竹编 comes before the job that only mentions it in its description.
    assert titles.index("乙校竹编培训") < titles.index("客服专员")


def test_nianshen_finds_the_annual_review_publicity(world, client):
    results = selectors.site_search("年审")
    assert results[0].title == "年审公示" and results[0].url == reverse("declaration-publicity-latest")
    html = _search(client, "年审")
    assert f'href="{reverse("declaration-publicity-latest")}">年审公示</a>' in html
    assert "网站栏目" in html
    assert "年审公示" in [r.title for r in selectors.site_search("年审公示")]
    assert "年审公示" in [r.title for r in selectors.site_search("残疾人就业保障金")]


def test_a_course_result_names_the_provider_that_teaches_it(world, training, client):
    html = _search(client, "竹编培训")
    assert "乙校竹编培训" in html
    assert f"培训课程 · 培训机构：{world.provider_b.name}" in html


def test_the_ranking_is_explained_for_citizens(world, client):
    html = _search(client, world.job_a.title)
    assert "标题里就有您搜索的词的，排在最前面" in html
    for word in ("bm25", "jieba", "分词", "相关度算法"):
        assert word not in html
