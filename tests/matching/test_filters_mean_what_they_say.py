"""The seeker's job filters mean what their labels say (issue 16 item 8): the town filter says that
remote jobs of other towns are listed (and a box leaves them out), 月薪至少 X is matched by the bottom
of the pay range, and a page number past the last page shows the last page — never a count beside
"没有找到"."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from employment import services
from employment.models import JobSeeker
from matching import selectors
from tests.factories import JobPostFactory

pytestmark = pytest.mark.django_db

NOTHING_FOUND = "没有找到符合条件的岗位"


def _jobs_page(client, **params) -> str:
    response = client.get(reverse("seeker-jobs"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def town_jobs(world):
    """In 鼓楼街道 (town x): an on-site job; in 石碶街道 (town y): a remote job and an on-site one."""
    world.job_a.remote = False
    world.job_a.save()  # 网店文字客服, town x, on site
    world.job_b.remote = True
    world.job_b.save()  # 数据标注员, town y, remote
    JobPostFactory(employer=world.employer_b, title="仓库理货员", remote=False)  # town y, on site
    return world


@pytest.mark.parametrize("personalised", [True, False])
def test_the_town_filter_says_it_lists_remote_jobs_of_other_towns_and_a_box_leaves_them_out(
    client_for, town_jobs, personalised
):
    world = town_jobs
    services.assessment_record(seeker=world.seeker_a, skills="打字", desired_jobs="客服")
    JobSeeker.objects.filter(pk=world.seeker_a.pk).update(personalised_matching=personalised)
    client = client_for(world.users["seeker_a"])

    form = _jobs_page(client)
    assert "其他镇街可远程/居家办公的岗位也会列出" in form  # said under the field before choosing
    assert "只看所选镇街的岗位" in form

    html = _jobs_page(client, town=world.town_x.pk)
    assert "网店文字客服" in html and "数据标注员" in html and "仓库理货员" not in html
    assert "列出鼓楼街道的岗位，以及其他镇街可远程/居家办公的岗位" in html
    assert "共 2 个岗位" in html

    html = _jobs_page(client, town=world.town_x.pk, town_only="on")
    assert "网店文字客服" in html and "数据标注员" not in html and "仓库理货员" not in html
    assert "只列出鼓楼街道的岗位" in html and "共 1 个岗位" in html


@pytest.mark.parametrize("personalised", [True, False])
def test_minimum_pay_is_matched_by_the_bottom_of_the_range(client_for, world, personalised):
    services.assessment_record(seeker=world.seeker_a, skills="打字", desired_jobs="客服")
    JobSeeker.objects.filter(pk=world.seeker_a.pk).update(personalised_matching=personalised)
    world.job_a.salary_min, world.job_a.salary_max = Decimal("2500"), Decimal("4000")
    world.job_a.save()
    world.job_b.salary_min, world.job_b.salary_max = Decimal("3000"), Decimal("3200")
    world.job_b.save()
    JobPostFactory(employer=world.employer_b, title="最高薪资岗", salary_min=None, salary_max=Decimal("9000"))
    client = client_for(world.users["seeker_a"])

    html = _jobs_page(client, min_pay="3000")
    assert "数据标注员" in html  # 3000–3200: the bottom reaches 3000
    assert "网店文字客服" not in html  # 2500–4000: the seeker may be paid 2500
    assert "最高薪资岗" not in html  # only an upper bound: the bottom is unknown
    assert "按岗位月薪的下限比较" in html  # the field says how it compares
    assert "共 1 个岗位" in html

    html = _jobs_page(client, min_pay="2500")
    assert "数据标注员" in html and "网店文字客服" in html and "共 2 个岗位" in html
    # A job naming only an upper bound says so on its card instead of 面议.
    assert "最高 9000 元" in _jobs_page(client)


@pytest.mark.parametrize("personalised", [True, False])
def test_a_page_past_the_last_one_is_the_last_page(client_for, world, personalised):
    services.assessment_record(seeker=world.seeker_a, skills="打字", desired_jobs="客服")
    JobSeeker.objects.filter(pk=world.seeker_a.pk).update(personalised_matching=personalised)
    for n in range(19):  # with the world's two: 21 jobs, pages of 10
        JobPostFactory(employer=world.employer_b, title=f"远程岗位{n:02d}")
    client = client_for(world.users["seeker_a"])

    last = _jobs_page(client, page="3")
    assert "共 21 个岗位" in last and "第 3 页，共 3 页（21 条）" in last
    for page in ("4", "99", "100000"):
        html = _jobs_page(client, page=page)
        assert "共 21 个岗位" in html and NOTHING_FOUND not in html
        assert "第 3 页，共 3 页（21 条）" in html and "下一页" not in html
        assert len(re.findall(r'<li class="card">', html)) == 1
    # A filter that leaves nothing: page 1 of an empty list, and it says so without a stale count.
    html = _jobs_page(client, page="5", min_pay="100000")
    assert NOTHING_FOUND in html and "共 0 个岗位" in html


def test_the_selector_clamps_the_page_it_returns(world):
    services.assessment_record(seeker=world.seeker_a, skills="打字", desired_jobs="客服")
    result = selectors.jobs_for_seeker(world.seeker_a, page=50)
    assert result.page == 1 and result.total == 2 and len(result.items) == 2 and not result.has_next


def test_candidates_past_the_last_page_are_the_last_page(world):
    JobSeeker.objects.filter(pk__in=[world.seeker_a.pk, world.seeker_b.pk]).update(visible_to_employers=True)
    for seeker in (world.seeker_a, world.seeker_b):
        seeker.refresh_from_db()
        services.assessment_record(seeker=seeker, skills="打字", desired_jobs="网店客服")
    result = selectors.candidates_for_job(world.job_a, world.users["employer_a"], page=7)
    assert result.page == 1 and {c.seeker.pk for c in result.items} == {world.seeker_a.pk, world.seeker_b.pk}


def test_the_public_job_list_filters_towns_the_same_way(client, town_jobs):
    world = town_jobs
    url = reverse("job-list")
    assert "其他镇街可远程/居家办公的岗位也会列出" in client.get(url).content.decode()

    html = client.get(url, {"town": world.town_x.pk}).content.decode()
    assert "网店文字客服" in html and "数据标注员" in html and "仓库理货员" not in html
    assert "列出鼓楼街道的岗位，以及其他镇街可远程/居家办公的岗位" in html

    html = client.get(url, {"town": world.town_x.pk, "town_only": "1"}).content.decode()
    assert "网店文字客服" in html and "数据标注员" not in html and "只列出鼓楼街道的岗位" in html

    for n in range(20):
        JobPostFactory(employer=world.employer_b, title=f"远程岗位{n:02d}")
    html = client.get(url, {"page": "99"}).content.decode()  # 23 jobs, pages of 20: page 2 is the last
    assert "第 2 页，共 2 页（23 条）" in html and "没有找到" not in html
