"""Backup and restore (PostgreSQL): dump a seeded database with pg_dump, restore it into an empty one,
rebuild the match indexes there, and get the same matches and declaration results.

Skipped on SQLite (pg_dump and pg_restore are the procedure) unless SHUGUANG_REQUIRE_SERVICES is set, in
which case running on SQLite is an error: CI must exercise it. The procedure is the README's
"Backup and restore" section.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def snapshot() -> dict:
    """What must survive a restore: each seeker's matched jobs (ids and scores), each declaration's
    stored result and a fresh computation of it, and the decrypted identity numbers."""
    from employment.models import JobSeeker
    from matching import selectors
    from quota import services as declarations
    from quota.models import Declaration

    def money(value) -> str:
        return str(value)

    matches = {}
    for seeker in JobSeeker.objects.order_by("pk"):
        page = selectors.jobs_for_seeker(seeker)
        matches[str(seeker.pk)] = [(r.job.pk, None if r.score is None else round(r.score, 6)) for r in page.items]
    results = {}
    for d in Declaration.objects.order_by("pk"):
        fresh = declarations.declaration_compute(d)
        results[str(d.pk)] = {"stored": d.result, "status": d.status,
                              "fresh": json.loads(json.dumps(getattr(fresh, "__dict__", str(fresh)), default=money))}
    people = {str(s.pk): [s.resident_id, s.cert_no] for s in JobSeeker.objects.order_by("pk")}
    return {"matches": matches, "declarations": results, "people": people}


RESTORED_SNAPSHOT = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("match_index", "rebuild", "--no-progress")
from tests.security.test_backup_restore import snapshot
print("SNAPSHOT" + json.dumps(snapshot(), sort_keys=True, default=str))
"""


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def _pg_env() -> dict:
    s = connection.settings_dict
    env = {**os.environ, "PGHOST": s["HOST"] or "127.0.0.1", "PGPORT": str(s["PORT"] or 5432),
           "PGUSER": s["USER"] or "postgres"}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return env


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        if os.environ.get("SHUGUANG_REQUIRE_SERVICES"):
            pytest.fail("SHUGUANG_REQUIRE_SERVICES is set but the tests run on SQLite: set DATABASE_URL")
        pytest.skip("backup/restore needs PostgreSQL (DATABASE_URL)")
    for tool in ("pg_dump", "pg_restore", "createdb", "dropdb"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: install postgresql-client")


@pytest.mark.django_db(transaction=True)
def test_dump_restore_rebuild_gives_the_same_matches_and_results(postgres_only, world, sides, index_dir, tmp_path):
    from matching import index
    from quota import services as declarations
    from tests.matching.index_helpers import office_job, typist_assessment, warehouse_job

    typist_assessment(world.seeker_a)
    typist_assessment(world.seeker_b, desired_jobs="数据标注")
    office_job(world.employer_a)
    office_job(world.employer_b, title="数据标注员")
    warehouse_job(world.employer_b)
    for side in sides.values():
        declarations.declaration_compute(side.declaration, save=True)
    index.rebuild()
    before = json.loads(json.dumps(snapshot(), sort_keys=True, default=str))
    assert any(before["matches"].values()), "the seeded world must have matches to compare"

    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    dump = tmp_path / "shuguang.dump"
    env = _pg_env()
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source], env=env, check=True)
    subprocess.run(["dropdb", "--if-exists", restored], env=env, check=True)
    subprocess.run(["createdb", restored], env=env, check=True)
    try:
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump)],
                       env=env, check=True)
        result = subprocess.run(
            [sys.executable, "-c", RESTORED_SNAPSHOT], cwd=ROOT, capture_output=True, text=True, timeout=600,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": _url(restored),
                 "MATCHING_INDEX_DIR": str(tmp_path / "restored-index"), "CELERY_BROKER_URL": ""},
        )
        assert result.returncode == 0, result.stderr[-3000:]
        line = next(x for x in result.stdout.splitlines() if x.startswith("SNAPSHOT"))
        after = json.loads(line[len("SNAPSHOT"):])
    finally:
        subprocess.run(["dropdb", "--if-exists", "--force", restored], env=env, check=False)

    assert after["people"] == before["people"]  # encrypted columns restore and decrypt with the same keys
    assert after["declarations"] == before["declarations"]
    assert after["matches"] == before["matches"]
