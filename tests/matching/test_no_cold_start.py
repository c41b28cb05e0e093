"""No request waits for the encoder (issue 16 item 7): a serving process loads it at start
(``config/wsgi.py`` → ``matching.warmup.serving_start``), so the first matched-jobs request after a
process start loads nothing; ``manage.py`` commands (``django.setup()`` alone) never load it.

Asserted on state — the per-process encoder cache (``matching.embedding``) — never on times."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from employment import services
from matching import embedding, index, selectors, warmup

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_process(settings, tmp_path):
    """The state of a process that has just started: no encoder loaded, no corpus, no index served."""
    settings.MATCHING_INDEX_DIR = tmp_path / "index"
    embedding.clear_cache()
    selectors.forget_cached()
    index.forget_served()
    assert embedding._cached.cache_info().currsize == 0
    yield
    embedding.clear_cache()
    selectors.forget_cached()
    index.forget_served()


def _matched_jobs(client) -> str:
    response = client.get(reverse("seeker-jobs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "为我推荐的岗位" in html and "推荐理由" in html  # a ranked, personalised page
    return html


def test_the_first_matched_jobs_request_after_start_loads_no_encoder(world, client_for, settings, fresh_process):
    services.assessment_record(seeker=world.seeker_a, skills="打字；电脑操作", desired_jobs="网店客服")
    client = client_for(world.users["seeker_a"])
    settings.MATCHING_PRELOAD = True

    assert warmup.serving_start() is True  # what config/wsgi.py does when the process starts
    at_start = embedding._cached.cache_info()
    assert at_start.currsize == 1 and at_start.misses == 1  # the encoder is loaded, once
    assert selectors._cache.get("jobs") is not None  # and the job corpus is built

    _matched_jobs(client)
    after = embedding._cached.cache_info()
    assert after.misses == at_start.misses and after.currsize == 1  # the request loaded nothing
    assert after.hits > at_start.hits  # it used the encoder loaded at start


def test_without_the_preload_the_first_request_would_load_it(world, client_for, settings, fresh_process):
    """The state the test above checks does change when nothing preloads: the assertion can fail."""
    services.assessment_record(seeker=world.seeker_a, skills="打字；电脑操作", desired_jobs="网店客服")
    client = client_for(world.users["seeker_a"])
    settings.MATCHING_PRELOAD = False

    assert warmup.serving_start() is False
    assert embedding._cached.cache_info().currsize == 0
    _matched_jobs(client)
    assert embedding._cached.cache_info().misses == 1  # loaded by the request


def _python(code: str, **env) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


REPORT = (
    "import json\n"
    "from matching import embedding\n"
    "info = embedding._cached.cache_info()\n"
    "enc = embedding.get_encoder() if info.currsize else None\n"
    "print(json.dumps({'loaded': info.currsize, 'encoder': type(enc).__name__}))\n"
)


@pytest.mark.real_encoder
def test_the_wsgi_entry_loads_the_real_encoder_and_a_management_command_does_not(tmp_path):
    """Real processes with the real entry points and the project's default encoder (the marker)."""
    env = {"MATCHING_PRELOAD": "True", "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    # The serving entry: the encoder is loaded once the module is imported, before any request. The
    # database here is empty (no tables): the corpus is left to the first request, the start goes on.
    served = _python("import config.wsgi\n" + REPORT, **env)
    assert served == {"loaded": 1, "encoder": "Encoder"}  # the sentence-transformers model, not hashing
    # What manage.py does (django.setup()): nothing loaded.
    command = _python("import django\ndjango.setup()\n" + REPORT, **env)
    assert command["loaded"] == 0
