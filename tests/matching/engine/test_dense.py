"""FAISS indexes: filtered search for every kind, removal, atomic save/load."""

from __future__ import annotations

import os

import faiss
import numpy as np
import pytest

from matching.engine import dense


@pytest.fixture
def data():
    rng = np.random.default_rng(7)
    vectors = dense.normalise(rng.normal(size=(600, 32)))
    ids = np.arange(1000, 1600)
    return vectors, ids


def exact(vectors, ids, query, k, allowed):
    mask = np.isin(ids, list(allowed))
    scores = vectors[mask] @ query
    order = np.argsort(-scores)[:k]
    return [int(i) for i in ids[mask][order]]


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
@pytest.mark.parametrize("exact_below", [0, 10_000])
def test_search_returns_only_allowed_ids(data, kind, exact_below):
    vectors, ids = data
    index = dense.build_index(vectors, ids, kind=kind)
    allowed = set(ids[::5].tolist())
    query = vectors[3]  # id 1003 is not allowed
    hits = dense.search(index, query, 10, allowed_ids=allowed, exact_below=exact_below)
    assert hits and {i for i, _ in hits} <= allowed
    truth = exact(vectors, ids, query, 10, allowed)
    recall = len({i for i, _ in hits} & set(truth)) / 10
    assert recall >= (1.0 if kind == "flat" or exact_below else 0.6)


def test_flat_unfiltered_search_finds_itself(data):
    vectors, ids = data
    index = dense.build_index(vectors, ids)
    (top, score), *_ = dense.search(index, vectors[42], 3)
    assert top == 1042 and score == pytest.approx(1.0, abs=1e-5)


def test_empty_allowed_set_returns_nothing(data):
    vectors, ids = data
    assert dense.search(dense.build_index(vectors, ids), vectors[0], 5, allowed_ids=[]) == []


@pytest.mark.parametrize("kind", ["flat", "hnsw", "ivf"])
def test_remove_ids(data, kind):
    vectors, ids = data
    index = dense.remove_ids(dense.build_index(vectors, ids, kind=kind), [1042])
    assert index.ntotal == len(ids) - 1
    assert 1042 not in {i for i, _ in dense.search(index, vectors[42], 5, allowed_ids=ids.tolist())}


def test_save_and_load_round_trip(tmp_path, data):
    vectors, ids = data
    path = tmp_path / "sub" / "jobs.faiss"
    dense.save_index(dense.build_index(vectors, ids), path)
    loaded = dense.load_index(path)
    assert loaded.ntotal == len(ids)
    assert dense.search(loaded, vectors[7], 1)[0][0] == 1007
    assert os.listdir(path.parent) == ["jobs.faiss"]  # no temporary file left behind


def test_failed_save_keeps_the_previous_file(tmp_path, data, monkeypatch):
    vectors, ids = data
    path = tmp_path / "jobs.faiss"
    dense.save_index(dense.build_index(vectors[:10], ids[:10]), path)
    before = path.read_bytes()

    def write_half_then_fail(index, filename):
        with open(filename, "wb") as fh:
            fh.write(b"partial")
        raise OSError("disk full")

    monkeypatch.setattr(faiss, "write_index", write_half_then_fail)
    with pytest.raises(OSError):
        dense.save_index(dense.build_index(vectors, ids), path)
    assert path.read_bytes() == before
    assert os.listdir(tmp_path) == ["jobs.faiss"]
