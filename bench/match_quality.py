"""Matching quality on the labelled evaluation set (data/eval): one command, four retrieval variants.

    .venv/bin/python bench/match_quality.py [--encoder default] [--k 10]

Variants: lexical-only (BM25), dense-only (encoder cosine), hybrid (RRF of both), and the engine
(hybrid + hard rules + named-component scoring, i.e. ``rank_jobs_for_seeker``). For each: nDCG@k
and hard-rule violations in the top k. Grades in qrels.csv are by meaning; a pair the hard rules
block counts as grade 0 (a job the person cannot do with the support offered is not a fit), and
seekers whose every relevant job is blocked are left out of the nDCG mean. Lexical-only is the
baseline the ratios are against.

Then the default output of ``match_batch`` (top k per seeker in rank order, each marked 把握较大 or
仅供参考): its nDCG@k, its strong-fit recall (the share of the allowed grade-2 pairs that are in the
top k) and violations; and the calibration of the confidence thresholds (``scoring.CONFIDENT``,
``scoring.RELEVANCE_MIN``): of the pairs of thresholds that keep at least 90 % of the strong fits in
the top k confident, the one marking the fewest unlabelled pairs confident (ties: the higher
thresholds). It fails unless the thresholds in force keep 90 % too.
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
from matching.engine.scoring import CONFIDENT, RELEVANCE_MIN, is_confident  # noqa: E402

EVAL_DIR = ROOT / "data" / "eval"
STRONG = 2  # the grade of a strong fit
KEEP_STRONG = 0.90  # "confident" keeps at least this share of the strong fits in the top k


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

    engine_matches: dict[int, list] = {}

    def engine(n: int) -> list[str]:
        if n not in engine_matches:
            engine_matches[n] = rank_jobs_for_seeker(
                seekers[n], corpus, k, seeker_vector=seeker_vectors[n], encoder=encoder
            ).matches
        return [m.job_id for m in engine_matches[n]]

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
    kept_ok = batch_report(seekers, jobs, qrels, encoder, job_by_id, engine_matches, k)
    ok = results["hybrid + rules (engine)"][1] == 0 and results["hybrid + rules (engine)"][0] > 1.1 * base and kept_ok
    print("PASS" if ok else "FAIL", "(engine: 0 violations and nDCG > 1.1x lexical-only; default match_batch output:"
          f" 0 violations, the thresholds in force keep >= {KEEP_STRONG:.0%} of the strong fits confident)")
    if not ok:
        raise SystemExit(1)


def batch_report(seekers, jobs, qrels, encoder, job_by_id, engine_matches, k: int) -> bool:
    """The default ``match_batch`` output on the labelled set, and the calibration of "confident"."""
    from matching.batch import CONFIDENT_LABEL, match_all

    rows, _ = match_all(seekers, jobs, encoder=encoder, top_k=k)
    listed: dict[str, list] = {}
    for row in rows:
        listed.setdefault(row.seeker_id, []).append(row)
    scores, violations, strong_total, strong_found, strong_confident = [], 0, 0, 0, 0
    strong_pairs, other_pairs = [], []  # (score, relevance) of the engine's top-k matches
    for n, seeker in enumerate(seekers):
        ranked = listed.get(seeker.id, [])
        ids = [r.job_id for r in ranked]
        violations += sum(1 for j in ids if not is_allowed(seeker, job_by_id[j]))
        gains = {j: g for j, g in qrels.get(seeker.id, {}).items() if is_allowed(seeker, job_by_id[j])}
        value = ndcg(ids, gains, k)
        if value is not None:
            scores.append(value)
        strong = {j for j, g in gains.items() if g >= STRONG}
        strong_total += len(strong)
        strong_found += len(strong & set(ids))
        strong_confident += sum(1 for r in ranked if r.job_id in strong and r.confidence == CONFIDENT_LABEL)
        for m in engine_matches[n]:
            pair = (m.score, m.relevance)
            if m.job_id in strong:
                strong_pairs.append(pair)
            elif not gains.get(m.job_id):
                other_pairs.append(pair)
    print(f"\ndefault match_batch output (top {k}, rank order, confidence column):")
    print(f"  nDCG@{k} {float(np.mean(scores)):.3f} over {len(scores)} seekers; violations {violations}")
    print(f"  strong-fit recall {strong_found}/{strong_total} = {strong_found / max(strong_total, 1):.3f};"
          f" confident among the strong fits listed {strong_confident}/{strong_found}"
          f" = {strong_confident / max(strong_found, 1):.3f}")

    def kept(score_min: float, relevance_min: float) -> tuple[float, int]:
        keep = sum(is_confident(s, r, score_min=score_min, relevance_min=relevance_min) for s, r in strong_pairs)
        others = sum(is_confident(s, r, score_min=score_min, relevance_min=relevance_min) for s, r in other_pairs)
        return keep / max(len(strong_pairs), 1), others

    best = None
    for c in range(0, 71):
        for r in range(0, 71):
            share, others = kept(c / 100, r / 100)
            if share >= KEEP_STRONG and (best is None or (others, -c, -r) < best[0]):
                best = ((others, -c, -r), c / 100, r / 100, share)
    in_force = kept(CONFIDENT, RELEVANCE_MIN)
    print(f"  calibration over {len(strong_pairs)} strong fits and {len(other_pairs)} unlabelled pairs in the top {k}:")
    print(f"    in force: score >= {CONFIDENT:.2f}, relevance >= {RELEVANCE_MIN:.2f}: keeps {in_force[0]:.3f}"
          f" of the strong fits, marks {in_force[1]} unlabelled pairs confident")
    if best is not None:
        _, c, r, share = best
        print(f"    calibrated: score >= {c:.2f}, relevance >= {r:.2f}: keeps {share:.3f},"
              f" marks {kept(c, r)[1]} unlabelled pairs confident")
    return violations == 0 and in_force[0] >= KEEP_STRONG


if __name__ == "__main__":
    main()
