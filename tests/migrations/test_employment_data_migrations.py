"""Data migrations of ``employment`` on a database that already has rows, all from one database put at
0006 once:

- 0007, which switches on encryption of bank accounts and evidence files, encrypts what was stored
  before it — rows, the bank account inside existing revisions, files on disk — and is idempotent and
  reversible;
- 0009, which adds certificate verification, marks existing staff-made records verified and existing
  self-registrations 待核验;
- 0013_username_fold: every account gets its folded username, and two accounts whose names fold alike
  stop the migration, naming both (an administrator renames one first) — nothing half-applied;
- 0025, which moves the staff authenticators out of django-otp's table with their secrets encrypted.

Each test runs the real migrations backwards and forwards on the test database. Taking it back from the
leaves costs seconds (Django renders the project state again for every migration it unapplies), so the
module puts it at 0006 once (``_employment_0006``), built forwards from nothing to what a trip back
would leave (``steps.rebuild_at``, cheaper still). Each test starts from an empty database at the state
before its migration with nothing later applied, and takes only short steps; in file order: the
verification test (0006 to 0009), the two fold tests (on to the end of issue 17's moves, ``MOVED``,
then 0013), the key test (back to 0006, through 0007 and on to the leaves), the authenticator test (one
step back from the leaves, 0025 forwards and back). The module fixture leaves
the database at the leaves whatever happened.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from employment import crypto
from tests.migrations import steps

# Transactional tests: migrations cannot run inside a transaction. The group keeps the module's tests
# on one xdist worker, so the database is put at 0006 once.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("migrations-employment")]
BEFORE = [("employment", "0006_subsidy_evidence")]
AFTER = [("employment", "0007_keys_encrypt_bank_and_evidence")]
BEFORE_VERIFICATION = [("employment", "0008_duties_payment_details_change")]
AFTER_VERIFICATION = [("employment", "0009_signup_verification_and_claims")]
# Issue 17's moves done (employment 0012 and the new apps' tables): the state before the fold, and where
# a test on PostgreSQL can end short of the leaves (steps.back_for_the_module).
MOVED = [("employment", "0012_models_moved_out"), ("quota", "0002_tables"), ("subsidies", "0002_tables"),
         ("households", "0002_tables"), ("review", "0002_tables")]
FOLD = [("employment", "0013_username_fold")]
BEFORE_SEAL = [("employment", "0024_alter_application_interview_format_and_more")]
SEAL = [("employment", "0025_authenticator_key_encrypted")]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ACCOUNT = "6222020000000001"


@pytest.fixture(scope="module")
def _employment_0006(django_db_setup, django_db_blocker):
    with steps.back_for_the_module(django_db_blocker, BEFORE, rebuild=True):
        yield


@pytest.fixture
def at_0006(_employment_0006, transactional_db):
    """The database empty at 0006 (some steps back from where an earlier test of the module stopped)."""
    steps.migrate(BEFORE)
    steps.empty_every_table()


@pytest.fixture
def at_0012(_employment_0006, transactional_db):
    """The database empty at 0012 with the moves done (a step forward from 0009 or back from 0013)."""
    steps.migrate(MOVED)
    steps.empty_every_table()


@pytest.fixture
def at_0024(_employment_0006, transactional_db):
    """The database empty just before 0025 (a step back from the leaves, where the key test ends)."""
    steps.migrate(BEFORE_SEAL)
    steps.empty_every_table()


def _raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _seed_seekers(apps) -> dict:
    """Records as the code before 0009 stored them: one the person registered themselves (created_by is
    their own account), one town staff registered, one imported (no creator, like demo data)."""
    from domain import identity
    from employment import services

    User = apps.get_model("auth", "User")
    Town = apps.get_model("employment", "Town")
    JobSeeker = apps.get_model("employment", "JobSeeker")
    town = Town.objects.create(code="330203005", name="鼓楼街道")
    seeker_user = User.objects.create(username="seeker_a", password="!")
    town_user = User.objects.create(username="town_x", password="!")

    def seeker(n: int, name: str, **links):
        rid = identity.make_resident_id(region="330203", birth=date(1990, 1, n), seq=n)
        fields = services.seeker_identity_fields(rid, identity.make_disability_cert(rid, 4, 3))
        return JobSeeker.objects.create(name=name, town=town, **links, **fields).pk

    return {
        "self_registered": seeker(1, "张甲", user=seeker_user, created_by=seeker_user),
        "staff_made": seeker(2, "员工登记", created_by=town_user),
        "imported": seeker(3, "导入"),
        "town_user": town_user.pk,
    }


def test_existing_records_get_their_verification_status(at_0006):
    from django.contrib.auth import get_user_model

    from employment.models import JobSeeker

    try:
        steps.migrate(BEFORE_VERIFICATION)
        seeded = _seed_seekers(steps.historical_apps(BEFORE_VERIFICATION))
        steps.migrate(AFTER_VERIFICATION)
        rows = {s.pk: s for s in JobSeeker.objects.all()}
    finally:
        if connection.vendor == "postgresql":
            # The flush ending the test would TRUNCATE tables that the tables from before issue 17
            # reference, which PostgreSQL refuses (SQLite deletes their rows: the old tables are empty).
            steps.migrate(MOVED)  # where the fold tests start
    town_x = get_user_model().objects.get(pk=seeded["town_user"])

    assert rows[seeded["self_registered"]].verified_at is None
    assert rows[seeded["staff_made"]].verified_at == rows[seeded["staff_made"]].created_at
    assert rows[seeded["staff_made"]].verified_by == town_x
    assert rows[seeded["imported"]].verified_at is not None and rows[seeded["imported"]].verified_by is None


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


def test_existing_accounts_get_their_fold(at_0012):
    _add_users("Zhang_San", "ｌｉ_si")
    steps.migrate(FOLD)  # no later migration touches the folds
    from employment.models import UsernameFold

    assert set(UsernameFold.objects.values_list("user__username", "fold")) == {
        ("Zhang_San", "zhang_san"), ("ｌｉ_si", "li_si")}


def test_names_folding_alike_stop_the_migration_and_name_both(at_0012):
    _add_users("zhang", "ＺＨＡＮＧ")
    with pytest.raises(RuntimeError) as stopped:
        steps.migrate(FOLD)
    assert "'zhang' / 'ＺＨＡＮＧ'" in str(stopped.value)
    assert "employment_usernamefold" not in _tables()  # rolled back with the migration
    with connection.cursor() as cursor:
        cursor.execute("UPDATE auth_user SET username = 'zhang2' WHERE username = 'ＺＨＡＮＧ'")
    steps.migrate(FOLD)
    assert "employment_usernamefold" in _tables()


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


def test_migration_encrypts_existing_accounts_revisions_and_files_and_reverses(at_0006, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    leaves = steps.leaves()
    try:
        seeded = _seed_before(steps.historical_apps(BEFORE), Path(settings.PRIVATE_MEDIA_ROOT))

        steps.migrate(AFTER)
        (stored, masked), = _raw("SELECT bank_account, bank_account_masked FROM employment_subsidyapplication")
        assert crypto.is_token(stored) and crypto.decrypt(stored) == ACCOUNT and masked == "尾号 0001"
        (content,), = _raw("SELECT content FROM wagtailcore_revision WHERE id = %s", [seeded["revision"]])
        content = json.loads(content) if isinstance(content, str) else content
        assert crypto.is_token(content["bank_account"]) and crypto.decrypt(content["bank_account"]) == ACCOUNT
        assert ACCOUNT not in json.dumps(content) and content["bank_account_masked"] == "尾号 0001"
        on_disk = seeded["file"].read_bytes()
        assert on_disk.startswith(crypto.FILE_MAGIC) and b"%PDF" not in on_disk

        # Reversed straight from 0007 (a trip back through the later migrations costs seconds; the
        # app-move upgrade, tests/migrations/test_app_moves.py, takes the database back through them).
        steps.migrate(BEFORE)  # reversible: plain again for the code before issue 13
        (stored,), = _raw("SELECT bank_account FROM employment_subsidyapplication")
        assert stored == ACCOUNT
        assert seeded["file"].read_bytes() == PDF
        steps.migrate(AFTER)  # and forward again: still exactly one layer of encryption
        (stored,), = _raw("SELECT bank_account FROM employment_subsidyapplication")
        assert crypto.decrypt(stored) == ACCOUNT

        from employment.storage import private_storage
        from subsidies.models import SubsidyApplication, SubsidyEvidence

        # The models live in the subsidies app now (issue 17): read them through the code once every
        # later migration has run.
        steps.migrate(leaves)
        application = SubsidyApplication.objects.get(pk=seeded["application"])
        assert application.bank_account == ACCOUNT
        assert application.revisions.get().as_object().bank_account == ACCOUNT
        with private_storage.open(SubsidyEvidence.objects.get().file.name) as handle:
            assert handle.read() == PDF
        assert SubsidyApplication.objects.get().revisions.get().as_object().bank_account == ACCOUNT
    finally:
        steps.migrate(leaves)


# ---- 0025: staff authenticator secrets encrypted --------------------------------------------------


def test_migration_moves_authenticators_with_their_keys_encrypted_and_reverses(at_0024):
    """Devices enrolled before 0025 sit in django-otp's table with the key in plain hex; 0025 moves each,
    with every field and its creation moment, into ``AuthenticatorDevice`` with the key encrypted, and
    leaves django-otp's table empty; the moved device still checks the codes of the app. Going back
    restores django-otp's rows as they were."""
    from django.contrib.auth.models import User
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from employment.models import AuthenticatorDevice

    leaves = steps.leaves()
    try:
        town, district = (User.objects.create(username=name, password="!") for name in ("town_x", "district"))
        enrolled = timezone.now().replace(microsecond=0) - timedelta(days=90)
        TOTPDevice.objects.create(user=town, name="验证器应用", key="3132333435363738393031323334353637383930",
                                  confirmed=True, last_t=100, drift=1, throttling_failure_count=2)
        TOTPDevice.objects.create(user=district, name="验证器应用", key="ab" * 20, confirmed=False)
        TOTPDevice.objects.update(created_at=enrolled)
        before = sorted(TOTPDevice.objects.values_list("user_id", "name", "key", "confirmed", "last_t", "drift",
                                                       "throttling_failure_count", "created_at"))

        steps.migrate(SEAL)
        assert _raw("SELECT COUNT(*) FROM otp_totp_totpdevice") == [(0,)]
        stored = [key for (key,) in _raw("SELECT key FROM employment_authenticatordevice ORDER BY id")]
        assert len(stored) == 2 and all(crypto.is_token(key) for key in stored)
        assert {crypto.decrypt(key) for key in stored} == {"3132333435363738393031323334353637383930", "ab" * 20}
        assert sorted(AuthenticatorDevice.objects.values_list(
            "user_id", "name", "key", "confirmed", "last_t", "drift", "throttling_failure_count", "created_at")) == before
        device = AuthenticatorDevice.objects.get(user=town)
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        device.throttling_failure_count = 0
        assert device.verify_token(f"{code:06d}")

        steps.migrate(BEFORE_SEAL)
        restored = dict(_raw("SELECT user_id, key FROM otp_totp_totpdevice"))
        assert restored == {town.pk: "3132333435363738393031323334353637383930", district.pk: "ab" * 20}
    finally:
        steps.migrate(leaves)
