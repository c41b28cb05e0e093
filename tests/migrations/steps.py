"""Moving the test database along the real migration graph, for the tests of data migrations.

A trip back from the leaves is what costs: Django renders the project state again for every migration
it unapplies (and for every later one in the plan), seconds for a few dozen migrations. A module that
tests migrations of one app therefore goes back once, in a module fixture (``back_for_the_module``),
and its tests only take the short steps between neighbouring migrations of that app, with nothing
later applied; the database returns to the leaves when the module ends, whatever happened.
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


def historical_apps(targets):
    """The models as they were at ``targets`` (for rows written the way the code of then wrote them)."""
    return MigrationExecutor(connection).loader.project_state(targets).apps


@contextmanager
def back_for_the_module(django_db_blocker, targets) -> Iterator[None]:
    """For a module fixture of transactional tests: the database emptied, migrated back to ``targets``
    once, and forward to the leaves again when the module is done (also when going back failed).

    Emptied first, as a transactional test leaves it (the next plain database test gets the
    migrations' rows back, tests/conftest.py): at an earlier state some of those rows sit in tables the
    code no longer has (the review tasks before issue 17, in ``employment``), which the flush ending
    each transactional test does not empty, and their references would stop it."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        end = leaves()
        try:
            migrate(targets)
        except BaseException:
            migrate(end)
            raise
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            migrate(end)
