"""The work queue (我的待办, issue 14 item 3): every role lands on it after signing in; each count comes
from the owning app's selector scoped through ``employment.access`` — town X's reviewer never counts
town Y's items, employer A never employer B's — and each count's link lands on a list of exactly
those items (other towns' items are not on it and their pages answer 404)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from employment import applications
from employment import services as employment_services
from employment.models import Application, ApplicationStatus, JobStatus, QueueVisit
from employment.work_queue import SINCE_SESSION_KEY
from quota import services as quota_services
from tests.cms.conftest import make_course, training  # noqa: F401 - fixture
from tests.households.conftest import families  # noqa: F401 - fixture
from tests.quota.conftest import YEAR, policy, roster_row, start_declaration  # noqa: F401 - fixtures
from tests.subsidies.conftest import private_media, startup_filed  # noqa: F401 - autouse fixture

pytestmark = pytest.mark.django_db


def _queue(client) -> dict[str, object]:
    """label → count (or status, for a status line) of the signed-in user's queue, and its sections."""
    response = client.get(reverse("work-queue"))
    assert response.status_code == 200
    lines = {}
    for section in response.context["sections"]:
        for item in section.items:
            lines[item.label] = item.count if item.count is not None else item.status
    return lines


def _item(client, label: str):
    response = client.get(reverse("work-queue"))
    for section in response.context["sections"]:
        for item in section.items:
            if item.label == label:
                return item
    raise AssertionError(f"no line {label!r}")


def _new_session(client, user):
    client.logout()
    client.force_login(user)
    return client


@pytest.fixture
def filed(world, start_declaration):  # noqa: F811
    """One declaration per town, submitted (different people: no duplicate claim)."""
    a = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    b = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(2)])
    quota_services.declaration_submit(declaration=a, user=world.users["employer_a"])
    quota_services.declaration_submit(declaration=b, user=world.users["employer_b"])
    return a, b


