"""`manage.py rotate_field_keys`: re-encrypt every personal-data token under the newest key.

Key rotation (README "Security and operations"): prepend a new key to FIELD_ENCRYPTION_KEYS, deploy,
run this command, then remove the old key. It rewrites, in one transaction per table:

* every ``EncryptedTextField`` column of every installed model (found by introspection, so a new
  encrypted field is covered without touching this command);
* the plain token columns listed in ``TOKEN_COLUMNS`` (e.g. ``RosterEntry.cert_token``);
* the same token keys inside Wagtail revision JSON (a declaration's revisions keep the roster as
  filed), so an old revision still opens after the old key is dropped.

Running it twice is harmless (a token already under the newest key is simply re-encrypted). Values
are read and written as raw tokens: the plain value never leaves ``crypto.rotate``.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from employment import crypto
from employment.crypto import EncryptedTextField

# (app_label.Model, column attribute) holding Fernet tokens in a plain TextField.
TOKEN_COLUMNS: list[tuple[str, str]] = [("employment.RosterEntry", "cert_token")]
# Keys whose string values are Fernet tokens wherever they appear in revision content.
REVISION_TOKEN_KEYS = {"cert_token", "resident_id", "cert_no"}


def encrypted_columns() -> list[tuple[type, str]]:
    found: list[tuple[type, str]] = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                found.append((model, field.column))
    for label, attr in TOKEN_COLUMNS:
        model = apps.get_model(label)
        found.append((model, model._meta.get_field(attr).column))
    return found


def _rotate_column(model, column: str) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    col = connection.ops.quote_name(column)
    pk = connection.ops.quote_name(model._meta.pk.column)
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {pk}, {col} FROM {table} WHERE {col} IS NOT NULL AND {col} <> ''")  # noqa: S608
        for row_pk, token in cursor.fetchall():
            cursor.execute(f"UPDATE {table} SET {col} = %s WHERE {pk} = %s", [crypto.rotate(token), row_pk])  # noqa: S608
            count += 1
    return count


def _rotate_json(value) -> tuple[object, int]:
    if isinstance(value, dict):
        changed = 0
        out = {}
        for key, item in value.items():
            if key in REVISION_TOKEN_KEYS and isinstance(item, str) and item:
                out[key], changed = crypto.rotate(item), changed + 1
            else:
                out[key], n = _rotate_json(item)
                changed += n
        return out, changed
    if isinstance(value, list):
        results = [_rotate_json(item) for item in value]
        return [r[0] for r in results], sum(r[1] for r in results)
    return value, 0


def _rotate_revisions() -> int:
    from wagtail.models import Revision

    count = 0
    with transaction.atomic():
        for revision in Revision.objects.select_for_update().only("pk", "content").iterator():
            content, n = _rotate_json(revision.content)
            if n:
                Revision.objects.filter(pk=revision.pk).update(content=content)
                count += n
    return count


def field_keys_rotate() -> dict[str, int]:
    """Re-encrypt everything; returns the number of tokens rewritten per location."""
    counts: dict[str, int] = {}
    for model, column in encrypted_columns():
        counts[f"{model._meta.label}.{column}"] = _rotate_column(model, column)
    counts["wagtailcore.Revision.content"] = _rotate_revisions()
    return counts


class Command(BaseCommand):
    help = "Re-encrypt every personal-data field under the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        for where, n in field_keys_rotate().items():
            self.stdout.write(f"{where}: {n}")
        self.stdout.write(self.style.SUCCESS("完成：全部敏感字段已用最新密钥重新加密。"))
