"""The money rules of the district's rewards and subsidies (docs/policy.md: "Over-quota reward",
"Employer social-insurance subsidy", "One-time start-up subsidy"), as pure functions: no Django, no database, money as ``Decimal`` rounded to 0.01 yuan
half-up only for the final amounts.

- ``over_quota_reward``: whole persons above the required number × the amount per person.
- ``social_insurance_subsidy``: per month, a share of the employer's contribution for one disabled
  employee, capped per month and by a lifetime number of months (across all employers).
- ``startup_subsidy``: the one-time start-up subsidy by tier; a second one is refused.

Amounts and limits are per-year parameters (``SubsidyParams``, loaded from data/policy_params.json
or built from the admin's ``PolicyYear``); nothing here is a hard-coded local amount. Refusals carry a
Chinese reason for the applicant and the reviewer; invalid input raises ``SubsidyError``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from quota.engine.compute import PolicyParams, QuotaResult
from quota.engine.params import DEFAULT_PARAMS_FILE, load_raw

CENT = Decimal("0.01")

# Why a month of social-insurance subsidy was refused (code → Chinese reason).
REFUSAL_REASONS: dict[str, str] = {
    "no_contribution": "当月无单位社保缴费记录",
    "already_subsidised": "当月已享受过社保补贴（本单位或其他单位），不重复补贴",
    "max_months_reached": "已达到累计最长补贴月数",
}


class SubsidyError(ValueError):
    """Input the rules cannot evaluate (unknown tier, month 13, negative amount…); message in Chinese."""


def _money(value: Decimal | Fraction | int) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _decimal(value, what: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise SubsidyError(f"{what}应为数字，收到 {value!r}") from exc
    if not number.is_finite():
        raise SubsidyError(f"{what}应为有限的数字")
    return number


@dataclass(frozen=True)
class SubsidyParams:
    """One year's subsidy parameters (district policy; demo values are marked in the data file)."""

    year: int
    si_subsidy_share: Decimal
    si_subsidy_monthly_cap: Decimal
    si_subsidy_max_months: int
    startup_subsidy_tiers: Mapping[str, Decimal]
    reward_per_person: Decimal = Decimal("0")


def load_subsidy_params(path: Path = DEFAULT_PARAMS_FILE) -> dict[int, SubsidyParams]:
    """{year: SubsidyParams} from data/policy_params.json (the same file as the quota parameters)."""
    result = {}
    for year, raw in load_raw(path).items():
        values = {name: entry["value"] for name, entry in raw.items()}
        result[year] = SubsidyParams(
            year=year,
            si_subsidy_share=Decimal(str(values["si_subsidy_share"])),
            si_subsidy_monthly_cap=Decimal(str(values["si_subsidy_monthly_cap"])),
            si_subsidy_max_months=int(values["si_subsidy_max_months"]),
            startup_subsidy_tiers={k: Decimal(str(v)) for k, v in values["startup_subsidy_tiers"].items()},
            reward_per_person=Decimal(str(values.get("reward_per_person", "0"))),
        )
    return result


# ---------------------------------------------------------------------------------------------------
# Over-quota reward (超比例奖励)


@dataclass(frozen=True)
class RewardResult:
    surplus: Fraction  # counted − required, not rounded (0 when not above the quota)
    persons: int  # whole persons only: floor(surplus)
    per_person: Decimal
    amount: Decimal


def over_quota_reward(
    source: QuotaResult | Fraction | Decimal | int, params: PolicyParams | SubsidyParams | Decimal
) -> RewardResult:
    """The reward for the persons counted above ``required``: floor(surplus) × amount per person.

    ``source`` is a ``QuotaResult`` (its ``surplus`` already follows the year's ``reward_weighted``
    setting: weighted counts, or unweighted counts when the district counts persons, not weights) or
    the surplus itself. ``params`` gives ``reward_per_person`` (or is that amount). A surplus of 0.9
    is no whole person, so the reward is 0; a negative surplus (below the quota) is also 0.
    """
    surplus = Fraction(source.surplus if isinstance(source, QuotaResult) else source)
    per_person = params if isinstance(params, Decimal) else params.reward_per_person
    per_person = _decimal(per_person, "每人奖励标准")
    if per_person < 0:
        raise SubsidyError("每人奖励标准不能为负数")
    surplus = max(surplus, Fraction(0))
    persons = math.floor(surplus)
    return RewardResult(surplus=surplus, persons=persons, per_person=per_person, amount=_money(persons * per_person))


# ---------------------------------------------------------------------------------------------------
# Employer social-insurance subsidy (残疾人就业岗位社保补贴)


