"""The migration that switches on encryption of bank accounts and evidence files (employment 0007)
encrypts what was stored before it — rows, the bank account inside existing revisions, files on disk —
and is idempotent and reversible. Runs the real migrations backwards and forwards on the test database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from employment import crypto

BEFORE = [("employment", "0006_subsidy_evidence")]
AFTER = [("employment", "0007_keys_encrypt_bank_and_evidence")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ACCOUNT = "6222020000000001"


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _seed_before(apps, private_root: Path) -> dict:
    """Rows as the code before issue 13 stored them: plain account number, plain revision, plain file."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    Town = apps.get_model("employment", "Town")
    SubsidyApplication = apps.get_model("employment", "SubsidyApplication")
    SubsidyEvidence = apps.get_model("employment", "SubsidyEvidence")
    town = Town.objects.create(code="330203005", name="鼓楼街道")
    application = SubsidyApplication.objects.create(
        programme="startup", year=2025, town=town, bank_account_name="张甲", bank_name="工行", bank_account=ACCOUNT,
    )
    content_type, _ = ContentType.objects.get_or_create(app_label="employment", model="subsidyapplication")
    revision = Revision.objects.create(
        content_type=content_type, base_content_type=content_type, object_id=str(application.pk),
        object_str="张甲 2025年度一次性创业补贴", created_at=timezone.now(),
        content={"pk": application.pk, "programme": "startup", "year": 2025, "town": town.pk,
                 "bank_account_name": "张甲", "bank_name": "工行", "bank_account": ACCOUNT, "si_lines": []},
    )
    name = "subsidy-evidence/0123456789abcdef.pdf"
    (private_root / "subsidy-evidence").mkdir(parents=True)
    (private_root / name).write_bytes(PDF)
    SubsidyEvidence.objects.create(application=application, kind="licence", file=name, original_name="执照.pdf",
                                   size=len(PDF), content_type="application/pdf")
    return {"application": application.pk, "revision": revision.pk, "file": private_root / name}


@pytest.mark.django_db(transaction=True)
def test_migration_encrypts_existing_accounts_revisions_and_files_and_reverses(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        seeded = _seed_before(_migrate(BEFORE), Path(settings.PRIVATE_MEDIA_ROOT))

        _migrate(AFTER)
        (stored, masked), = _raw("SELECT bank_account, bank_account_masked FROM employment_subsidyapplication")
        assert crypto.is_token(stored) and crypto.decrypt(stored) == ACCOUNT and masked == "尾号 0001"
        (content,), = _raw("SELECT content FROM wagtailcore_revision WHERE id = %s", [seeded["revision"]])
        content = json.loads(content) if isinstance(content, str) else content
        assert crypto.is_token(content["bank_account"]) and crypto.decrypt(content["bank_account"]) == ACCOUNT
        assert ACCOUNT not in json.dumps(content) and content["bank_account_masked"] == "尾号 0001"
        on_disk = seeded["file"].read_bytes()
        assert on_disk.startswith(crypto.FILE_MAGIC) and b"%PDF" not in on_disk

        # Reversed straight from 0007 (the later migrations were already reversed and re-applied on the
        # way down from the leaves; each trip through the whole graph costs seconds, so only one).
        _migrate(BEFORE)  # reversible: plain again for the code before issue 13
        (stored,), = _raw("SELECT bank_account FROM employment_subsidyapplication")
        assert stored == ACCOUNT
        assert seeded["file"].read_bytes() == PDF
        _migrate(AFTER)  # and forward again: still exactly one layer of encryption
        (stored,), = _raw("SELECT bank_account FROM employment_subsidyapplication")
        assert crypto.decrypt(stored) == ACCOUNT

        from employment.storage import private_storage
        from subsidies.models import SubsidyApplication, SubsidyEvidence

        # The models live in the subsidies app now (issue 17): read them through the code once every
        # later migration has run.
        _migrate(leaves)
        application = SubsidyApplication.objects.get(pk=seeded["application"])
        assert application.bank_account == ACCOUNT
        assert application.revisions.get().as_object().bank_account == ACCOUNT
        with private_storage.open(SubsidyEvidence.objects.get().file.name) as handle:
            assert handle.read() == PDF
        assert SubsidyApplication.objects.get().revisions.get().as_object().bank_account == ACCOUNT
    finally:
        _migrate(leaves)
