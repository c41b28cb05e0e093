"""Security-test fixtures: a world with one of every object on each side (A and B)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from tests.employment.declarations.conftest import policy, roster_row, start_declaration  # noqa: F401
from tests.matching.index_helpers import index_dir  # noqa: F401


@dataclass
class Side:
    """Objects belonging to one side (A: town X / employer A / seeker A; B: town Y / ...)."""

    seeker: object
    job: object
    application: object
    placement: object
    follow_up: object
    declaration: object
    entry: object
    revision: object


@pytest.fixture
def sides(world, start_declaration):  # noqa: F811
    from casework.models import FollowUp
    from employment import services

    built = {}
    for key in ("a", "b"):
        seeker = getattr(world, f"seeker_{key}")
        job = getattr(world, f"job_{key}")
        employer = getattr(world, f"employer_{key}")
        application = services.application_submit(seeker=seeker, job=job, message="我想应聘")
        placement = services.placement_record(
            seeker=seeker, employer=employer, contract_start=date(2025, 1, 1), monthly_wage=Decimal("3500"),
            job=job, application=application,
        )
        follow_up = FollowUp.objects.filter(placement=placement).order_by("months").first()
        declaration = start_declaration(
            employer, world.users[f"employer_{key}"], rows=[roster_row(10 if key == "a" else 20)]
        )
        built[key] = Side(
            seeker=seeker, job=job, application=application, placement=placement, follow_up=follow_up,
            declaration=declaration, entry=declaration.roster.first(), revision=declaration.revisions.first(),
        )
    return built
