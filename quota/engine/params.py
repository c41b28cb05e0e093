"""Default per-year policy parameters from data/policy_params.json (each value with its source).

The Django ``PolicyYear`` model is seeded from this file; once seeded, district staff edit the
values in the admin and the database is what computations use.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from .compute import PolicyParams

DEFAULT_PARAMS_FILE = Path(__file__).resolve().parents[2] / "data" / "policy_params.json"
ENGINE_FIELDS = (
    "ratio",
    "cap_multiple",
    "local_avg_wage",
    "min_wage",
    "tiering_in_force",
    "reduced_50_floor",
    "reduced_50_rate",
    "reduced_90_rate",
    "exemption_in_force",
    "exemption_max_staff",
    "reward_per_person",
    "reward_weighted",
)
# Working-age parameters (docs/policy.md, "Working age"): whole years and a flag; a file or row
# without them gets the engine's defaults (16; 60 / 55 / 50; no gradual raise).
AGE_FIELDS = (
    "working_age_min",
    "retire_age_male",
    "retire_age_female_cadre",
    "retire_age_female_worker",
)
RAISE_FIELD = "retirement_raise_in_force"


def load_raw(path: Path = DEFAULT_PARAMS_FILE) -> dict[int, dict[str, dict]]:
    """{year: {name: {"value": …, "source": …}}} as stored in the file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {int(year): values for year, values in data.items()}


def params_from_values(year: int, values: dict) -> PolicyParams:
    """Build engine parameters from plain values (strings/numbers/bools) by name."""
    kwargs = {}
    for name in ENGINE_FIELDS:
        value = values[name]
        kwargs[name] = value if isinstance(value, bool) else Decimal(str(value))
    for name in AGE_FIELDS:
        if values.get(name) not in (None, ""):
            kwargs[name] = int(Decimal(str(values[name])))
    if values.get(RAISE_FIELD) is not None:
        kwargs[RAISE_FIELD] = bool(values[RAISE_FIELD])
    if values.get("tier_met_ratio") not in (None, ""):  # optional; absent: the quota ratio
        kwargs["tier_met_ratio"] = Decimal(str(values["tier_met_ratio"]))
    return PolicyParams(year=year, **kwargs)


def load_default_params(path: Path = DEFAULT_PARAMS_FILE) -> dict[int, PolicyParams]:
    """{year: PolicyParams} from the file (pure: reads the file, no Django, no database)."""
    return {
        year: params_from_values(year, {k: v["value"] for k, v in values.items()})
        for year, values in load_raw(path).items()
    }
