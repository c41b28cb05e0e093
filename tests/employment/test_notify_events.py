"""Who is told what: every event a seeker, an employer or a reviewer must act on or would want to know
goes through employment.notify with its event code, to the right people, once."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from employment import applications, services, sms
from employment.models import ApplicationStatus, Notification
from quota import services as quota
from tests.factories import make_user
from tests.quota.conftest import policy, roster_row, start_declaration  # noqa: F401

SEEKER_MOBILE = "13812345678"
AT = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _outboxes():
    sms.outbox.clear()
    mail.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _commits(django_capture_on_commit_callbacks):
    """The test's transaction never commits: deliveries queued on commit run at the end of the test,
    which is why the texts are counted there."""
    with django_capture_on_commit_callbacks(execute=True):
        yield


def _events(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("event", flat=True))


def _last(user) -> Notification:
    return Notification.objects.filter(user=user).order_by("-id").first()


def test_seeker_invited_rescheduled_and_declined(world):
    world.seeker_a.phone = SEEKER_MOBILE
    world.seeker_a.save()
    seeker = world.users["seeker_a"]
    application = applications.application_invite(seeker=world.seeker_a, job=world.job_a, message="周一上午来面试")
    assert _events(seeker) == ["application.invited"]
    note = _last(seeker)
    assert "甲公司" in note.subject and "周一上午来面试" in note.body
    assert note.url == f"/seeker/applications/{application.pk}/reply/"
    assert set(note.deliveries.values_list("channel", "status")) == {("sms", "pending"), ("email", "skipped")}
    # The time and place are set, then the place changes, then saved again unchanged: told twice.
    for place in ("鼓楼街道中山西路 1 号 3 楼", "鼓楼街道中山西路 1 号 1 楼（无障碍入口在东侧）", "鼓楼街道中山西路 1 号 1 楼（无障碍入口在东侧）"):
        applications.application_outcome_record(application=application, status=ApplicationStatus.INVITED,
                                            interview_at=AT, interview_place=place, interview_outcome="")
    assert _events(seeker) == ["application.invited", "application.interview_changed", "application.interview_changed"]
    changed = _last(seeker)
    assert "有变化" in changed.subject and "无障碍入口在东侧" in changed.body and "2026年03月02日 10:00" in changed.body
    applications.application_outcome_record(application=application, status=ApplicationStatus.REJECTED,
                                        interview_at=AT, interview_place="", interview_outcome="岗位已招满")
    assert _events(seeker)[-1] == "application.declined" and "岗位已招满" in _last(seeker).body
    assert "“为我推荐的岗位”" in _last(seeker).body


def test_a_declined_seeker_without_personalised_matching_is_sent_to_the_job_list(world):
    """The notice names the list the seeker's navigation shows: 岗位列表 when matching is off."""
    world.seeker_a.personalised_matching = False
    world.seeker_a.save()
    application = applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    applications.application_outcome_record(application=application, status=ApplicationStatus.REJECTED,
                                            interview_at=None, interview_place="", interview_outcome="")
    body = _last(world.users["seeker_a"]).body
    assert "“岗位列表”" in body and "为我推荐" not in body


def test_seeker_hired(world):
    application = applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    services.placement_record(seeker=world.seeker_a, employer=world.employer_a, job=world.job_a,
                              application=application, contract_start=date(2026, 3, 1), monthly_wage=Decimal("3000"))
    note = _last(world.users["seeker_a"])
    assert note.event == "application.hired" and "甲公司决定录用您" == note.subject and "2026年3月1日" in note.body


def test_assessment_by_staff_is_told_own_assessment_is_not(world):
    seeker = world.users["seeker_a"]
    services.assessment_record(seeker=world.seeker_a, assessed_by=seeker, skills="打字")
    assert _events(seeker) == []
    services.assessment_record(seeker=world.seeker_a, assessed_by=world.users["town_x"], skills="打字；客服")
    assert _events(seeker) == ["assessment.updated"]


