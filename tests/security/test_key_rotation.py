"""Key rotation that completes (issue 13): ``manage.py rotate_field_keys`` on a database holding
submitted and approved declarations (with revisions), subsidy applications of all three programmes
(with revisions), social-insurance lines, bank accounts, a staff authenticator's secret and encrypted
evidence files.

The guard works by content, not by names: every text column of every table and every string inside
JSON (Wagtail revisions included) is scanned for Fernet tokens, and every evidence file under
PRIVATE_MEDIA_ROOT is read; after rotation each must open with the new key and not with the old one.
A token the registry (``employment.crypto``) forgets therefore fails the test wherever it lives.

Runs on SQLite and on PostgreSQL (``DATABASE_URL=postgres://…``).
"""

from __future__ import annotations

import io
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from domain import identity
from employment import crypto
from employment.models import AuthenticatorDevice, JobSeeker, Notification, PersonalDataAccess
from quota.models import Declaration
from subsidies import services as subsidies
from subsidies.models import Programme, SIClaimLine, SubsidyApplication, SubsidyEvidence
from tests.subsidies.conftest import (  # noqa: F401 - fixtures
    BANK,
    PDF_BYTES,
    YEAR,
    approve,
    approved_declaration,
    cert,
    policy,
    private_media,
    roster_entry_id,
    roster_row,
    start_declaration,
    startup_filed,
)

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"gAAAAA[A-Za-z0-9_\-]+=*")
# A multi-chunk evidence file (chunks are 256 KiB): a PDF header and incompressible bytes.
BIG_PDF = PDF_BYTES + os.urandom(700 * 1024)


# ---- what is in the database and on disk ----------------------------------------------------------


def _strings(value, path=()):
    """Every string inside a column value, with its JSON path (a JSON text is parsed first)."""
    if isinstance(value, memoryview | bytes):
        return
    if isinstance(value, str):
        stripped = value.lstrip()
        if stripped[:1] in ("{", "["):
            try:
                yield from _strings(json.loads(value), path)
                return
            except ValueError:
                pass
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def fernet_tokens() -> dict[tuple, str]:
    """Every Fernet token in every column of every table: {(table, column, row id, json path, n): token}."""
    found: dict[tuple, str] = {}
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
            cursor.execute(f"SELECT * FROM {qn(table)} ORDER BY 1")  # noqa: S608
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    for path, text in _strings(value):
                        for n, match in enumerate(TOKEN.finditer(text)):
                            found[(table, column, row[0], path, n)] = match.group(0)
    return found


def evidence_files(root) -> list[Path]:
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


def _opens(token: str, key: str) -> str | None:
    try:
        return Fernet(key.encode()).decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def _file_opens(path: Path, key: str, settings) -> bool:
    keys = settings.FIELD_ENCRYPTION_KEYS
    settings.FIELD_ENCRYPTION_KEYS = [key]
    try:
        return crypto.file_under_newest_key(str(path))
    finally:
        settings.FIELD_ENCRYPTION_KEYS = keys


def _read(storage_name: str) -> bytes:
    from employment.storage import private_storage

    with private_storage.open(storage_name) as handle:
        return handle.read()


# ---- the seeded database ------------------------------------------------------------------------------


