"""Training providers: own subtree and page permissions, district moderation, enrolment with capacity
and waiting list, attendance and completion, and the report card from placements."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Workflow

from cms import selectors, services
from cms.models import Enrolment, EnrolmentStatus, TrainingCoursePage
from employment import access
from employment.models import Placement
from tests.cms.conftest import make_course
from tests.factories import make_seeker

pytestmark = pytest.mark.django_db


def test_course_takes_provider_from_its_subtree(world, training):
    assert training.course_a.provider == world.provider_a
    assert training.course_b.provider == world.provider_b


def test_tree_rules():
    from cms.models import HomePage, PolicyPage, TrainingProviderPage

    assert TrainingCoursePage.allowed_parent_page_models() == [TrainingProviderPage]
    assert HomePage not in PolicyPage.allowed_parent_page_models()
    assert TrainingCoursePage.allowed_subpage_models() == []


def test_provider_edits_own_course_only_and_cannot_publish(world, training):
    user_a = world.users["provider_a"]
    own = training.course_a.permissions_for_user(user_a)
    other = training.course_b.permissions_for_user(user_a)
    assert own.can_edit()
    assert not own.can_publish()
    assert not other.can_edit()
    assert training.page_a.permissions_for_user(user_a).can_add_subpage()
    assert not training.page_b.permissions_for_user(user_a).can_add_subpage()
    assert not training.index.permissions_for_user(user_a).can_add_subpage()


def test_provider_cannot_open_other_providers_course_in_admin(world, training, client_for):
    client = client_for(world.users["provider_a"])
    own = client.get(reverse("wagtailadmin_pages:edit", args=[training.course_a.pk]))
    assert own.status_code == 200
    # The admin gate answers 404 for a page outside the provider's subtree (employment.admin_access).
    other = client.get(reverse("wagtailadmin_pages:edit", args=[training.course_b.pk]))
    assert other.status_code == 404
    add_other = client.get(
        reverse("wagtailadmin_pages:add", args=["cms", "trainingcoursepage", training.page_b.pk])
    )
    assert add_other.status_code == 404


def test_provider_sees_only_own_courses_enrolments(world, training, client_for):
    mine = services.enrolment_create(course=training.course_a, seeker=world.seeker_a)
    theirs = services.enrolment_create(course=training.course_b, seeker=world.seeker_b)
    visible = set(access.scoped(world.users["provider_a"], Enrolment))
    assert visible == {mine}
    assert set(access.scoped(world.users["seeker_b"], Enrolment)) == {theirs}
    assert set(access.scoped(world.users["district"], Enrolment)) == {mine, theirs}
    assert not access.scoped(world.users["employer_a"], Enrolment).exists()

    client = client_for(world.users["provider_a"])
    assert client.get(reverse("course-roster", args=[training.course_b.pk])).status_code == 404
    page = client.get(reverse("course-roster", args=[training.course_a.pk]))
    assert page.status_code == 200
    assert world.seeker_a.name in page.content.decode()
    assert world.seeker_b.name not in page.content.decode()
    # Completing another provider's seeker is refused as if the enrolment did not exist.
    assert client.get(reverse("course-completion", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("course-completion", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == EnrolmentStatus.ENROLLED


def test_new_provider_user_joins_provider_group(world, training):
    from employment.models import Role
    from tests.factories import make_user

    user = make_user(Role.PROVIDER, username="provider_a2", provider=world.provider_a)
    assert training.course_a.permissions_for_user(user).can_edit()
    assert not training.course_b.permissions_for_user(user).can_edit()


def test_submitted_course_is_published_only_after_district_approval(world, training):
    provider_user = world.users["provider_a"]
    course = make_course(training.page_a, slug="new-course", title="新课程", publish=False)
    course.live = False
    course.save()
    course.save_revision(user=provider_user)
    workflow = course.get_workflow()
    assert workflow is not None and workflow.name == services.COURSE_WORKFLOW_NAME
    state = workflow.start(course, provider_user)
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(course, provider_user) == []
    assert task.get_actions(course, world.users["district"])
    course.refresh_from_db()
    assert not course.live

    task.on_action(task_state, world.users["district"], "approve")
    course.refresh_from_db()
    assert course.live


def test_rejected_course_stays_unpublished(world, training):
    course = make_course(training.page_a, slug="rejected", title="被退回的课程", publish=False)
    course.live = False
    course.save()
    course.save_revision(user=world.users["provider_a"])
    state = course.get_workflow().start(course, world.users["provider_a"])
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, world.users["district"], "reject")
    course.refresh_from_db()
    assert not course.live
    state.refresh_from_db()
    assert state.status == state.STATUS_NEEDS_CHANGES


def _seekers(world, n):
    return [make_seeker(town=world.town_x, name=f"学员{i}") for i in range(n)]


def test_capacity_waiting_list_and_promotion_on_cancel(world, training):
    first, second, third, fourth = _seekers(world, 4)
    course = training.course_a  # 2 seats
    e1 = services.enrolment_create(course=course, seeker=first)
    e2 = services.enrolment_create(course=course, seeker=second)
    e3 = services.enrolment_create(course=course, seeker=third)
    e4 = services.enrolment_create(course=course, seeker=fourth)
    assert [e.status for e in (e1, e2, e3, e4)] == ["enrolled", "enrolled", "waitlisted", "waitlisted"]
    assert selectors.course_seat_counts(course=course).free == 0

    promoted = services.enrolment_cancel(enrolment=e1)
    assert promoted == e3
    e3.refresh_from_db()
    assert e3.status == EnrolmentStatus.ENROLLED
    # Cancelling a waiting-list place frees no seat.
    assert services.enrolment_cancel(enrolment=e4) is None
    counts = selectors.course_seat_counts(course=course)
    assert (counts.enrolled, counts.waitlisted) == (2, 0)


def test_enrolment_refused_twice_or_outside_window(world, training):
    services.enrolment_create(course=training.course_a, seeker=world.seeker_a)
    with pytest.raises(ValidationError, match="已经报名"):
        services.enrolment_create(course=training.course_a, seeker=world.seeker_a)
    today = training.course_a.enrolment_closes + timedelta(days=1)
    with pytest.raises(ValidationError, match="报名时间"):
        services.enrolment_create(course=training.course_b, seeker=world.seeker_a, today=today)


def test_enrol_again_after_cancelling(world, training):
    enrolment = services.enrolment_create(course=training.course_a, seeker=world.seeker_a)
    services.enrolment_cancel(enrolment=enrolment)
    again = services.enrolment_create(course=training.course_a, seeker=world.seeker_a)
    assert again.status == EnrolmentStatus.ENROLLED


def test_seeker_enrols_and_cancels_through_views(world, training, client_for):
    client = client_for(world.users["seeker_a"])
    page = client.get(training.course_a.url)
    assert "报名参加这门课程" in page.content.decode()
    client.post(reverse("course-enrol", args=[training.course_a.pk]))
    enrolment = Enrolment.objects.get(seeker=world.seeker_a)
    assert enrolment.status == EnrolmentStatus.ENROLLED
    assert "已报名" in client.get(training.course_a.url).content.decode()
    # Another seeker cannot cancel it.
    other = client_for(world.users["seeker_b"])
    assert other.post(reverse("course-enrolment-cancel", args=[enrolment.pk])).status_code == 404
    client = client_for(world.users["seeker_a"])
    client.post(reverse("course-enrolment-cancel", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CANCELLED


def test_provider_records_attendance_and_completion(world, training, client_for):
    today = timezone.localdate()
    course = make_course(training.page_a, slug="running", start_date=today - timedelta(days=10),
                         end_date=today + timedelta(days=20))
    enrolment = services.enrolment_create(course=course, seeker=world.seeker_a, today=course.enrolment_opens)
    client = client_for(world.users["provider_a"])
    url = reverse("course-roster", args=[course.pk])
    first, second = today - timedelta(days=8), today - timedelta(days=6)
    client.post(url, {"action": "attendance", "session_date": first.isoformat(), "present": [enrolment.pk]})
    client.post(url, {"action": "attendance", "session_date": second.isoformat(), "present": [enrolment.pk]})
    records = {r.session_date: r.present for r in enrolment.attendance.all()}
    assert records == {first: True, second: True}
    # Completion is asked for on its own page, then confirmed.
    confirm = client.get(reverse("course-completion", args=[enrolment.pk])).content.decode()
    assert "确定记录结业" in confirm and "2 / 2" in confirm and "公开的培训成效" in confirm
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED  # the GET changed nothing
    client.post(reverse("course-completion", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED and enrolment.completed_on == today
    assert selectors.course_report_card(course=course).completed == 1


def _completed(enrolment, on: date) -> None:
    """A completion on a past date, as recorded then (the report card is under test, not the rules)."""
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.COMPLETED, completed_on=on)


def _placement(world, seeker, start, **extra):
    return Placement.objects.create(
        seeker=seeker, employer=world.employer_a, contract_start=start, monthly_wage=Decimal("3000"), **extra
    )


@pytest.mark.parametrize(
    ("start_offset_days", "employed"),
    [(-1, False), (0, True), (120, True), (183, False)],  # completion 2026-01-10; +6 months = 2026-07-10
)
def test_employed_within_six_months_boundary(world, training, start_offset_days, employed):
    enrolment = services.enrolment_create(course=training.course_a, seeker=world.seeker_a)
    _completed(enrolment, date(2026, 1, 10))
    _placement(world, world.seeker_a, date(2026, 1, 10) + timedelta(days=start_offset_days))
    card = selectors.course_report_card(course=training.course_a, today=date(2027, 6, 1))
    assert card.employed_6m == int(employed)


def test_report_card_counts_and_still_employed(world, training):
    a, b, c = _seekers(world, 3)
    course = make_course(training.page_a, slug="big", seats=10)
    for seeker in (a, b, c):
        services.enrolment_create(course=course, seeker=seeker)
    for seeker in (a, b):
        _completed(Enrolment.objects.get(course=course, seeker=seeker), date(2026, 1, 10))
    _placement(world, a, date(2026, 2, 1))  # still employed
    _placement(world, b, date(2026, 3, 1), ended_on=date(2026, 5, 1))  # left before 6 months
    _placement(world, c, date(2026, 2, 1))  # never completed: not counted as employed
    card = selectors.course_report_card(course=course, today=date(2026, 12, 31))
    assert (card.enrolled, card.completed, card.employed_6m, card.still_employed_6m) == (3, 2, 2, 1)
    # Before the 6-month mark of a's contract, "still employed" cannot be known yet.
    early = selectors.course_report_card(course=course, today=date(2026, 6, 1))
    assert early.still_employed_6m == 0
    total = selectors.provider_report_card(provider=world.provider_a, today=date(2026, 12, 31))
    assert total.completed == 2

    response_text = None
    from django.test import Client

    response_text = Client().get(training.page_a.url).content.decode()
    assert "培训成效" in response_text


def test_the_course_workflow_is_found_by_its_page_not_by_its_name(world, training):
    from cms.models import TrainingIndexPage

    index = TrainingIndexPage.objects.get()
    workflow = services.course_workflow_ensure(index)
    Workflow.objects.filter(pk=workflow.pk).update(name="培训课程审核（已改名）")
    count = Workflow.objects.count()
    assert services.course_workflow_ensure(index).pk == workflow.pk and Workflow.objects.count() == count


def test_the_district_reaches_a_course_under_review_from_its_work_queue_line(world, training, client_for):
    provider_user = world.users["provider_a"]
    course = make_course(training.page_a, slug="new-course", title="新课程", publish=False)
    course.live = False
    course.save()
    course.save_revision(user=provider_user)
    course.get_workflow().start(course, provider_user)
    district = client_for(world.users["district"])
    listing = district.get(reverse("provider-courses"), {"todo": "moderation"}).content.decode()
    edit = reverse("wagtailadmin_pages:edit", args=[course.pk])
    assert f'<a href="{edit}">新课程</a>' in listing and "批准并发布" in listing
    # The editor's moderation buttons, in the federation's words.
    page = district.get(edit).content.decode()
    assert "批准并发布" in page and "撤回审核" in page and "工作流" not in page


def test_a_visitor_on_a_course_page_is_shown_how_to_get_an_account(world, training):
    from django.test import Client

    html = Client().get(training.course_a.url).content.decode()
    assert "登录后报名" in html and f'href="{reverse("seeker-signup")}"' in html
