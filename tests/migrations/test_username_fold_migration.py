"""Migration employment 0013_username_fold on a database that already has accounts: every account gets
its folded username, and two accounts whose names fold alike stop the migration, naming both (an
administrator renames one first) — nothing half-applied."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("employment", "0012_models_moved_out")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


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


def test_existing_accounts_get_their_fold():
    leaves = _leaves()
    try:
        _migrate(BEFORE)
        _add_users("Zhang_San", "ｌｉ_si")
        _migrate(leaves)
        from employment.models import UsernameFold

        assert set(UsernameFold.objects.values_list("user__username", "fold")) == {
            ("Zhang_San", "zhang_san"), ("ｌｉ_si", "li_si")}
    finally:
        _migrate(leaves)


def test_names_folding_alike_stop_the_migration_and_name_both():
    leaves = _leaves()
    try:
        _migrate(BEFORE)
        _add_users("zhang", "ＺＨＡＮＧ")
        with pytest.raises(RuntimeError) as stopped:
            _migrate(leaves)
        assert "'zhang' / 'ＺＨＡＮＧ'" in str(stopped.value)
        assert "employment_usernamefold" not in _tables()  # rolled back with the migration
        with connection.cursor() as cursor:
            cursor.execute("UPDATE auth_user SET username = 'zhang2' WHERE username = 'ＺＨＡＮＧ'")
        _migrate(leaves)
        assert "employment_usernamefold" in _tables()
    finally:
        _migrate(leaves)
