"""Identity numbers are unreadable in the database, readable through the model, findable by hash."""

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from employment import crypto, services
from employment.models import JobSeeker

pytestmark = pytest.mark.django_db


def test_numbers_not_stored_in_clear(world):
    seeker = world.seeker_a
    with connection.cursor() as cursor:
        cursor.execute("SELECT resident_id, cert_no FROM employment_jobseeker WHERE id = %s", [seeker.pk])
        stored_rid, stored_cert = cursor.fetchone()
    assert seeker.resident_id not in stored_rid
    assert seeker.cert_no not in stored_cert
    reloaded = JobSeeker.objects.get(pk=seeker.pk)
    assert reloaded.cert_no == seeker.cert_no
    assert reloaded.resident_id == seeker.resident_id


def test_lookup_by_certificate_hash(world):
    assert services.seeker_find_by_cert(world.seeker_a.cert_no) == world.seeker_a
    assert services.seeker_find_by_cert("not a number") is None


def test_duplicate_certificate_refused(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        services.seeker_register(
            name="重复", resident_id=world.seeker_a.resident_id, cert_no=world.seeker_a.cert_no, town=world.town_x
        )
    assert "已经登记过" in str(excinfo.value)


def test_key_rotation_keeps_values_readable(world, settings):
    old_token = crypto.encrypt("330203199001011234")
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, *settings.FIELD_ENCRYPTION_KEYS]
    assert crypto.decrypt(old_token) == "330203199001011234"
    rotated = crypto.rotate(old_token)
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert crypto.decrypt(rotated) == "330203199001011234"
