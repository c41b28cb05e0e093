"""The district acts for a town (issue 14): it takes the town step of a declaration itself, or
reassigns it to a district colleague, always with a reason that is recorded, put before the
decision's comment and shown in the item's history; without such a record it may not act on the
town step at all. Separation of duties: whoever took the town step does not give the final approval."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from employment.models import Notification, Role
from quota import services as quota
from quota.models import Declaration, DeclarationStatus
from review import services as review
from review.models import TownStepDelegation
from tests.factories import make_user
from tests.quota.conftest import roster_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(world, start_declaration):
    employer = world.users["employer_a"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    quota.declaration_submit(declaration=declaration, user=employer)
    return declaration


def _town_step(declaration):
    return Declaration.objects.get(pk=declaration.pk).current_workflow_state.task_states.order_by("id").first()


def test_the_district_takes_the_town_step_of_a_town_without_reviewers(world, submitted, client_for):
    district = world.users["district"]
    with pytest.raises(PermissionDenied):  # no silent takeover: a recorded reason first
        quota.declaration_review(declaration=submitted, user=district, action="approve")
    assert "需区残联代为初审" not in client_for(district).get(reverse("review-declaration-list")).content.decode()

    world.users["town_x"].is_active = False
    world.users["town_x"].save(update_fields=["is_active"])
    listing = client_for(district).get(reverse("review-declaration-list")).content.decode()
    assert "需区残联代为初审：本镇街没有可以审核的人员" in listing
    with pytest.raises(PermissionDenied):
        quota.declaration_review(declaration=submitted, user=district, action="approve")

    page = reverse("review-town-step", args=["declaration", submitted.pk])
    response = client_for(district).post(page, {"reason": "no_reviewer", "detail": "", "assignee": ""})
    assert response.status_code == 302
    quota.declaration_review(declaration=submitted, user=district, action="approve", comment="同意")
    declaration = Declaration.objects.get(pk=submitted.pk)
    assert declaration.status == DeclarationStatus.DISTRICT_REVIEW
    assert _town_step(declaration).comment == "【区残联代为镇街初审：本镇街没有审核人员】同意"
    # The history says who took it and why, by organisation and display name, never by username.
    detail = client_for(district).get(reverse("review-declaration-detail", args=[submitted.pk])).content.decode()
    assert "区残联代为镇街初审" in detail and "原因：本镇街没有审核人员" in detail
    own = client_for(world.users["employer_a"]).get(reverse("employer-declaration-detail", args=[submitted.pk]))
    assert "区残联代为镇街初审" in own.content.decode() and "原因：本镇街没有审核人员" in own.content.decode()
    # Two people approve.
    with pytest.raises(PermissionDenied, match="其他审核人员"):
        quota.declaration_review(declaration=declaration, user=district, action="approve")
    colleague = make_user(Role.DISTRICT, username="district_colleague")
    quota.declaration_review(declaration=declaration, user=colleague, action="approve")
    assert Declaration.objects.get(pk=submitted.pk).status == DeclarationStatus.APPROVED


def test_the_district_reassigns_the_town_step_to_a_colleague_while_the_town_reviewer_is_absent(world, submitted,
                                                                                              client_for):
    district = world.users["district"]
    colleague = make_user(Role.DISTRICT, username="district_colleague", display_name="李四")
    page = reverse("review-town-step", args=["declaration", submitted.pk])
    form = client_for(district).get(page).content.decode()
    assert "李四（区残联）" in form
    response = client_for(district).post(page, {"reason": "absent", "detail": "休产假到 3 月底",
                                                "assignee": colleague.pk})
    assert response.status_code == 302
    row = TownStepDelegation.objects.get()
    assert (row.assignee, row.by, row.reason) == (colleague, district, "本镇街审核人员缺席（请假、出差等）：休产假到 3 月底")
    listing = client_for(district).get(reverse("review-declaration-list")).content.decode()
    assert "镇街初审由区残联 · 李四代办（本镇街审核人员缺席" in listing
    with pytest.raises(PermissionDenied):  # reassigned: not the one who reassigned it
        quota.declaration_review(declaration=submitted, user=district, action="approve")
    quota.declaration_review(declaration=submitted, user=colleague, action="reject", comment="名册缺少第2人")
    assert _town_step(submitted).comment.startswith("【区残联代为镇街初审：本镇街审核人员缺席")
    note = Notification.objects.get(user=colleague)
    assert "休产假到 3 月底" in note.body and note.url == f"/review/declarations/{submitted.pk}/"
    detail = client_for(district).get(reverse("review-declaration-detail", args=[submitted.pk])).content.decode()
    assert "镇街初审改派给区残联 · 李四" in detail
    assert "district_colleague" not in detail


def test_the_takeover_needs_a_reason_and_an_open_town_step(world, submitted):
    district = world.users["district"]
    with pytest.raises(ValidationError):
        review.town_step_take(obj=submitted, user=district, reason="", detail="")
    with pytest.raises(ValidationError):
        review.town_step_take(obj=submitted, user=district, reason="other", detail="  ")
    with pytest.raises(ValidationError):  # only to a district reviewer
        review.town_step_take(obj=submitted, user=district, reason="deadline", assignee=world.users["town_y"])
    with pytest.raises(PermissionDenied):
        review.town_step_take(obj=submitted, user=world.users["town_x"], reason="deadline")
    quota.declaration_review(declaration=submitted, user=world.users["town_x"], action="approve")
    with pytest.raises(ValidationError):  # at the district step now
        review.town_step_take(obj=submitted, user=district, reason="deadline")
    assert not TownStepDelegation.objects.exists()


def test_a_resubmission_starts_without_the_takeover(world, submitted, start_declaration):
    district = world.users["district"]
    review.town_step_take(obj=submitted, user=district, reason="deadline")
    quota.declaration_review(declaration=submitted, user=district, action="reject", comment="请补充名册")
    declaration = Declaration.objects.get(pk=submitted.pk)
    quota.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    with pytest.raises(PermissionDenied):
        quota.declaration_review(declaration=declaration, user=district, action="approve")


def test_the_takeover_page_answers_404_for_another_towns_item_and_403_to_a_town_reviewer(world, submitted,
                                                                                        client_for):
    page = reverse("review-town-step", args=["declaration", submitted.pk])
    assert client_for(world.users["town_y"]).get(page).status_code == 404
    assert client_for(world.users["employer_b"]).get(page).status_code == 404
    assert client_for(world.users["town_x"]).get(page).status_code == 403
    assert client_for(world.users["district"]).get(page).status_code == 200
    assert client_for(world.users["district"]).get(
        reverse("review-town-step", args=["nothing", submitted.pk])).status_code == 404


def test_the_town_step_is_not_reassigned_to_a_colleague_who_cannot_sign_in_yet(world, submitted, client_for):
    """A district account opened from the account pages has no password until its activation link is
    used: it is not offered as the assignee, and the service refuses it (nobody could act on it)."""
    from employment import account_services

    district = world.users["district"]
    pending, _token = account_services.account_create(
        by=district, username="district-new", display_name="新同事", binding=account_services.Binding(Role.DISTRICT))
    page = client_for(district).get(reverse("review-town-step", args=["declaration", submitted.pk]))
    assert list(page.context["form"].fields["assignee"].queryset) == []
    with pytest.raises(ValidationError, match="还没有激活"):
        review.town_step_take(obj=submitted, user=district, reason="absent", assignee=pending)
    assert not TownStepDelegation.objects.exists()
