"""Dense retrieval over FAISS (向量检索): building, filtered search, removal and atomic persistence.

Every index is an ``IndexIDMap2`` so callers use their own integer ids. ``flat`` is exact inner
product (= cosine on normalised vectors) and the default; ``hnsw`` and ``ivf`` are for large corpora.
Search is always restricted to the ids that passed the hard rules and filters, through an
``IDSelectorBatch`` in the search parameters. HNSW loses recall when the allowed set is a small
part of the graph, so below ``exact_below`` allowed ids the approximate kinds search the allowed
vectors exactly instead (they are reconstructed from the id map). HNSW cannot remove ids, and IVF
under an id map does not renumber: removal rebuilds both from the remaining vectors.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import faiss
import numpy as np

IndexKind = Literal["flat", "hnsw", "ivf"]
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128
HNSW_EF_SEARCH_MAX = 1024
IVF_NPROBE = 16
EXACT_BELOW = 2000


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Row-wise L2 normalisation as float32; zero rows stay zero."""
    arr = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32))
    if arr.ndim == 1:
        arr = arr[None, :]
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(arr / norms, dtype=np.float32)


def _inner_kind(index: faiss.Index) -> IndexKind:
    inner = faiss.downcast_index(index.index) if isinstance(index, faiss.IndexIDMap) else index
    if isinstance(inner, faiss.IndexHNSW):
        return "hnsw"
    if isinstance(inner, faiss.IndexIVF):
        return "ivf"
    return "flat"


def build_index(vectors: np.ndarray, ids: Iterable[int], *, kind: IndexKind = "flat") -> faiss.IndexIDMap2:
    """A new index of ``kind`` holding ``vectors`` (normalised here) under the given int64 ids."""
    x = normalise(vectors)
    id_arr = np.asarray(list(ids), dtype=np.int64)
    if len(id_arr) != len(x):
        raise ValueError("ids and vectors differ in length")
    dim = x.shape[1]
    if kind == "flat":
        inner: faiss.Index = faiss.IndexFlatIP(dim)
    elif kind == "hnsw":
        inner = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        inner.hnsw.efSearch = HNSW_EF_SEARCH
    elif kind == "ivf":
        nlist = max(1, min(int(4 * np.sqrt(max(len(x), 1))), len(x) // 39 or 1))
        quantizer = faiss.IndexFlatIP(dim)
        inner = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
        inner.train(x if len(x) else np.zeros((1, dim), dtype=np.float32))
        inner.nprobe = min(IVF_NPROBE, nlist)
    else:
        raise ValueError(f"unknown index kind {kind!r}")
    index = faiss.IndexIDMap2(inner)
    if len(x):
        index.add_with_ids(x, id_arr)
    if kind == "ivf":
        inner.make_direct_map()  # lets the id map reconstruct vectors (exact search of small subsets)
    return index


def stored_ids(index: faiss.IndexIDMap2) -> np.ndarray:
    return faiss.vector_to_array(index.id_map).astype(np.int64)


def _search_params(
    kind: IndexKind, index: faiss.Index, sel: faiss.IDSelector, k: int, fraction: float
) -> faiss.SearchParameters:
    # A filter keeping a fraction f of the ids leaves ~f of what the graph walk or the probed lists
    # visit: widen the search by 1/f (bounded) so roughly as many allowed candidates are seen.
    widen = 1.0 / max(fraction, 1e-3)
    if kind == "hnsw":
        ef = int(min(HNSW_EF_SEARCH_MAX, max(HNSW_EF_SEARCH, 2 * k) * widen))
        return faiss.SearchParametersHNSW(sel=sel, efSearch=ef)
    if kind == "ivf":
        inner = faiss.downcast_index(index.index)
        return faiss.SearchParametersIVF(sel=sel, nprobe=int(min(inner.nlist, inner.nprobe * widen)))
    return faiss.SearchParameters(sel=sel)


def search(
    index: faiss.IndexIDMap2,
    query: np.ndarray,
    k: int,
    *,
    allowed_ids: Iterable[int] | None = None,
    exact_below: int = EXACT_BELOW,
) -> list[tuple[int, float]]:
    """Top-``k`` (id, cosine) pairs for one query vector, only among ``allowed_ids`` when given."""
    q = normalise(query)
    if index.ntotal == 0 or k <= 0:
        return []
    kind = _inner_kind(index)
    if allowed_ids is None:
        scores, labels = index.search(q, min(k, index.ntotal))
        return [(int(i), float(s)) for i, s in zip(labels[0], scores[0], strict=True) if i >= 0]
    allowed = np.fromiter(allowed_ids, dtype=np.int64)
    if len(allowed) == 0:
        return []
    if kind != "flat" and len(allowed) < exact_below:
        return _exact_subset(index, q, k, allowed)
    sel = faiss.IDSelectorBatch(allowed)
    params = _search_params(kind, index, sel, k, len(allowed) / index.ntotal)
    scores, labels = index.search(q, min(k, len(allowed)), params=params)
    return [(int(i), float(s)) for i, s in zip(labels[0], scores[0], strict=True) if i >= 0]


def _exact_subset(index: faiss.IndexIDMap2, q: np.ndarray, k: int, allowed: np.ndarray) -> list[tuple[int, float]]:
    present = np.intersect1d(allowed, stored_ids(index))
    if len(present) == 0:
        return []
    vectors = np.vstack([index.reconstruct(int(i)) for i in present])
    scores = vectors @ q[0]
    top = np.argsort(-scores, kind="stable")[:k]
    return [(int(present[i]), float(scores[i])) for i in top]


def remove_ids(index: faiss.IndexIDMap2, ids: Iterable[int]) -> faiss.IndexIDMap2:
    """The index without ``ids``: flat removes in place; HNSW cannot remove and IVF inside an id map
    does not renumber as the map expects, so both are rebuilt from the remaining vectors."""
    drop = np.fromiter(ids, dtype=np.int64)
    kind = _inner_kind(index)
    if kind == "flat":
        index.remove_ids(faiss.IDSelectorBatch(drop))
        return index
    keep = np.setdiff1d(stored_ids(index), drop)
    vectors = (
        np.vstack([index.reconstruct(int(i)) for i in keep]) if len(keep) else np.zeros((0, index.d), np.float32)
    )
    return build_index(vectors, keep, kind=kind)


def save_index(index: faiss.Index, path: str | os.PathLike[str]) -> None:
    """Write the index atomically: to a temporary file in the same folder, then ``os.replace``.

    A reader never sees a half-written file; a failed write leaves the previous file in place.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        faiss.write_index(index, tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def load_index(path: str | os.PathLike[str]) -> faiss.Index:
    """Read an index written by ``save_index``."""
    return faiss.read_index(str(path))
