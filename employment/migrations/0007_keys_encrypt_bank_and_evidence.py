"""Encrypt payee bank account numbers and start-up subsidy evidence files at rest (issue 13).

* ``SubsidyApplication.bank_account`` becomes an ``EncryptedTextField`` beside a masked copy; existing
  rows and the ``bank_account`` of every existing revision of an application are encrypted here.
* Evidence files are stored by ``PrivateFileStorage(encrypted=True)``; existing files under
  PRIVATE_MEDIA_ROOT are encrypted in place here (each file swapped in whole, so an interrupted run
  leaves every file either plain or encrypted; the storage reads both). A file missing at migration
  time (e.g. the directory not mounted) is skipped with a warning: ``manage.py rotate_field_keys``
  encrypts any plain evidence file it finds.

Both steps are idempotent (a value or file already encrypted is left alone) and reversible.
"""

import logging
import os

from django.db import migrations, models

import employment.crypto
import employment.storage

logger = logging.getLogger(__name__)
TABLE = "employment_subsidyapplication"


def _mask(number: str) -> str:
    number = "".join(number.split())
    if not number:
        return ""
    return f"尾号 {number[-4:]}" if len(number) > 4 else "尾号 ****"


def _application_revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="employment", model="subsidyapplication").first()
    if content_type is None:
        return Revision.objects.none()
    return Revision.objects.filter(
        models.Q(base_content_type=content_type) | models.Q(content_type=content_type)
    ).order_by("pk")


def bank_accounts_encrypt(apps, schema_editor):
    crypto = employment.crypto
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, bank_account FROM {TABLE} WHERE bank_account <> ''")  # noqa: S608
        for pk, value in cursor.fetchall():
            plain = crypto.decrypt(value) if crypto.is_token(value) else value
            token = value if crypto.is_token(value) else crypto.encrypt(value)
            cursor.execute(
                f"UPDATE {TABLE} SET bank_account = %s, bank_account_masked = %s WHERE id = %s",  # noqa: S608
                [token, _mask(plain), pk],
            )
    for revision in _application_revisions(apps).iterator():
        content = revision.content
        value = content.get("bank_account") if isinstance(content, dict) else None
        if not isinstance(value, str) or not value or crypto.is_token(value):
            continue
        content["bank_account"] = crypto.encrypt(value)
        content["bank_account_masked"] = _mask(value)
        type(revision).objects.filter(pk=revision.pk).update(content=content)


def bank_accounts_decrypt(apps, schema_editor):
    crypto = employment.crypto
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT id, bank_account FROM {TABLE} WHERE bank_account <> ''")  # noqa: S608
        for pk, value in cursor.fetchall():
            if crypto.is_token(value):
                cursor.execute(
                    f"UPDATE {TABLE} SET bank_account = %s WHERE id = %s", [crypto.decrypt(value), pk]  # noqa: S608
                )
    for revision in _application_revisions(apps).iterator():
        content = revision.content
        value = content.get("bank_account") if isinstance(content, dict) else None
        if not crypto.is_token(value):
            continue
        content["bank_account"] = crypto.decrypt(value)
        content.pop("bank_account_masked", None)
        type(revision).objects.filter(pk=revision.pk).update(content=content)


def _evidence_paths(apps):
    storage = employment.storage.PrivateFileStorage(encrypted=True)
    SubsidyEvidence = apps.get_model("employment", "SubsidyEvidence")
    for name in SubsidyEvidence.objects.exclude(file="").order_by("pk").values_list("file", flat=True):
        path = storage.path(name)
        if os.path.exists(path):
            yield path
        else:
            logger.warning("Evidence file %s is missing; rotate_field_keys will encrypt it once restored", name)


def evidence_files_encrypt(apps, schema_editor):
    crypto = employment.crypto
    for path in _evidence_paths(apps):
        with open(path, "rb") as handle:
            encrypted = crypto.is_encrypted_file(handle.read(len(crypto.FILE_MAGIC)))
        if not encrypted:
            crypto.file_encrypt_in_place(path)


def evidence_files_decrypt(apps, schema_editor):
    for path in _evidence_paths(apps):
        employment.crypto.file_decrypt_in_place(path)


class Migration(migrations.Migration):

    dependencies = [
        ("employment", "0006_subsidy_evidence"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="subsidyapplication",
            name="bank_account_masked",
            field=models.CharField(
                blank=True, default="", editable=False, max_length=40, verbose_name="银行账号（脱敏）"
            ),
        ),
        migrations.AlterField(
            model_name="subsidyapplication",
            name="bank_account",
            field=employment.crypto.EncryptedTextField(blank=True, verbose_name="银行账号"),
        ),
        migrations.AlterField(
            model_name="subsidyevidence",
            name="file",
            field=models.FileField(
                max_length=200,
                storage=employment.storage.PrivateFileStorage(encrypted=True),
                upload_to="subsidy-evidence/",
                verbose_name="文件",
            ),
        ),
        migrations.RunPython(bank_accounts_encrypt, bank_accounts_decrypt),
        migrations.RunPython(evidence_files_encrypt, evidence_files_decrypt),
    ]
