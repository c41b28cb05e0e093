"""Matching quality on the labelled evaluation set (data/eval): one command, four retrieval variants.

    .venv/bin/python bench/match_quality.py [--encoder default] [--k 10]

Variants: lexical-only (BM25), dense-only (encoder cosine), hybrid (RRF of both), and the engine
(hybrid + hard rules + named-component scoring, i.e. ``rank_jobs_for_seeker``). For each: nDCG@k
and hard-rule violations in the top k. Grades in qrels.csv are by meaning; a pair the hard rules
block counts as grade 0 (a job the person cannot do with the support offered is not a fit), and
seekers whose every relevant job is blocked are left out of the nDCG mean. Lexical-only is the
baseline the ratios are against.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from matching.batch import read_jobs, read_seekers  # noqa: E402
from matching.engine.fusion import reciprocal_rank_fusion  # noqa: E402
from matching.engine.matcher import JobCorpus, rank_jobs_for_seeker  # noqa: E402
from matching.engine.profiles import job_text, seeker_text  # noqa: E402
from matching.engine.rules import is_allowed  # noqa: E402

EVAL_DIR = ROOT / "data" / "eval"


def ndcg(ranked: list[str], gains: dict[str, int], k: int) -> float | None:
    ideal = sorted(gains.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal) if g > 0)
    if idcg == 0:
        return None
    dcg = sum((2 ** gains.get(j, 0) - 1) / math.log2(i + 2) for i, j in enumerate(ranked[:k]))
    return dcg / idcg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoder", default="default", help="matching.embedding.load_encoder spec")
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    k = args.k

    seekers, serr = read_seekers(EVAL_DIR / "seekers.csv")
    jobs, jerr = read_jobs(EVAL_DIR / "jobs.csv")
    if serr or jerr:
        raise SystemExit("\n".join(str(e) for e in [*serr, *jerr]))
    qrels: dict[str, dict[str, int]] = {}
    with (EVAL_DIR / "qrels.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            qrels.setdefault(row["seeker_id"], {})[row["job_id"]] = int(row["grade"])

    from matching.embedding import load_encoder

    t0 = time.perf_counter()
    encoder = load_encoder(args.encoder)
    job_vectors = encoder.encode([job_text(j) for j in jobs])
    seeker_vectors = encoder.encode([seeker_text(s) for s in seekers])
    encode_s = time.perf_counter() - t0
    corpus = JobCorpus.build(jobs, job_vectors)
    job_by_id = {j.id: j for j in jobs}

    def lexical(n: int) -> list[str]:
        return [jobs[p].id for p, _ in corpus.lexical.search(seeker_text(seekers[n]), k)]

    def dense_ranking(n: int, depth: int) -> list[str]:
        if not seeker_text(seekers[n]).strip():
            return []
        scores = job_vectors @ seeker_vectors[n]
        return [jobs[p].id for p in np.argsort(-scores, kind="stable")[:depth]]

    def hybrid(n: int) -> list[str]:
        lex = [jobs[p].id for p, _ in corpus.lexical.search(seeker_text(seekers[n]), 50)]
        return [j for j, _ in reciprocal_rank_fusion([dense_ranking(n, 50), lex])][:k]

    def engine(n: int) -> list[str]:
        matches = rank_jobs_for_seeker(seekers[n], corpus, k, seeker_vector=seeker_vectors[n], encoder=encoder).matches
        return [m.job_id for m in matches]

    def engine_no_rules(n: int) -> list[str]:
        matches = rank_jobs_for_seeker(
            seekers[n], corpus, k, seeker_vector=seeker_vectors[n], encoder=encoder, apply_rules=False
        ).matches
        return [m.job_id for m in matches]

    variants = {
        "lexical-only": lexical,
        "dense-only": lambda n: dense_ranking(n, k),
        "hybrid (RRF)": hybrid,
        "hybrid + scoring, no rules": engine_no_rules,
        "hybrid + rules (engine)": engine,
    }
    print(f"eval set: {len(seekers)} seekers, {len(jobs)} jobs, {sum(len(v) for v in qrels.values())} graded pairs;"
          f" encoder {encoder!r} ({encode_s:.1f}s to load+encode)")
    results = {}
    for name, rank in variants.items():
        scores, violations, t = [], 0, time.perf_counter()
        for n, seeker in enumerate(seekers):
            ranked = rank(n)
            violations += sum(1 for j in ranked if not is_allowed(seeker, job_by_id[j]))
            gains = {j: g for j, g in qrels.get(seeker.id, {}).items() if is_allowed(seeker, job_by_id[j])}
            value = ndcg(ranked, gains, k)
            if value is not None:
                scores.append(value)
        results[name] = (float(np.mean(scores)), violations, len(scores), time.perf_counter() - t)
    base = results["lexical-only"][0]
    print(f"{'variant':<30} {'nDCG@' + str(k):>8} {'vs lexical':>10} {'violations':>10} {'seekers':>8}")
    for name, (score, violations, count, _) in results.items():
        print(f"{name:<30} {score:8.3f} {score / base:9.2f}x {violations:10d} {count:8d}")

    empty = [s for s in seekers if not seeker_text(s).strip()]
    for s in empty:
        matches = rank_jobs_for_seeker(s, corpus, k, encoder=encoder).matches
        confident = sum(m.confident for m in matches)
        best = max((m.score for m in matches), default=0.0)
        print(f"empty profile {s.id}: {len(matches)} listed, {confident} confident (best score {best:.3f})")
    ok = results["hybrid + rules (engine)"][1] == 0 and results["hybrid + rules (engine)"][0] > 1.1 * base
    print("PASS" if ok else "FAIL", "(engine: 0 violations and nDCG > 1.1x lexical-only)")
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
