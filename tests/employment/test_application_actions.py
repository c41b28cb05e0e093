"""A seeker withdraws an application (撤回申请) or answers an invitation (接受面试邀请 / 婉拒): the
allowed and refused transitions in the services, and the views — confirmation first, own applications
only (another seeker's is 404), seekers only (employers and staff 403), Chinese messages. What the
employer sees of the answer is tested in ``test_views_employer``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from employment import applications, services
from employment.models import Application, ApplicationStatus, Placement, SeekerReply

pytestmark = pytest.mark.django_db

OPEN = [ApplicationStatus.APPLIED, ApplicationStatus.INVITED, ApplicationStatus.INTERVIEWED]
CLOSED = [ApplicationStatus.HIRED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN]


def _application(world, *, status=ApplicationStatus.APPLIED, seeker=None, job=None, **fields) -> Application:
    seeker, job = seeker or world.seeker_a, job or world.job_a
    application = applications.application_submit(seeker=seeker, job=job, message="我想应聘")
    Application.objects.filter(pk=application.pk).update(status=status, **fields)
    application.refresh_from_db()
    return application


def _invitation(world, *, seeker=None, job=None) -> Application:
    seeker, job = seeker or world.seeker_a, job or world.job_a
    return applications.application_invite(seeker=seeker, job=job, message="周一上午来面试")


# ---- services: moved from the views ---------------------------------------------------------------


def test_invite_creates_an_invitation_and_moves_an_application_to_invited(world):
    invitation = _invitation(world)
    assert invitation.invited_by_employer and invitation.status == ApplicationStatus.INVITED
    assert invitation.message == "周一上午来面试"
    applied = applications.application_submit(seeker=world.seeker_b, job=world.job_a)
    again = applications.application_invite(seeker=world.seeker_b, job=world.job_a, message="忽略")
    assert again.pk == applied.pk and again.status == ApplicationStatus.INVITED and not again.invited_by_employer
    assert again.message == ""


def test_outcome_record_saves_time_and_outcome(world):
    application = _invitation(world)
    at = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    applications.application_outcome_record(
        application=application, status=ApplicationStatus.INTERVIEWED, interview_at=at, interview_outcome="表现很好"
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INTERVIEWED
    assert application.interview_at == at and application.interview_outcome == "表现很好"


def test_outcome_and_hire_are_refused_once_the_seeker_withdrew(world):
    application = _application(world, status=ApplicationStatus.WITHDRAWN)
    with pytest.raises(ValidationError, match="求职者已经撤回了这个申请"):
        applications.application_outcome_record(
            application=application, status=ApplicationStatus.INTERVIEWED, interview_at=None, interview_outcome=""
        )
    with pytest.raises(ValidationError, match="不能录用"):
        services.placement_record(
            seeker=world.seeker_a, employer=world.employer_a, contract_start=date(2026, 3, 1),
            monthly_wage=Decimal("3600"), job=world.job_a, application=application,
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN and not Placement.objects.exists()


# ---- services: withdraw ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", OPEN)
def test_withdraw_allowed_while_open(world, status):
    application = _application(world, status=status)
    applications.application_withdraw(application=application, by_user=world.users["seeker_a"])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


@pytest.mark.parametrize("status", CLOSED)
def test_withdraw_refused_once_decided_or_withdrawn(world, status):
    application = _application(world, status=status)
    with pytest.raises(ValidationError) as exc:
        applications.application_withdraw(application=application, by_user=world.users["seeker_a"])
    label = ApplicationStatus(status).label
    assert exc.value.messages == [
        f"「网店文字客服」的申请状态是“{label}”，不能撤回。只有已投递、已邀请面试或已面试的申请可以撤回。"
    ]
    application.refresh_from_db()
    assert application.status == status


def test_withdraw_sees_a_hire_made_after_the_page_was_loaded(world):
    application = _application(world)
    stale = Application.objects.get(pk=application.pk)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.HIRED)
    with pytest.raises(ValidationError):
        applications.application_withdraw(application=stale, by_user=world.users["seeker_a"])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HIRED


@pytest.mark.parametrize("user", ["seeker_b", "employer_a", "town_x"])
def test_withdraw_only_by_the_seeker_themself(world, user):
    application = _application(world)
    with pytest.raises(PermissionDenied):
        applications.application_withdraw(application=application, by_user=world.users[user])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED


# ---- services: reply to an invitation -------------------------------------------------------------


def test_accept_records_the_reply_and_keeps_the_invitation(world):
    application = applications.application_reply(application=_invitation(world), accept=True, by_user=world.users["seeker_a"])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INVITED
    assert application.seeker_reply == SeekerReply.ACCEPTED and application.seeker_replied_at is not None
    # Having accepted, the seeker can still withdraw later; they cannot answer a second time.
    assert applications.application_can_withdraw(application) and not applications.application_can_reply(application)


def test_decline_records_the_reply_and_withdraws(world):
    application = applications.application_reply(application=_invitation(world), accept=False, by_user=world.users["seeker_a"])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.seeker_reply == SeekerReply.DECLINED and application.seeker_replied_at is not None


@pytest.mark.parametrize("accept", [True, False])
def test_reply_refused_a_second_time(world, accept):
    application = applications.application_reply(application=_invitation(world), accept=True, by_user=world.users["seeker_a"])
    replied_at = application.seeker_replied_at
    with pytest.raises(ValidationError, match="您已经在 .* 答复过「网店文字客服」的面试邀请（已接受面试邀请）"):
        applications.application_reply(application=application, accept=accept, by_user=world.users["seeker_a"])
    application.refresh_from_db()
    assert application.seeker_reply == SeekerReply.ACCEPTED and application.seeker_replied_at == replied_at
    assert application.status == ApplicationStatus.INVITED


@pytest.mark.parametrize("status", [s for s in ApplicationStatus if s != ApplicationStatus.INVITED])
def test_reply_refused_when_not_an_invitation(world, status):
    application = _application(world, status=status)
    with pytest.raises(ValidationError, match="不是待答复的面试邀请"):
        applications.application_reply(application=application, accept=True, by_user=world.users["seeker_a"])
    application.refresh_from_db()
    assert application.status == status and application.seeker_reply == SeekerReply.NONE


# ---- views: withdraw ------------------------------------------------------------------------------


def test_withdraw_asks_for_confirmation_then_withdraws(client_for, world):
    application = _application(world)
    client = client_for(world.users["seeker_a"])
    url = reverse("seeker-application-withdraw", args=[application.pk])
    assert url in client.get(reverse("seeker-applications")).content.decode()
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "确定要撤回这个申请吗" in html and "确定撤回申请" in html and reverse("seeker-applications") in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED  # the GET changed nothing
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(reverse("seeker-applications"), 302)]
    html = response.content.decode()
    assert "已撤回「网店文字客服」的申请，甲公司会看到申请已撤回。" in html and "已撤回" in html
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    # A withdrawn application offers neither action again.
    assert url not in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_withdraw_refused_with_a_chinese_message(client_for, world, method):
    application = _application(world, status=ApplicationStatus.HIRED)
    client = client_for(world.users["seeker_a"])
    response = getattr(client, method)(reverse("seeker-application-withdraw", args=[application.pk]), follow=True)
    assert response.redirect_chain == [(reverse("seeker-applications"), 302)]
    assert "「网店文字客服」的申请状态是“已录用”，不能撤回。" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HIRED


@pytest.mark.parametrize("name", ["seeker-application-withdraw", "seeker-application-reply"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_seekers_application_is_not_found(client_for, world, name, method):
    theirs = _invitation(world, seeker=world.seeker_b)
    client = client_for(world.users["seeker_a"])
    response = getattr(client, method)(reverse(name, args=[theirs.pk]), {"answer": "decline"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ApplicationStatus.INVITED and theirs.seeker_reply == SeekerReply.NONE


@pytest.mark.parametrize("name", ["seeker-application-withdraw", "seeker-application-reply"])
@pytest.mark.parametrize("user", ["employer_a", "town_x", "district", "provider_a"])
def test_only_seekers_may_use_the_seeker_actions(client_for, world, name, user):
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save()
    application = _invitation(world)
    client = client_for(world.users[user])
    url = reverse(name, args=[application.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"answer": "decline"}).status_code == 403
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INVITED and application.seeker_reply == SeekerReply.NONE


@pytest.mark.parametrize("name", ["seeker-application-withdraw", "seeker-application-reply"])
def test_anonymous_is_sent_to_login(client, world, name):
    application = _invitation(world)
    response = client.post(reverse(name, args=[application.pk]), {"answer": "decline"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INVITED


def test_missing_application_is_not_found(client_for, world):
    client = client_for(world.users["seeker_a"])
    assert client.get(reverse("seeker-application-withdraw", args=[999_999])).status_code == 404
    assert client.get(reverse("seeker-application-reply", args=[999_999])).status_code == 404


# ---- views: reply ---------------------------------------------------------------------------------


def test_reply_page_shows_the_invitation_and_both_answers(client_for, world):
    application = _invitation(world)
    client = client_for(world.users["seeker_a"])
    listing = client.get(reverse("seeker-applications")).content.decode()
    url = reverse("seeker-application-reply", args=[application.pk])
    assert url in listing and "等待您答复" in listing and "（单位邀请）" in listing
    html = client.get(url).content.decode()
    assert "周一上午来面试" in html and "接受面试邀请" in html and "婉拒邀请并撤回申请" in html
    assert "婉拒后，这个申请会撤回" in html


def test_accept_by_the_seeker(client_for, world):
    application = _invitation(world)
    client = client_for(world.users["seeker_a"])
    url = reverse("seeker-application-reply", args=[application.pk])
    response = client.post(url, {"answer": "accept"}, follow=True)
    assert response.redirect_chain == [(reverse("seeker-applications"), 302)]
    html = response.content.decode()
    assert "已接受「网店文字客服」的面试邀请，甲公司会看到您的答复。" in html
    assert "您已接受面试邀请" in html and url not in html
    application.refresh_from_db()
    assert application.seeker_reply == SeekerReply.ACCEPTED and application.status == ApplicationStatus.INVITED
    # Answering again: told why, nothing changes.
    response = client.post(url, {"answer": "decline"}, follow=True)
    assert "不能再次答复" in response.content.decode()
    application.refresh_from_db()
    assert application.seeker_reply == SeekerReply.ACCEPTED and application.status == ApplicationStatus.INVITED


def test_decline_by_the_seeker_withdraws(client_for, world):
    application = _invitation(world)
    client = client_for(world.users["seeker_a"])
    response = client.post(reverse("seeker-application-reply", args=[application.pk]), {"answer": "decline"}, follow=True)
    html = response.content.decode()
    assert "已婉拒「网店文字客服」的面试邀请，这个申请已撤回。" in html and "您已婉拒面试邀请" in html
    application.refresh_from_db()
    assert application.seeker_reply == SeekerReply.DECLINED and application.status == ApplicationStatus.WITHDRAWN


def test_reply_without_an_answer_asks_again(client_for, world):
    application = _invitation(world)
    response = client_for(world.users["seeker_a"]).post(reverse("seeker-application-reply", args=[application.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and 'role="alert"' in html and "我的答复：请选择答复：接受面试邀请、请求更改面试时间或方式，或婉拒邀请。" in html
    application.refresh_from_db()
    assert application.seeker_reply == SeekerReply.NONE


def test_reply_to_an_application_that_is_not_an_invitation(client_for, world):
    application = _application(world)
    client = client_for(world.users["seeker_a"])
    assert reverse("seeker-application-reply", args=[application.pk]) not in client.get(
        reverse("seeker-applications")
    ).content.decode()
    response = client.get(reverse("seeker-application-reply", args=[application.pk]), follow=True)
    assert "「网店文字客服」的申请状态是“已投递”，不是待答复的面试邀请。" in response.content.decode()


# ---- decisions made on a stale page ---------------------------------------------------------------


def test_hire_sees_a_withdrawal_made_after_the_page_was_loaded(world):
    application = _application(world)
    stale = Application.objects.get(pk=application.pk)  # the employer's page, loaded before
    applications.application_withdraw(application=application, by_user=world.users["seeker_a"])
    with pytest.raises(ValidationError, match="已经撤回"):
        services.placement_record(seeker=world.seeker_a, employer=world.employer_a, contract_start=date(2026, 1, 1),
                                  monthly_wage=Decimal("3500"), job=world.job_a, application=stale)
    assert not Placement.objects.filter(seeker=world.seeker_a).exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_outcome_does_not_undo_a_hire(world):
    application = _application(world)
    stale = Application.objects.get(pk=application.pk)
    services.placement_record(seeker=world.seeker_a, employer=world.employer_a, contract_start=date(2026, 1, 1),
                              monthly_wage=Decimal("3500"), job=world.job_a, application=application)
    with pytest.raises(ValidationError, match="已经录用"):
        applications.application_outcome_record(application=stale, status=ApplicationStatus.REJECTED, interview_at=None,
                                            interview_outcome="")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.HIRED


@pytest.mark.parametrize("status", [ApplicationStatus.INTERVIEWED, ApplicationStatus.WITHDRAWN, ApplicationStatus.HIRED,
                                    ApplicationStatus.REJECTED])
def test_invite_refuses_an_application_past_the_invitation(world, status):
    # (a second interview is recorded on the application page as 已邀请面试)
    application = _application(world, status=status)
    with pytest.raises(ValidationError, match="不能再邀请面试"):
        _invitation(world)
    application.refresh_from_db()
    assert application.status == status


def test_reply_only_by_the_seeker_themself(world):
    application = _invitation(world)
    with pytest.raises(PermissionDenied):
        applications.application_reply(application=application, accept=False, by_user=world.users["employer_a"])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INVITED and application.seeker_reply == SeekerReply.NONE


def test_withdrawing_takes_the_profile_back_from_the_employer(client_for, world):
    """Applying shares the seeker's profile with the job's employer; withdrawing takes it back: the hiring
    profile is no longer found and the application page no longer shows the assessment (the application
    itself stays on the employer's record). A seeker who is visible to employers anyway stays visible."""
    seeker = world.seeker_a
    seeker.visible_to_employers = False
    seeker.save()
    services.assessment_record(seeker=seeker, skills="打字，网店客服", desired_jobs="客服", assessed_by=None)
    application = _application(world)
    employer = client_for(world.users["employer_a"])
    profile = reverse("seeker-detail", args=[seeker.pk])
    page = reverse("employer-application", args=[application.pk])
    assert employer.get(profile).status_code == 200
    assert "打字，网店客服" in employer.get(page).content.decode()

    applications.application_withdraw(application=application, by_user=world.users["seeker_a"])
    assert employer.get(profile).status_code == 404
    html = employer.get(page).content.decode()
    assert "打字，网店客服" not in html and "撤回了申请，职业评估不再向单位显示" in html

    seeker.visible_to_employers = True
    seeker.save()
    assert employer.get(profile).status_code == 200
    assert "打字，网店客服" in employer.get(page).content.decode()
