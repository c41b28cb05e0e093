"""Employers (issue 16, item 9): the candidate list filters (town, hours a day, already contacted),
sorts and counts; people the employer hired and who still work there are not recommended to it (again
once they have left); an invitation carries time, place, format and message in one step; the employer
home counts each job's applications with a "new" badge; the employer records that an employee left."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from employment import applications, services
from employment.models import Application, ApplicationStatus, InterviewFormat, Notification, Placement
from tests.factories import make_seeker

pytestmark = pytest.mark.django_db


@pytest.fixture
def candidates(world):
    """Three consenting seekers who may all do job A: 张甲 (鼓楼, 8 h), 李乙 (石碶, 6 h), 王丙 (鼓楼, 6 h)."""
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save()
    world.seeker_b.visible_to_employers = True
    world.seeker_b.save()
    wang = make_seeker(town=world.town_x, name="王丙", visible_to_employers=True)
    services.assessment_record(seeker=world.seeker_a, skills="打字", max_hours_per_day=Decimal("8"))
    services.assessment_record(seeker=world.seeker_b, skills="打字", max_hours_per_day=Decimal("6"))
    services.assessment_record(seeker=wang, skills="打字", max_hours_per_day=Decimal("6"))
    return {"张甲": world.seeker_a, "李乙": world.seeker_b, "王丙": wang}


def _names(html: str, names=("张甲", "李乙", "王丙")) -> set[str]:
    return {n for n in names if f">{n}</a></h3>" in html}


def _candidates(client, world, **params):
    return client.get(reverse("employer-job-candidates", args=[world.job_a.pk]), params).content.decode()


def test_candidates_filters_and_total(client_for, world, candidates):
    client = client_for(world.users["employer_a"])
    html = _candidates(client, world)
    assert _names(html) == {"张甲", "李乙", "王丙"} and "推荐的候选人：共 3 人" in html
    html = _candidates(client, world, town=world.town_x.pk)
    assert _names(html) == {"张甲", "王丙"} and "推荐的候选人：共 2 人" in html
    html = _candidates(client, world, min_hours="7")
    assert _names(html) == {"张甲"} and "推荐的候选人：共 1 人" in html
    applications.application_invite(seeker=candidates["李乙"], job=world.job_a)
    html = _candidates(client, world, contacted="yes")
    assert _names(html) == {"李乙"} and "推荐的候选人：共 1 人" in html
    html = _candidates(client, world, contacted="no")
    assert _names(html) == {"张甲", "王丙"}
    html = _candidates(client, world, town=world.town_y.pk, contacted="no")
    assert _names(html) == set() and "推荐的候选人：共 0 人" in html and "没有符合筛选条件的候选人" in html


def test_candidates_sorted_by_town(client_for, world, candidates):
    world.town_x.sort_order, world.town_y.sort_order = 2, 1
    world.town_x.save()
    world.town_y.save()
    client = client_for(world.users["employer_a"])
    html = _candidates(client, world, sort="town")
    positions = {n: html.index(f">{n}</a></h3>") for n in ("张甲", "李乙", "王丙")}
    assert positions["李乙"] < positions["张甲"] and positions["李乙"] < positions["王丙"]
    assert "推荐理由" in html  # reasons are given in any order
    html = _candidates(client, world, sort="recent")
    positions = {n: html.index(f">{n}</a></h3>") for n in ("张甲", "李乙", "王丙")}
    assert positions["王丙"] < positions["李乙"] < positions["张甲"]  # assessed last, shown first


def test_people_the_employer_hired_are_not_recommended_until_they_leave(client_for, world, candidates):
    from casework import services as casework_services

    placement = services.placement_record(seeker=candidates["王丙"], employer=world.employer_a,
                                          contract_start=date(2025, 3, 1), monthly_wage=Decimal("3600"))
    client = client_for(world.users["employer_a"])
    html = _candidates(client, world)
    assert _names(html) == {"张甲", "李乙"} and "推荐的候选人：共 2 人" in html
    # Another employer is still shown them.
    from matching import selectors

    other = selectors.candidates_for_job(world.job_b, world.users["employer_b"])
    assert candidates["王丙"].pk in {c.seeker.pk for c in other.items}
    casework_services.placement_end(placement=placement, ended_on=date(2025, 12, 31))
    assert _names(_candidates(client, world)) == {"张甲", "李乙", "王丙"}


def test_invitation_with_time_place_format_and_message(client_for, world, candidates):
    client = client_for(world.users["employer_a"])
    seeker = candidates["李乙"]
    url = reverse("employer-job-invite", args=[world.job_a.pk, seeker.pk])
    assert url in _candidates(client, world)  # the candidate card links to the invitation form
    html = client.get(url).content.decode()
    assert "需要手语翻译" in html and "视频面试" in html and "现场面试" in html

    # Missing time and place are named; nothing is sent.
    response = client.post(url, {"interview_format": "interpreter", "message": "x"})
    html = response.content.decode()
    assert response.status_code == 200 and '">请填写面试时间。</a>' in html and '">请填写面试地点。</a>' in html
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    html = client.post(url, {"interview_at": past, "interview_format": "interpreter", "interview_place": "鼓楼路 1 号"}
                       ).content.decode()
    assert '">面试时间已经过去了：请选择今天以后的时间。</a>' in html
    assert not Application.objects.filter(seeker=seeker).exists()

    when = timezone.localtime() + timedelta(days=3)
    response = client.post(url, {
        "interview_at": when.strftime("%Y-%m-%dT14:30"), "interview_format": "interpreter",
        "interview_place": "鼓楼路 1 号 3 楼，无障碍入口在东侧", "message": "请带上残疾人证",
    })
    assert response.status_code == 302
    application = Application.objects.get(seeker=seeker, job=world.job_a)
    assert application.status == ApplicationStatus.INVITED and application.invited_by_employer
    assert application.interview_format == InterviewFormat.INTERPRETER
    assert application.interview_place == "鼓楼路 1 号 3 楼，无障碍入口在东侧" and application.message == "请带上残疾人证"
    assert timezone.localtime(application.interview_at).strftime("%H:%M") == "14:30"
    note = Notification.objects.get(user=world.users["seeker_b"], event="application.invited")
    assert "面试方式：需要手语翻译" in note.body and "面试地点：鼓楼路 1 号 3 楼" in note.body
    assert "单位留言：请带上残疾人证" in note.body and "面试时间：" in note.body


def test_inviting_an_applicant_keeps_their_message_apart(world, candidates):
    application = applications.application_submit(seeker=candidates["张甲"], job=world.job_a, message="我会打字")
    applications.application_invite(seeker=candidates["张甲"], job=world.job_a, message="周一来面试",
                                interview_format=InterviewFormat.VIDEO, interview_place="腾讯会议 123")
    application.refresh_from_db()
    assert application.message == "我会打字" and application.interview_format == InterviewFormat.VIDEO
    note = Notification.objects.get(user=world.users["seeker_a"], event="application.invited")
    assert "单位留言：周一来面试" in note.body and "我会打字" not in note.body


def test_employer_home_counts_applications_per_job_with_new_badges(client_for, world, candidates):
    applications.application_submit(seeker=candidates["张甲"], job=world.job_a)
    applications.application_invite(seeker=candidates["李乙"], job=world.job_a)
    client = client_for(world.users["employer_a"])
    html = client.get(reverse("employer-home")).content.decode()
    assert "2 个<span class=\"visually-hidden\">：网店文字客服的申请和邀请</span></a>，2 个待处理" in html
    assert '<span class="badge-new">新 1</span>' in html  # 张甲's application (an invitation is not news)
    # After a visit, in a new session, nothing is new until something happens.
    client.get(reverse("work-queue"))
    client.logout()
    client = client_for(world.users["employer_a"])
    assert "badge-new\">" not in client.get(reverse("employer-home")).content.decode()


def test_employer_records_that_an_employee_left(client_for, world, candidates):
    application = applications.application_submit(seeker=candidates["张甲"], job=world.job_a)
    placement = services.placement_record(seeker=candidates["张甲"], employer=world.employer_a, job=world.job_a,
                                          application=application, contract_start=date(2026, 1, 5),
                                          monthly_wage=Decimal("3600"))
    client = client_for(world.users["employer_a"])
    url = reverse("employer-application", args=[application.pk])
    assert "记录离职" in client.get(url).content.decode()
    html = client.post(url, {"form": "end", "end-ended_on": "2025-12-01"}).content.decode()
    assert "离职日期不能早于合同开始日期" in html
    response = client.post(url, {"form": "end", "end-ended_on": timezone.localdate().isoformat(),
                                 "end-reason": "本人辞职"}, follow=True)
    assert "已记录 张甲 离职" in response.content.decode()
    placement.refresh_from_db()
    assert placement.ended_on == timezone.localdate()
    note = Notification.objects.get(user=world.users["town_x"], event="placement.ended")
    assert "张甲已于" in note.body and "离职原因：本人辞职" in note.body
    assert not Notification.objects.filter(user=world.users["town_y"], event="placement.ended").exists()
    assert Placement.objects.get(pk=placement.pk).ended_on is not None
