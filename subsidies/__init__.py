"""Subsidy and reward rules (超比例奖励, 社保补贴, 一次性创业补贴) as pure functions: no Django, money
as ``Decimal``. See ``rules`` for the rules and their readings of policy.md."""

from .rules import (
    REFUSAL_REASONS,
    RewardResult,
    SIResult,
    StartupResult,
    SubsidyError,
    SubsidyParams,
    load_subsidy_params,
    over_quota_reward,
    social_insurance_subsidy,
    startup_subsidy,
)

__all__ = [
    "REFUSAL_REASONS",
    "RewardResult",
    "SIResult",
    "StartupResult",
    "SubsidyError",
    "SubsidyParams",
    "load_subsidy_params",
    "over_quota_reward",
    "social_insurance_subsidy",
    "startup_subsidy",
]
