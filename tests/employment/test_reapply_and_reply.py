"""Seekers (issue 16, item 10): a withdrawn application is not final — the seeker applies again and the
list says 已撤回, not 已申请; an answer to an invitation carries a message or asks for another time or
format, and the employer's new arrangements ask for a new answer; the seeker sees a hire's start date
and wage; sign-up says employers do not see the profile until the seeker allows it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from employment import applications, services
from employment.models import Application, ApplicationStatus, InterviewFormat, Notification, SeekerReply

pytestmark = pytest.mark.django_db


def _events(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("event", flat=True))


def test_withdraw_then_apply_again(client_for, world):
    seeker_user, employer_user = world.users["seeker_a"], world.users["employer_a"]
    client = client_for(seeker_user)
    assert client.post(reverse("job-apply", args=[world.job_a.pk]), {"message": "第一次申请"}).status_code == 302
    application = Application.objects.get(seeker=world.seeker_a, job=world.job_a)
    first_sent = application.created_at
    client.post(reverse("seeker-application-withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN

    # The lists say 已撤回 and offer to apply again — not 已申请.
    html = client.get(reverse("seeker-jobs")).content.decode()
    assert "已撤回" in html and "已申请" not in html and "重新申请" in html
    html = client.get(reverse("job-detail", args=[world.job_a.pk])).content.decode()
    assert "您撤回了这个岗位的申请" in html and "重新申请这个岗位" in html
    html = client.get(reverse("seeker-applications")).content.decode()
    assert "已撤回" in html and reverse("job-apply", args=[world.job_a.pk]) in html

    html = client.get(reverse("job-apply", args=[world.job_a.pk])).content.decode()
    assert "重新申请「网店文字客服」" in html and "您之前撤回了这个岗位的申请" in html
    response = client.post(reverse("job-apply", args=[world.job_a.pk]), {"message": "想再试一次"})
    assert response.status_code == 302 and response.url == reverse("seeker-applications")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED and application.message == "想再试一次"
    assert application.created_at > first_sent  # new since the employer's last visit
    assert Application.objects.filter(seeker=world.seeker_a, job=world.job_a).count() == 1
    assert _events(employer_user) == ["application.received", "application.received"]
    html = client.get(reverse("seeker-jobs")).content.decode()
    assert "已申请" in html and "已撤回" not in html
    # Applying while the application is open is still refused.
    response = client.post(reverse("job-apply", args=[world.job_a.pk]), {"message": "第三次"}, follow=True)
    assert "<strong>未能完成：</strong>您已经申请过这个岗位。" in response.content.decode()


def test_reapplying_clears_the_old_invitation_and_answer(world):
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save()
    invitation = applications.application_invite(
        seeker=world.seeker_a, job=world.job_a, interview_place="鼓楼路 1 号", interview_format=InterviewFormat.VIDEO,
    )
    applications.application_reply(application=invitation, accept=False, by_user=world.users["seeker_a"], message="时间不合适")
    again = applications.application_submit(seeker=world.seeker_a, job=world.job_a, message="现在可以了")
    assert again.pk == invitation.pk and again.status == ApplicationStatus.APPLIED
    assert not again.invited_by_employer and again.interview_place == "" and again.interview_format == ""
    assert again.seeker_reply == SeekerReply.NONE and again.seeker_reply_message == ""


def test_a_hire_is_final_and_not_reapplied(world):
    application = applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    services.placement_record(seeker=world.seeker_a, employer=world.employer_a, job=world.job_a,
                              application=application, contract_start=date(2026, 3, 1), monthly_wage=Decimal("3600"))
    again = applications.application_submit(seeker=world.seeker_a, job=world.job_a, message="again")
    assert again.status == ApplicationStatus.HIRED
    assert not applications.application_can_reapply(again)


def _invited(world) -> Application:
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save()
    return applications.application_invite(
        seeker=world.seeker_a, job=world.job_a, interview_at=timezone.now() + timedelta(days=2),
        interview_place="鼓楼路 1 号 3 楼", interview_format=InterviewFormat.ONSITE, message="请带简历",
    )


def test_seeker_asks_for_another_time_and_format(client_for, world):
    application = _invited(world)
    client = client_for(world.users["seeker_a"])
    url = reverse("seeker-application-reply", args=[application.pk])
    html = client.get(url).content.decode()
    assert "现场面试" in html and "请求更改面试时间或方式" in html and "给单位的留言" in html
    # Asking for a change without saying what would suit is refused, naming the field.
    response = client.post(url, {"answer": "reschedule", "message": "", "requested_format": ""})
    assert "请求更改面试时，请在“给单位的留言”里写上您方便的时间" in response.content.decode()
    application.refresh_from_db()
    assert application.seeker_reply == SeekerReply.NONE

    response = client.post(url, {"answer": "reschedule", "message": "周三下午可以", "requested_format": "interpreter"},
                           follow=True)
    assert "已请求更改「网店文字客服」的面试时间或方式" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INVITED and application.seeker_reply == SeekerReply.RESCHEDULE
    assert application.seeker_reply_message == "周三下午可以"
    assert application.seeker_requested_format == InterviewFormat.INTERPRETER
    note = Notification.objects.filter(user=world.users["employer_a"], event="application.replied").get()
    assert note.subject == "张甲请求更改「网店文字客服」的面试时间或方式"
    assert "希望的面试方式：需要手语翻译" in note.body and "求职者留言：周三下午可以" in note.body

    employer = client_for(world.users["employer_a"])
    html = employer.get(reverse("employer-application", args=[application.pk])).content.decode()
    assert "请求更改面试时间或方式" in html and "周三下午可以" in html and "需要手语翻译" in html

    # The employer's new arrangements: the seeker is told and answers again.
    applications.application_outcome_record(
        application=application, status=ApplicationStatus.INVITED, interview_at=application.interview_at,
        interview_place=application.interview_place, interview_format=InterviewFormat.INTERPRETER,
        interview_outcome="",
    )
    application.refresh_from_db()
    assert application.seeker_reply == SeekerReply.NONE and applications.application_can_reply(application)
    changed = Notification.objects.filter(user=world.users["seeker_a"], event="application.interview_changed").get()
    assert "面试方式：需要手语翻译" in changed.body and "请在“我的申请”中答复" in changed.body
    client = client_for(world.users["seeker_a"])  # the one test client, signed in as the seeker again
    client.post(url, {"answer": "accept", "message": "好的，谢谢"})
    application.refresh_from_db()
    assert application.seeker_reply == SeekerReply.ACCEPTED and application.seeker_reply_message == "好的，谢谢"


def test_deaf_seeker_asks_for_a_text_interview_and_the_employer_offers_one(client_for, world):
    """A deaf seeker who does not sign asks for an interview by typed chat (文字面试): a format of its
    own, offered to her and then by the employer, not only a note in the message."""
    application = _invited(world)
    client = client_for(world.users["seeker_a"])
    url = reverse("seeker-application-reply", args=[application.pk])
    assert "文字面试" in client.get(url).content.decode()
    client.post(url, {"answer": "reschedule", "message": "我听不到，微信打字面试可以吗", "requested_format": "text"})
    application.refresh_from_db()
    assert application.seeker_requested_format == InterviewFormat.TEXT
    note = Notification.objects.filter(user=world.users["employer_a"], event="application.replied").get()
    assert "希望的面试方式：文字面试" in note.body

    employer = client_for(world.users["employer_a"])
    response = employer.post(reverse("employer-application", args=[application.pk]), {
        "form": "outcome", "status": "invited", "interview_at": timezone.localtime(application.interview_at)
        .strftime("%Y-%m-%dT%H:%M"), "interview_place": "微信号 chenxi-hr", "interview_format": "text",
        "interview_outcome": "",
    })
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.interview_format == InterviewFormat.TEXT and application.seeker_reply == SeekerReply.NONE


def test_reply_service_checks_its_input(world):
    application = _invited(world)
    with pytest.raises(ValidationError) as caught:
        applications.application_reply(application=application, answer="reschedule", by_user=world.users["seeker_a"])
    assert "写上您方便的时间" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        applications.application_reply(application=application, answer="maybe", by_user=world.users["seeker_a"])
    with pytest.raises(ValidationError):
        applications.application_reply(application=application, answer="accepted", by_user=world.users["seeker_a"],
                                   message="长" * 501)


def test_seeker_sees_the_start_date_and_wage_of_a_hire(client_for, world):
    application = applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    services.placement_record(seeker=world.seeker_a, employer=world.employer_a, job=world.job_a,
                              application=application, contract_start=date(2026, 3, 1), monthly_wage=Decimal("3600"))
    html = client_for(world.users["seeker_a"]).get(reverse("seeker-applications")).content.decode()
    assert "入职日期：2026年3月1日，月工资：3600 元" in html


def test_signup_says_employers_do_not_see_the_profile_until_allowed(client):
    html = client.get(reverse("seeker-signup")).content.decode()
    assert "您的资料默认不给用人单位看。" in html and "允许用人单位查看我的求职资料" in html
