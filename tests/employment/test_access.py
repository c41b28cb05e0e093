"""Every role against every foundation view and the access rules behind them: another employer's,
town's or person's object answers 403 or 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from employment import access, applications, services
from employment.models import Application, JobPost, JobSeeker, JobStatus, Placement
from tests.source_tree import project_files

pytestmark = pytest.mark.django_db


def test_scopes_per_role(world):
    u = world.users
    seekers = lambda user: set(access.scoped(user, JobSeeker).values_list("name", flat=True))  # noqa: E731
    assert seekers(u["district"]) == {"张甲", "李乙"}
    assert seekers(u["town_x"]) == {"张甲"}
    assert seekers(u["town_y"]) == {"李乙"}
    assert seekers(u["seeker_a"]) == {"张甲"}
    assert seekers(u["employer_a"]) == set()  # nobody consented and nobody applied
    assert seekers(u["provider_a"]) == set()


def test_employer_sees_consenting_seekers_and_own_applicants_only(world):
    u = world.users
    world.seeker_b.visible_to_employers = True
    world.seeker_b.save()
    applications.application_submit(seeker=world.seeker_a, job=world.job_a)
    assert set(access.scoped(u["employer_a"], JobSeeker)) == {world.seeker_a, world.seeker_b}
    assert set(access.scoped(u["employer_b"], JobSeeker)) == {world.seeker_b}
    # Applications: only those to the employer's own jobs.
    assert access.scoped(u["employer_a"], Application).count() == 1
    assert access.scoped(u["employer_b"], Application).count() == 0
    assert access.scoped(u["seeker_b"], Application).count() == 0
    assert access.scoped(u["town_y"], Application).count() == 0
    assert access.scoped(u["town_x"], Application).count() == 1


def test_jobs_drafts_only_for_owner_and_staff(world):
    u = world.users
    world.job_b.status = JobStatus.DRAFT
    world.job_b.save()
    assert world.job_b not in access.scoped(u["employer_a"], JobPost)
    assert world.job_b in access.scoped(u["employer_b"], JobPost)
    assert world.job_b not in access.scoped(u["seeker_a"], JobPost)
    assert world.job_b in access.scoped(u["town_y"], JobPost)
    assert world.job_b not in access.scoped(u["town_x"], JobPost)
    assert access.can_change(u["employer_b"], world.job_b)
    assert access.can_change(u["employer_a"], world.job_a)
    assert not access.can_change(u["employer_a"], world.job_b)
    assert not access.can_change(u["town_y"], world.job_b)


def test_placements_scoped(world):
    from datetime import date
    from decimal import Decimal

    services.placement_record(
        seeker=world.seeker_a, employer=world.employer_a, contract_start=date(2025, 3, 1), monthly_wage=Decimal("3000")
    )
    u = world.users
    assert access.scoped(u["employer_a"], Placement).count() == 1
    assert access.scoped(u["employer_b"], Placement).count() == 0
    assert access.scoped(u["seeker_a"], Placement).count() == 1
    assert access.scoped(u["seeker_b"], Placement).count() == 0
    assert access.scoped(u["town_x"], Placement).count() == 1
    assert access.scoped(u["town_y"], Placement).count() == 0


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("district", 200),
        ("town_x", 200),
        ("town_y", 404),
        ("seeker_a", 200),
        ("seeker_b", 404),
        ("employer_a", 404),
        ("employer_b", 404),
        ("provider_a", 404),
    ],
)
def test_seeker_detail_by_role(world, client_for, username, expected):
    response = client_for(world.users[username]).get(reverse("seeker-detail", args=[world.seeker_a.pk]))
    assert response.status_code == expected
    if expected == 200:
        assert "张甲" in response.content.decode()
        # The certificate number is shown masked, never in full.
        assert world.seeker_a.cert_no not in response.content.decode()
        assert world.seeker_a.cert_no_masked in response.content.decode()


def test_seeker_detail_anonymous_redirects_to_login(world, client):
    response = client.get(reverse("seeker-detail", args=[world.seeker_a.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("username", "expected"),
    [("town_x", 200), ("district", 200), ("seeker_a", 403), ("employer_a", 403), ("provider_a", 403)],
)
def test_caseload_by_role(world, client_for, username, expected):
    response = client_for(world.users[username]).get(reverse("staff-seeker-list"))
    assert response.status_code == expected
    if username == "town_x":
        body = response.content.decode()
        assert "张甲" in body and "李乙" not in body


def test_caseload_town_filter_cannot_widen_scope(world, client_for):
    response = client_for(world.users["town_x"]).get(reverse("staff-seeker-list"), {"town": world.town_y.pk})
    assert "李乙" not in response.content.decode()


def test_draft_job_detail_hidden_from_other_employer(world, client_for):
    world.job_b.status = JobStatus.DRAFT
    world.job_b.save()
    url = reverse("job-detail", args=[world.job_b.pk])
    assert client_for(world.users["employer_a"]).get(url).status_code == 404
    assert client_for(world.users["employer_b"]).get(url).status_code == 200


def test_employer_home_lists_only_own_jobs(world, client_for):
    body = client_for(world.users["employer_a"]).get(reverse("employer-home")).content.decode()
    assert "网店文字客服" in body and "数据标注员" not in body


@pytest.mark.parametrize("username", ["seeker_a", "employer_a", "town_x", "district"])
def test_portal_home_redirects_each_role(world, client_for, username):
    response = client_for(world.users[username]).get(reverse("portal-home"))
    assert response.status_code == 302


def test_get_changeable_forbids_visible_but_read_only(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        access.get_changeable(world.users["town_x"], JobPost, pk=world.job_a.pk)


def test_served_towns_is_the_one_answer(world, django_user_model):
    """Issue 17: which towns a user serves is decided in the access gate only; the staff seeker pages,
    the family register and the dashboard ask it."""
    from dashboard.selectors import visible_towns

    u = world.users
    superuser = django_user_model.objects.create_superuser("root", password="x")  # no account
    everyone = {world.town_x, world.town_y}
    assert set(access.served_towns(u["district"])) == everyone
    assert set(access.served_towns(superuser)) == everyone
    assert set(access.served_towns(u["town_x"])) == {world.town_x}
    assert set(access.served_towns(u["town_y"])) == {world.town_y}
    for name in ("seeker_a", "employer_a", "provider_a"):
        assert not access.served_towns(u[name]).exists()
    for user in [*u.values(), superuser]:
        assert set(visible_towns(user)) == set(access.served_towns(user).values_list("pk", flat=True))


def test_towns_served_are_decided_only_in_the_access_gate():
    """No module but employment/access.py narrows towns to the account's own town."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"Town\.objects.*account_of\(|filter\(pk=access\.account_of\([^)]*\)\.town_id\)")
    offenders = [
        path.relative_to(root).as_posix()
        for _, path in project_files(".py")
        if not path.relative_to(root).as_posix().startswith((".venv/", "tests/"))
        and path.relative_to(root).as_posix() != "employment/access.py"
        and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
