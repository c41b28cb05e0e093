"""The bridge between stored declarations and the framework-free policy engine (``quota.engine``):
builds ``PolicyParams`` and ``DeclarationInput`` from rows, runs ``quota_compute``, and turns the
``QuotaResult`` into stored fields and a template-ready view of the result with its working.

The engine receives masked certificate numbers only, so stored results never hold a full number;
for the working-age rule it gets the birth date and sex read from the decrypted disability
certificate (a veteran's certificate has no resident ID: not checked, docs/policy.md "Working age").
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError

from domain.identity import birth_date_of
from employment import crypto
from employment.formats import cn_money
from employment.table_import import format_months

from .engine import DeclarationInput, PolicyParams, QuotaError, QuotaResult, quota_compute
from .engine import RosterEntry as EngineEntry
from .engine.contracts import contract_months
from .engine.params import AGE_FIELDS, ENGINE_FIELDS, RAISE_FIELD, params_from_values
from .engine.working_age import sex_of
from .models import Declaration, DeclarationOutcome, PolicyYear, RosterEntry

_DEFAULT = object()


def params_of(policy: PolicyYear) -> PolicyParams:
    if policy.local_avg_wage is None:
        raise ValidationError(f"{policy.year}年度的当地社会平均工资尚未设置，请联系区残联。")
    names = (*ENGINE_FIELDS, *AGE_FIELDS, RAISE_FIELD)
    return params_from_values(policy.year, {name: getattr(policy, name) for name in names})


def birth_and_sex(entry: RosterEntry) -> tuple:
    """(birth date, "M"/"F") from a disability certificate's resident ID; (None, "") for a veteran."""
    if entry.cert_kind != "disability" or not entry.cert_token:
        return None, ""
    resident_id = crypto.decrypt(entry.cert_token)[:18]
    try:
        return birth_date_of(resident_id), sex_of(resident_id)
    except (ValueError, IndexError):  # stored before validation existed: not checked rather than fail
        return None, ""


def engine_entry(entry: RosterEntry) -> EngineEntry:
    months = frozenset(entry.months_employed)
    excluded = frozenset()
    if entry.months_override is not None:
        excluded = months - frozenset(entry.months_override)
    birth, sex = birth_and_sex(entry)
    return EngineEntry(
        cert_type=entry.cert_kind,
        cert_no=entry.cert_masked,
        grade=entry.grade,
        months=months,
        insured_months=frozenset(entry.months_insured),
        monthly_wage=dict.fromkeys(months, entry.monthly_wage),
        contract_months=contract_months(entry.contract_start, entry.contract_end),
        on_establishment=entry.employment_form == "establishment",
        counted_here=entry.counted_here,
        excluded_months=excluded,
        birth=birth,
        sex=sex,
        female_post=entry.female_post,
    )


def compute(
    declaration: Declaration,
    policy: PolicyYear,
    *,
    monthly_headcounts=_DEFAULT,
    wage_bill=_DEFAULT,
    entries: list[RosterEntry] | None = None,
) -> QuotaResult:
    headcounts = declaration.monthly_headcounts if monthly_headcounts is _DEFAULT else monthly_headcounts
    bill = declaration.wage_bill if wage_bill is _DEFAULT else wage_bill
    if not headcounts or len(headcounts) != 12:
        raise ValidationError("请先填写1月到12月每个月的在职职工人数。")
    if bill is None:
        raise ValidationError("请先填写在职职工工资总额。")
    entries = list(declaration.roster.all()) if entries is None else entries
    data = DeclarationInput(
        year=declaration.year,
        employer_type=declaration.employer.kind,
        monthly_headcount=tuple(int(n) for n in headcounts),
        wage_bill=Decimal(bill),
        roster=tuple(engine_entry(e) for e in entries),
    )
    try:
        return quota_compute(data, params_of(policy))
    except QuotaError as exc:
        raise ValidationError(str(exc)) from exc


def outcome_of(result: QuotaResult) -> str:
    if result.tier == "exempt":
        return DeclarationOutcome.EXEMPT if result.shortfall > 0 else DeclarationOutcome.MET
    if result.tier == "met":
        return DeclarationOutcome.REWARD if result.reward > 0 else DeclarationOutcome.MET
    return DeclarationOutcome.LEVY


def summary(result: QuotaResult, policy: PolicyYear | None = None) -> dict:
    """Stored form: the engine's dict plus the headline fields of the Declaration row."""
    raw = result.to_dict()
    raw["ratio"] = str(policy.ratio) if policy is not None else None
    raw["reward_per_person"] = str(policy.reward_per_person) if policy is not None else None
    raw["cap_multiple"] = str(policy.cap_multiple) if policy is not None else None
    raw["min_wage"] = str(policy.min_wage) if policy is not None else None
    fields = {
        "staff_avg": Decimal(raw["staff_avg"]),
        "counted": Decimal(raw["counted"]),
        "actual_ratio": Decimal(raw["actual_ratio"]),
        "levy_payable": result.levy_payable,
        "reward_amount": result.reward,
        "outcome": outcome_of(result),
        "policy_year_used": result.policy_year,
    }
    return {"raw": {"summary": raw}, "fields": fields}


