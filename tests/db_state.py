"""Putting a test database's rows back as they were saved (``serialize_db_to_string``): after a
transactional test emptied it (tests/conftest.py) or a test module replaced its rows (the app-move
upgrade in tests/migrations/test_app_moves.py)."""

from __future__ import annotations


def database_restore(saved: str) -> None:
    """Empty every table, load ``saved`` back under its own ids, and make what follows consistent."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection

    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    ContentType.objects.clear_cache()
    connection.creation.deserialize_db_from_string(_content_types_first(saved))
    # The rows came back with their ids; on PostgreSQL the flushed sequences would hand those ids out
    # again (SQLite's follow the largest id by themselves).
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    # Forget what was cached from the database before (content types post_migrate made again under
    # other ids after a flush; Wagtail's site root paths).
    ContentType.objects.clear_cache()
    cache.clear()


def _content_types_first(saved: str) -> str:
    """``saved`` with the content types at the head. Loading a row can ask for a model's content type
    (Wagtail's tasks and pages fill theirs in): asked before the saved one is back, it is created
    afresh, under an id a saved content type still has to take (PostgreSQL's flush restarts the
    sequences), and putting that one back then collides."""
    import json

    rows = json.loads(saved)
    first = [row for row in rows if row["model"] == "contenttypes.contenttype"]
    return json.dumps(first + [row for row in rows if row["model"] != "contenttypes.contenttype"])