# ---- landing ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["seeker_a", "employer_a", "provider_a", "town_x", "district"])
def test_every_role_lands_on_its_work_queue(world, client, username):
    assert settings.LOGIN_REDIRECT_URL == "portal-home"
    client.post(reverse("login"), {"username": username, "password": "Test-password-123"})
    response = client.get(reverse("portal-home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("work-queue")
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>我的待办</h1>" in html
    assert f'href="{reverse("work-queue")}"' in html  # in the workspace navigation too


def test_the_queue_is_for_signed_in_users_with_a_role(client, django_user_model):
    assert "/accounts/login/" in client.get(reverse("work-queue"))["Location"]
    client.force_login(django_user_model.objects.create_user("norole", password="x-Password-1"))
    assert client.get(reverse("work-queue")).status_code == 403


def test_zero_counts_show_the_calm_empty_state(world, client_for):
    html = client_for(world.users["town_x"]).get(reverse("work-queue")).content.decode()
    assert "暂无待办" in html
    assert html.count('class="queue-link"') >= 6  # every line has its link, zero or not


# ---- the town and the district: declarations ---------------------------------------------------------


def test_town_counts_only_its_own_declarations_and_the_link_lists_them(world, client_for, filed):
    a, b = filed
    client = client_for(world.users["town_x"])
    lines = _queue(client)
    assert lines["待初审的年审申报"] == 1 and lines["退回后重新提交的年审申报"] == 0
    url = _item(client, "待初审的年审申报").url
    html = client.get(url).content.decode()
    assert "甲公司" in html and "乙公司" not in html
    assert client.get(reverse("review-declaration-detail", args=[b.pk])).status_code == 404
    assert _queue(client_for(world.users["town_y"]))["待初审的年审申报"] == 1
    district = _queue(client_for(world.users["district"]))
    assert district["待终审的年审申报"] == 0 and "待初审的年审申报" not in district


def test_a_resubmission_is_counted_apart(world, client_for, filed):
    a, b = filed
    quota_services.declaration_review(declaration=a, user=world.users["town_x"], action="reject", comment="名册缺社保月份")
    assert _queue(client_for(world.users["town_x"]))["待初审的年审申报"] == 0
    a.refresh_from_db()
    quota_services.declaration_submit(declaration=a, user=world.users["employer_a"])
    client = client_for(world.users["town_x"])
    lines = _queue(client)
    assert lines["待初审的年审申报"] == 0 and lines["退回后重新提交的年审申报"] == 1
    html = client.get(_item(client, "退回后重新提交的年审申报").url).content.decode()
    assert "甲公司" in html and "乙公司" not in html
    # Town Y's first submission is still a first submission, in its own queue only.
    lines_y = _queue(client_for(world.users["town_y"]))
    assert lines_y["待初审的年审申报"] == 1 and lines_y["退回后重新提交的年审申报"] == 0


def test_district_counts_final_reviews_of_every_town(world, client_for, filed):
    a, b = filed
    quota_services.declaration_review(declaration=a, user=world.users["town_x"], action="approve")
    quota_services.declaration_review(declaration=b, user=world.users["town_y"], action="approve")
    client = client_for(world.users["district"])
    assert _queue(client)["待终审的年审申报"] == 2
    html = client.get(_item(client, "待终审的年审申报").url).content.decode()
    assert "甲公司" in html and "乙公司" in html
    assert _queue(client_for(world.users["town_x"]))["待初审的年审申报"] == 0


def test_the_district_sees_declarations_stranded_at_a_town_without_a_reviewer(world, client_for, filed):
    """Issue 14's very case: a town's only reviewer has left, its declaration waits at the town step
    and only the district can act — the district's queue must count it (it said 暂无待办)."""
    a, b = filed
    client = client_for(world.users["district"])
    assert _queue(client)["镇街没有审核人员、需区残联代为初审的年审申报"] == 0
    world.users["town_y"].is_active = False
    world.users["town_y"].save(update_fields=["is_active"])
    assert _queue(client)["镇街没有审核人员、需区残联代为初审的年审申报"] == 1
    html = client.get(_item(client, "镇街没有审核人员、需区残联代为初审的年审申报").url).content.decode()
    assert "乙公司" in html and "甲公司" not in html
    assert "镇街没有审核人员" not in " ".join(_queue(client_for(world.users["town_x"])))  # a district line only


def test_open_conflicts_are_counted_per_town(world, client_for, start_declaration):  # noqa: F811
    a = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    b = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(1, **{"姓名": "职工一"})])
    quota_services.declaration_submit(declaration=a, user=world.users["employer_a"])
    quota_services.declaration_submit(declaration=b, user=world.users["employer_b"])
    label = "有重复申报待处理的年审申报"
    town_x = client_for(world.users["town_x"])
    assert _queue(town_x)[label] == 1
    html = town_x.get(_item(town_x, label).url).content.decode()
    assert "甲公司" in html and "乙公司" not in html
    assert _queue(client_for(world.users["district"]))[label] == 2


# ---- the town and the district: subsidies, payment lists, follow-ups, families ---------------------------


def test_subsidy_applications_in_town_and_district_review(world, client_for, policy):  # noqa: F811
    application = startup_filed(world)  # seeker A's, town X
    town_x, town_y = client_for(world.users["town_x"]), None
    assert _queue(town_x)["待初审的补贴和奖励申请"] == 1
    html = town_x.get(_item(town_x, "待初审的补贴和奖励申请").url).content.decode()
    assert "小甲网店" in html or world.seeker_a.name in html
    town_y = client_for(world.users["town_y"])
    assert _queue(town_y)["待初审的补贴和奖励申请"] == 0
    assert town_y.get(reverse("subsidy-detail", args=[application.pk])).status_code == 404
    from subsidies import services as subsidy_services

    subsidy_services.subsidy_review(application=application, user=world.users["town_x"], action="approve")
    district = client_for(world.users["district"])
    lines = _queue(district)
    assert lines["待终审的补贴和奖励申请"] == 1 and lines["待列入拨付名单的已批准申请"] == 0
    subsidy_services.subsidy_review(application=application, user=world.users["district"], action="approve")
    assert _queue(district)["待列入拨付名单的已批准申请"] == 1
    assert reverse("subsidy-payment-lists") == _item(district, "待列入拨付名单的已批准申请").url
    assert _queue(district)["尚未拨付的拨付名单"] == 0
    listed = subsidy_services.payment_list_create(programme=application.programme, year=application.year,
                                                  user=world.users["district"])
    assert _queue(district)["尚未拨付的拨付名单"] == 1
    subsidy_services.payment_list_approve(payment_list=listed, user=world.users["district"])
    assert _queue(district)["尚未拨付的拨付名单"] == 1
    subsidy_services.payment_list_mark_paid(payment_list=listed, user=world.users["district"],
                                            paid_on=timezone.localdate(), voucher_no="记-1")
    assert _queue(district)["尚未拨付的拨付名单"] == 0