def _pct(value: str | Decimal) -> str:
    return f"{(Decimal(value) * 100).quantize(Decimal('0.01'))}%"


def view_from_summary(raw: dict, entries: list[RosterEntry]) -> dict:
    """Rows of the working, in the order of the formula in docs/policy.md ("The levy"), and a per-person table."""
    rows = [
        {"label": "计算所用政策年度", "value": f"{raw['policy_year']}年度", "working": ""},
        {"label": "年平均在职职工人数", "value": raw["staff_avg"], "working": "12个月在职职工人数之和 ÷ 12"},
        {"label": "规定安排比例", "value": _pct(raw["ratio"]) if raw.get("ratio") else "", "working": ""},
        {"label": "应安排残疾人数", "value": raw["required"], "working": "年平均在职职工人数 × 规定比例（不取整）"},
        {"label": "实际安排残疾人数", "value": raw["counted"], "working": "每人按月计算之和，重度残疾计2倍"},
        {"label": "实际安排比例", "value": _pct(raw["actual_ratio"]), "working": "实际安排人数 ÷ 年平均在职职工人数"},
        {"label": "差额人数", "value": raw["shortfall"], "working": "应安排人数 − 实际安排人数（不小于0）"},
        {"label": "在职职工年平均工资（元）", "value": cn_money(raw["avg_wage"]), "working": "工资总额 ÷ 年平均在职职工人数"},
        {"label": "工资封顶（元）", "value": cn_money(raw["wage_cap"]),
         "working": f"当地社会平均工资 × {raw.get('cap_multiple') or '封顶倍数'}"},
        {"label": "计征工资基数（元）", "value": cn_money(raw["wage_basis"]), "working": "年平均工资与封顶中较小者"},
        {"label": "应缴保障金（未减免，元）", "value": cn_money(raw["levy_gross"]), "working": "差额人数 × 计征工资基数"},
        {"label": "征收档次", "value": raw["tier_label"], "working": ""},
        {"label": "应缴保障金（元）", "value": cn_money(raw["levy_payable"]), "working": "按档次减免后"},
        {"label": "超比例人数（整数）", "value": str(raw["reward_persons"]), "working": "超出应安排人数的部分，只计整人"},
        {"label": "超比例奖励（元）", "value": cn_money(raw["reward"]),
         "working": f"超比例人数 × {cn_money(raw.get('reward_per_person')) or '奖励标准'} 元/人"},
    ]
    persons = []
    for entry, person in zip(entries, raw.get("persons", []), strict=False):
        notes = "；".join(f"{m}月{reason}" for m, reason in person["not_counted"].items())
        persons.append({
            "name": entry.name,
            "cert": person["cert_no"],
            "months": format_months(person["counted_months"]) or "无",
            "weight": person["weight"],
            "counted": person["counted"],
            "notes": notes,  # "" when every month counts: the page writes it with or_none (无)
        })
    labels = dict(DeclarationOutcome.choices)
    fake = _Outcome(raw)
    return {"rows": rows, "persons": persons, "outcome": fake.outcome, "outcome_label": labels[fake.outcome], "raw": raw}


class _Outcome:
    """Outcome from a stored summary (same rule as ``outcome_of``)."""

    def __init__(self, raw: dict):
        tier, shortfall, reward = raw["tier"], Decimal(raw["shortfall"]), Decimal(raw["reward"])
        if tier == "exempt":
            self.outcome = DeclarationOutcome.EXEMPT if shortfall > 0 else DeclarationOutcome.MET
        elif tier == "met":
            self.outcome = DeclarationOutcome.REWARD if reward > 0 else DeclarationOutcome.MET
        else:
            self.outcome = DeclarationOutcome.LEVY


def view_of(result: QuotaResult, declaration: Declaration, policy: PolicyYear, entries=None) -> dict:
    entries = list(declaration.roster.all()) if entries is None else entries
    return view_from_summary(summary(result, policy)["raw"]["summary"], entries)


def stored_view(declaration: Declaration) -> dict | None:
    raw = (declaration.result or {}).get("summary")
    if not raw:
        return None
    return view_from_summary(raw, list(declaration.roster.all()))


def preview(declaration: Declaration, policy: PolicyYear, *, monthly_headcounts, wage_bill, levy_already_paid=None):
    """The result for unsaved basics (the "预览计算结果" button); nothing is written."""
    result = compute(declaration, policy, monthly_headcounts=monthly_headcounts, wage_bill=wage_bill)
    return view_of(result, declaration, policy)
