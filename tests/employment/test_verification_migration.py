"""The migration that adds certificate verification marks existing staff-made records verified and
existing self-registrations 待核验."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("employment", "0008_duties_payment_details_change")]
AFTER = [("employment", "0009_signup_verification_and_claims")]


def test_existing_records_get_their_verification_status(world):
    from employment.models import JobSeeker
    from tests.factories import make_seeker

    self_registered = world.seeker_a
    JobSeeker.objects.filter(pk=self_registered.pk).update(created_by=self_registered.user)
    staff_made = make_seeker(town=world.town_x, name="员工登记", created_by=world.users["town_x"])
    imported = make_seeker(town=world.town_x, name="导入")  # no creator (demo data, imports)

    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate(BEFORE)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        rows = {s.pk: s for s in JobSeeker.objects.all()}
    finally:
        # Later tests need every migration applied, whatever this one found.
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    assert rows[self_registered.pk].verified_at is None
    assert rows[staff_made.pk].verified_at == rows[staff_made.pk].created_at
    assert rows[staff_made.pk].verified_by == world.users["town_x"]
    assert rows[imported.pk].verified_at is not None and rows[imported.pk].verified_by is None
