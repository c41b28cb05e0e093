"""A town with nobody left to review (its only reviewer left: account deactivated): the district takes
the town step of a declaration, the staff list says so in words, and the decision records why."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from quota import services as quota
from quota.models import Declaration, DeclarationStatus
from tests.quota.conftest import roster_row

pytestmark = pytest.mark.django_db


def test_the_district_takes_the_town_step_of_a_town_without_reviewers(world, start_declaration, client_for):
    employer = world.users["employer_a"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    quota.declaration_submit(declaration=declaration, user=employer)
    district = world.users["district"]
    with pytest.raises(PermissionDenied):  # town X still has its reviewer
        quota.declaration_review(declaration=declaration, user=district, action="approve")
    assert "需区残联代为初审" not in client_for(district).get(reverse("review-declaration-list")).content.decode()

    world.users["town_x"].is_active = False
    world.users["town_x"].save(update_fields=["is_active"])
    listing = client_for(district).get(reverse("review-declaration-list")).content.decode()
    assert "需区残联代为初审：本镇街没有可以审核的人员" in listing
    quota.declaration_review(declaration=declaration, user=district, action="approve", comment="同意")
    declaration = Declaration.objects.get(pk=declaration.pk)
    assert declaration.status == DeclarationStatus.DISTRICT_REVIEW
    town_step = declaration.current_workflow_state.task_states.order_by("id").first()
    assert town_step.comment == "【区残联代为镇街初审：本镇街没有可以审核的人员，由区残联代为初审】同意"
