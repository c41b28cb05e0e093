"""Moving the test database along the real migration graph, for the tests of data migrations.

A trip back from the leaves is what costs: Django renders the project state again for every migration
it unapplies (and for every later one in the plan), seconds for a few dozen migrations. A module that
tests migrations of one app therefore goes back once, in a module fixture (``back_for_the_module``),
and its tests only take the short steps between neighbouring migrations of that app, with nothing
later applied; the database returns to the leaves when the module ends, whatever happened. Where the
trip back is long, building that state forwards from an empty database costs less (``rebuild_at``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def leaves() -> list[tuple[str, str]]:
    """The last migration of every app: where the test database is kept between modules."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def migrate(targets) -> None:
    """Migrate the test database to ``targets`` (forwards or backwards, like ``manage.py migrate``);
    nothing to do when it is there already (not even building the project state)."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(targets)
    if plan:
        executor.migrate(targets, plan=plan)


def rebuild_at(targets) -> None:
    """The database as migrating back from the leaves to ``targets`` would leave it, built forwards
    instead: every table dropped, then migrated from nothing to every migration such a trip back keeps
    applied, and emptied (the data migrations' rows, as ``flush`` would at the leaves).

    Forwards costs much less than backwards (the trip back to employment 0006 ~14 s, this ~9 s on one
    core); it does not run the reverse of the migrations in between, which the app-move upgrade
    (tests/migrations/test_app_moves.py) still does."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    executor.loader.applied_migrations = {key: graph.nodes[key] for key in graph.nodes}  # as at the leaves
    unapplied = {(m.app_label, m.name) for m, _ in executor.migration_plan(targets)}
    kept = set(graph.nodes) - unapplied
    ends = sorted(key for key in kept if not any(child.key in kept for child in graph.node_map[key].children))
    _drop_every_table()
    migrate(ends)
    empty_every_table()


def _drop_every_table() -> None:
    from django.contrib.contenttypes.models import ContentType

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = connection.introspection.table_names(cursor, include_views=False)
            if names:
                cursor.execute(f"DROP TABLE {', '.join(quote(n) for n in names)} CASCADE")
        else:
            # SQLite: virtual tables first (their shadow tables go with them), then the views and tables.
            connection.disable_constraint_checking()
            try:
                for kind in ("virtual", "view", "table"):
                    cursor.execute(
                        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%%' AND "
                        + ("sql LIKE 'CREATE VIRTUAL TABLE%%'" if kind == "virtual" else "type = %s"),
                        [] if kind == "virtual" else [kind],
                    )
                    for object_type, name in cursor.fetchall():
                        kind_sql = "VIEW" if object_type == "view" else "TABLE"
                        cursor.execute(f"DROP {kind_sql} IF EXISTS {quote(name)}")
            finally:
                connection.enable_constraint_checking()
    ContentType.objects.clear_cache()


def data_tables() -> list[str]:
    """Every table but the migration records and the shadow tables of SQLite's full-text index (its own
    triggers keep them in step with wagtailsearch_indexentry)."""
    return [t for t in connection.introspection.table_names() if t != "django_migrations" and "_fts" not in t]


def delete_rows(cursor, names: list[str]) -> None:
    """Delete every row of the tables ``names`` (with constraint checking off, inside a transaction)."""
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in names)} CASCADE")
    else:
        for table in names:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - names from the schema


def empty_every_table() -> None:
    """Delete every row but the migration records, whatever state the tables are in (``flush`` empties
    only the tables of the current models)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    names = data_tables()
    connection.disable_constraint_checking()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            delete_rows(cursor, names)
    finally:
        connection.enable_constraint_checking()
    ContentType.objects.clear_cache()


def historical_apps(targets):
    """The models as they were at ``targets`` (for rows written the way the code of then wrote them)."""
    return MigrationExecutor(connection).loader.project_state(targets).apps


@contextmanager
def back_for_the_module(django_db_blocker, targets, *, rebuild: bool = False) -> Iterator[None]:
    """For a module fixture: the database at ``targets`` once (migrated back, or with ``rebuild`` built
    forwards from nothing, see ``rebuild_at``), and forward to the leaves again when the module is done
    (also when getting there failed). The module's tests are transactional (migrations cannot run
    inside a transaction); the next plain database test gets the migrations' rows back (tests/conftest.py).

    The flush that ends a transactional test empties the tables of the current models only. On
    PostgreSQL a test must not end before issue 17's moves are done (employment 0012 and the new apps'
    ``0002_tables``): tables of then reference tables of now (``employment_declaration`` →
    ``auth_user``), and PostgreSQL will not truncate the one without the other; SQLite deletes the
    rows, which works as long as the old tables are empty."""
    with django_db_blocker.unblock():
        end = leaves()
        try:
            if rebuild:
                rebuild_at(targets)
            else:
                migrate(targets)
        except BaseException:
            migrate(end)
            raise
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            migrate(end)