@pytest.fixture
def seeded(world, approved_declaration, approve, start_declaration, private_media):  # noqa: F811
    """Approved and submitted declarations, a reward, a social-insurance and two start-up applications
    (revisions, lines, bank accounts, a payment list), four evidence files, one of several chunks,
    and a staff member's authenticator."""
    from quota import services as declarations

    employer_user = world.users["employer_a"]
    approved = approved_declaration(world.employer_a, employer_user, [roster_row(n) for n in range(1, 5)])
    submitted = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(20), roster_row(21)])
    declarations.declaration_submit(declaration=submitted, user=world.users["employer_b"])

    reward = approve(subsidies.reward_application_create(declaration=approved, bank=BANK, user=employer_user))
    si = subsidies.si_application_start(employer=world.employer_a, year=YEAR, user=employer_user)
    for n in (1, 2):
        subsidies.si_line_save(application=si, roster_entry_id=roster_entry_id(si, f"职工{n}"), name=f"职工{n}", months=[1, 2, 3],
                               contribution=Decimal("800"), user=employer_user)
    subsidies.subsidy_bank_update(application=si, bank={**BANK, "bank_account": "6222020000000002"},
                                  user=employer_user)
    subsidies.evidence_add(application=si, kind="si_payment", filename="社保缴费证明.pdf", content=PDF_BYTES,
                           user=employer_user)
    subsidies.subsidy_submit(application=si, user=employer_user)

    startup_a = approve(startup_filed(world))
    startup_b = startup_filed(world, seeker=world.seeker_b, user=world.users["seeker_b"], evidence=False,
                              code=identity.make_credit_code("91330203MA2AB1C3E"))
    subsidies.evidence_add(application=startup_b, kind="premises", filename="租赁合同.pdf", content=BIG_PDF,
                           user=world.users["seeker_b"])
    subsidies.evidence_add(application=startup_b, kind="licence", filename="执照.pdf", content=PDF_BYTES,
                           user=world.users["seeker_b"])
    subsidies.subsidy_submit(application=startup_b, user=world.users["seeker_b"])
    subsidies.payment_list_create(programme=Programme.REWARD, year=YEAR, user=world.users["district"])
    AuthenticatorDevice.objects.create(user=world.users["town_x"], name="验证器应用", confirmed=True)
    return {"declarations": [approved, submitted], "applications": [reward, si, startup_a, startup_b]}


def plain_values() -> dict[str, object]:
    """Everything encrypted, read back through the application (with whatever keys are configured)."""
    values: dict[str, object] = {}
    for seeker in JobSeeker.objects.order_by("pk"):
        values[f"seeker {seeker.pk}"] = (seeker.resident_id, seeker.cert_no)
    for declaration in Declaration.objects.order_by("pk"):
        values[f"declaration {declaration.pk}"] = [crypto.decrypt(e.cert_token) for e in declaration.roster.all()]
        for revision in declaration.revisions.order_by("pk"):
            restored = revision.as_object()
            values[f"declaration revision {revision.pk}"] = [crypto.decrypt(e.cert_token) for e in restored.roster.all()]
    for application in SubsidyApplication.objects.order_by("pk"):
        values[f"application {application.pk}"] = application.bank_account
        for revision in application.revisions.order_by("pk"):
            restored = revision.as_object()
            values[f"application revision {revision.pk}"] = (
                restored.bank_account, [crypto.decrypt(line.cert_token) for line in restored.si_lines.all()])
    for line in SIClaimLine.objects.order_by("pk"):
        values[f"si line {line.pk}"] = crypto.decrypt(line.cert_token)
    for evidence in SubsidyEvidence.objects.order_by("pk"):
        values[f"evidence {evidence.pk}"] = _read(evidence.file.name)
    for device in AuthenticatorDevice.objects.order_by("pk"):
        values[f"authenticator {device.pk}"] = device.key
    return values


def _rotate(*args) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# ---- the seeded database holds what the issue is about ---------------------------------------------


