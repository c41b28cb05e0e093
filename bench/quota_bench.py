"""Quota engine throughput: `python bench/quota_bench.py`.

Generates 10,000 declarations with 60,000 roster rows (seeded), computes them with the engine and
with a straightforward baseline (per person and month, adding Fraction(weight, 12), then the
levy) in the same process, checks both agree, and prints throughput and the ratio.
Goal: all 10,000 in under 5 s on one core.
"""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from employment.quota import DeclarationInput, RosterEntry, quota_compute  # noqa: E402
from employment.quota.params import load_default_params  # noqa: E402

N_DECLARATIONS = 10_000
N_ROWS = 60_000


def generate(rng: random.Random) -> list[DeclarationInput]:
    per_decl = [N_ROWS // N_DECLARATIONS] * N_DECLARATIONS
    declarations = []
    for i, n_rows in enumerate(per_decl):
        staff = rng.randint(10, 2000)
        headcount = tuple(max(1, staff + rng.randint(-5, 5)) for _ in range(12))
        roster = []
        for j in range(n_rows):
            start = rng.randint(1, 12)
            months = frozenset(range(start, 13))
            wages = {m: Decimal(rng.choice([2000, 2500, 3200, 4800])) for m in range(1, 13)}
            roster.append(
                RosterEntry(
                    cert_type="veteran" if rng.random() < 0.05 else "disability",
                    cert_no=f"C{i:05d}{j}",
                    grade=rng.randint(1, 4),
                    months=months,
                    insured_months=months if rng.random() < 0.9 else frozenset(range(start + 1, 13)),
                    monthly_wage=wages,
                    contract_months=rng.choice([None, 6, 12, 36]),
                    on_establishment=rng.random() < 0.2,
                )
            )
        declarations.append(
            DeclarationInput(
                year=2024,
                employer_type=rng.choice(["enterprise", "enterprise", "government", "institution"]),
                monthly_headcount=headcount,
                wage_bill=Decimal(staff * rng.randint(50_000, 250_000)),
                roster=tuple(roster),
            )
        )
    return declarations


def baseline_counted(declaration: DeclarationInput, params) -> Fraction:
    """The straightforward way: per person, per month, add a Fraction."""
    total = Fraction(0)
    for entry in declaration.roster:
        for month in range(1, 13):
            if month not in entry.months:
                continue
            if entry.cert_type == "veteran":
                weight = 0 if entry.grade >= 9 else (2 if entry.grade <= 3 else 1)
            else:
                weight = 2 if entry.grade <= 2 else 1
            ok = (
                weight > 0
                and (entry.on_establishment or entry.contract_months is None or entry.contract_months >= 12)
                and month in entry.insured_months
                and entry.monthly_wage.get(month, Decimal(0)) >= params.min_wage
            )
            if ok:
                total += Fraction(weight, 12)
    return total


def baseline_levy(declaration: DeclarationInput, params) -> tuple[Fraction, Decimal]:
    """The whole computation done the straightforward way: counted persons per month, then the levy."""
    counted = baseline_counted(declaration, params)
    staff_avg = Fraction(sum(declaration.monthly_headcount), 12)
    required = staff_avg * Fraction(params.ratio)
    shortfall = max(Fraction(0), required - counted)
    ratio = counted / staff_avg
    basis = min(Fraction(declaration.wage_bill) / staff_avg, Fraction(params.cap_multiple * params.local_avg_wage))
    gross = shortfall * basis
    if declaration.employer_type == "enterprise" and params.exemption_in_force and staff_avg <= 30:
        rate = Fraction(0)
    elif ratio >= Fraction(params.ratio):
        rate = Fraction(0)
    elif ratio >= Fraction(params.reduced_50_floor):
        rate = Fraction(params.reduced_50_rate)
    else:
        rate = Fraction(params.reduced_90_rate)
    payable = gross * rate
    return counted, (Decimal(payable.numerator) / Decimal(payable.denominator)).quantize(Decimal("0.01"), "ROUND_HALF_UP")


def main() -> None:
    params = load_default_params()[2024]
    declarations = generate(random.Random(2026))
    rows = sum(len(d.roster) for d in declarations)

    start = time.perf_counter()
    results = [quota_compute(d, params) for d in declarations]
    engine_s = time.perf_counter() - start

    start = time.perf_counter()
    baseline = [baseline_levy(d, params) for d in declarations]
    baseline_s = time.perf_counter() - start

    mismatches = sum(
        1 for r, (counted, payable) in zip(results, baseline, strict=True) if (r.counted, r.levy_payable) != (counted, payable)
    )
    print(f"declarations: {len(declarations):,}  roster rows: {rows:,}")
    print(f"engine (full result incl. levy, reward, working): {engine_s:.2f} s  "
          f"({len(declarations) / engine_s:,.0f} declarations/s)")
    print(f"baseline (per month Fraction, then levy): {baseline_s:.2f} s  "
          f"({len(declarations) / baseline_s:,.0f} declarations/s)")
    print(f"ratio baseline/engine: {baseline_s / engine_s:.2f}x")
    print(f"counted persons and levy payable agree: {mismatches == 0} ({mismatches} mismatches)")
    print(f"goal (10,000 in < 5 s): {'met' if engine_s < 5 else 'NOT met'}")
    if mismatches:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
