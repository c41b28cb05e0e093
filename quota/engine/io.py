"""The JSON interchange form of one declaration (used by ``manage.py quota_compute``), validated into
engine inputs. Every problem is an ``InputError`` naming the field, e.g. ``roster[2].cert_no``.

Schema (see also README, "quota_compute"): ``year``; ``employer_type`` (enterprise|government|
institution|social_organization|other); ``monthly_headcount`` (12 non-negative integers);
``wage_bill``; optional ``local_avg_wage`` and ``min_wage`` overriding the year's parameters;
``roster``: a list of ``{cert_type: "disability"|"veteran", cert_no, grade (veterans only; for a
disability certificate it is read from the number, and a given grade must agree), months: [1..12
employed], insured_months (default: months), monthly_wage: amount or {"1": amount, …} (every
employed month), contract_months (absent/null: open-ended), on_establishment (bool),
dispatched_counted_here (bool, default true; ``counted_here`` is accepted too), female_post
("cadre" 女干部 | "worker" 女工人; optional, absent: cadre; only used for women)}``. The same
certificate may appear only once. A disability certificate's resident ID gives the birth date and
sex the working-age rule needs; a veteran's certificate has none, so its working age is not checked.
Plain Python; no Django.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from domain.identity import IdentityError, birth_date_of, parse_disability_cert

from .compute import EMPLOYER_TYPES, MONTHS, DeclarationInput, PolicyParams, RosterEntry
from .working_age import FEMALE_POSTS, sex_of


class InputError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _decimal(value, field: str, *, minimum: Decimal | None = Decimal(0)) -> Decimal:
    if isinstance(value, bool) or value is None or value == "":
        raise InputError(field, "应为数字")
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise InputError(field, f"应为数字，收到 {value!r}") from exc
    if not number.is_finite():
        raise InputError(field, "应为有限的数字")
    if minimum is not None and number < minimum:
        raise InputError(field, f"不能小于 {minimum}")
    return number


def _int(value, field: str, *, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InputError(field, "应为整数")
    try:
        number = int(str(value).strip())
    except ValueError as exc:
        raise InputError(field, f"应为整数，收到 {value!r}") from exc
    if number < low or (high is not None and number > high):
        raise InputError(field, f"应在 {low}–{high} 之间" if high is not None else f"不能小于 {low}")
    return number


def _months(value, field: str) -> frozenset[int]:
    if not isinstance(value, list):
        raise InputError(field, "应为月份列表，例如 [1, 2, 3]")
    return frozenset(_int(m, f"{field}[{i}]", low=1, high=12) for i, m in enumerate(value))


def _wages(value, field: str, months: frozenset[int]) -> dict[int, Decimal]:
    if isinstance(value, dict):
        wages = {}
        for key, amount in value.items():
            month = _int(key, f"{field}.{key}", low=1, high=12)
            wages[month] = _decimal(amount, f"{field}.{key}")
        missing = sorted(months - wages.keys())
        if missing:
            raise InputError(field, f"缺少在岗月份的工资：{', '.join(map(str, missing))}月")
        return wages
    amount = _decimal(value, field)
    return dict.fromkeys(MONTHS, amount)


def _roster_entry(row, i: int) -> RosterEntry:
    where = f"roster[{i}]"
    if not isinstance(row, dict):
        raise InputError(where, "应为对象")
    cert_type = row.get("cert_type", "disability")
    if cert_type not in ("disability", "veteran"):
        raise InputError(f"{where}.cert_type", "应为 disability（残疾人证）或 veteran（残疾军人证）")
    cert_no = str(row.get("cert_no") or "").strip()
    birth, sex = None, ""
    if cert_type == "disability":
        try:
            cert = parse_disability_cert(cert_no)
        except IdentityError as exc:
            raise InputError(f"{where}.cert_no", str(exc)) from exc
        cert_no, grade = cert.number, cert.grade
        birth, sex = birth_date_of(cert.resident_id), sex_of(cert.resident_id)
        if row.get("grade") not in (None, "") and str(row["grade"]).strip() != str(grade):
            raise InputError(f"{where}.grade", f"与残疾人证号中的等级（{grade}级）不一致")
    else:
        if not cert_no:
            raise InputError(f"{where}.cert_no", "残疾军人证号不能为空")
        if "grade" not in row:
            raise InputError(f"{where}.grade", "残疾军人证需填写等级（1–10）")
        grade = _int(row["grade"], f"{where}.grade", low=1, high=10)
    if "months" not in row:
        raise InputError(f"{where}.months", "缺少在岗月份")
    months = _months(row["months"], f"{where}.months")
    insured = _months(row["insured_months"], f"{where}.insured_months") if "insured_months" in row else months
    if "monthly_wage" not in row:
        raise InputError(f"{where}.monthly_wage", "缺少月工资")
    wages = _wages(row["monthly_wage"], f"{where}.monthly_wage", months)
    contract = row.get("contract_months")
    contract_months = None if contract in (None, "") else _int(contract, f"{where}.contract_months", low=0)
    on_establishment = row.get("on_establishment", False)
    if not isinstance(on_establishment, bool):
        raise InputError(f"{where}.on_establishment", "应为 true 或 false")
    key = "dispatched_counted_here" if "dispatched_counted_here" in row else "counted_here"
    counted_here = row.get(key, True)
    if not isinstance(counted_here, bool):
        raise InputError(f"{where}.{key}", "应为 true 或 false")
    female_post = row.get("female_post") or ""
    if female_post not in ("", *FEMALE_POSTS):
        raise InputError(f"{where}.female_post", "应为 cadre（女干部）或 worker（女工人），或不填")
    return RosterEntry(
        cert_type=cert_type,
        cert_no=cert_no,
        grade=grade,
        months=months,
        insured_months=insured,
        monthly_wage=wages,
        contract_months=contract_months,
        on_establishment=on_establishment,
        counted_here=counted_here,
        birth=birth,
        sex=sex,
        female_post=female_post,
    )


def parse_declaration(
    data, params_for_year: Callable[[int], PolicyParams | None]
) -> tuple[DeclarationInput, PolicyParams]:
    """Validate one declaration in its JSON form and pick that year's parameters (with overrides)."""
    if not isinstance(data, dict):
        raise InputError("(root)", "应为 JSON 对象")
    if "year" not in data:
        raise InputError("year", "缺少年度")
    year = _int(data["year"], "year", low=2000, high=2100)
    params = params_for_year(year)
    if params is None:
        raise InputError("year", f"没有 {year} 年的政策参数")
    employer_type = data.get("employer_type")
    if employer_type not in EMPLOYER_TYPES:
        raise InputError("employer_type", f"应为 {'|'.join(EMPLOYER_TYPES)} 之一")
    headcount = data.get("monthly_headcount")
    if not isinstance(headcount, list) or len(headcount) != 12:
        got = len(headcount) if isinstance(headcount, list) else "非列表"
        raise InputError("monthly_headcount", f"应为12个月的人数，收到 {got} 个")
    counts = tuple(_int(v, f"monthly_headcount[{i}]", low=0) for i, v in enumerate(headcount))
    if "wage_bill" not in data:
        raise InputError("wage_bill", "缺少工资总额")
    wage_bill = _decimal(data["wage_bill"], "wage_bill")
    overrides = {}
    for name in ("local_avg_wage", "min_wage"):
        if data.get(name) not in (None, ""):
            overrides[name] = _decimal(data[name], name)
    roster = data.get("roster", [])
    if not isinstance(roster, list):
        raise InputError("roster", "应为列表")
    entries = tuple(_roster_entry(row, i) for i, row in enumerate(roster))
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        key = entry.cert_no[:20]
        if key in seen:
            raise InputError(f"roster[{i}].cert_no", f"与 roster[{seen[key]}] 重复")
        seen[key] = i
    declaration = DeclarationInput(
        year=year, employer_type=employer_type, monthly_headcount=counts, wage_bill=wage_bill, roster=entries
    )
    return declaration, replace(params, **overrides)
