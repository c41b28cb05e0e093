"""Search half of the matching speed benchmark: filtered top-10 over 100,000 job vectors.

Called from ``bench/match_speed.py``'s main as ``bench_search()``; also runnable alone:
``.venv/bin/python bench/_search_speed.py``. 100,000 random normalised 512-d vectors, a filter
keeping a random 10% per query (as the hard rules and filters would), top-10 by inner product.
Baseline: brute-force numpy in the same run (all scores, mask, argpartition). For Flat, HNSW and
IVF (``matching.engine.dense.search`` with an ``IDSelectorBatch``): p50/p95 latency, recall@10
against the baseline, and the ratio of their p95 to the baseline's. Goal: p95 <= 20 ms on 2 cores.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import faiss  # noqa: E402
import numpy as np  # noqa: E402

from matching.engine import dense  # noqa: E402

N_VECTORS = 100_000
DIM = 512
KEEP = 0.10
N_QUERIES = 200
K = 10
GOAL_P95_MS = 20.0


def _percentiles(times: list[float]) -> tuple[float, float]:
    ms = np.array(times) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def bench_search(n_vectors: int = N_VECTORS, dim: int = DIM, n_queries: int = N_QUERIES) -> dict[str, dict]:
    """Run the benchmark, print a table, and return {variant: {p50_ms, p95_ms, recall, build_s}}."""
    rng = np.random.default_rng(42)
    vectors = dense.normalise(rng.standard_normal((n_vectors, dim), dtype=np.float32))
    ids = np.arange(n_vectors, dtype=np.int64)
    queries = dense.normalise(rng.standard_normal((n_queries, dim), dtype=np.float32))
    filters = [np.sort(rng.choice(n_vectors, int(n_vectors * KEEP), replace=False)) for _ in range(n_queries)]
    print(f"search: {n_vectors:,} x {dim}-d vectors, filter keeps {KEEP:.0%}, top-{K}, {n_queries} queries, "
          f"{faiss.omp_get_max_threads()} threads")

    truth: list[set[int]] = []
    times: list[float] = []
    for q, allowed in zip(queries, filters, strict=True):
        t = time.perf_counter()
        mask = np.zeros(n_vectors, dtype=bool)
        mask[allowed] = True
        scores = np.where(mask, vectors @ q, -np.inf)
        top = np.argpartition(-scores, K)[:K]
        top = top[np.argsort(-scores[top])]
        times.append(time.perf_counter() - t)
        truth.append(set(ids[top].tolist()))
    p50, p95 = _percentiles(times)
    results = {"numpy": {"p50_ms": p50, "p95_ms": p95, "recall": 1.0, "build_s": 0.0}}

    for kind in ("flat", "hnsw", "ivf"):
        t = time.perf_counter()
        index = dense.build_index(vectors, ids, kind=kind)
        build_s = time.perf_counter() - t
        times, recalls = [], []
        for q, allowed, expected in zip(queries, filters, truth, strict=True):
            t = time.perf_counter()
            hits = dense.search(index, q, K, allowed_ids=allowed)
            times.append(time.perf_counter() - t)
            recalls.append(len({i for i, _ in hits} & expected) / K)
        p50, p95 = _percentiles(times)
        results[kind] = {"p50_ms": p50, "p95_ms": p95, "recall": float(np.mean(recalls)), "build_s": build_s}
        del index

    base = results["numpy"]["p95_ms"]
    print(f"{'variant':<8} {'build s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p95 vs numpy':>13} {'recall@10':>10} goal")
    for name, r in results.items():
        goal = "ok" if r["p95_ms"] <= GOAL_P95_MS else "MISSED"
        print(f"{name:<8} {r['build_s']:8.1f} {r['p50_ms']:8.2f} {r['p95_ms']:8.2f} {r['p95_ms'] / base:12.2f}x "
              f"{r['recall']:10.3f} {goal}")
    return results


if __name__ == "__main__":
    bench_search()
