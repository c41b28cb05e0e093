"""The demo builder (demo/builder.py) over the data files (data/demo/): the same records on every run,
and the same records as before the literals moved out of the code into the files."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from demo import builder
from demo.files import DATA_DIR

ROOT = Path(__file__).resolve().parent.parent.parent

# sha256 of build()'s output (_digest below) for the 17 towns of data/towns.json, computed once on the
# old code (employment/demo_data.py, its literals still in Python, at commit b0ea1be) before the
# literals moved to data/demo/. A change of the data files or of the builder that changes any demo
# record changes this digest: update it only when the demo data is meant to change.
# Issue 16 changed it on purpose: the builder draws applications and hires among the pairs the hard
# rules allow (``compatible``), and remote text-based jobs no longer need on-site sign language, nor
# remote jobs housing (was 17f77f76dff27e39f728f81f0cb3c745d7d00d72a5fe936eab1c5b8d64f24eee).
BUILD_DIGEST = "e7b8b827bc81dd7ffcc45d3cc59cf7539035a474e9d3f85dff9474bc3a9ab3d6"
# The same for the tables seed_demo reads directly (accounts, providers, employers), same commit.
# Changed on purpose when the demo got its quota declarations: a second district account (district2)
# and the other accounts' "what to try" naming their declarations (was
# f835d95977e40abdd2ffa62835e21c84080ce6ee0e0e2a24cd8f8837a4cc28d5), and again when it got its subsidy
# applications: seeker's, town's and district's "what to try" name them and the payment lists (was
# 103a7d992d8c077295a9e92ee0a7577ed2976db89a915e332d8eed7d41405d81), and again when passwords could no
# longer contain the username: the demo accounts' passwords (Demo-2026-<username>) became
# Shuguang-2026-<word> (was 6e6f8480dd9a1d8d32138e5ba335f3dfd70c0389c3f435b5dfe53d276e9b03ac).
TABLES_DIGEST = "16fcaa5e0b7a7c184cc15bae5ec375efc60330f3f3ecb39bc68984dccc431732"


def _digest(value) -> str:
    payload = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _towns() -> list[str]:
    return [row["name"] for row in json.loads((ROOT / "data" / "towns.json").read_text(encoding="utf-8"))]


def test_build_returns_the_records_of_the_old_code():
    assert _digest(dataclasses.asdict(builder.build(_towns()))) == BUILD_DIGEST


def test_build_is_the_same_on_every_run():
    first, second = builder.build(_towns()), builder.build(_towns())
    assert dataclasses.asdict(first) == dataclasses.asdict(second)


def test_tables_are_those_of_the_old_code():
    tables = {
        "accounts": builder.DEMO_ACCOUNTS,
        "providers": builder.PROVIDERS,
        "employers": builder.EMPLOYERS,
        "seed": builder.SEED,
        "stems": builder.STEMS,
    }
    assert _digest(tables) == TABLES_DIGEST


def test_data_files_are_readable_utf8_without_escapes():
    files = sorted(DATA_DIR.rglob("*.toml"))
    assert {f.relative_to(DATA_DIR).as_posix() for f in files} >= {
        "accounts.toml", "employers.toml", "job_archetypes.toml", "seeker_archetypes.toml", "texts.toml",
        "cms/programmes.toml", "cms/courses.toml",
    }
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "\\u" not in text, path  # Chinese text as UTF-8, not escaped
        assert text.startswith("#"), path  # each file says what it holds


def test_every_archetype_a_record_names_exists():
    archetypes = set(builder.JOB_ARCHETYPES)
    assert {job[0] for employer in builder.EMPLOYERS for job in employer["jobs"]} <= archetypes
    assert {key for a in builder.SEEKER_ARCHETYPES for key in a["desired"]} <= archetypes
    assert set(builder.TEXTS["job_context"]) <= archetypes
    seeker_archetypes = {a["key"] for a in builder.SEEKER_ARCHETYPES}
    assert {s["archetype"] for s in builder.STORY["seekers"]} <= seeker_archetypes
    assert {s["username"] for s in builder.STORY["seekers"]} <= {a["username"] for a in builder.DEMO_ACCOUNTS}


def test_declarations_file_names_demo_employers_accounts_and_valid_rows():
    from demo import declarations
    from quota.roster_import import parse_row
    from review.services import TOWN_STEP_REASONS

    employers = {e["key"] for e in builder.EMPLOYERS}
    reviewers = {a["username"] for a in builder.DEMO_ACCOUNTS if a["role"] in ("town", "district")}
    specs = declarations.DECLARATIONS
    assert 8 <= len(specs) <= 12 and len({d["employer"] for d in specs}) == len(specs)
    numbers, n = set(), 0
    for spec in specs:
        assert spec["employer"] in employers
        for step in spec.get("steps", []):
            assert step["by"] in reviewers and step["action"] in ("approve", "reject")
            assert step.get("take", "no_reviewer") in TOWN_STEP_REASONS
        for person in spec.get("roster", []):
            # Typed in as the portal's roster form reads it: every row clean, every number its own.
            row, errors = parse_row(declarations.roster_values(person, n, 2025), 0)
            assert not errors and row.grade == person["grade"], (person["name"], errors)
            assert row.contract_start.year <= 2025
            numbers.add(row.cert_no)
            n += 1
    assert len(numbers) == n
