"""Migration employment 0013_username_fold on a database that already has accounts: every account gets
its folded username, and two accounts whose names fold alike stop the migration, naming both (an
administrator renames one first) — nothing half-applied.

The module goes back to 0012 once (``_back_at_0012``: the trip back from the leaves costs seconds); each
test starts from an empty database at 0012 with nothing later applied and takes only the short step to
0013, the last test goes on to the leaves, and the module fixture leaves the database there whatever
happened.
"""

from __future__ import annotations

import pytest
from django.db import connection

from tests.migrations import steps

# Transactional tests: migrations cannot run inside a transaction. The group keeps the module's tests
# on one xdist worker, so the database is taken back once.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("migrations-username-fold")]
BEFORE = [("employment", "0012_models_moved_out")]
FOLD = [("employment", "0013_username_fold")]


@pytest.fixture(scope="module")
def _back_at_0012(django_db_setup, django_db_blocker):
    with steps.back_for_the_module(django_db_blocker, BEFORE):
        yield


@pytest.fixture
def at_0012(_back_at_0012, transactional_db):
    """The database empty at 0012 (a step back from 0013 if an earlier test went there)."""
    steps.migrate(BEFORE)
    steps.empty_every_table()


def _add_users(*names: str) -> None:
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(
                "INSERT INTO auth_user (username, password, is_superuser, first_name, last_name, email, is_staff,"
                " is_active, date_joined) VALUES (%s, '!', %s, '', '', '', %s, %s, CURRENT_TIMESTAMP)",
                [name, False, False, True],
            )


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


def test_existing_accounts_get_their_fold(at_0012):
    _add_users("Zhang_San", "ｌｉ_si")
    steps.migrate(FOLD)  # no later migration touches the folds
    from employment.models import UsernameFold

    assert set(UsernameFold.objects.values_list("user__username", "fold")) == {
        ("Zhang_San", "zhang_san"), ("ｌｉ_si", "li_si")}


def test_names_folding_alike_stop_the_migration_and_name_both(at_0012):
    _add_users("zhang", "ＺＨＡＮＧ")
    with pytest.raises(RuntimeError) as stopped:
        steps.migrate(steps.leaves())
    assert "'zhang' / 'ＺＨＡＮＧ'" in str(stopped.value)
    assert "employment_usernamefold" not in _tables()  # rolled back with the migration
    with connection.cursor() as cursor:
        cursor.execute("UPDATE auth_user SET username = 'zhang2' WHERE username = 'ＺＨＡＮＧ'")
    steps.migrate(steps.leaves())
    assert "employment_usernamefold" in _tables()
