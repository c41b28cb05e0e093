"""Employer portal: company profile, post/edit/publish/close jobs, consenting candidates with reasons,
invite, interview outcome, hire → Placement, the seeker's answer to an invitation and a withdrawal — and
that an employer sees only consenting candidates and only for its own jobs."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import dateformat, timezone

from employment import applications, services
from employment.models import Application, ApplicationStatus, JobPost, JobStatus, Placement

pytestmark = pytest.mark.django_db


def _job_data(**overrides):
    data = {
        "title": "数据录入员",
        "description": "在电脑上录入表格数据。",
        "requirements": "",
        "town": "",
        "hours_per_day": "6",
        "remote": "on",
        "salary_min": "3000",
        "salary_max": "4000",
        "openings": "2",
        "accessibility": ["screen_reader", "quiet_env"],
        "demands": ["fine_motor"],
        "action": "publish",
    }
    data.update(overrides)
    return data


def test_post_job_with_structured_fields_and_publish(client_for, world):
    client = client_for(world.users["employer_a"])
    html = client.get(reverse("employer-job-create")).content.decode()
    assert "电脑装有读屏或放大软件" in html and "需要打电话或接电话" in html
    response = client.post(reverse("employer-job-create"), _job_data(town=world.town_x.pk))
    assert response.status_code == 302
    job = JobPost.objects.get(title="数据录入员")
    assert job.employer == world.employer_a and job.status == JobStatus.PUBLISHED
    assert job.accessibility == ["screen_reader", "quiet_env"] and job.demands == ["fine_motor"]


def test_save_draft_then_edit_and_close(client_for, world):
    client = client_for(world.users["employer_a"])
    client.post(reverse("employer-job-create"), _job_data(town=world.town_x.pk, action="save"))
    job = JobPost.objects.get(title="数据录入员")
    assert job.status == JobStatus.DRAFT
    response = client.post(
        reverse("employer-job-edit", args=[job.pk]), _job_data(town=world.town_x.pk, title="数据录入专员", action="save")
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.title == "数据录入专员"
    client.post(reverse("employer-job-status", args=[job.pk]), {"action": "publish"})
    job.refresh_from_db()
    assert job.status == JobStatus.PUBLISHED
    client.post(reverse("employer-job-status", args=[job.pk]), {"action": "close"})
    job.refresh_from_db()
    assert job.status == JobStatus.CLOSED and job.closed_at is not None


def test_invalid_job_is_reported_and_not_saved(client_for, world):
    client = client_for(world.users["employer_a"])
    response = client.post(
        reverse("employer-job-create"), _job_data(town=world.town_x.pk, salary_min="5000", salary_max="3000")
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html and "月薪上限不能低于月薪下限" in html
    assert not JobPost.objects.filter(title="数据录入员").exists()


def test_employer_cannot_touch_another_employers_job(client_for, world):
    client = client_for(world.users["employer_a"])
    assert client.get(reverse("employer-job-edit", args=[world.job_b.pk])).status_code == 403
    assert client.post(reverse("employer-job-status", args=[world.job_b.pk]), {"action": "close"}).status_code == 403
    assert client.get(reverse("employer-job-candidates", args=[world.job_b.pk])).status_code == 403
    world.job_b.refresh_from_db()
    assert world.job_b.status == JobStatus.PUBLISHED
    world.job_b.status = JobStatus.DRAFT
    world.job_b.save()
    # A draft of another employer is not even visible.
    assert client.get(reverse("employer-job-edit", args=[world.job_b.pk])).status_code == 404


def test_candidates_are_consenting_and_allowed_only(client_for, world):
    services.assessment_record(seeker=world.seeker_a, needs=["screen_reader"], skills="打字")
    services.assessment_record(seeker=world.seeker_b, limitations=["fine_motor"])
    client = client_for(world.users["employer_a"])
    html = client.get(reverse("employer-job-candidates", args=[world.job_a.pk])).content.decode()
    assert "张甲" not in html and "李乙" not in html  # nobody consented
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save()
    world.seeker_b.visible_to_employers = True
    world.seeker_b.save()
    html = client.get(reverse("employer-job-candidates", args=[world.job_a.pk])).content.decode()
    assert "张甲" in html and "推荐理由" in html
    assert "李乙" not in html  # consented, but the job demands fine motor work which 李乙 cannot do


def test_non_consenting_seeker_cannot_be_invited_or_viewed(client_for, world):
    services.assessment_record(seeker=world.seeker_a)
    client = client_for(world.users["employer_a"])
    response = client.post(reverse("employer-job-invite", args=[world.job_a.pk, world.seeker_a.pk]))
    assert response.status_code == 404
    assert not Application.objects.exists()
    assert client.get(reverse("seeker-detail", args=[world.seeker_a.pk])).status_code == 404


def test_invite_outcome_and_hire_create_placement_and_follow_ups(client_for, world):
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save()
    services.assessment_record(seeker=world.seeker_a, needs=["screen_reader"])
    client = client_for(world.users["employer_a"])
    when = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    response = client.post(reverse("employer-job-invite", args=[world.job_a.pk, world.seeker_a.pk]), {
        "interview_at": when, "interview_format": "onsite", "interview_place": "鼓楼路 1 号 3 楼", "message": "周一面试",
    })
    assert response.status_code == 302
    application = Application.objects.get(seeker=world.seeker_a, job=world.job_a)
    assert application.invited_by_employer and application.status == ApplicationStatus.INVITED
    # The seeker sees the invitation among their applications.
    url = reverse("employer-application", args=[application.pk])
    client.post(url, {"form": "outcome", "status": "interviewed", "interview_outcome": "表现很好"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEWED and application.interview_outcome == "表现很好"
    response = client.post(
        url,
        {"form": "hire", "hire-contract_start": "2026-03-01", "hire-contract_end": "2027-02-28",
         "hire-monthly_wage": "3600"},
    )
    assert response.status_code == 302
    placement = Placement.objects.get(application=application)
    assert placement.employer == world.employer_a and placement.monthly_wage == Decimal("3600")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HIRED
    assert sorted(placement.follow_ups.values_list("months", flat=True)) == [1, 3, 6, 12]
    assert "已录用" in client.get(url).content.decode()


def test_hire_with_bad_dates_is_reported(client_for, world):
    applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    application = Application.objects.get()
    client = client_for(world.users["employer_a"])
    response = client.post(
        reverse("employer-application", args=[application.pk]),
        {"form": "hire", "hire-contract_start": "2026-03-01", "hire-contract_end": "2026-01-01",
         "hire-monthly_wage": "3600"},
    )
    assert response.status_code == 200 and "合同结束日期不能早于开始日期" in response.content.decode()
    assert not Placement.objects.exists()


def test_employer_sees_only_applications_to_own_jobs(client_for, world):
    applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    application = Application.objects.get()
    assert client_for(world.users["employer_b"]).get(
        reverse("employer-application", args=[application.pk])
    ).status_code == 404
    client = client_for(world.users["employer_a"])
    html = client.get(reverse("employer-job-candidates", args=[world.job_a.pk])).content.decode()
    assert "张甲" in html  # applied themselves: shared with this employer
    assert client.get(reverse("seeker-detail", args=[world.seeker_a.pk])).status_code == 200
    assert client_for(world.users["employer_b"]).get(
        reverse("seeker-detail", args=[world.seeker_a.pk])
    ).status_code == 404


def test_company_profile(client_for, world):
    client = client_for(world.users["employer_a"])
    response = client.post(
        reverse("employer-company"),
        {"name": "甲公司", "address": "鼓楼路 1 号", "contact_name": "赵", "contact_phone": "0574-87000000",
         "contact_email": "", "description": "电商公司"},
    )
    assert response.status_code == 302
    world.employer_a.refresh_from_db()
    assert world.employer_a.address == "鼓楼路 1 号"
    # The change is on the employer register's log, by the employer's user.
    entry = world.employer_a.register_changes.get()
    assert entry.by == world.users["employer_a"] and {"field": "地址", "before": "", "after": "鼓楼路 1 号"} in entry.changes
    assert client_for(world.users["seeker_a"]).get(reverse("employer-company")).status_code == 403


def _declaration(employer, *, year=2025, staff=100, wage_bill="6000000"):
    from quota.models import Declaration, PolicyYear

    PolicyYear.objects.create(
        year=year, ratio=Decimal("0.015"), cap_multiple=Decimal("2"), local_avg_wage=Decimal("100000"),
        min_wage=Decimal("2280"), tiering_in_force=True, reward_per_person=Decimal("5000"),
    )
    return Declaration.objects.create(
        employer=employer, year=year, monthly_headcounts=[staff] * 12, wage_bill=Decimal(wage_bill)
    )


def test_what_if_line_uses_latest_declaration(client_for, world):
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save()
    services.assessment_record(seeker=world.seeker_a, needs=["screen_reader"])
    client = client_for(world.users["employer_a"])
    url = reverse("employer-job-candidates", args=[world.job_a.pk])
    assert "还没有填好的年度申报" in client.get(url).content.decode()
    _declaration(world.employer_a)
    html = client.get(url).content.decode()
    # 100 staff, nobody counted: required 1.5, average wage 60,000 under the 200,000 cap, ratio 0 < 1%
    # → 90% of 1.5 × 60,000 = 81,000.00 before the hire. A grade-3 hire counts as one person.
    assert "录用测算" in html and "计为 1 人" in html and "由 81,000.00 元变为" in html and "减少" in html


def test_what_if_counts_severe_disability_twice_and_is_own_employer_only(client_for, world):
    from quota.models import Declaration

    applications.application_submit(seeker=world.seeker_b, job=world.job_a)
    world.seeker_b.disability_grade = 2
    world.seeker_b.save()
    _declaration(world.employer_a)
    Declaration.objects.create(employer=world.employer_b, year=2025, monthly_headcounts=[5] * 12, wage_bill=1)
    application = Application.objects.get()
    html = client_for(world.users["employer_a"]).get(reverse("employer-application", args=[application.pk])).content
    assert "计为 2 人" in html.decode() and "由 81,000.00 元变为" in html.decode()


# ---- the seeker's answer to an invitation (接受面试邀请 / 婉拒) ---------------------------------


def _replied_at(application) -> str:
    return dateformat.format(timezone.localtime(application.seeker_replied_at), "Y年n月j日 H:i")


def test_employer_sees_an_accepted_invitation_with_its_time(client_for, world):
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save()
    application = applications.application_invite(seeker=world.seeker_a, job=world.job_a)
    client = client_for(world.users["employer_a"])
    assert "还没有答复面试邀请" in client.get(reverse("employer-application", args=[application.pk])).content.decode()
    assert "求职者未答复" in client.get(reverse("employer-job-candidates", args=[world.job_a.pk])).content.decode()
    application = applications.application_reply(application=application, accept=True, by_user=world.users["seeker_a"])
    when = _replied_at(application)
    html = client.get(reverse("employer-application", args=[application.pk])).content.decode()
    assert "求职者答复" in html and f"已接受面试邀请（{when}）" in html
    assert "记录面试结果" in html  # the employer carries on with the interview
    html = client.get(reverse("employer-job-candidates", args=[world.job_a.pk])).content.decode()
    assert f"求职者已接受面试邀请，{when}" in html


def test_employer_sees_a_declined_invitation_and_cannot_record_an_outcome(client_for, world):
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save()
    invitation = applications.application_invite(seeker=world.seeker_a, job=world.job_a)
    application = applications.application_reply(application=invitation, accept=False, by_user=world.users["seeker_a"])
    client = client_for(world.users["employer_a"])
    url = reverse("employer-application", args=[application.pk])
    html = client.get(url).content.decode()
    assert f"已婉拒面试邀请（{_replied_at(application)}）" in html and "申请已撤回" in html
    assert "保存面试结果" not in html and "确认录用" not in html
    response = client.post(url, {"form": "outcome", "status": "interviewed", "interview_outcome": "重新打开"})
    assert response.status_code == 200 and "求职者已经撤回了这个申请" in response.content.decode()
    response = client.post(url, {"form": "hire", "hire-contract_start": "2026-03-01", "hire-monthly_wage": "3600"})
    assert response.status_code == 200 and "不能录用" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN and not Placement.objects.exists()
    html = client.get(reverse("employer-job-candidates", args=[world.job_a.pk])).content.decode()
    assert "已撤回" in html and "求职者已婉拒面试邀请" in html


def test_employer_sees_a_withdrawn_application(client_for, world):
    application = applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    applications.application_withdraw(application=application, by_user=world.users["seeker_a"])
    client = client_for(world.users["employer_a"])
    html = client.get(reverse("employer-application", args=[application.pk])).content.decode()
    assert "申请已撤回" in html and "张甲已经撤回了这个申请" in html and "保存面试结果" not in html
    html = client.get(reverse("employer-job-candidates", args=[world.job_a.pk])).content.decode()
    assert "已撤回" in html and "求职者已婉拒" not in html


def test_hire_below_the_minimum_wage_is_confirmed_then_kept_with_a_warning(client_for, world):
    """A wage below the contract year's minimum wage (pro-rated for the job's hours) is first questioned
    — a typo of 1000 for 4000 is caught before the hire is recorded, which only staff can correct —
    and, once the employer confirms it, recorded as for staff's records, with what it means for the review."""
    from quota.policy_seed import policy_years_seed

    policy_years_seed()
    world.job_a.hours_per_day = Decimal("8")
    world.job_a.save()
    applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    application = Application.objects.get()
    client = client_for(world.users["employer_a"])
    url = reverse("employer-application", args=[application.pk])
    hire = {"form": "hire", "hire-contract_start": "2026-03-01", "hire-monthly_wage": "1000"}
    response = client.post(url, hire)
    html = response.content.decode()
    assert response.status_code == 200 and not Placement.objects.filter(application=application).exists()
    assert "月工资 1,000 元低于 2026 年当地最低工资 2,490 元。如果填错了，请改正" in html
    assert 'name="hire-wage_confirmed"' in html and 'class="error-summary"' in html
    # Not ticked: asked again; ticked: recorded, with the warning.
    assert not Placement.objects.filter(application=application).exists() and client.post(
        url, {**hire, "hire-wage_confirmed": ""}).status_code == 200
    response = client.post(url, {**hire, "hire-wage_confirmed": "on"}, follow=True)
    html = response.content.decode()
    assert Placement.objects.get(application=application).monthly_wage == Decimal("1000")
    assert "月工资 1,000 元低于 2026 年当地最低工资 2,490 元。录用已记录" in html

    # A contract starting in a year without parameters yet (a January start recorded in December):
    # the latest year's minimum wage applies, not none at all.
    from quota.models import PolicyYear
    from tests.factories import make_seeker

    third = applications.application_submit(seeker=make_seeker(town=world.town_x, name="王丙"), job=world.job_a)
    later = {"form": "hire", "hire-contract_start": f"{PolicyYear.objects.order_by('-year').first().year + 1}-01-01",
             "hire-monthly_wage": "1000"}
    response = client.post(reverse("employer-application", args=[third.pk]), later)
    assert response.status_code == 200 and not Placement.objects.filter(application=third).exists()
    assert "月工资 1,000 元低于" in response.content.decode()

    # At the minimum wage: no warning.
    applications.application_submit(seeker=world.seeker_b, job=world.job_a)
    second = Application.objects.get(seeker=world.seeker_b)
    response = client.post(reverse("employer-application", args=[second.pk]),
                           {"form": "hire", "hire-contract_start": "2026-03-01", "hire-monthly_wage": "2490"},
                           follow=True)
    assert Placement.objects.filter(application=second).exists()
    assert "低于 2026 年当地最低工资" not in response.content.decode()


