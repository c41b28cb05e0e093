"""Quota engine throughput: `.venv/bin/python bench/quota_bench.py`.

Generates 10,000 declarations with 60,000 roster rows (seeded RNG) and computes them all with the
engine — ``quota.engine.quota_compute``, the one implementation of the levy policy, per person and
per month with each month's reason (the working the result letter shows). Best of 3 runs, single
thread. Two checks:

- the SHA-256 of every result (the JSON form with the per-person working, and the exact fractions)
  equals ``EXPECTED_DIGEST``, recorded from the engine before it was made one (when the reference
  and the former fast path agreed on every figure), so a speed-up cannot change a single figure;
- the headline figures of every 10th declaration equal a tiny independent reading of the rules
  the tests check the engine against too (``tests/quota/engine/reference.py``: per person and month,
  ``Fraction`` arithmetic).

Goal: all 10,000 in under 5 s on one core.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quota.engine import DeclarationInput, QuotaResult, RosterEntry, quota_compute  # noqa: E402
from quota.engine.params import load_default_params  # noqa: E402
from tests.quota.engine.reference import reference_figures  # noqa: E402

N_DECLARATIONS = 10_000
N_ROWS = 60_000


def generate(rng: random.Random) -> list[DeclarationInput]:
    """Varied declarations: 0–20 rows each (60,000 in all), small and large employers of every type,
    both certificate types and all grades, part years, gaps in insurance, low wages, short contracts,
    dispatched workers counted elsewhere and reviewer exclusions — so every tier and reason occurs."""
    per_decl = [N_ROWS // N_DECLARATIONS] * N_DECLARATIONS
    for _ in range(N_ROWS):  # move rows around, keeping the total
        src, dst = rng.randrange(N_DECLARATIONS), rng.randrange(N_DECLARATIONS)
        if per_decl[src] > 0 and per_decl[dst] < 20:
            per_decl[src] -= 1
            per_decl[dst] += 1
    declarations = []
    for i, n_rows in enumerate(per_decl):
        staff = rng.randint(5, 30) if rng.random() < 0.2 else rng.randint(31, 900)
        headcount = tuple(max(1, staff + rng.randint(-5, 5)) for _ in range(12))
        roster = []
        for j in range(n_rows):
            start = rng.choice([1, 1, 1, rng.randint(1, 12)])
            months = frozenset(range(start, 13))
            wages = {m: Decimal(rng.choice(["2000", "2490", "2500.5", "3200", "4800"])) for m in range(1, 13)}
            veteran = rng.random() < 0.1
            roster.append(
                RosterEntry(
                    cert_type="veteran" if veteran else "disability",
                    cert_no=f"C{i:05d}{j}",
                    grade=rng.randint(1, 10) if veteran else rng.randint(1, 4),
                    months=months,
                    insured_months=months if rng.random() < 0.9 else frozenset(range(start + 1, 13)),
                    monthly_wage=wages,
                    contract_months=rng.choice([None, 6, 11, 12, 36]),
                    on_establishment=rng.random() < 0.2,
                    counted_here=rng.random() < 0.97,
                    excluded_months=frozenset({12}) if rng.random() < 0.03 else frozenset(),
                )
            )
        declarations.append(
            DeclarationInput(
                year=2024,
                employer_type=rng.choice(["enterprise"] * 4 + ["government", "institution", "social_organization", "other"]),
                monthly_headcount=headcount,
                wage_bill=Decimal(staff * rng.randint(50_000, 350_000)) + Decimal(rng.randint(0, 99)) / 100,
                roster=tuple(roster),
            )
        )
    return declarations


SAMPLE_EVERY = 10
RUNS = 3
# Recorded from the engine at 18b8254 (reference and fast path identical on all figures).
EXPECTED_DIGEST = "b6176559c49a3467f4131f93407781730bfe2bde35a8d42ba56a162a002a2a62"


def digest(results: list[QuotaResult]) -> str:
    """SHA-256 of every result: its JSON form (with each person's working) and its exact fractions."""
    h = hashlib.sha256()
    for r in results:
        h.update(json.dumps(r.to_dict(), sort_keys=True, ensure_ascii=False).encode())
        h.update(repr((r.staff_avg, r.required, r.counted, r.counted_unweighted, r.shortfall, r.actual_ratio,
                       r.avg_wage, r.wage_cap, r.wage_basis, r.surplus)).encode())
    return h.hexdigest()


def _headline(figures: dict) -> tuple:
    return figures["counted"], figures["levy_payable"], figures["reward"]


def main() -> None:
    params = load_default_params()[2024]
    declarations = generate(random.Random(2026))
    rows = sum(len(d.roster) for d in declarations)

    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        results = [quota_compute(d, params) for d in declarations]
        times.append(time.perf_counter() - start)
    best = min(times)

    sample = range(0, len(declarations), SAMPLE_EVERY)
    mismatches = [
        i for i in sample
        if (results[i].counted, results[i].levy_payable, results[i].reward) != _headline(reference_figures(declarations[i], params))
    ]
    same_digest = digest(results) == EXPECTED_DIGEST
    tiers = {}
    for r in results:
        tiers[r.tier] = tiers.get(r.tier, 0) + 1
    print(f"declarations: {len(declarations):,}  roster rows: {rows:,}  policy year {params.year}")
    print(f"tiers: {', '.join(f'{k} {v:,}' for k, v in sorted(tiers.items()))}")
    print(f"engine (quota_compute per declaration, with the per-person working): {best:.2f} s best of {RUNS} "
          f"(runs {', '.join(f'{t:.2f}' for t in times)}; {len(declarations) / best:,.0f} declarations/s, "
          f"{rows / best:,.0f} rows/s)")
    print(f"every figure and working identical to the recorded results (SHA-256): {same_digest}")
    print(f"headline figures equal the reference reading (tests/quota/engine/reference.py) on a sample of {len(sample):,} "
          f"(every {SAMPLE_EVERY}th): {not mismatches} ({len(mismatches)} mismatches)")
    print(f"goal (10,000 in < 5 s on one core): {'met' if best < 5 else 'NOT met'} ({best:.2f} s)")
    assert same_digest, "the results differ from the recorded ones"
    assert not mismatches, f"engine and the bench's reading differ for declarations {mismatches[:10]}"
    assert best < 5, "goal not met"


if __name__ == "__main__":
    main()
