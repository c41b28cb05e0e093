"""Quota engine throughput: `.venv/bin/python bench/quota_bench.py`.

Generates 10,000 declarations with 60,000 roster rows (seeded RNG), computes them all with the
engine's fast path (``quota.engine.quota_compute_many``: integer twelfths, parameters prepared
once, headline figures only) and with the straightforward per-row baseline (``quota_compute``: per
person and per month, with each month's reason, the reference implementation) in the same process,
asserts both give identical results on a sample (every 10th declaration, all figures), and prints
both times, throughput and the ratio. Goal: all 10,000 in under 5 s on one core.
"""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quota.engine import DeclarationInput, RosterEntry, quota_compute, quota_compute_many  # noqa: E402
from quota.engine.params import load_default_params  # noqa: E402

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


HEADLINE = ("policy_year", "staff_avg", "required", "counted", "counted_unweighted", "shortfall", "actual_ratio",
            "tier", "avg_wage", "wage_cap", "wage_basis", "levy_gross", "levy_payable", "surplus",
            "reward_persons", "reward")
SAMPLE_EVERY = 10


def main() -> None:
    params = load_default_params()[2024]
    declarations = generate(random.Random(2026))
    rows = sum(len(d.roster) for d in declarations)

    start = time.perf_counter()
    fast = quota_compute_many(declarations, params)
    fast_s = time.perf_counter() - start

    start = time.perf_counter()
    baseline = [quota_compute(d, params) for d in declarations]
    baseline_s = time.perf_counter() - start

    sample = range(0, len(declarations), SAMPLE_EVERY)
    mismatches = [
        i for i in sample
        if any(getattr(fast[i], name) != getattr(baseline[i], name) for name in HEADLINE)
        or {k: v for k, v in fast[i].to_dict().items() if k != "persons"}
        != {k: v for k, v in baseline[i].to_dict().items() if k != "persons"}
    ]
    tiers = {}
    for r in baseline:
        tiers[r.tier] = tiers.get(r.tier, 0) + 1
    print(f"declarations: {len(declarations):,}  roster rows: {rows:,}  policy year {params.year}")
    print(f"tiers: {', '.join(f'{k} {v:,}' for k, v in sorted(tiers.items()))}")
    print(f"fast path (quota_compute_many, headline figures): {fast_s:.2f} s  "
          f"({len(declarations) / fast_s:,.0f} declarations/s, {rows / fast_s:,.0f} rows/s)")
    print(f"baseline (quota_compute per row and month, with working): {baseline_s:.2f} s  "
          f"({len(declarations) / baseline_s:,.0f} declarations/s, {rows / baseline_s:,.0f} rows/s)")
    print(f"ratio baseline/fast: {baseline_s / fast_s:.2f}x")
    print(f"identical on sample of {len(sample):,} (every {SAMPLE_EVERY}th, all figures): "
          f"{not mismatches} ({len(mismatches)} mismatches)")
    print(f"goal (10,000 in < 5 s on one core): {'met' if fast_s < 5 else 'NOT met'} (fast path {fast_s:.2f} s)")
    assert not mismatches, f"fast path and baseline differ for declarations {mismatches[:10]}"


if __name__ == "__main__":
    main()