def test_follow_ups_due_are_counted_per_town(world, client_for):
    start = timezone.localdate() - timedelta(days=40)  # the 1-month follow-up is overdue
    employment_services.placement_record(seeker=world.seeker_a, employer=world.employer_a, contract_start=start,
                                         monthly_wage=Decimal("3000"))
    town_x = client_for(world.users["town_x"])
    assert _queue(town_x)["到期的就业回访"] == 1
    html = town_x.get(_item(town_x, "到期的就业回访").url).content.decode()
    assert "张甲" in html
    assert _queue(client_for(world.users["town_y"]))["到期的就业回访"] == 0


def test_families_without_work_are_counted_per_town(world, client_for, families):  # noqa: F811
    from households.models import Household

    Household.objects.update(identified_on=timezone.localdate() - timedelta(days=30))  # on the register
    employment_services.placement_record(seeker=world.seeker_b, employer=world.employer_b,
                                         contract_start=timezone.localdate() - timedelta(days=10),
                                         monthly_wage=Decimal("3000"))
    label = "在册未就业的零就业家庭"
    town_x = client_for(world.users["town_x"])
    assert _queue(town_x)[label] == 1
    html = town_x.get(_item(town_x, label).url).content.decode()
    assert families.x.code in html and families.y.code not in html
    assert _queue(client_for(world.users["town_y"]))[label] == 0  # seeker B now works
    assert client_for(world.users["town_x"]).get(
        reverse("staff-household-detail", args=[families.y.pk])).status_code == 404


# ---- the employer ------------------------------------------------------------------------------------


def test_new_applications_since_the_last_visit(world, client_for):
    employer_a = world.users["employer_a"]
    client = client_for(employer_a)
    assert _queue(client)["新收到的求职申请"] == 0
    assert QueueVisit.objects.filter(user=employer_a).exists()
    applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    applications.application_submit(seeker=world.seeker_b, job=world.job_b)  # employer B's
    # Same session: the "since" stays where the session started, so the new application shows.
    assert _queue(client)["新收到的求职申请"] == 1
    html = client.get(_item(client, "新收到的求职申请").url).content.decode()
    assert "张甲" in html and "李乙" not in html and "数据标注员" not in html
    assert _queue(client_for(world.users["employer_b"]))["新收到的求职申请"] == 1  # its own, first visit
    # A new session starts after the last visit: nothing new until someone applies again.
    client = _new_session(client, employer_a)
    assert _queue(client)["新收到的求职申请"] == 0
    assert "暂无待办" in client.get(reverse("employer-applications") + "?show=new").content.decode()


def test_first_visit_counts_everything_and_later_ones_count_from_the_stored_time(world, client_for):
    applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    client = client_for(world.users["employer_a"])
    assert _queue(client)["新收到的求职申请"] == 1  # never visited: everything is new
    visit = QueueVisit.objects.get(user=world.users["employer_a"])
    QueueVisit.objects.filter(pk=visit.pk).update(seen_at=timezone.now() - timedelta(days=3))
    Application.objects.update(created_at=timezone.now() - timedelta(days=1))
    client.logout()
    client.force_login(world.users["employer_a"])
    assert _queue(client)["新收到的求职申请"] == 1  # applied after the stored last visit
    assert SINCE_SESSION_KEY in client.session


def test_replies_to_invitations(world, client_for):
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save()
    client = client_for(world.users["employer_a"])
    _queue(client)  # the visit starts here
    application = applications.application_invite(seeker=world.seeker_a, job=world.job_a)
    assert _queue(client)["面试邀请的新答复"] == 0
    applications.application_reply(application=application, accept=True, by_user=world.users["seeker_a"])
    assert _queue(client)["面试邀请的新答复"] == 1
    html = client.get(_item(client, "面试邀请的新答复").url).content.decode()
    assert "张甲" in html and "已接受面试邀请" in html
    assert _queue(client_for(world.users["employer_b"]))["面试邀请的新答复"] == 0