def test_inviting_someone_who_applied_needs_a_time_place_and_format(client_for, world):
    """已邀请面试 in the outcome form tells the seeker the interview: without a time, place or format
    the seeker was sent a 面试安排 that said none of them (found by a walk)."""
    application = applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    client = client_for(world.users["employer_a"])
    url = reverse("employer-application", args=[application.pk])
    response = client.post(url, {"form": "outcome", "status": "invited", "interview_at": "",
                                 "interview_place": "", "interview_format": "", "interview_outcome": ""})
    assert response.status_code == 200
    errors = response.context["outcome_form"].errors
    assert "请填写面试时间" in errors["interview_at"][0] and "请填写面试地点" in errors["interview_place"][0]
    assert "请选择面试方式" in errors["interview_format"][0]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED
    response = client.post(url, {"form": "outcome", "status": "invited", "interview_at": "2020-01-01T10:00",
                                 "interview_place": "鼓楼路 1 号 3 楼", "interview_format": "onsite",
                                 "interview_outcome": ""})
    assert response.context["outcome_form"].errors["interview_at"] == ["面试时间已经过去了：请选择今天以后的时间。"]
    when = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    response = client.post(url, {"form": "outcome", "status": "invited", "interview_at": when,
                                 "interview_place": "鼓楼路 1 号 3 楼", "interview_format": "onsite",
                                 "interview_outcome": ""})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INVITED and application.interview_place == "鼓楼路 1 号 3 楼"


