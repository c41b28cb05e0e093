"""The dependency rules hold: import-linter's contracts (pyproject.toml, ``[tool.importlinter]``) are
kept, and the core reaches matching only through the port the matching app fills."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.db import transaction

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_the_contracts_are_declared():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    sources = {module for contract in contracts for module in contract.get("source_modules", [])}
    assert {"domain", "quota.engine", "matching.engine", "employment"} <= sources
    core = next(c for c in contracts if c.get("source_modules") == ["employment"])
    assert {"matching", "quota", "subsidies", "households", "casework", "cms", "dashboard"} <= set(core["forbidden_modules"])


def test_import_contracts_are_kept():
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_matching_fills_the_cores_port():
    from employment import matches
    from matching import pages

    provider = matches._get()
    assert provider.jobs_for_seeker is pages.jobs_for_seeker
    assert provider.pair_reasons is pages.pair_reasons


@pytest.mark.django_db
def test_the_core_queues_the_index_update_through_the_port(world, monkeypatch, django_capture_on_commit_callbacks):
    from employment import services
    from matching import tasks

    queued = []
    monkeypatch.setattr(tasks, "queue_index_update", lambda kind, pk: queued.append((kind, pk)))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        assessment = services.assessment_record(seeker=world.seeker_a, skills="电脑打字", desired_jobs="网店客服")
        assert queued == []  # not before the commit
    assert queued == [("assessment", assessment.pk)]


def test_lint_and_ci_run_the_contracts():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "lint-imports" in lint
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.index("ruff check .\n") < ci.index("lint-imports --no-logo") < ci.rindex("\nmake test")
