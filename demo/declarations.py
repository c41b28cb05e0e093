"""The demo's annual quota declarations and their 公示 (``data/demo/declarations.toml``), for the
employment year the platform opens on (``quota.years.working_year``).

Each declaration is filed and reviewed through the services the portal and the review pages call:
``declaration_start`` (the roster pre-filled from the employer's platform placements), the basics,
roster rows typed in (``parse_row`` as the portal's form reads them, then ``roster_entry_save``),
``declaration_submit``, then each review step (``town_step_take`` when the district takes a town's
step, ``declaration_review``; ``declaration_late_accept`` before a final decision when the filing
came after the review window closed). So the status, the timeline, the letter numbers and the
amounts are the platform's own. The approved ones go into one published 公示 batch
(``quota.publicity_services``).

Idempotent: an employer's declaration of the year is looked up before anything is filed, and a
batch is made only while none of the demo's declarations is in one.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from domain import identity
from employment import services as employment_services
from employment.models import Employer, Role
from quota import publicity_services, services
from quota.models import Declaration, DeclarationStatus, PolicyYear, PublicityEntry
from quota.roster_import import parse_row
from quota.years import working_year
from review.services import town_step_take

from . import builder
from .files import load

DATA: dict = load("declarations")
DECLARATIONS: list[dict] = DATA["declarations"]
# The certificates typed in: sequence numbers above the seekers' (demo/builder.py, 100 … ~850).
SEQ_BASE = 900


def _day(value, year: int) -> str:
    """A roster date as the roster's column takes it: a TOML date, or "MM-DD" of the employment year."""
    if isinstance(value, date):
        return value.isoformat()
    return f"{year}-{value}" if value else ""


def roster_values(person: dict, n: int, year: int) -> dict[str, str]:
    """One typed-in person as the roster's columns (``quota.roster_import.COLUMNS``): the ``n``-th person
    of the file gets a valid certificate number of their own (odd sequence: a man, even: a woman)."""
    seq = SEQ_BASE + 2 * n + (1 if person["sex"] == "男" else 0)
    resident_id = identity.make_resident_id(birth=person["born"], seq=seq)
    return {
        "姓名": person["name"], "证件类型": "残疾人证",
        "证件号码": identity.make_disability_cert(resident_id, person["category"], person["grade"]),
        "残疾等级": "", "用工形式": person["form"], "合同开始日期": _day(person["start"], year),
        "合同结束日期": _day(person.get("end", ""), year), "月工资（元）": str(person["wage"]),
        "在岗月份": person["months"], "社保足额缴纳月份": person["insured"], "劳务派遣": "",
        "派遣另一方单位": "", "计入本单位": "是", "女职工岗位类别": "",
    }


def employer_filer(spec: dict, employer: Employer, users: dict, created) -> object:
    """The employer's demo account, else its HR account (made once, without a usable password)."""
    for account in builder.DEMO_ACCOUNTS:
        user = users.get(account["username"])
        if account["role"] == Role.EMPLOYER and user is not None and user.account.employer_id == employer.pk:
            return user
    username = f"hr.{spec['employer']}"
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        contact = next(e["contact_name"] for e in builder.EMPLOYERS if e["key"] == spec["employer"])
        user = employment_services.user_create_with_role(
            username=username, password=None, role=Role.EMPLOYER, display_name=contact,
            email=f"{username}@example.com", employer=employer,
        )
        created("账号")
    return user


def _late_accept(declaration: Declaration, users: dict) -> None:
    """受理补报 by ``district`` once the declaration waits for the district, when the year asks for it."""
    if declaration.status == DeclarationStatus.DISTRICT_REVIEW and declaration.late_acceptance_pending:
        services.declaration_late_accept(declaration=declaration, user=users["district"],
                                         note=DATA["review"]["late_note"])


def _file(spec: dict, employer: Employer, year: int, first_seq: int, users: dict, filer) -> Declaration:
    declaration = services.declaration_start(employer=employer, year=year, user=filer)
    staff = spec["staff"]
    services.declaration_update_basics(
        declaration=declaration, monthly_headcounts=staff if isinstance(staff, list) else [staff] * 12,
        wage_bill=Decimal(spec["wage_bill"]), levy_already_paid=Decimal(spec.get("levy_paid", "0")), user=filer,
    )
    for n, person in enumerate(spec.get("roster", []), start=first_seq):
        row, errors = parse_row(roster_values(person, n, year), 0)
        if errors:  # the data file is wrong: say which person and why
            raise ValueError(f"{spec['employer']} {person['name']}: {[e.reason for e in errors]}")
        services.roster_entry_save(declaration=declaration, row=row, user=filer)
    if not spec.get("submit", True):
        return declaration
    declaration = services.declaration_submit(declaration=declaration, user=filer, response=spec.get("response", ""))
    for step in spec.get("steps", []):
        reviewer = users[step["by"]]
        if "take" in step:
            town_step_take(obj=declaration, user=reviewer, reason=step["take"])
        _late_accept(declaration, users)
        declaration = services.declaration_review(declaration=declaration, user=reviewer, action=step["action"],
                                                  comment=step.get("comment", ""))
    _late_accept(declaration, users)
    return declaration


def declarations_seed(employers: dict[str, Employer], users: dict, created) -> list[Declaration]:
    """The file's declarations for the working year (those already there are left as they are);
    ``created(what)`` counts what was made. None when the year has no policy parameters."""
    year = working_year()
    if not PolicyYear.objects.filter(year=year).exists():
        return []
    declarations, seq = [], 0
    for spec in DECLARATIONS:
        employer = employers[spec["employer"]]
        declaration = Declaration.objects.filter(employer=employer, year=year).first()
        if declaration is None:
            declaration = _file(spec, employer, year, seq, users, employer_filer(spec, employer, users, created))
            created("年审申报")
        seq += len(spec.get("roster", []))
        declarations.append(declaration)
    return declarations


def publicity_seed(declarations: list[Declaration], users: dict, created) -> None:
    """One published 公示 batch of the approved demo declarations, unless one of them is in a batch."""
    ids = [d.pk for d in declarations]
    if not ids or PublicityEntry.objects.filter(declaration_id__in=ids).exists():
        return
    year = declarations[0].year
    approved = list(publicity_services.eligible_declarations(year).filter(pk__in=ids).values_list("pk", flat=True))
    if not approved:
        return
    spec = DATA["publicity"]
    user = users[spec["by"]]
    policy = PolicyYear.objects.get(year=year)
    today = timezone.localdate()
    batch = publicity_services.batch_create(
        user=user, year=year, declaration_ids=approved, document_no=publicity_services.document_no_next(year),
        start_date=today, end_date=today + timedelta(days=max(policy.publicity_days, 1) - 1),
        contact_name=spec["contact_name"], contact_phone=spec["contact_phone"],
        contact_address=spec["contact_address"],
    )
    publicity_services.batch_publish(batch=batch, user=user)
    created("公示批次")
