"""The quota policy engine (按比例安排残疾人就业): counted persons, required number, levy tier, levy,
surplus and reward for one declaration. Plain Python; no Django.

Arithmetic is exact: counts are kept in twelfths of a person (a month counts 1/12 of the weight)
and every intermediate figure (staff average, required, counted, shortfall, ratio, average wage,
wage basis, surplus) as a ``Fraction`` — never rounded, never passed through a float or a
fixed-precision ``Decimal`` division. Only the final yuan amounts (levy gross, levy payable,
reward) are converted once, from the exact ``Fraction``, to ``Decimal`` rounded to 0.01 half-up
(docs/policy.md, "Principles"). ``to_dict`` formats counts as decimal strings with up to 4 decimal places (6 for the
ratio) for display; that formatting is never fed back into the arithmetic. Every intermediate
figure and each person's counted value is returned so the UI and the result letter can show the
working.

``quota_compute`` is the one implementation of the levy policy: per person and per month (each
month's reason is recorded for the result letter), with counts summed as integer twelfths and the
year's parameters converted to fractions once per ``PolicyParams``, so it is also what bulk
re-computation and ``bench/quota_bench.py`` (10,000 declarations) run.

Readings of the rules (docs/policy.md) made here:
- The tier is decided on the unrounded actual ratio: exactly 1.5% is met, exactly 1.0% pays 50%.
- The ≤ 30 staff exemption compares the unrounded staff average and applies to ``enterprise`` only.
- Months a person was not employed are reported as not counted (未在岗) so every month of the year
  has either a count or a reason.
- Over-quota reward: surplus = counted − required when positive; reward = floor(surplus) × amount
  per person (0.9 → 0). With ``reward_weighted=False`` the surplus uses the unweighted count (each
  counted person-month 1/12 whatever the grade), i.e. the district rewards persons, not weights;
  ``required`` is the same in both readings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

from .working_age import RetirementRule, working_age_months

MONTHS = tuple(range(1, 13))
EMPLOYER_TYPES = ("enterprise", "government", "institution", "social_organization", "other")
TIERS = ("exempt", "met", "reduced_50", "reduced_90", "full")

# Why a month the person was employed did not count (code → Chinese label for the working).
REASONS: dict[str, str] = {
    "not_employed": "未在岗",
    "not_working_age": "不在劳动年龄内",
    "not_insured": "未足额缴纳社保",
    "below_min_wage": "工资低于最低工资标准",
    "short_contract": "合同不满一年",
    "veteran_not_counted": "残疾军人证9-10级不计入",
    "counted_elsewhere": "劳务派遣人员由另一方计入",
    "adjusted": "审核调整：本单位不计入",
}
TIER_LABELS: dict[str, str] = {
    "exempt": "暂免征收（小微企业）",
    "met": "已达到规定比例",
    "reduced_50": "按应缴额50%缴纳",
    "reduced_90": "按应缴额90%缴纳",
    "full": "全额缴纳",
}


class QuotaError(ValueError):
    """Input that the rules cannot compute (e.g. no staff at all); message in Chinese."""


@dataclass(frozen=True)
class PolicyParams:
    """The rules of one employment year (editable per year by district staff).

    Tiering (财政部公告2019年第98号): no levy when the actual ratio ≥ ``tier_met_ratio`` (``None``:
    the quota ``ratio`` itself, the normal case); 50% when ≥ ``reduced_50_floor`` (1%); else 90%.
    """

    year: int
    ratio: Decimal
    cap_multiple: Decimal
    local_avg_wage: Decimal
    min_wage: Decimal
    tiering_in_force: bool
    reduced_50_floor: Decimal = Decimal("0.01")
    reduced_50_rate: Decimal = Decimal("0.5")
    reduced_90_rate: Decimal = Decimal("0.9")
    exemption_in_force: bool = False
    exemption_max_staff: Decimal = Decimal("30")
    reward_per_person: Decimal = Decimal("0")
    reward_weighted: bool = True
    tier_met_ratio: Decimal | None = None  # None: the quota ratio
    # Working age (docs/policy.md, "Working age"): at least ``working_age_min``, not past the
    # statutory retirement age of the person's group, raised gradually from 2025 when in force.
    working_age_min: int = 16
    retire_age_male: int = 60
    retire_age_female_cadre: int = 55
    retire_age_female_worker: int = 50
    retirement_raise_in_force: bool = False

    @property
    def retirement_rule(self) -> RetirementRule:
        return RetirementRule(
            min_age=self.working_age_min,
            male=self.retire_age_male,
            female_cadre=self.retire_age_female_cadre,
            female_worker=self.retire_age_female_worker,
            raise_in_force=self.retirement_raise_in_force,
        )

    @property
    def tier_reduced_50_floor(self) -> Decimal:
        """The brief's name for ``reduced_50_floor`` (the 1% floor of the 50% band)."""
        return self.reduced_50_floor

    @property
    def met_ratio(self) -> Decimal:
        return self.ratio if self.tier_met_ratio is None else self.tier_met_ratio


