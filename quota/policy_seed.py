"""Seeding ``PolicyYear`` rows from data/policy_params.json (used by ``manage.py seed_policy``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from .engine.params import DEFAULT_PARAMS_FILE, load_raw
from .models import PolicyYear, policy_parameter_choices

DECIMAL_FIELDS = (
    "ratio", "cap_multiple", "local_avg_wage", "min_wage", "reduced_50_floor", "reduced_50_rate",
    "reduced_90_rate", "reward_per_person", "si_subsidy_share", "si_subsidy_monthly_cap", "late_fee_rate",
)
BOOL_FIELDS = (
    "tiering_in_force", "exemption_in_force", "reward_weighted", "late_needs_district_acceptance",
    "retirement_raise_in_force", "evidence_required_for_new_people",
)
INT_FIELDS = ("working_age_min", "retire_age_male", "retire_age_female_cadre", "retire_age_female_worker",
              "payment_days_min", "reconsideration_days", "lawsuit_months")
# The letters' words (docs/policy.md, "The letters").
TEXT_FIELDS = ("letter_no_prefix", "payment_channel", "reconsideration_body")
LABELS = {f.name: str(f.verbose_name) for f in PolicyYear._meta.fields}


def _window(year: int, text: str | None) -> date | None:
    # The review of an employment year, and the payment of its levy, run in the following calendar year
    # ("MM-DD" in the file).
    if not text:
        return None
    month, day = (int(part) for part in str(text).split("-"))
    return date(year + 1, month, day)


def values_for_year(year: int, raw: dict) -> dict:
    def value(name):
        return raw.get(name, {}).get("value")

    fields: dict = {name: Decimal(str(value(name))) for name in DECIMAL_FIELDS if value(name) is not None}
    fields.update({name: bool(value(name)) for name in BOOL_FIELDS if value(name) is not None})
    fields.update({name: int(value(name)) for name in INT_FIELDS if value(name) is not None})
    fields.update({name: str(value(name)) for name in TEXT_FIELDS if value(name) is not None})
    if value("exemption_max_staff") is not None:
        fields["exemption_max_staff"] = int(Decimal(str(value("exemption_max_staff"))))
    if value("publicity_days") is not None:
        fields["publicity_days"] = int(value("publicity_days"))
    # Subsidy parameters (rewards and subsidies, subsidies).
    if value("si_subsidy_max_months") is not None:
        fields["si_subsidy_max_months"] = int(value("si_subsidy_max_months"))
    if value("startup_subsidy_tiers") is not None:
        fields["startup_subsidy_tiers"] = {str(k): str(v) for k, v in value("startup_subsidy_tiers").items()}
    if value("startup_subsidy_tier_criteria") is not None:
        fields["startup_subsidy_tier_criteria"] = {
            str(k): str(v) for k, v in value("startup_subsidy_tier_criteria").items()}
    if value("reminder_days") is not None:
        fields["reminder_days"] = sorted({int(d) for d in value("reminder_days")}, reverse=True)
    fields["review_window_start"] = _window(year, value("review_window_start"))
    fields["review_window_end"] = _window(year, value("review_window_end"))
    fields["payment_deadline"] = _window(year, value("payment_deadline"))
    known = set(DECIMAL_FIELDS) | set(BOOL_FIELDS) | set(INT_FIELDS) | set(TEXT_FIELDS) | {
        "exemption_max_staff", "publicity_days", "review_window_start", "review_window_end", "payment_deadline",
        "si_subsidy_max_months", "startup_subsidy_tiers", "startup_subsidy_tier_criteria", "reminder_days",
    }
    fields["source"] = "\n".join(
        f"{LABELS.get(name, name)}：{entry.get('source', '')}" for name, entry in raw.items() if name in known
    )
    fields["remark"] = "由 data/policy_params.json 导入。"
    # 参数待确认: the placeholder and example values the file marks "provisional".
    parameters = {name for name, _ in policy_parameter_choices()}
    fields["provisional_fields"] = [name for name, entry in raw.items()
                                    if name in parameters and entry.get("provisional")]
    return fields


@transaction.atomic
def policy_years_seed(*, path: Path = DEFAULT_PARAMS_FILE, update: bool = False) -> tuple[int, int]:
    """Create missing years (and with update=True overwrite existing ones). Returns (created, updated)."""
    created = updated = 0
    for year, raw in sorted(load_raw(path).items()):
        fields = values_for_year(year, raw)
        row = PolicyYear.objects.filter(year=year).first()
        if row is None:
            PolicyYear.objects.create(year=year, **fields)
            created += 1
        elif update:
            for key, value in fields.items():
                setattr(row, key, value)
            row.save()
            updated += 1
    return created, updated
