"""The quota engine's fast path for many declarations at once (bulk re-computation after a policy
parameter change, statistics, the benchmark). Plain Python; no Django.

It gives exactly the headline figures of ``engine.quota_compute`` — the same ``QuotaResult`` with
the same exact ``Fraction`` values and the same rounded money — but without the per-person working
(``persons`` is empty): counts are summed as integer twelfths with set operations on the months,
the year's parameters are converted to fractions once per batch, tier boundaries are compared as
integer cross-products, and money is rounded with integer arithmetic (half-up, to 0.01 yuan).
``quota_compute`` remains the straightforward reference implementation; tests and
``bench/quota_bench.py`` check that both agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .compute import EMPLOYER_TYPES, DeclarationInput, PolicyParams, QuotaError, QuotaResult

_ALL_MONTHS = frozenset(range(1, 13))
_ZERO = Decimal(0)
_DISABILITY_WEIGHT = {1: 2, 2: 2}  # other grades 1
_VETERAN_WEIGHT = {1: 2, 2: 2, 3: 2, 9: 0, 10: 0}  # grades 4–8: 1; 9–10 are not counted


@dataclass(frozen=True)
class _Prepared:
    """One year's parameters as integers/fractions, computed once per batch."""

    params: PolicyParams
    ratio: Fraction
    met: Fraction
    floor: Fraction
    rate: dict[str, Fraction]
    wage_cap: Fraction
    min_wage: Decimal
    exempt_max: Fraction
    reward_per_person: Fraction

    @classmethod
    def of(cls, params: PolicyParams) -> _Prepared:
        return cls(
            params=params,
            ratio=Fraction(params.ratio),
            met=Fraction(params.met_ratio),
            floor=Fraction(params.reduced_50_floor),
            rate={
                "exempt": Fraction(0),
                "met": Fraction(0),
                "reduced_50": Fraction(params.reduced_50_rate),
                "reduced_90": Fraction(params.reduced_90_rate),
                "full": Fraction(1),
            },
            wage_cap=Fraction(params.cap_multiple) * Fraction(params.local_avg_wage),
            min_wage=params.min_wage,
            exempt_max=Fraction(params.exemption_max_staff),
            reward_per_person=Fraction(params.reward_per_person),
        )


def _money(value: Fraction) -> Decimal:
    """Round an exact amount to 0.01 yuan, half-up (away from zero), with integer arithmetic."""
    n, d = value.numerator, value.denominator
    sign = -1 if n < 0 else 1
    cents = (200 * abs(n) + d) // (2 * d)
    return Decimal(sign * cents).scaleb(-2)


def _counted_twelfths(declaration: DeclarationInput, min_wage: Decimal) -> tuple[int, int]:
    """(weighted, unweighted) counted person-months; a month counts weight/12 (engine rules)."""
    weighted = unweighted = 0
    for entry in declaration.roster:
        if not entry.counted_here:
            continue
        if entry.cert_type == "veteran":
            weight = _VETERAN_WEIGHT.get(entry.grade, 1)
        else:
            weight = _DISABILITY_WEIGHT.get(entry.grade, 1)
        if weight == 0:
            continue
        contract = entry.contract_months
        if not (entry.on_establishment or contract is None or contract >= 12):
            continue
        months = entry.months & entry.insured_months & _ALL_MONTHS
        if entry.excluded_months:
            months = months - entry.excluded_months
        wages = entry.monthly_wage
        n = 0
        for month in months:
            if wages.get(month, _ZERO) >= min_wage:
                n += 1
        weighted += weight * n
        unweighted += n
    return weighted, unweighted


def _compute(declaration: DeclarationInput, prep: _Prepared) -> QuotaResult:
    headcount = declaration.monthly_headcount
    if len(headcount) != 12:
        raise QuotaError("月度在职职工人数应为12个月")
    if min(headcount) < 0:
        raise QuotaError("月度在职职工人数不能为负数")
    if declaration.employer_type not in EMPLOYER_TYPES:
        raise QuotaError(f"单位类型无效：{declaration.employer_type}")
    staff_sum = sum(headcount)
    if staff_sum <= 0:
        raise QuotaError("在职职工年平均人数为0，无法计算")
    params = prep.params
    c12, u12 = _counted_twelfths(declaration, prep.min_wage)

    staff_avg = Fraction(staff_sum, 12)
    counted = Fraction(c12, 12)
    required = staff_avg * prep.ratio
    shortfall = required - counted
    if shortfall < 0:
        shortfall = Fraction(0)
    actual_ratio = Fraction(c12, staff_sum)  # (c12/12) / (staff_sum/12)

    if declaration.employer_type == "enterprise" and params.exemption_in_force and staff_avg <= prep.exempt_max:
        tier = "exempt"
    elif actual_ratio >= prep.met:
        tier = "met"
    elif not params.tiering_in_force:
        tier = "full"
    elif actual_ratio >= prep.floor:
        tier = "reduced_50"
    else:
        tier = "reduced_90"

    avg_wage = Fraction(declaration.wage_bill) / staff_avg
    wage_basis = avg_wage if avg_wage < prep.wage_cap else prep.wage_cap
    gross = shortfall * wage_basis
    rate = prep.rate[tier]
    surplus = (counted if params.reward_weighted else Fraction(u12, 12)) - required
    if surplus < 0:
        surplus = Fraction(0)
    reward_persons = int(surplus)
    return QuotaResult(
        policy_year=params.year,
        staff_avg=staff_avg,
        required=required,
        counted=counted,
        counted_unweighted=Fraction(u12, 12),
        shortfall=shortfall,
        actual_ratio=actual_ratio,
        tier=tier,
        avg_wage=avg_wage,
        wage_cap=prep.wage_cap,
        wage_basis=wage_basis,
        levy_gross=_money(gross),
        levy_payable=_money(gross * rate) if rate else Decimal("0.00"),
        surplus=surplus,
        reward_persons=reward_persons,
        reward=_money(reward_persons * prep.reward_per_person),
        persons=(),
    )


def quota_compute_fast(declaration: DeclarationInput, params: PolicyParams) -> QuotaResult:
    """One declaration's headline figures (no per-person working)."""
    return _compute(declaration, _Prepared.of(params))


def quota_compute_many(declarations: Iterable[DeclarationInput], params: PolicyParams) -> list[QuotaResult]:
    """Headline figures of many declarations under one year's parameters, in input order.

    Raises ``QuotaError`` on the first declaration that cannot be computed (e.g. no staff).
    """
    prep = _Prepared.of(params)
    return [_compute(d, prep) for d in declarations]
