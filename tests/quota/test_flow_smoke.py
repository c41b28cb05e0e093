"""The whole declaration lifecycle through services: submit, town review, district review."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from quota import publicity_selectors, services
from quota.models import Declaration, DeclarationOutcome, DeclarationStatus

from .conftest import roster_row


def test_submit_town_then_district_approve_publishes(world, start_declaration):
    employer_user = world.users["employer_a"]
    d = start_declaration(world.employer_a, employer_user, rows=[roster_row(1)])
    services.declaration_submit(declaration=d, user=employer_user)
    d.refresh_from_db()
    assert d.status == DeclarationStatus.TOWN_REVIEW
    # 100 staff × 1.5% = 1.5 required; one grade-3 person all year = 1 counted → levy payable.
    assert d.outcome == DeclarationOutcome.LEVY
    with pytest.raises(PermissionDenied):
        services.declaration_review(declaration=d, user=world.users["town_y"], action="approve")
    with pytest.raises(PermissionDenied):
        services.declaration_review(declaration=d, user=world.users["district"], action="approve")
    services.declaration_review(declaration=d, user=world.users["town_x"], action="approve")
    assert Declaration.objects.get(pk=d.pk).status == DeclarationStatus.DISTRICT_REVIEW
    with pytest.raises(PermissionDenied):
        services.declaration_review(declaration=d, user=world.users["town_x"], action="approve")
    services.declaration_review(declaration=d, user=world.users["district"], action="approve", comment="同意")
    d = Declaration.objects.get(pk=d.pk)
    assert d.status == DeclarationStatus.APPROVED
    assert d.letter_no and d.publicity_end > d.publicity_start
    # Approval alone publishes nothing: the district gathers approved results into a 公示 batch.
    assert publicity_selectors.public_batches(year=d.year, today=timezone.localdate()) == []
    assert d.revisions.count() >= 3