def test_the_format_says_so_when_the_seeker_signs(client_for, world):
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save()
    client = client_for(world.users["employer_a"])
    invite = reverse("employer-job-invite", args=[world.job_a.pk, world.seeker_a.pk])
    services.assessment_record(seeker=world.seeker_a, needs=["screen_reader"])
    assert "需要手语支持" not in client.get(invite).content.decode()
    services.assessment_record(seeker=world.seeker_a, needs=["sign_language"])
    assert "这位求职者的职业评估写明需要手语支持" in client.get(invite).content.decode()
    application = applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    url = reverse("employer-application", args=[application.pk])
    page = client.get(url).content.decode()
    assert "这位求职者的职业评估写明需要手语支持" in page and "请在“说明”里写明" in page
    # Saved on site: not refused (a colleague may sign), but the employer is asked to make sure.
    when = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    invited = {"form": "outcome", "status": "invited", "interview_at": when, "interview_place": "鼓楼路 1 号",
               "interview_outcome": ""}
    html = client.post(url, {**invited, "interview_format": "onsite"}, follow=True).content.decode()
    assert "面试结果已保存" in html and "需要手语支持，这次面试方式不是" in html
    html = client.post(url, {**invited, "interview_format": "interpreter"}, follow=True).content.decode()
    assert "面试结果已保存" in html and "需要手语支持，这次面试方式不是" not in html
