"""`manage.py rotate_field_keys`: bring every encrypted personal-data value and file under the newest
key of FIELD_ENCRYPTION_KEYS; ``--check`` only reports what is not there yet.

Procedure (README "Rotating the encryption key"): prepend a new key to FIELD_ENCRYPTION_KEYS, restart
the web and Celery processes, run this command, run it with ``--check``, then drop the old key.

What it rewrites is exactly the registry in ``employment.crypto`` — never a guess by key name:

* ``ENCRYPTED_COLUMNS``: model columns holding a token (``JobSeeker.resident_id``/``cert_no``,
  ``RosterEntry.cert_token``, ``SIClaimLine.cert_token``, ``SubsidyApplication.bank_account``,
  ``AuthenticatorDevice.key``);
* ``ENCRYPTED_REVISION_PATHS``: the same values inside Wagtail revision content (a declaration's
  roster, an application's bank account and social-insurance lines, as filed);
* ``ENCRYPTED_FILES``: evidence files in private storage (a file still stored plain is encrypted).

A value at a registered place that is not a token, or that no configured key opens, is an error
that names the place; a token anywhere else is not touched (the guard test finds those).

Failure behaviour — all-or-nothing for the database, resumable for files:

1. Database: one transaction for every column and every revision, rows locked as they are read
   (``SELECT … FOR UPDATE`` on PostgreSQL), so an application writing meanwhile waits instead of
   being overwritten. Any error rolls everything back: the database is as before the run.
2. Files, after that commit, one at a time: each is re-encrypted into a temporary file beside it and
   swapped in with ``os.replace``, so an interruption (error, kill, power cut) leaves every file whole,
   under either the old or the new key — both still configured, both readable.

Either way, run the command again: values and files already under the newest key are skipped, the
rest are done. Running it twice is therefore harmless. Plain values never leave ``employment.crypto``.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Q

from employment import crypto

BATCH = 500


class RotationError(CommandError):
    """A registered place holds something rotation cannot handle; the message names it."""


@dataclass
class Tally:
    """Per place: values re-encrypted, values already under the newest key, and (``--check``) the
    places still needing rotation."""

    rotated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    current: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    pending: list[str] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)

    def places(self) -> list[str]:
        return sorted(set(self.rotated) | set(self.current))


def _rotated(token: object, where: str) -> str:
    if not crypto.is_token(token):
        raise RotationError(
            f"{where} 应当是加密值，却不是（可能是迁移未完成或被直接改过数据库）。全部更改已撤销，"
            "请先运行 manage.py migrate，或查明这一处数据后重新运行本命令。"
        )
    try:
        return crypto.rotate(token)
    except InvalidToken as exc:
        raise RotationError(
            f"{where} 无法用 FIELD_ENCRYPTION_KEYS 中的任何密钥解密。全部更改已撤销。"
            "请确认旧密钥仍在 FIELD_ENCRYPTION_KEYS 中（新密钥在前、旧密钥在后），然后重新运行本命令。"
        ) from exc


def _visit(token: object, where: str, place: str, tally: Tally, *, check: bool) -> str | None:
    """The token to write back, or None when nothing is to be written."""
    if crypto.is_token(token) and crypto.under_newest_key(token):
        tally.current[place] += 1
        return None
    if check:
        tally.pending.append(where)
        return None
    new = _rotated(token, where)
    tally.rotated[place] += 1
    return new


def _columns(tally: Tally, *, check: bool) -> None:
    lock = " FOR UPDATE" if connection.features.has_select_for_update and not check else ""
    for entry in crypto.ENCRYPTED_COLUMNS:
        model = apps.get_model(entry.model)
        place = f"{model._meta.label}.{entry.field}"
        tally.current[place] += 0
        qn = connection.ops.quote_name
        table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
        col = qn(model._meta.get_field(entry.field).column)
        last = None
        with connection.cursor() as cursor:
            while True:
                after = "" if last is None else f" AND {pk} > %s"
                cursor.execute(
                    f"SELECT {pk}, {col} FROM {table} WHERE {col} IS NOT NULL AND {col} <> ''{after} "  # noqa: S608
                    f"ORDER BY {pk} LIMIT {BATCH}{lock}",
                    [] if last is None else [last],
                )
                rows = cursor.fetchall()
                if not rows:
                    break
                for row_pk, token in rows:
                    new = _visit(token, f"{place} id={row_pk}", place, tally, check=check)
                    if new is not None:
                        cursor.execute(f"UPDATE {table} SET {col} = %s WHERE {pk} = %s", [new, row_pk])  # noqa: S608
                last = rows[-1][0]


def _revisions(tally: Tally, *, check: bool) -> None:
    from wagtail.models import Revision

    paths: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for entry in crypto.ENCRYPTED_REVISION_PATHS:
        paths[entry.model].append(entry.path)
    for label, model_paths in paths.items():
        model = apps.get_model(label)
        content_type = ContentType.objects.get_for_model(model)
        revisions = Revision.objects.filter(Q(base_content_type=content_type) | Q(content_type=content_type))
        if not check:
            revisions = revisions.select_for_update()
        place_of = {path: f"wagtailcore.Revision.content[{label}].{'.'.join(path)}" for path in model_paths}
        for path in model_paths:
            tally.current[place_of[path]] += 0
        last = 0
        while True:
            batch = list(revisions.filter(pk__gt=last).order_by("pk").only("pk", "content")[:BATCH])
            if not batch:
                break
            for revision in batch:
                content, changed = revision.content, False
                for path in model_paths:
                    for where, container, key in crypto.revision_values(content, path):
                        spot = f"Revision id={revision.pk} ({label}) {'.'.join(map(str, where))}"
                        new = _visit(container[key], spot, place_of[path], tally, check=check)
                        if new is not None:
                            container[key], changed = new, True
                if changed:
                    Revision.objects.filter(pk=revision.pk).update(content=content)
            last = batch[-1].pk


def _files(tally: Tally, *, check: bool) -> None:
    for entry in crypto.ENCRYPTED_FILES:
        model = apps.get_model(entry.model)
        storage = model._meta.get_field(entry.field).storage
        place = f"{model._meta.label}.{entry.field} (文件)"
        tally.current[place] += 0
        for pk, name in model.objects.exclude(**{entry.field: ""}).order_by("pk").values_list("pk", entry.field):
            path = storage.path(name)
            where = f"{place} id={pk} {name}"
            if not os.path.exists(path):
                tally.missing_files.append(where)
                continue
            if crypto.file_under_newest_key(path):
                tally.current[place] += 1
                continue
            if check:
                tally.pending.append(where)
                continue
            try:
                storage.encrypt_in_place(name)
            except crypto.EncryptedFileError as exc:
                raise RotationError(
                    f"{where} 已损坏或无法用已配置的密钥解密（{exc}），没有改动。数据库和此前的文件已完成轮换；"
                    "请从备份恢复这个文件，然后重新运行本命令，它会从未完成的文件继续。"
                ) from exc
            tally.rotated[place] += 1


def field_keys_rotate() -> Tally:
    """Re-encrypt every registered value (one transaction), then every registered file (one by one)."""
    tally = Tally()
    with transaction.atomic():
        _columns(tally, check=False)
        _revisions(tally, check=False)
    _files(tally, check=False)
    return tally


def field_keys_check() -> Tally:
    """What rotation would still do: every registered value or file the newest key alone cannot open."""
    tally = Tally()
    _columns(tally, check=True)
    _revisions(tally, check=True)
    _files(tally, check=True)
    return tally


class Command(BaseCommand):
    help = (
        "Re-encrypt every personal-data value and evidence file under the first key of FIELD_ENCRYPTION_KEYS "
        "(--check: only report what is not under it yet)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true",
            help="Change nothing; list values and files the newest key alone cannot open and exit 1 if any.",
        )

    def handle(self, *args, check: bool = False, **options):
        tally = field_keys_check() if check else field_keys_rotate()
        for place in tally.places():
            self.stdout.write(f"{place}: 重新加密 {tally.rotated.get(place, 0)}，已是最新密钥 {tally.current.get(place, 0)}")
        for where in tally.missing_files:
            self.stderr.write(f"文件缺失，未能处理：{where}。请从备份恢复 PRIVATE_MEDIA_ROOT 后重新运行本命令。")
        if check:
            for where in tally.pending:
                self.stdout.write(f"尚未用最新密钥加密：{where}")
            if tally.pending:
                raise CommandError(
                    f"还有 {len(tally.pending)} 处没有用最新密钥加密，请先运行 manage.py rotate_field_keys，"
                    "在它报告完成之前不要删除旧密钥。"
                )
            self.stdout.write(self.style.SUCCESS("检查通过：全部敏感字段和文件都已用最新密钥加密，可以删除旧密钥。"))
            return
        self.stdout.write(self.style.SUCCESS("完成：全部敏感字段和文件已用最新密钥加密。请运行 --check 确认后再删除旧密钥。"))