def test_employer_sees_its_declaration_status_and_what_is_asked(world, client_for, filed):
    a, b = filed
    quota_services.declaration_review(declaration=a, user=world.users["town_x"], action="reject",
                                      comment="请补充7月社保缴纳证明")
    client = client_for(world.users["employer_a"])
    item = _item(client, f"{YEAR}年度年审申报")
    assert item.status == "已退回，请修改后重新提交" and item.action
    assert "请补充7月社保缴纳证明" in item.note
    assert item.url == reverse("employer-declaration-detail", args=[a.pk])
    html = client.get(reverse("work-queue")).content.decode()
    assert "请补充7月社保缴纳证明" in html
    assert client.get(reverse("employer-declaration-detail", args=[b.pk])).status_code == 404
    other = _item(client_for(world.users["employer_b"]), f"{YEAR}年度年审申报")
    assert other.status == "镇街初审中" and not other.action
    assert "请补充" not in other.note


# ---- the seeker and the provider ---------------------------------------------------------------------


def test_seeker_invitations_and_new_matches(world, client_for):
    client = client_for(world.users["seeker_a"])
    lines = _queue(client)
    assert lines["待答复的面试邀请"] == 0
    applications.application_invite(seeker=world.seeker_a, job=world.job_a)
    assert _queue(client)["待答复的面试邀请"] == 1
    html = client.get(_item(client, "待答复的面试邀请").url).content.decode()
    assert "网店文字客服" in html
    assert _queue(client_for(world.users["seeker_b"]))["待答复的面试邀请"] == 0
    # New matches: a job published after the last visit (next session).
    client = _new_session(client, world.users["seeker_a"])
    before = _queue(client)["新匹配的岗位"]
    from tests.factories import JobPostFactory

    JobPostFactory(employer=world.employer_b, title="在线客服专员", status=JobStatus.PUBLISHED,
                   published_at=timezone.now() + timedelta(seconds=1))
    assert _queue(client)["新匹配的岗位"] == before + 1
    html = client.get(_item(client, "新匹配的岗位").url).content.decode()
    assert "在线客服专员" in html and "网店文字客服" not in html


def test_seeker_with_personalisation_off_sees_new_jobs_not_new_matches(world, client_for):
    """Issue 16: with personalised matching off the queue line says 新发布的岗位 and counts every new job,
    the recorded limitations included (they filter only when the seeker ticks the box on the list)."""
    from employment.models import JobSeeker
    from tests.factories import JobPostFactory

    employment_services.assessment_record(seeker=world.seeker_a, limitations=["phone"])
    JobSeeker.objects.filter(pk=world.seeker_a.pk).update(personalised_matching=False)
    client = _new_session(client_for(world.users["seeker_a"]), world.users["seeker_a"])
    lines = _queue(client)
    assert "新匹配的岗位" not in lines
    before = lines["新发布的岗位"]
    JobPostFactory(employer=world.employer_b, title="电话回访专员", demands=["phone"], status=JobStatus.PUBLISHED,
                   published_at=timezone.now() + timedelta(seconds=1))
    assert _queue(client)["新发布的岗位"] == before + 1
    html = client.get(_item(client, "新发布的岗位").url).content.decode()
    assert "电话回访专员" in html and "<h1>新发布的岗位列表</h1>" in html