@dataclass(frozen=True)
class RosterEntry:
    """One disabled employee on the roster and the months of the year they worked."""

    cert_type: str  # "disability" (残疾人证) or "veteran" (残疾军人证)
    cert_no: str
    grade: int
    months: frozenset[int]
    insured_months: frozenset[int]
    monthly_wage: Mapping[int, Decimal]
    contract_months: int | None = None  # None: open-ended contract
    on_establishment: bool = False
    counted_here: bool = True  # False: a dispatched worker counted by the other party
    excluded_months: frozenset[int] = frozenset()  # months a reviewer decided count elsewhere
    # From the resident ID (a disability certificate's first 18 characters); ``None``: not known
    # (a veteran's certificate carries no resident ID), the working age is then not checked.
    birth: date | None = None
    sex: str = ""  # "M" / "F"
    female_post: str = ""  # "cadre" (女干部, 55 group) / "worker" (女工人, 50 group); "": cadre


@dataclass(frozen=True)
class DeclarationInput:
    year: int
    employer_type: str
    monthly_headcount: tuple[int, ...]
    wage_bill: Decimal
    roster: tuple[RosterEntry, ...] = ()


@dataclass(frozen=True)
class PersonCount:
    cert_no: str
    cert_type: str
    grade: int
    weight: int
    counted_months: tuple[int, ...]
    counted: Fraction
    not_counted: dict[int, str] = field(default_factory=dict)  # month → reason code

    def to_dict(self) -> dict:
        return {
            "cert_no": self.cert_no,
            "cert_type": self.cert_type,
            "grade": self.grade,
            "weight": self.weight,
            "counted_months": list(self.counted_months),
            "counted": count_str(self.counted),
            "not_counted": {str(m): REASONS[r] for m, r in sorted(self.not_counted.items())},
        }


@dataclass(frozen=True)
class QuotaResult:
    policy_year: int
    staff_avg: Fraction
    required: Fraction
    counted: Fraction
    counted_unweighted: Fraction
    shortfall: Fraction
    actual_ratio: Fraction
    tier: str
    avg_wage: Fraction
    wage_cap: Fraction
    wage_basis: Fraction
    levy_gross: Decimal
    levy_payable: Decimal
    surplus: Fraction
    reward_persons: int
    reward: Decimal
    persons: tuple[PersonCount, ...]

    @property
    def tier_label(self) -> str:
        return TIER_LABELS[self.tier]

    def to_dict(self) -> dict:
        """JSON-ready: money as strings with two decimals, counts as decimal strings."""
        return {
            "policy_year": self.policy_year,
            "staff_avg": count_str(self.staff_avg),
            "required": count_str(self.required),
            "counted": count_str(self.counted),
            "shortfall": count_str(self.shortfall),
            "actual_ratio": count_str(self.actual_ratio, places=6),
            "tier": self.tier,
            "tier_label": self.tier_label,
            "avg_wage": money(self.avg_wage),
            "wage_cap": money(self.wage_cap),
            "wage_basis": money(self.wage_basis),
            "levy_gross": str(self.levy_gross),
            "levy_payable": str(self.levy_payable),
            "surplus": count_str(self.surplus),
            "reward_persons": self.reward_persons,
            "reward": str(self.reward),
            "persons": [p.to_dict() for p in self.persons],
        }


def money(value: Fraction | Decimal) -> str:
    return str(to_money(value))


def to_money(value: Fraction | Decimal) -> Decimal:
    """Round a final amount to 0.01 yuan, half-up (away from zero), from its exact value.

    Integer arithmetic on the exact fraction: cents = round-half-up(100 × value)."""
    frac = value if isinstance(value, Fraction) else Fraction(value)
    n, d = frac.numerator, frac.denominator
    cents = (200 * abs(n) + d) // (2 * d)
    return Decimal(-cents if n < 0 else cents).scaleb(-2)