def test_seeded_database_holds_tokens_in_every_kind_of_place(seeded, private_media):  # noqa: F811
    places = {(table, column) for table, column, *_ in fernet_tokens()}
    assert {
        ("employment_jobseeker", "resident_id"), ("employment_jobseeker", "cert_no"),
        ("quota_rosterentry", "cert_token"), ("subsidies_siclaimline", "cert_token"),
        ("subsidies_subsidyapplication", "bank_account"), ("wagtailcore_revision", "content"),
        ("employment_authenticatordevice", "key"),
    } <= places
    revision_paths = {path[:1] + path[2:] for table, _, _, path, _ in fernet_tokens() if table == "wagtailcore_revision"}
    assert {("roster", "cert_token"), ("bank_account",), ("si_lines", "cert_token")} <= revision_paths
    # A submitted declaration's revision also keeps masked numbers under "cert_no" (not tokens): the
    # old command took every "cert_no" for a token and crashed on them.
    submitted = seeded["declarations"][1].revisions.order_by("-pk").first().content
    masked = [text for path, text in _strings(submitted) if path[-1:] == ("cert_no",)]
    assert masked and all("****" in text for text in masked)
    files = evidence_files(private_media)
    assert len(files) == 4 and all(f.read_bytes().startswith(crypto.FILE_MAGIC) for f in files)
    assert all(b"%PDF" not in f.read_bytes() for f in files)


# ---- rotation ---------------------------------------------------------------------------------------


