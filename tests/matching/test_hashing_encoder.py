"""The tests' fast encoder (matching/encoder/hashing.py) and how a test gets it or the real one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from matching import embedding, index
from matching.encoder.hashing import HashingEncoder

ROOT = Path(__file__).resolve().parents[2]


def test_tests_run_with_the_hashing_encoder_unless_marked(settings):
    assert settings.MATCHING_EMBEDDING_MODEL == "hashing"
    assert isinstance(embedding.get_encoder(), HashingEncoder)
    assert index.current_model_name() == "hashing"  # stored vectors are tagged with it


@pytest.mark.real_encoder
def test_the_real_encoder_marker_selects_the_project_default(settings):
    assert settings.MATCHING_EMBEDDING_MODEL == ""
    assert os.environ["MATCHING_EMBEDDING_MODEL"] == ""  # for the processes the test starts
    assert index.current_model_name() == index.DEFAULT_MODEL_NAME


def test_hashing_vectors_are_deterministic_unit_rows_and_need_no_torch():
    code = (
        "import sys, json\n"
        "from matching.embedding import load_encoder\n"
        "e = load_encoder('hashing')\n"
        "v = e.encode(['电商客服', '网店客服', '仓库搬运', ''])\n"
        "print(json.dumps({'torch': 'torch' in sys.modules, 'dim': e.dim, 'rows': v.tolist()}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                           timeout=120, check=True).stdout for _ in range(2)]
    assert runs[0] == runs[1]  # the same vectors in every process (no per-process hash seed)
    out = json.loads(runs[0])
    assert out["torch"] is False and out["dim"] == 256
    v = np.asarray(out["rows"], dtype=np.float32)
    np.testing.assert_allclose(np.linalg.norm(v[:3], axis=1), 1.0, rtol=1e-5)
    assert not v[3].any()  # an empty text is the zero row, not NaN
    # Shared characters, closer vectors: 电商客服 is nearer 网店客服 than 仓库搬运.
    assert v[0] @ v[1] > v[0] @ v[2]
