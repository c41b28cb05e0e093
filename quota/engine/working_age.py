"""Working age (劳动年龄): the months of an employment year in which a person is at least 16 and not
past the statutory retirement age, from the birth date and sex in the resident ID. Plain Python; no
Django. The year's ages are policy parameters (``RetirementRule``, built from ``PolicyParams``); the
gradual raise is the schedule of the decision below. docs/policy.md, "Working age", states the rule
and its sources.

The statutory retirement ages before 2025 (国发〔1978〕104号): men 60, women workers (女工人) 50,
women cadres (女干部) 55. From 1 January 2025 (全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的
决定, 2024-09-13, and its annex tables 1–3): men and the women-55 group retire one month later for
every 4 months of birth from the cohort that would have retired in January 2025 (men born from
January 1965, women cadres born from January 1970), up to 63 and 58; the women-50 group one month
later for every 2 months of birth (born from January 1975), up to 55.

Readings made here (month arithmetic only, no days):
- A month counts when the person is of working age on at least one day of it: the month of the 16th
  birthday counts, and so does the month in which the retirement age is reached; the month after it
  does not. (A man born in March 1960 under the old rule counts to March 2020; a man born in
  January 1965 retires at 60 years 1 month, the annex's "2025年2月", and counts to February 2025.)
- A woman whose post is not given is treated as the 55 group (女干部): a missing field never removes
  months; reviewers check women aged 50–58 by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MALE = "M"
FEMALE = "F"
FEMALE_POSTS = ("cadre", "worker")  # "" (not given) reads as "cadre"
GROUPS = ("male", "female_cadre", "female_worker")
GROUP_LABELS = {"male": "男职工", "female_cadre": "女干部（原55周岁）", "female_worker": "女工人（原50周岁）"}

# The decision's schedule: (one month more for every N months of birth, at most M months more).
RAISE_STEP = {"male": (4, 36), "female_cadre": (4, 36), "female_worker": (2, 60)}
RAISE_FIRST_MONTH = (2025, 1)  # the first month in which the raised ages apply (2025-01-01)


@dataclass(frozen=True)
class RetirementRule:
    """One year's working-age parameters (``PolicyYear``: 劳动年龄下限, 法定退休年龄, 渐进式延迟)."""

    min_age: int = 16
    male: int = 60
    female_cadre: int = 55
    female_worker: int = 50
    raise_in_force: bool = False


def sex_of(resident_id: str) -> str:
    """``M`` or ``F`` from the 17th character of a resident ID (odd: male, even: female; GB 11643)."""
    return MALE if int(resident_id[16]) % 2 else FEMALE


def group_of(sex: str, female_post: str = "") -> str:
    if sex == MALE:
        return "male"
    return "female_worker" if female_post == "worker" else "female_cadre"


def _index(year: int, month: int) -> int:
    return year * 12 + month - 1


def retirement_age_months(birth: date, group: str, rule: RetirementRule) -> int:
    """The statutory retirement age in months (60 years = 720) for a person born in ``birth``'s month."""
    base = getattr(rule, group)
    months = base * 12
    if rule.raise_in_force:
        every, most = RAISE_STEP[group]
        first_birth = _index(RAISE_FIRST_MONTH[0] - base, RAISE_FIRST_MONTH[1])  # reached base age in 2025-01
        born = _index(birth.year, birth.month)
        if born >= first_birth:
            months += min(most, (born - first_birth) // every + 1)
    return months


def age_label(months: int) -> str:
    """720 → "60周岁", 723 → "60周岁3个月"."""
    years, rest = divmod(months, 12)
    return f"{years}周岁{rest}个月" if rest else f"{years}周岁"


def working_age_months(year: int, birth: date, sex: str, female_post: str, rule: RetirementRule) -> frozenset[int]:
    """The months (1–12) of ``year`` in which the person is of working age (see the module's readings)."""
    born = _index(birth.year, birth.month)
    first = born + rule.min_age * 12
    last = born + retirement_age_months(birth, group_of(sex, female_post), rule)
    start = _index(year, 1)
    return frozenset(m for m in range(1, 13) if first <= start + m - 1 <= last)