def test_provider_queue_counts_its_own_courses(world, client_for, training):  # noqa: F811
    from cms.models import Enrolment, EnrolmentStatus

    today = timezone.localdate()
    ended = {"start_date": today - timedelta(days=60), "end_date": today - timedelta(days=1),
             "enrolment_opens": today - timedelta(days=90), "enrolment_closes": today - timedelta(days=61)}
    done_a = make_course(training.page_a, slug="ended-a", title="甲校已结课", **ended)
    done_b = make_course(training.page_b, slug="ended-b", title="乙校已结课", **ended)
    Enrolment.objects.create(course=done_a, seeker=world.seeker_a, status=EnrolmentStatus.ENROLLED)
    Enrolment.objects.create(course=done_b, seeker=world.seeker_b, status=EnrolmentStatus.ENROLLED)
    draft = make_course(training.page_a, slug="draft-a", title="甲校待审课程", publish=False)
    draft.live = False
    draft.save()
    draft.save_revision(user=world.users["provider_a"])
    draft.get_workflow().start(draft, world.users["provider_a"])

    client = client_for(world.users["provider_a"])
    lines = _queue(client)
    assert lines["已结课、待记录结业的学员"] == 1 and lines["待区残联审核发布的课程"] == 1
    html = client.get(_item(client, "已结课、待记录结业的学员").url).content.decode()
    assert "甲校已结课" in html and "乙校已结课" not in html and "甲校电商培训" not in html
    html = client.get(_item(client, "待区残联审核发布的课程").url).content.decode()
    assert "甲校待审课程" in html and "甲校已结课" not in html
    lines_b = _queue(client_for(world.users["provider_b"]))
    assert lines_b["已结课、待记录结业的学员"] == 1 and lines_b["待区残联审核发布的课程"] == 0
    assert _queue(client_for(world.users["district"]))["待区残联审核发布的课程"] == 1


def test_invitation_status_counts_only_open_invitations(world, client_for):
    application = applications.application_invite(seeker=world.seeker_a, job=world.job_a)
    applications.application_reply(application=application, accept=False, by_user=world.users["seeker_a"])
    assert Application.objects.get().status == ApplicationStatus.WITHDRAWN
    assert _queue(client_for(world.users["seeker_a"]))["待答复的面试邀请"] == 0


def test_the_admin_dashboard_shows_the_queue_first(world, client_for, filed):
    html = client_for(world.users["town_x"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "我的待办" in html and "待初审的年审申报" in html and "1 项" in html
    assert f'href="{reverse("review-declaration-list")}?queue=first"' in html
    assert "乙公司" not in html


def test_the_employer_applications_list_shows_only_its_own(world, client_for):
    world.seeker_b.visible_to_employers = True
    world.seeker_b.save()
    applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    applications.application_invite(seeker=world.seeker_b, job=world.job_a)
    applications.application_submit(seeker=world.seeker_b, job=world.job_b)
    html = client_for(world.users["employer_a"]).get(reverse("employer-applications")).content.decode()
    assert "共 2 条" in html and "数据标注员" not in html
    html = client_for(world.users["employer_b"]).get(reverse("employer-applications")).content.decode()
    assert "共 1 条" in html and "网店文字客服" not in html
    assert client_for(world.users["town_x"]).get(reverse("employer-applications")).status_code == 403


def test_the_registry_orders_parts_and_registers_each_key_once():
    from employment import work_queue
    from employment.models import Role

    keys = [p.key for p in work_queue.parts_for_role(Role.TOWN)]
    assert keys == ["quota.town", "subsidies.town", "casework.town", "households.town", "cms.programmes",
                    "employment.staff"]
    assert [p.key for p in work_queue.parts_for_role(Role.DISTRICT)] == [
        "quota.district", "subsidies.district", "cms.district", "cms.programmes", "employment.staff"]
    assert [p.key for p in work_queue.parts_for_role(Role.EMPLOYER)] == [
        "employer_portal.hiring", "employer_portal.declarations"]
    assert [p.key for p in work_queue.parts_for_role(Role.SEEKER)] == ["employment.seeker", "matching.seeker"]
    assert [p.key for p in work_queue.parts_for_role(Role.PROVIDER)] == ["cms.provider"]
    before = dict(work_queue.PARTS)
    from quota import queue_parts

    queue_parts.register()  # again, as a second ready() would
    assert work_queue.PARTS == before
    assert work_queue.parts_for_role(None) == []


@pytest.mark.parametrize("username", ["employer_a", "provider_a", "town_x", "district"])
def test_every_account_without_a_settings_page_finds_the_password_change(world, client_for, username):
    """Seekers change their password from 我的资料和隐私; everyone else had no link to it at all."""
    html = client_for(world.users[username]).get(reverse("work-queue")).content.decode()
    assert f'href="{reverse("password_change")}">修改密码</a>' in html
