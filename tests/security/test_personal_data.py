"""Personal data: key rotation re-encrypts every token, full values only for staff with a logged reason."""

from __future__ import annotations

import base64
import io

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from employment import crypto
from employment.models import JobSeeker, PersonalDataAccess
from quota.models import RosterEntry

pytestmark = pytest.mark.django_db


def _raw(model, column: str, pk: int) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name(column)} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def _decrypts_only_with(token: str, key: str) -> str:
    return Fernet(key.encode()).decrypt(token.encode()).decode()


def test_rotate_field_keys_reencrypts_every_token_under_the_new_key(world, sides, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    seeker = JobSeeker.objects.get(pk=world.seeker_a.pk)
    entry = sides["a"].entry
    resident_id, cert_no, entry_cert = seeker.resident_id, seeker.cert_no, crypto.decrypt(entry.cert_token)
    raw_before = _raw(JobSeeker, "resident_id", seeker.pk)
    assert resident_id not in raw_before  # encrypted at rest

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "employment.JobSeeker.resident_id: " in out.getvalue()

    for model, column, pk, plain in [
        (JobSeeker, "resident_id", seeker.pk, resident_id),
        (JobSeeker, "cert_no", seeker.pk, cert_no),
        (RosterEntry, "cert_token", entry.pk, entry_cert),
    ]:
        token = _raw(model, column, pk)
        assert _decrypts_only_with(token, new_key) == plain
        with pytest.raises(InvalidToken):
            _decrypts_only_with(token, old_key)

    # Revisions keep the roster as filed: their tokens are rotated too.
    revision = sides["a"].declaration.revisions.order_by("-pk").first()
    tokens = [row["cert_token"] for row in revision.content["roster"]]
    assert tokens and all(_decrypts_only_with(t, new_key) for t in tokens)

    # Drop the old key: everything still reads.
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    seeker = JobSeeker.objects.get(pk=seeker.pk)
    assert (seeker.resident_id, seeker.cert_no) == (resident_id, cert_no)
    assert crypto.decrypt(RosterEntry.objects.get(pk=entry.pk).cert_token) == entry_cert


def test_registry_names_real_fields_and_every_encrypted_field():
    """The registry in employment.crypto is checked against the models here; that it covers every token
    actually stored is checked by content in tests/security/test_key_rotation.py."""
    from django.apps import apps

    from employment.storage import PrivateFileStorage

    declared = {(entry.model, entry.field) for entry in crypto.ENCRYPTED_COLUMNS}
    for label, field in declared | {(f.model, f.field) for f in crypto.ENCRYPTED_FILES}:
        apps.get_model(label)._meta.get_field(field)  # raises if the registry names a field that is gone
    for entry in crypto.ENCRYPTED_REVISION_PATHS:
        assert hasattr(apps.get_model(entry.model), "save_revision"), entry
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, crypto.EncryptedTextField):
                assert (model._meta.label, field.name) in declared, f"{model._meta.label}.{field.name}"
            storage = getattr(field, "storage", None)
            if isinstance(storage, PrivateFileStorage) and storage.encrypted:
                assert (model._meta.label, field.name) in {(f.model, f.field) for f in crypto.ENCRYPTED_FILES}


def test_database_dump_reveals_no_identity_number(world):
    seeker = JobSeeker.objects.get(pk=world.seeker_a.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM employment_jobseeker WHERE id = %s", [seeker.pk])
        row = " ".join(str(v) for v in cursor.fetchone())
    assert seeker.resident_id not in row and seeker.cert_no not in row
    assert "****" in seeker.resident_id_masked and seeker.resident_id_masked in row
    assert base64.urlsafe_b64encode(seeker.resident_id.encode()).decode() not in row


def test_staff_reveal_requires_a_reason_and_is_logged(world, client_for):
    url = reverse("privacy-identity-reveal", args=[world.seeker_a.pk])
    client = client_for(world.users["town_x"])
    seeker = JobSeeker.objects.get(pk=world.seeker_a.pk)
    page = client.get(url).content.decode()
    assert seeker.resident_id not in page and seeker.cert_no not in page
    assert PersonalDataAccess.objects.count() == 0
    refused = client.post(url, {"reason": ""}).content.decode()
    assert "请填写查看事由" in refused and seeker.resident_id not in refused
    shown = client.post(url, {"reason": "核对残疾人证办理补贴"})
    assert seeker.resident_id in shown.content.decode() and "no-store" in shown["Cache-Control"]
    logs = PersonalDataAccess.objects.filter(user=world.users["town_x"], seeker=seeker)
    assert {log.field for log in logs} == {"身份证号", "残疾人证号"}
    assert all(log.reason == "核对残疾人证办理补贴" for log in logs)


@pytest.mark.parametrize("role", ["town_y", "employer_a", "seeker_a", "provider_a"])
def test_others_cannot_reveal(world, client_for, role):
    response = client_for(world.users[role]).post(
        reverse("privacy-identity-reveal", args=[world.seeker_a.pk]), {"reason": "想看看这个人"}
    )
    assert response.status_code in (403, 404)
    assert PersonalDataAccess.objects.count() == 0


def test_district_reads_the_access_log(world, client_for):
    client_for(world.users["town_x"]).post(
        reverse("privacy-identity-reveal", args=[world.seeker_a.pk]), {"reason": "核对就业登记"}
    )
    page = client_for(world.users["district"]).get(reverse("privacy-access-log")).content.decode()
    assert "town_x" in page and "核对就业登记" in page and "身份证号" in page
    filtered = client_for(world.users["district"]).get(reverse("privacy-access-log"), {"user": "nobody"})
    assert "核对就业登记" not in filtered.content.decode()
    assert client_for(world.users["town_x"]).get(reverse("privacy-access-log")).status_code == 403