def test_rotation_leaves_nothing_that_opens_with_the_old_key(seeded, settings, private_media, world, client_for):  # noqa: F811
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    before_plain = plain_values()
    before = fernet_tokens()
    assert all(_opens(token, old_key) is not None for token in before.values())

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    with pytest.raises(CommandError, match="还有 .* 处没有用最新密钥加密"):
        _rotate("--check")
    output = _rotate()
    assert "subsidies.SIClaimLine.cert_token: 重新加密 2" in output
    assert "subsidies.SubsidyEvidence.file (文件): 重新加密 4" in output

    after = fernet_tokens()
    assert after.keys() == before.keys()  # every token is still there, rewritten in place
    stale = [where for where, token in after.items() if _opens(token, old_key) is not None]
    assert stale == [], f"tokens that still open with the old key: {stale}"
    unreadable = [where for where, token in after.items() if _opens(token, new_key) is None]
    assert unreadable == []
    assert {where: _opens(t, new_key) for where, t in after.items()} == {
        where: _opens(t, old_key) for where, t in before.items()}
    for path in evidence_files(private_media):
        assert _file_opens(path, new_key, settings), path
        assert not _file_opens(path, old_key, settings), path
    assert "检查通过" in _rotate("--check")

    # The old key is dropped: everything reads with the new key alone, downloads included.
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert plain_values() == before_plain
    evidence = SubsidyEvidence.objects.filter(size=len(BIG_PDF)).get()
    response = client_for(world.users["district"]).get(
        reverse("subsidy-evidence-download", args=[evidence.application_id, evidence.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == BIG_PDF


def test_running_it_twice_is_harmless(seeded, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    before_plain = plain_values()
    _rotate()
    once = fernet_tokens()
    second = _rotate()
    assert "重新加密 0" in second and not re.search(r"重新加密 [1-9]", second)
    assert fernet_tokens() == once  # nothing rewritten: everything was already under the newest key
    assert plain_values() == before_plain


def test_a_token_the_registry_forgets_fails_the_guard(seeded, settings):
    """The guard test's own check: an encrypted value in a column no registry entry names is found by
    content and reported as not rotated."""
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    note = Notification.objects.create(user=seeded["applications"][0].created_by, subject="x",
                                       body=f"账号 {crypto.encrypt('6222020000000009')}")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old_key]
    _rotate()
    stale = [where for where, token in fernet_tokens().items() if _opens(token, old_key) is not None]
    assert stale == [("employment_notification", "body", note.pk, (), 0)]


# ---- failures ----------------------------------------------------------------------------------------


def test_a_failure_in_the_database_part_leaves_the_old_state_and_a_rerun_completes(seeded, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    # The last application's bank account was encrypted under a key nobody has any more: by the time the
    # command reaches it (bank accounts come last) it has rewritten seekers, rosters and lines.
    last = SubsidyApplication.objects.order_by("-pk").first()
    table = connection.ops.quote_name(SubsidyApplication._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT bank_account FROM {table} WHERE id = %s", [last.pk])  # noqa: S608
        (good_token,) = cursor.fetchone()
        lost = Fernet(Fernet.generate_key()).encrypt(b"6222020000000003").decode()
        cursor.execute(f"UPDATE {table} SET bank_account = %s WHERE id = %s", [lost, last.pk])  # noqa: S608
    before = fernet_tokens()
    files_before = {p: p.read_bytes() for p in evidence_files(settings.PRIVATE_MEDIA_ROOT)}

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    with pytest.raises(CommandError) as failure:
        _rotate()
    assert f"subsidies.SubsidyApplication.bank_account id={last.pk}" in str(failure.value)
    assert "全部更改已撤销" in str(failure.value)
    assert fernet_tokens() == before  # the old state: not one value was committed
    assert {p: p.read_bytes() for p in evidence_files(settings.PRIVATE_MEDIA_ROOT)} == files_before

    with connection.cursor() as cursor:  # the operator restores the value (e.g. from the backup)
        cursor.execute(f"UPDATE {table} SET bank_account = %s WHERE id = %s", [good_token, last.pk])  # noqa: S608
    _rotate()
    assert all(_opens(t, old_key) is None and _opens(t, new_key) for t in fernet_tokens().values())
    assert "检查通过" in _rotate("--check")


def test_a_damaged_file_stops_the_run_resumably(seeded, settings, private_media):  # noqa: F811
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    first, *_, last = SubsidyEvidence.objects.order_by("pk")
    damaged = Path(private_media) / last.file.name
    intact = damaged.read_bytes()
    damaged.write_bytes(intact[:-10])  # cut short, e.g. a disk error

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    with pytest.raises(CommandError) as failure:
        _rotate()
    assert last.file.name in str(failure.value) and "重新运行本命令" in str(failure.value)
    # The database and the files before it are done; the damaged file is as it was.
    assert all(_opens(t, new_key) and _opens(t, old_key) is None for t in fernet_tokens().values())
    assert _file_opens(Path(private_media) / first.file.name, new_key, settings)
    assert damaged.read_bytes() == intact[:-10]
    assert not list(Path(private_media).rglob(".rotate-*"))  # no temporary file left behind

    damaged.write_bytes(intact)  # restored from the backup
    output = _rotate()
    assert "subsidies.SubsidyEvidence.file (文件): 重新加密 1，已是最新密钥 3" in output
    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert _read(last.file.name) == PDF_BYTES


def test_a_file_stored_before_encryption_is_read_and_then_encrypted_by_rotation(seeded, settings, private_media):  # noqa: F811
    evidence = SubsidyEvidence.objects.order_by("pk").first()
    path = Path(private_media) / evidence.file.name
    path.write_bytes(PDF_BYTES)  # as the file was stored before issue 13
    assert _read(evidence.file.name) == PDF_BYTES
    with pytest.raises(CommandError):
        _rotate("--check")
    _rotate()
    assert path.read_bytes().startswith(crypto.FILE_MAGIC) and b"%PDF" not in path.read_bytes()
    assert _read(evidence.file.name) == PDF_BYTES


def test_encrypted_file_damage_is_detected_not_served(settings, tmp_path):
    """Chunks cannot be dropped, reordered or cut off without decryption failing."""
    path = tmp_path / "f.pdf"
    path.write_bytes(BIG_PDF)
    crypto.file_encrypt_in_place(str(path))
    data = path.read_bytes()
    records, rest = [], data[len(crypto.FILE_MAGIC):]
    while rest:
        size = int.from_bytes(rest[:4], "big")
        records.append(rest[: 4 + size])
        rest = rest[4 + size:]
    assert len(records) == 3
    for damaged in (
        crypto.FILE_MAGIC + records[0] + records[2],  # a chunk dropped
        crypto.FILE_MAGIC + records[1] + records[0] + records[2],  # reordered
        crypto.FILE_MAGIC + records[0] + records[1],  # cut after a whole chunk
    ):
        with pytest.raises(crypto.EncryptedFileError):
            b"".join(crypto.decrypt_stream(io.BytesIO(damaged).read))
    assert b"".join(crypto.decrypt_stream(io.BytesIO(data).read)) == BIG_PDF


# ---- bank accounts --------------------------------------------------------------------------------------


def test_bank_account_is_encrypted_at_rest_masked_for_display_and_full_only_in_the_export(
        seeded, world, client_for, settings):
    from employment.table_export import read_sheet

    reward = seeded["applications"][0]
    table = connection.ops.quote_name(SubsidyApplication._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT bank_account, bank_account_masked FROM {table} WHERE id = %s", [reward.pk])  # noqa: S608
        stored, masked = cursor.fetchone()
    assert crypto.is_token(stored) and BANK["bank_account"] not in stored and masked == "尾号 0001"
    revision = reward.revisions.order_by("-pk").first()
    assert crypto.is_token(revision.content["bank_account"]) and BANK["bank_account"] not in json.dumps(revision.content)
    assert revision.as_object().bank_account == BANK["bank_account"]

    # Reviewers and the applicant after submission see only the last four digits.
    for role in ("town_x", "district", "employer_a"):
        page = client_for(world.users[role]).get(reverse("subsidy-detail", args=[reward.pk])).content.decode()
        assert "尾号 0001" in page and BANK["bank_account"] not in page, role

    # The Wagtail admin's edit view of the application too.
    admin_page = client_for(world.users["district"]).get(
        reverse("wagtailsnippets_subsidies_subsidyapplication:edit", args=[reward.pk]))
    assert admin_page.status_code == 200
    assert "尾号 0001" in admin_page.content.decode() and BANK["bank_account"] not in admin_page.content.decode()

    # The district's payment-list export carries the full number for the bank, and is logged.
    reward.refresh_from_db()
    payment_list = reward.payment_list
    response = client_for(world.users["district"]).get(reverse("subsidy-payment-list-export", args=[payment_list.pk]))
    assert response.status_code == 200
    items = read_sheet(response.content, "拨付明细", dtype=str)
    assert BANK["bank_account"] in set(items["银行账号"])
    log = PersonalDataAccess.objects.get(field="银行账号")
    assert (log.user, log.action) == (world.users["district"], PersonalDataAccess.Action.EXPORT)
    assert str(payment_list) in log.detail
    assert client_for(world.users["town_x"]).get(
        reverse("subsidy-payment-list-export", args=[payment_list.pk])).status_code in (403, 404)


def test_applicant_edits_their_own_full_number_staff_on_their_behalf_see_it_masked(world, client_for, policy):  # noqa: F811
    draft = startup_filed(world, evidence=False)
    own = client_for(world.users["seeker_a"]).get(reverse("subsidy-detail", args=[draft.pk])).content.decode()
    assert 'value="6222020000000001"' in own  # the applicant's own edit form

    town = client_for(world.users["town_x"])
    page = town.get(reverse("subsidy-startup-edit", args=[draft.pk])).content.decode()
    assert "6222020000000001" not in page and "尾号 0001" in page
    detail = town.get(reverse("subsidy-detail", args=[draft.pk])).content.decode()
    assert "6222020000000001" not in detail
    # Saving the bank form with the number left empty keeps it; a new number replaces it.
    bank = {"bank_account_name": "张甲", "bank_name": "中国银行", "bank_account": ""}
    assert town.post(reverse("subsidy-bank-update", args=[draft.pk]), bank).status_code == 302
    draft.refresh_from_db()
    assert (draft.bank_name, draft.bank_account) == ("中国银行", "6222020000000001")
    town.post(reverse("subsidy-bank-update", args=[draft.pk]), {**bank, "bank_account": "6222020000009999"})
    draft.refresh_from_db()
    assert (draft.bank_account, draft.bank_account_masked) == ("6222020000009999", "尾号 9999")
    # The applicant still must give a number.
    refused = client_for(world.users["seeker_a"]).post(reverse("subsidy-bank-update", args=[draft.pk]), bank)
    assert refused.status_code == 400
