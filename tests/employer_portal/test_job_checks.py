"""Job posts are checked before they are saved or published (employment.job_checks, with the year's
minimum wage registered by quota): at least one opening, pay not below the minimum wage pro-rated
for part-time hours, a real description; a post offering no accessibility is saved with a warning.
Each refusal names the field and says what to do, in Chinese, and changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from employment import services
from employment.models import JobPost, JobStatus
from quota.engine.wages import monthly_pay_floor
from quota.job_checks import min_wage_in_force

pytestmark = pytest.mark.django_db


def _job_data(**overrides):
    data = {
        "title": "数据录入员", "description": "在电脑上录入表格数据，核对后提交。", "requirements": "", "town": "",
        "hours_per_day": "8", "remote": "on", "salary_min": "3000", "salary_max": "4000", "openings": "1",
        "accessibility": ["screen_reader"], "demands": [], "action": "publish",
    }
    data.update(overrides)
    data["town"] = data["town"] or ""
    return data


def _post(client, world, **overrides):
    return client.post(reverse("employer-job-create"), _job_data(town=world.town_x.pk, **overrides))


def _yuan(value) -> str:
    return f"{Decimal(value):,.0f}"


def test_pay_below_the_years_minimum_wage_is_refused(client_for, world, policy):
    year = min_wage_in_force(timezone.localdate())
    client = client_for(world.users["employer_a"])
    response = _post(client, world, salary_min="500", salary_max="800")
    html = response.content.decode()
    assert response.status_code == 200
    assert (f"月薪下限 500 元低于最低工资标准：月薪不能低于 {year.year}年当地月最低工资 "
            f"{_yuan(year.min_wage)} 元。请提高月薪下限。") in html
    assert not JobPost.objects.filter(title="数据录入员").exists()


def test_part_time_pay_is_pro_rated(client_for, world, policy):
    year = min_wage_in_force(timezone.localdate())
    floor = monthly_pay_floor(year.min_wage, Decimal("4"))
    client = client_for(world.users["employer_a"])
    response = _post(client, world, hours_per_day="4", salary_min=str(floor - 1), salary_max="")
    html = response.content.decode()
    assert (f"每天工作 4 小时的岗位月薪不能低于 {_yuan(floor)} 元（{year.year}年月最低工资 {_yuan(year.min_wage)} "
            "元按每天 8 小时折算）") in html
    assert not JobPost.objects.filter(title="数据录入员").exists()
    response = _post(client, world, hours_per_day="4", salary_min=str(floor), salary_max="")
    assert response.status_code == 302  # equal to the floor passes
    assert JobPost.objects.get(title="数据录入员").status == JobStatus.PUBLISHED


def test_only_a_top_of_range_is_checked_too_and_negotiable_pay_is_not(client_for, world, policy):
    client = client_for(world.users["employer_a"])
    html = _post(client, world, salary_min="", salary_max="900").content.decode()
    assert "月薪上限 900 元低于最低工资标准" in html and "请提高月薪上限。" in html
    assert _post(client, world, salary_min="", salary_max="").status_code == 302  # 面议


def test_at_least_one_opening(client_for, world, policy):
    client = client_for(world.users["employer_a"])
    html = _post(client, world, openings="0").content.decode()
    assert '">招聘人数至少为 1 人：请填写这个岗位要招几个人。</a>' in html
    assert not JobPost.objects.filter(title="数据录入员").exists()


@pytest.mark.parametrize(
    ("description", "says"),
    [
        ("无", "工作内容不能只写“无”：请用一两句话写清每天具体做什么"),
        ("面议", "工作内容不能只写“面议”"),
        ("数据录入员", "工作内容不能只重复岗位名称"),
        ("录入数据。", "工作内容太短（至少 8 个字）：请写清每天具体做什么"),
        ("啊啊啊啊啊啊啊啊啊啊", "工作内容看起来不是真实的说明"),
    ],
)
def test_a_real_description(client_for, world, policy, description, says):
    client = client_for(world.users["employer_a"])
    html = _post(client, world, description=description).content.decode()
    assert f'">{says}' in html  # the summary's link: the message names the field itself
    assert not JobPost.objects.filter(title="数据录入员").exists()


def test_no_accessibility_is_saved_with_a_warning(client_for, world, policy):
    client = client_for(world.users["employer_a"])
    response = client.post(
        reverse("employer-job-create"), _job_data(town=world.town_x.pk, accessibility=[]), follow=True
    )
    html = response.content.decode()
    assert "岗位已发布。" in html
    assert "<strong>请注意：</strong>这个岗位没有勾选任何无障碍支持" in html and "message-warning" in html
    assert JobPost.objects.get(title="数据录入员").accessibility == []
    # With accessibility given, no warning.
    html = client.post(reverse("employer-job-create"), _job_data(town=world.town_x.pk, title="质检员"),
                       follow=True).content.decode()
    assert "岗位已发布。" in html and "没有勾选任何无障碍支持" not in html


def test_publishing_an_old_draft_is_checked_again(client_for, world, policy):
    draft = JobPost.objects.create(
        employer=world.employer_a, title="旧草稿", description="在仓库里按单拣货，整理货架。", town=world.town_x,
        hours_per_day=Decimal("8"), salary_min=Decimal("1000"), status=JobStatus.DRAFT,
    )
    client = client_for(world.users["employer_a"])
    response = client.post(reverse("employer-job-status", args=[draft.pk]), {"action": "publish"}, follow=True)
    html = response.content.decode()
    assert "「旧草稿」不能发布：月薪下限 1,000 元低于最低工资标准" in html
    assert response.redirect_chain[-1][0] == reverse("employer-job-edit", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == JobStatus.DRAFT


def test_the_service_refuses_too(world, policy):
    job = JobPost(employer=world.employer_a, title="客服", description="无", town=world.town_x,
                  hours_per_day=Decimal("8"), salary_min=Decimal("100"), openings=0)
    with pytest.raises(Exception) as caught:
        services.job_post_save(job=job)
    assert set(caught.value.message_dict) == {"openings", "description", "salary_min"}
    assert job.pk is None