def count_str(value: Fraction, places: int = 4) -> str:
    """A count for display: exact when it terminates within ``places`` decimals, else rounded there."""
    with localcontext() as ctx:
        ctx.prec = 50
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        text = format(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def person_weight(cert_type: str, grade: int) -> int:
    """2 for 残疾人证 grade 1–2 and 残疾军人证 grade 1–3, 0 for 残疾军人证 grade 9–10, else 1."""
    if cert_type == "veteran":
        if grade >= 9:
            return 0
        return 2 if grade <= 3 else 1
    return 2 if grade <= 2 else 1


# weight × months / 12 for every possible value (weight ≤ 2, months ≤ 12), built once: the engine
# counts in integer twelfths and only turns a person's count into a Fraction through this table.
_TWELFTHS = tuple(Fraction(i, 12) for i in range(25))
_ZERO_WAGE = Decimal(0)


def person_count(
    entry: RosterEntry, min_wage: Decimal, *, year: int | None = None, rule: RetirementRule | None = None
) -> PersonCount:
    """Which months of the year one person counts, and their counted value (weight × months / 12).

    Each month of the year gets either a count or the first reason that applies, in this order:
    not employed, not of working age (when ``year``, ``rule`` and the birth date are known), counted
    by the other party (dispatch), 残疾军人证 9–10, reviewer adjustment, contract under one year, not
    insured, wage below the minimum."""
    weight = person_weight(entry.cert_type, entry.grade)
    employed = entry.months
    if entry.birth is not None and year is not None and rule is not None:
        working = working_age_months(year, entry.birth, entry.sex, entry.female_post, rule)
    else:
        working = None
    if not entry.counted_here:
        blanket = "counted_elsewhere"
    elif weight == 0:
        blanket = "veteran_not_counted"
    else:
        blanket = None
    excluded = entry.excluded_months
    contract = entry.contract_months
    short = not (entry.on_establishment or contract is None or contract >= 12)
    insured = entry.insured_months
    wages = entry.monthly_wage
    counted: list[int] = []
    reasons: dict[int, str] = {}
    for month in MONTHS:
        if month not in employed:
            reasons[month] = "not_employed"
        elif working is not None and month not in working:
            reasons[month] = "not_working_age"
        elif blanket is not None:
            reasons[month] = blanket
        elif month in excluded:
            reasons[month] = "adjusted"
        elif short:
            reasons[month] = "short_contract"
        elif month not in insured:
            reasons[month] = "not_insured"
        elif wages.get(month, _ZERO_WAGE) < min_wage:
            reasons[month] = "below_min_wage"
        else:
            counted.append(month)
    return PersonCount(
        cert_no=entry.cert_no,
        cert_type=entry.cert_type,
        grade=entry.grade,
        weight=weight,
        counted_months=tuple(counted),
        counted=_TWELFTHS[weight * len(counted)],
        not_counted=reasons,
    )


@dataclass(frozen=True)
class _Prepared:
    """One year's parameters as exact fractions, converted once per ``PolicyParams`` (cached)."""

    ratio: Fraction
    met: Fraction
    floor: Fraction
    rate: Mapping[str, Fraction]
    wage_cap: Fraction
    exempt_max: Fraction
    reward_per_person: Fraction
    retirement: RetirementRule


@lru_cache(maxsize=128)
def _prepared(params: PolicyParams) -> _Prepared:
    return _Prepared(
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
        exempt_max=Fraction(params.exemption_max_staff),
        reward_per_person=Fraction(params.reward_per_person),
        retirement=params.retirement_rule,
    )


def quota_compute(declaration: DeclarationInput, params: PolicyParams) -> QuotaResult:
    """Compute one declaration under one year's rules (docs/policy.md, "The levy"), with the working.

    The only implementation of the levy policy. Counts are summed as integer twelfths and turned
    into exact fractions once; the year's parameters are converted once per ``PolicyParams``."""
    headcount = declaration.monthly_headcount
    if len(headcount) != 12:
        raise QuotaError("月度在职职工人数应为12个月")
    if any(n < 0 for n in headcount):
        raise QuotaError("月度在职职工人数不能为负数")
    if declaration.employer_type not in EMPLOYER_TYPES:
        raise QuotaError(f"单位类型无效：{declaration.employer_type}")
    staff_sum = sum(headcount)
    if staff_sum <= 0:
        raise QuotaError("在职职工年平均人数为0，无法计算")
    prep = _prepared(params)
    min_wage = params.min_wage
    year, rule = declaration.year, prep.retirement
    persons = tuple(person_count(entry, min_wage, year=year, rule=rule) for entry in declaration.roster)
    counted_12 = sum(p.weight * len(p.counted_months) for p in persons)  # twelfths, weighted
    unweighted_12 = sum(len(p.counted_months) for p in persons)  # twelfths, each person-month 1/12

    staff_avg = Fraction(staff_sum, 12)
    counted = Fraction(counted_12, 12)
    counted_unweighted = Fraction(unweighted_12, 12)
    required = staff_avg * prep.ratio
    shortfall = max(Fraction(0), required - counted)
    actual_ratio = Fraction(counted_12, staff_sum)  # counted / staff_avg, the twelfths cancel

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
    wage_basis = min(avg_wage, prep.wage_cap)
    gross = shortfall * wage_basis
    surplus_base = counted if params.reward_weighted else counted_unweighted
    surplus = max(Fraction(0), surplus_base - required)
    reward_persons = int(surplus)  # whole persons only: 0.9 → 0
    return QuotaResult(
        policy_year=params.year,
        staff_avg=staff_avg,
        required=required,
        counted=counted,
        counted_unweighted=counted_unweighted,
        shortfall=shortfall,
        actual_ratio=actual_ratio,
        tier=tier,
        avg_wage=avg_wage,
        wage_cap=prep.wage_cap,
        wage_basis=wage_basis,
        levy_gross=to_money(gross),
        levy_payable=to_money(gross * prep.rate[tier]),
        surplus=surplus,
        reward_persons=reward_persons,
        reward=to_money(reward_persons * prep.reward_per_person),
        persons=persons,
    )
