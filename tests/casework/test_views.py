"""Staff casework pages: register a seeker, assessment on their behalf, coach notes, follow-ups due —
each limited to the reviewer's own town."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import CoachNote, FollowUp
from domain import identity
from employment import services
from employment.models import JobSeeker

pytestmark = pytest.mark.django_db


def _placement(seeker, employer, start):
    return services.placement_record(seeker=seeker, employer=employer, contract_start=start, monthly_wage=Decimal("3000"))


def test_follow_ups_due_list_is_town_scoped(client_for, world):
    start = timezone.localdate() - timedelta(days=40)  # the 1-month follow-up is overdue
    _placement(world.seeker_a, world.employer_a, start)
    _placement(world.seeker_b, world.employer_b, start)
    html = client_for(world.users["town_x"]).get(reverse("casework-follow-ups-due")).content.decode()
    assert "张甲" in html and "李乙" not in html and "已过期" in html and "就业后 1 个月" in html
    assert "就业后 12 个月" not in html  # not due yet
    html = client_for(world.users["district"]).get(reverse("casework-follow-ups-due")).content.decode()
    assert "张甲" in html and "李乙" in html
    for role in ("seeker_a", "employer_a"):
        assert client_for(world.users[role]).get(reverse("casework-follow-ups-due")).status_code == 403


def test_record_follow_up(client_for, world):
    placement = _placement(world.seeker_a, world.employer_a, timezone.localdate() - timedelta(days=40))
    row = placement.follow_ups.get(months=1)
    assert client_for(world.users["town_y"]).get(reverse("casework-follow-up-record", args=[row.pk])).status_code == 404
    client = client_for(world.users["town_x"])
    response = client.post(
        reverse("casework-follow-up-record", args=[row.pk]),
        {"done_on": timezone.localdate().isoformat(), "outcome": "working", "notes": "适应良好"},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.outcome == "working" and row.done_by == world.users["town_x"]
    assert "张甲" not in client.get(reverse("casework-follow-ups-due")).content.decode()


def test_coach_notes_only_in_own_town(client_for, world):
    client = client_for(world.users["town_x"])
    client.post(reverse("casework-coach-note-add", args=[world.seeker_a.pk]), {"body": "陪同面试"})
    assert CoachNote.objects.get().body == "陪同面试"
    assert "陪同面试" in client.get(reverse("seeker-detail", args=[world.seeker_a.pk])).content.decode()
    response = client.post(reverse("casework-coach-note-add", args=[world.seeker_b.pk]), {"body": "越权"})
    assert response.status_code == 404
    assert CoachNote.objects.count() == 1
    # Employers never see coach notes, even of a consenting seeker.
    world.seeker_a.visible_to_employers = True
    world.seeker_a.save()
    html = client_for(world.users["employer_a"]).get(reverse("seeker-detail", args=[world.seeker_a.pk])).content.decode()
    assert "陪同面试" not in html and world.seeker_a.cert_no_masked not in html


def test_staff_registers_seeker_and_assesses_on_their_behalf(client_for, world):
    client = client_for(world.users["town_x"])
    rid = identity.make_resident_id(birth=date(1995, 3, 4), seq=77)
    response = client.post(
        reverse("staff-seeker-create"),
        {"name": "赵丁", "resident_id": rid, "cert_no": identity.make_disability_cert(rid, 2, 3),
         "town": world.town_x.pk, "username": "zhaoding", "password": "Long-enough-pass-9"},
    )
    seeker = JobSeeker.objects.get(name="赵丁")
    assert response.status_code == 302 and seeker.created_by == world.users["town_x"]
    assert seeker.user.username == "zhaoding"
    response = client.post(
        reverse("staff-seeker-assessment", args=[seeker.pk]),
        {"skills": "手工", "needs": ["sign_language"], "limitations": ["phone", "hearing_signals"]},
    )
    assert response.status_code == 302
    assessment = seeker.current_assessment
    assert assessment.needs == ["sign_language"] and assessment.assessed_by == world.users["town_x"]


def test_staff_cannot_register_or_assess_outside_their_town(client_for, world):
    client = client_for(world.users["town_x"])
    rid = identity.make_resident_id(birth=date(1995, 3, 4), seq=78)
    response = client.post(
        reverse("staff-seeker-create"),
        {"name": "钱戊", "resident_id": rid, "cert_no": identity.make_disability_cert(rid, 2, 3), "town": world.town_y.pk},
    )
    assert response.status_code == 200 and not JobSeeker.objects.filter(name="钱戊").exists()
    assert client.post(reverse("staff-seeker-assessment", args=[world.seeker_b.pk]), {}).status_code == 404
    assert world.seeker_b.current_assessment is None


def test_follow_up_access_scope(world):
    from employment import access

    _placement(world.seeker_a, world.employer_a, date(2026, 1, 1))
    assert access.scoped(world.users["town_x"], FollowUp).count() == 4
    assert access.scoped(world.users["town_y"], FollowUp).count() == 0
    assert access.scoped(world.users["employer_a"], FollowUp).count() == 0
    assert access.scoped(world.users["seeker_a"], FollowUp).count() == 0


def test_follow_up_pages_have_the_workspace_menu(client_for, world):
    """On a phone the workspace menu (工作台菜单) is how a town worker gets back to their other work."""
    placement = _placement(world.seeker_a, world.employer_a, timezone.localdate() - timedelta(days=40))
    row = placement.follow_ups.get(months=1)
    client = client_for(world.users["town_x"])
    for url in (reverse("casework-follow-ups-due"), reverse("casework-follow-up-record", args=[row.pk])):
        response = client.get(url)
        assert response.status_code == 200 and 'data-disclosure="工作台菜单"' in response.content.decode(), url
