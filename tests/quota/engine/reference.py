"""A tiny independent reading of docs/policy.md's levy rules — per person and month, exact
``Fraction`` arithmetic — that the engine is checked against (tests/quota/engine/test_engine.py) and
the benchmark samples against (bench/quota_bench.py). Deliberately not the engine's code."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from quota.engine import DeclarationInput, PolicyParams


def cents(value) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def reference_figures(d: DeclarationInput, p: PolicyParams) -> dict:
    """The headline figures of docs/policy.md read straight, person by person and month by month."""
    counted = unweighted = Fraction(0)
    for e in d.roster:
        if e.cert_type == "veteran":
            w = 0 if e.grade >= 9 else 2 if e.grade <= 3 else 1
        else:
            w = 2 if e.grade <= 2 else 1
        long_enough = e.on_establishment or e.contract_months is None or e.contract_months >= 12
        for m in range(1, 13):
            if (m in e.months and e.counted_here and w and m not in e.excluded_months and long_enough
                    and m in e.insured_months and e.monthly_wage.get(m, Decimal(0)) >= p.min_wage):
                counted += Fraction(w, 12)
                unweighted += Fraction(1, 12)
    staff = Fraction(sum(d.monthly_headcount), 12)
    required = staff * Fraction(p.ratio)
    ratio = counted / staff
    if d.employer_type == "enterprise" and p.exemption_in_force and staff <= p.exemption_max_staff:
        tier, rate = "exempt", Fraction(0)
    elif ratio >= Fraction(p.met_ratio):
        tier, rate = "met", Fraction(0)
    elif not p.tiering_in_force:
        tier, rate = "full", Fraction(1)
    elif ratio >= Fraction(p.reduced_50_floor):
        tier, rate = "reduced_50", Fraction(p.reduced_50_rate)
    else:
        tier, rate = "reduced_90", Fraction(p.reduced_90_rate)
    avg_wage = Fraction(d.wage_bill) / staff
    cap = Fraction(p.cap_multiple) * Fraction(p.local_avg_wage)
    shortfall = max(Fraction(0), required - counted)
    surplus = max(Fraction(0), (counted if p.reward_weighted else unweighted) - required)
    return {
        "policy_year": p.year, "staff_avg": staff, "required": required, "counted": counted,
        "counted_unweighted": unweighted, "shortfall": shortfall, "actual_ratio": ratio, "tier": tier,
        "avg_wage": avg_wage, "wage_cap": cap, "wage_basis": min(avg_wage, cap),
        "levy_gross": cents(shortfall * min(avg_wage, cap)),
        "levy_payable": cents(shortfall * min(avg_wage, cap) * rate),
        "surplus": surplus, "reward_persons": int(surplus),
        "reward": cents(int(surplus) * Fraction(p.reward_per_person)),
    }