def test_employer_told_of_a_new_application_and_the_seekers_reply(world):
    colleague = make_user("employer", username="employer_a2", employer=world.employer_a)
    applications.application_submit(seeker=world.seeker_a, job=world.job_a, message="我会打字")
    applications.application_submit(seeker=world.seeker_a, job=world.job_a)  # applying twice tells nobody again
    for user in (world.users["employer_a"], colleague):
        assert _events(user) == ["application.received"]
    assert _events(world.users["employer_b"]) == []
    invitation = applications.application_invite(seeker=world.seeker_b, job=world.job_a)
    applications.application_reply(application=invitation, accept=True, by_user=world.users["seeker_b"])
    note = _last(colleague)
    assert note.event == "application.replied" and note.subject == "李乙接受了「网店文字客服」的面试邀请"


def test_declaration_received_returned_approved_and_the_reviewers_queues(world, start_declaration):  # noqa: F811
    employer, town_x, district = world.users["employer_a"], world.users["town_x"], world.users["district"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    quota.declaration_submit(declaration=declaration, user=employer)
    assert _events(employer) == ["declaration.received"]
    assert _events(town_x) == ["review.queued"] and "（提交）" in _last(town_x).subject
    assert _events(world.users["town_y"]) == [] and _events(district) == []
    assert _last(town_x).url == f"/review/declarations/{declaration.pk}/"
    quota.declaration_review(declaration=declaration, user=town_x, action="reject", comment="请补充第3行的劳动合同")
    returned = _last(employer)
    assert returned.event == "declaration.returned" and "审核意见：请补充第3行的劳动合同" in returned.body
    assert returned.url == f"/employer/declarations/{declaration.pk}/"
    quota.declaration_submit(declaration=declaration, user=employer)
    assert "（重新提交）" in _last(town_x).subject
    quota.declaration_review(declaration=declaration, user=town_x, action="approve")
    assert _events(district) == ["review.queued"] and "镇街初审已通过" in _last(district).body
    quota.declaration_review(declaration=declaration, user=district, action="approve")
    assert _events(employer) == ["declaration.received", "declaration.returned", "declaration.received",
                                 "declaration.approved"]


def test_a_town_without_reviewers_sends_its_queue_to_the_district(world, start_declaration):  # noqa: F811
    employer = world.users["employer_b"]
    world.users["town_y"].is_active = False
    world.users["town_y"].save()
    quota.declaration_submit(declaration=start_declaration(world.employer_b, employer, rows=[roster_row(2)]),
                             user=employer)
    note = _last(world.users["district"])
    assert note.event == "review.queued" and "区残联代为初审" in note.body


def test_both_employers_are_told_of_a_duplicate_without_naming_the_other(world, start_declaration):  # noqa: F811
    a = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    b = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(1)])
    quota.declaration_submit(declaration=a, user=world.users["employer_a"])
    quota.declaration_submit(declaration=b, user=world.users["employer_b"])
    for user, other in ((world.users["employer_a"], "乙公司"), (world.users["employer_b"], "甲公司")):
        note = Notification.objects.get(user=user, event="declaration.conflict")
        assert "重复" in note.subject and other not in note.body
    # Submitting again with the same overlap tells nobody twice.
    quota.declaration_review(declaration=b, user=world.users["town_y"], action="reject", comment="请核对")
    quota.declaration_submit(declaration=b, user=world.users["employer_b"])
    assert Notification.objects.filter(event="declaration.conflict").count() == 2


def test_a_self_registered_seeker_enters_the_towns_verification_queue(client, world, signup_state_clean,
                                                                       django_capture_on_commit_callbacks):
    from django.urls import reverse

    from tests.employment.signup_helpers import TYPED_PHONE, new_resident_id, signup_data, start, texted_code

    start(client, django_capture_on_commit_callbacks, signup_data(new_resident_id(), "12", town=world.town_x))
    client.post(reverse("seeker-signup-verify"), {"code": texted_code(TYPED_PHONE)})
    note = _last(world.users["town_x"])
    assert note.event == "seeker.signed_up" and note.subject.startswith("新注册求职者待核验")
    assert _events(world.users["town_y"]) == [] and _events(world.users["district"]) == []
