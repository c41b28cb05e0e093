"""Training outcomes that cannot be gamed (issue 15): attendance only on dates within the course and
not in the future; completion only after the course has started and with the course's minimum
attendance, confirmed on its own page; corrections by the district only, with a reason, kept and
shown; the provider's roster shows each learner's accommodation needs and contact — and a provider
never reaches another institution's learners."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cms import selectors, services
from cms.models import Attendance, CompletionCorrection, EnrolmentStatus
from employment import services as employment_services
from employment.models import JobSeeker
from tests.cms.conftest import make_course, training  # noqa: F401 - fixture
from tests.factories import make_seeker

pytestmark = pytest.mark.django_db


def _running(training, *, slug="running", days_in=10, **extra):  # noqa: F811
    """A course that started ``days_in`` days ago and runs 20 more days."""
    today = timezone.localdate()
    return make_course(training.page_a, slug=slug, seats=10, start_date=today - timedelta(days=days_in),
                       end_date=today + timedelta(days=20), **extra)


def _sessions(enrolment, attended: int, total: int) -> None:
    """``total`` sessions in the course so far, the learner present at the first ``attended``."""
    start = enrolment.course.start_date
    for n in range(total):
        services.attendance_record(enrolment=enrolment, session_date=start + timedelta(days=n), present=n < attended)


# ---- attendance -------------------------------------------------------------------------------


@pytest.mark.parametrize(("offset", "ok"), [(-1, False), (0, True), (10, True), (11, False)])
def test_attendance_only_within_the_course_and_not_in_the_future(world, training, offset, ok):  # noqa: F811
    """The course started 10 days ago: its first day and today are fine, the day before it and
    tomorrow are not."""
    course = _running(training)
    enrolment = services.enrolment_create(course=course, seeker=world.seeker_a)
    day = course.start_date + timedelta(days=offset)
    if ok:
        services.attendance_record(enrolment=enrolment, session_date=day, present=True)
        assert Attendance.objects.filter(enrolment=enrolment, session_date=day).exists()
    else:
        with pytest.raises(ValidationError) as exc:
            services.attendance_record(enrolment=enrolment, session_date=day, present=True)
        assert "不在课程时间内" in exc.value.messages[0] or "还没到" in exc.value.messages[0]
        assert not Attendance.objects.exists()


def test_attendance_after_the_course_ended_is_refused(world, training):  # noqa: F811
    today = timezone.localdate()
    course = make_course(training.page_a, slug="past", start_date=today - timedelta(days=30),
                         end_date=today - timedelta(days=5), enrolment_opens=today - timedelta(days=40),
                         enrolment_closes=today - timedelta(days=31))
    enrolment = services.enrolment_create(course=course, seeker=world.seeker_a, today=today - timedelta(days=35))
    with pytest.raises(ValidationError, match="不在课程时间内"):
        services.attendance_record(enrolment=enrolment, session_date=today - timedelta(days=2), present=True)


def test_roster_refuses_a_date_outside_the_course_with_a_clear_message_and_saves_nothing(
    world, training, client_for  # noqa: F811
):
    course = _running(training)
    services.enrolment_create(course=course, seeker=world.seeker_a)
    services.enrolment_create(course=course, seeker=world.seeker_b)
    client = client_for(world.users["provider_a"])
    url = reverse("course-roster", args=[course.pk])
    before = (course.start_date - timedelta(days=1)).isoformat()
    html = client.post(url, {"action": "attendance", "session_date": before}, follow=True).content.decode()
    assert "不在课程时间内" in html and not Attendance.objects.exists()
    html = client.post(url, {"action": "attendance", "session_date": "不是日期"}, follow=True).content.decode()
    assert "请填写上课日期" in html and not Attendance.objects.exists()


# ---- completion -------------------------------------------------------------------------------


def test_completion_only_after_the_course_has_started(world, training, client_for):  # noqa: F811
    course = training.course_a  # starts in 20 days
    enrolment = services.enrolment_create(course=course, seeker=world.seeker_a)
    facts = services.completion_facts(enrolment=enrolment)
    assert not facts.allowed and any("开课后才能记录结业" in p for p in facts.problems)
    with pytest.raises(ValidationError, match="开课后才能记录结业"):
        services.enrolment_complete(enrolment=enrolment)
    client = client_for(world.users["provider_a"])
    html = client.get(reverse("course-completion", args=[enrolment.pk])).content.decode()
    assert "现在还不能记录结业" in html and "确定记录结业" not in html and "请联系区残联" in html
    response = client.post(reverse("course-completion", args=[enrolment.pk]), follow=True)
    assert "开课后才能记录结业" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED and enrolment.completed_on is None


@pytest.mark.parametrize(
    ("minimum", "attended", "total", "allowed"),
    [(80, 4, 5, True), (80, 3, 5, False), (80, 7, 9, False), (80, 8, 10, True), (60, 3, 5, True), (100, 4, 5, False)],
)
def test_completion_needs_the_courses_minimum_attendance(world, training, minimum, attended, total, allowed):  # noqa: F811
    course = _running(training, min_attendance_pct=minimum)
    enrolment = services.enrolment_create(course=course, seeker=world.seeker_a)
    _sessions(enrolment, attended, total)
    facts = services.completion_facts(enrolment=enrolment)
    assert (facts.attended, facts.sessions, facts.allowed) == (attended, total, allowed)
    if allowed:
        assert services.enrolment_complete(enrolment=enrolment).status == EnrolmentStatus.COMPLETED
    else:
        with pytest.raises(ValidationError, match=f"低于本课程结业要求的 {minimum}%"):
            services.enrolment_complete(enrolment=enrolment)


def test_an_unrecorded_session_counts_as_absent(world, training):  # noqa: F811
    """The base is the course's recorded sessions, not the learner's own records: leaving a learner's
    absences unrecorded does not lift their rate."""
    course = _running(training)
    mine = services.enrolment_create(course=course, seeker=world.seeker_a)
    other = services.enrolment_create(course=course, seeker=world.seeker_b)
    _sessions(other, 5, 5)
    services.attendance_record(enrolment=mine, session_date=course.start_date, present=True)
    facts = services.completion_facts(enrolment=mine)
    assert (facts.attended, facts.sessions, facts.allowed) == (1, 5, False)


def test_no_attendance_recorded_means_no_completion(world, training):  # noqa: F811
    enrolment = services.enrolment_create(course=_running(training), seeker=world.seeker_a)
    with pytest.raises(ValidationError, match="还没有记录过考勤"):
        services.enrolment_complete(enrolment=enrolment)


def test_the_minimum_defaults_to_80_and_cannot_exceed_100(world, training):  # noqa: F811
    course = _running(training)
    assert course.min_attendance_pct == 80
    course.min_attendance_pct = 101
    with pytest.raises(ValidationError) as exc:
        course.full_clean()
    assert "min_attendance_pct" in exc.value.message_dict


# ---- district corrections ---------------------------------------------------------------------


def test_only_the_district_corrects_and_a_reason_is_required(world, training, client_for):  # noqa: F811
    course = _running(training)
    enrolment = services.enrolment_create(course=course, seeker=world.seeker_a)
    _sessions(enrolment, 1, 5)  # 20 %: the provider cannot complete
    url = reverse("course-completion-correct", args=[enrolment.pk])
    for name in ("provider_a", "provider_b", "town_x", "seeker_a"):
        assert client_for(world.users[name]).get(url).status_code == 403, name
        assert client_for(world.users[name]).post(url, {"action": "complete", "reason": "想改就改了吧"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.completion_correct(enrolment=enrolment, action="complete", reason="递补学员按实际出勤",
                                    completed_on=timezone.localdate(), by_user=world.users["provider_a"])

    district = client_for(world.users["district"])
    html = district.post(url, {"action": "complete", "completed_on": timezone.localdate().isoformat(),
                               "reason": " "}).content.decode()
    assert "请填写更正原因" in html
    html = district.post(url, {"action": "complete", "completed_on": timezone.localdate().isoformat(),
                               "reason": "短"}).content.decode()
    assert "至少 5 个字" in html
    html = district.post(url, {"action": "complete", "completed_on": (course.start_date - timedelta(days=1)).isoformat(),
                               "reason": "学员从候补名单递补，开课后才加入"}).content.decode()
    assert "结业日期应在开课日期" in html
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED and not CompletionCorrection.objects.exists()

    response = district.post(url, {"action": "complete", "completed_on": timezone.localdate().isoformat(),
                                   "reason": "学员从候补名单递补，开课后才加入"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED and enrolment.completed_on == timezone.localdate()
    correction = CompletionCorrection.objects.get()
    assert (correction.action, correction.by, correction.reason) == ("complete", world.users["district"],
                                                                       "学员从候补名单递补，开课后才加入")
    assert selectors.course_report_card(course=course).completed == 1
    # The provider sees the correction and its reason on the roster.
    roster = client_for(world.users["provider_a"]).get(reverse("course-roster", args=[course.pk])).content.decode()
    assert "结业更正记录" in roster and "学员从候补名单递补，开课后才加入" in roster and "更正结业" not in roster

    # Taking it back: the public figure follows, and both corrections are kept.
    district = client_for(world.users["district"])  # one test client: signed in again as the district
    district.post(url, {"action": "revoke", "reason": "核查发现该学员实际未参加培训"})
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ENROLLED and enrolment.completed_on is None
    assert selectors.course_report_card(course=course).completed == 0
    assert list(CompletionCorrection.objects.values_list("action", flat=True)) == ["revoke", "complete"]
    # Revoking what is not completed is refused.
    with pytest.raises(ValidationError):
        services.completion_correct(enrolment=enrolment, action="revoke", reason="再撤销一次试试",
                                    by_user=world.users["district"])


# ---- the roster -------------------------------------------------------------------------------


def test_roster_shows_needs_and_contact_and_other_providers_get_404(world, training, client_for):  # noqa: F811
    course = _running(training)
    JobSeeker.objects.filter(pk=world.seeker_a.pk).update(phone="13912345678", email="jia@example.com")
    employment_services.assessment_record(seeker=world.seeker_a, needs=["screen_reader", "sign_language"])
    quiet = make_seeker(town=world.town_x, name="未评估丙")
    enrolment = services.enrolment_create(course=course, seeker=world.seeker_a)
    services.enrolment_create(course=course, seeker=quiet)
    html = client_for(world.users["provider_a"]).get(reverse("course-roster", args=[course.pk])).content.decode()
    assert "需要的便利" in html and "读屏软件/辅助技术" in html and "手语支持" in html
    assert 'href="tel:13912345678"' in html and "jia@example.com" in html
    assert "未记录" in html and "未登记" in html  # the learner without an assessment or contact
    # Identity numbers are not the provider's business: neither full nor masked.
    seeker = JobSeeker.objects.get(pk=world.seeker_a.pk)
    assert seeker.cert_no not in html and seeker.cert_no_masked not in html and seeker.resident_id not in html

    other = client_for(world.users["provider_b"])
    assert other.get(reverse("course-roster", args=[course.pk])).status_code == 404
    assert other.get(reverse("course-completion", args=[enrolment.pk])).status_code == 404
    assert other.post(reverse("course-completion", args=[enrolment.pk])).status_code == 404
    assert other.post(reverse("course-roster", args=[course.pk]),
                      {"action": "attendance", "session_date": timezone.localdate().isoformat()}).status_code == 404
    assert not Attendance.objects.exists()
