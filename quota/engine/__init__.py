"""The quota policy engine: plain Python and exact arithmetic, no Django.

``quota_compute(DeclarationInput, PolicyParams) -> QuotaResult`` (the one implementation of the levy
policy, with the per-person working);
``io.parse_declaration`` turns the JSON interchange form into inputs; ``params.load_default_params``
reads data/policy_params.json.
"""

from .compute import (
    EMPLOYER_TYPES,
    REASONS,
    TIER_LABELS,
    TIERS,
    DeclarationInput,
    PersonCount,
    PolicyParams,
    QuotaError,
    QuotaResult,
    RosterEntry,
    count_str,
    person_count,
    person_weight,
    quota_compute,
    to_money,
)
from .working_age import RetirementRule, working_age_months

__all__ = [
    "EMPLOYER_TYPES",
    "REASONS",
    "TIERS",
    "TIER_LABELS",
    "DeclarationInput",
    "PersonCount",
    "PolicyParams",
    "QuotaError",
    "QuotaResult",
    "RetirementRule",
    "RosterEntry",
    "count_str",
    "person_count",
    "person_weight",
    "quota_compute",
    "to_money",
    "working_age_months",
]