@dataclass(frozen=True)
class SIResult:
    per_month: dict[int, Decimal]  # month → subsidy granted (0.01 yuan)
    refused: dict[int, str] = field(default_factory=dict)  # month → reason code (REFUSAL_REASONS)
    capped_months: tuple[int, ...] = ()  # granted months where the monthly cap applied
    total: Decimal = Decimal("0.00")
    months_used_after: int = 0  # lifetime subsidised months after this grant (all employers)

    @property
    def refused_labels(self) -> dict[int, str]:
        return {month: REFUSAL_REASONS[code] for month, code in sorted(self.refused.items())}

    def to_dict(self) -> dict:
        return {
            "per_month": {str(m): str(a) for m, a in sorted(self.per_month.items())},
            "refused": {str(m): label for m, label in self.refused_labels.items()},
            "capped_months": list(self.capped_months),
            "total": str(self.total),
            "months_used_after": self.months_used_after,
        }


def social_insurance_subsidy(
    contributions: Mapping[int, Decimal],
    *,
    share: Decimal,
    monthly_cap: Decimal,
    max_months: int,
    months_already_subsidised: int = 0,
    months_already_subsidised_this_year: Collection[int] = (),
) -> SIResult:
    """Per month: ``min(contribution × share, monthly_cap)``, rounded to 0.01 half-up per month.

    ``contributions``: month (1–12) → the employer's social-insurance contribution for this person.
    ``months_already_subsidised``: the person's lifetime count of months already subsidised, by any
    employer, in any year (including this year's months listed below) — the ``max_months`` limit
    (e.g. 36) is per person, not per employer. ``months_already_subsidised_this_year``: the months of
    this year already subsidised (by this or another employer); they are refused, never paid twice,
    and do not use the limit again. Months are granted in calendar order until the limit is reached;
    later months are refused with the reason. A month with no (zero) contribution is refused.
    """
    share = _decimal(share, "补贴比例")
    monthly_cap = _decimal(monthly_cap, "每月补贴上限")
    if not 0 <= share <= 1:
        raise SubsidyError("补贴比例应在0–1之间")
    if monthly_cap < 0:
        raise SubsidyError("每月补贴上限不能为负数")
    if isinstance(max_months, bool) or not isinstance(max_months, int) or max_months < 0:
        raise SubsidyError("最长补贴月数应为非负整数")
    if isinstance(months_already_subsidised, bool) or not isinstance(months_already_subsidised, int) \
            or months_already_subsidised < 0:
        raise SubsidyError("已享受补贴月数应为非负整数")
    done_this_year = set(months_already_subsidised_this_year)
    for month in [*contributions.keys(), *done_this_year]:
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            raise SubsidyError(f"月份应为1–12的整数，收到 {month!r}")

    remaining = max(0, max_months - months_already_subsidised)
    per_month: dict[int, Decimal] = {}
    refused: dict[int, str] = {}
    capped: list[int] = []
    for month in sorted(contributions):
        amount = _decimal(contributions[month], f"{month}月单位缴费额")
        if amount < 0:
            raise SubsidyError(f"{month}月单位缴费额不能为负数")
        if amount == 0:
            refused[month] = "no_contribution"
        elif month in done_this_year:
            refused[month] = "already_subsidised"
        elif remaining <= 0:
            refused[month] = "max_months_reached"
        else:
            subsidy = amount * share
            if subsidy > monthly_cap:
                subsidy = monthly_cap
                capped.append(month)
            per_month[month] = _money(subsidy)
            remaining -= 1
    total = sum(per_month.values(), Decimal("0.00"))
    return SIResult(
        per_month=per_month,
        refused=refused,
        capped_months=tuple(capped),
        total=total,
        months_used_after=months_already_subsidised + len(per_month),
    )


# ---------------------------------------------------------------------------------------------------
# One-time start-up subsidy (一次性创业补贴)


@dataclass(frozen=True)
class StartupResult:
    granted: bool
    tier: str
    amount: Decimal
    reason: str = ""  # Chinese reason when refused


def startup_subsidy(tier: str, tiers: Mapping[str, Decimal], has_received_before: bool) -> StartupResult:
    """The one-time start-up subsidy of ``tier`` (e.g. A–D, amounts from the year's parameters).

    It is for first-time entrepreneurs and paid once per person: if the person has received it
    before (any year, any business), the application is refused with the reason. An unknown tier
    is an input error.
    """
    key = str(tier or "").strip().upper()
    table = {str(k).strip().upper(): v for k, v in tiers.items()}
    if key not in table:
        raise SubsidyError(f"创业补贴档次应为 {'、'.join(sorted(table))} 之一，收到 {tier!r}")
    amount = _decimal(table[key], f"{key}档补贴金额")
    if amount < 0:
        raise SubsidyError(f"{key}档补贴金额不能为负数")
    if has_received_before:
        return StartupResult(
            granted=False, tier=key, amount=Decimal("0.00"),
            reason="一次性创业补贴每人只能享受一次：申请人已有一份正在审核或已审核通过的创业补贴申请，不能重复申请",
        )
    return StartupResult(granted=True, tier=key, amount=_money(amount))
