"""The demo's subsidy applications and payment lists (``data/demo/subsidies.toml``), for the employment
year the platform opens on (``quota.years.working_year``).

Each application is filed and reviewed through the services the portal and the review pages call: a
reward from the employer's approved declaration (``reward_application_create``, which submits it), a
social-insurance application started from the approved roster (``si_application_start``,
``si_line_save``, ``subsidy_bank_update``, ``evidence_add``, ``subsidy_submit``), a start-up application
with its evidence uploaded (``startup_application_create``, ``evidence_add``, ``subsidy_submit``); then each
review step (``town_step_take`` when the district takes a town's step, ``subsidy_review``). The
payment lists are made by ``payment_list_create`` from what was approved. So the amounts, the
statuses, the timeline and the lists are the platform's own.

Idempotent: an application is looked up (by programme, year and employer or seeker) before anything
is filed, and a payment list is made only while the programme's year has none.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from html import escape

from domain import identity
from employment.models import Employer, JobSeeker
from quota.letters_pdf import html_to_pdf
from quota.models import Declaration
from quota.selectors import approved_declaration
from quota.years import working_year
from review.services import town_step_take
from subsidies import selectors, services
from subsidies.models import PaymentList, Programme, SubsidyApplication

from .declarations import employer_filer
from .files import load

DATA: dict = load("subsidies")


@lru_cache(maxsize=16)
def _evidence_pdf(title: str, business: str, holder: str = "经营主体") -> bytes:
    """A one-page PDF that says what it stands for and that it is demo material, not a real document
    (made once per process: a second seed, as the tests run it, does not render it again). Drawn by
    WeasyPrint, as the letters are; on a machine without Pango (which only the PDF letters require,
    README), a plain page that says the same in Latin letters, so ``make demo`` works there too."""
    try:
        return html_to_pdf(
            f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}（演示材料）'
            f"</title></head><body><h1>{escape(title)}</h1><p>{escape(holder)}：{escape(business)}</p>"
            "<p>演示材料：曙光平台演示数据生成，不是真实证件。</p></body></html>"
        )
    except OSError:  # WeasyPrint cannot load Pango
        return _plain_pdf("Shuguang demo material - not a real document")


def _plain_pdf(line: str) -> bytes:
    """A valid one-page PDF holding one line of ASCII text in Helvetica (no font to embed)."""
    text = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _steps(application: SubsidyApplication, steps: list[dict], users: dict) -> SubsidyApplication:
    for step in steps:
        reviewer = users[step["by"]]
        if "take" in step:
            town_step_take(obj=application, user=reviewer, reason=step["take"])
        application = services.subsidy_review(application=application, user=reviewer, action=step["action"],
                                              comment=step.get("comment", ""))
    return application


def _seeker(spec: dict, users: dict, seekers: dict[str, JobSeeker]) -> JobSeeker:
    kind, _, value = spec["seeker"].partition(":")
    if kind == "account":
        return users[value].seeker
    return next(s for key, s in sorted(seekers.items()) if s.town.name == value and s.user_id is None)


def _existing(spec: dict, year: int, employer: Employer | None, seeker: JobSeeker | None):
    return SubsidyApplication.objects.filter(programme=spec["programme"], year=year, employer=employer,
                                             seeker=seeker).first()


def _reward(spec: dict, declaration: Declaration, filer) -> SubsidyApplication:
    return services.reward_application_create(declaration=declaration, bank=spec["bank"], user=filer)


def _social_insurance(spec: dict, declaration: Declaration, filer) -> SubsidyApplication:
    employer = declaration.employer
    application = services.si_application_start(employer=employer, year=declaration.year, user=filer)
    roster = list(declaration.roster.order_by("pk"))
    for entry, line in zip(roster, spec["lines"], strict=False):
        services.si_line_save(application=application, roster_entry_id=entry.pk, name=entry.name,
                              months=line["months"], contribution=Decimal(line["contribution"]), user=filer)
    application.refresh_from_db()
    bank = {"bank_account_name": application.bank_account_name or employer.name,
            "bank_name": application.bank_name, **spec["bank"]}
    services.subsidy_bank_update(application=application, bank=bank, user=filer)
    for document in spec["evidence"]:  # a 社保缴费证明 at least: the claim is not submitted without one
        services.evidence_add(application=application, kind=document["kind"], filename=f"{document['title']}.pdf",
                              content=_evidence_pdf(document["title"], employer.name, "用人单位"), user=filer)
    return services.subsidy_submit(application=application, user=filer)


def _startup(spec: dict, seeker: JobSeeker, year: int, user) -> SubsidyApplication:
    application = services.startup_application_create(
        seeker=seeker, year=year, business_name=spec["business_name"],
        credit_code=identity.make_credit_code(spec["credit_stem"]), registered_on=spec["registered_on"],  # a TOML date
        tier=spec["tier"], evidence=spec["tier_evidence"], bank={"bank_account_name": seeker.name, **spec["bank"]},
        user=user,
    )
    for document in spec["evidence"]:
        services.evidence_add(application=application, kind=document["kind"], filename=f"{document['title']}.pdf",
                              content=_evidence_pdf(document["title"], spec["business_name"]), user=user)
    return services.subsidy_submit(application=application, user=user)


def subsidies_seed(employers: dict[str, Employer], seekers: dict[str, JobSeeker], users: dict, created) -> None:
    """The file's applications and payment lists for the working year (those already there are left as
    they are); ``created(what)`` counts what was made."""
    year = working_year()
    for spec in DATA["applications"]:
        employer = employers[spec["employer"]] if "employer" in spec else None
        seeker = _seeker(spec, users, seekers) if "seeker" in spec else None
        if _existing(spec, year, employer, seeker) is not None:
            continue
        if spec["programme"] == Programme.STARTUP:
            user = users[spec["by_staff"]] if "by_staff" in spec else seeker.user
            application = _startup(spec, seeker, year, user)
        else:
            declaration = approved_declaration(employer.pk, year)
            if declaration is None:  # the employer's declaration is not approved (the data changed)
                continue
            make = _reward if spec["programme"] == Programme.REWARD else _social_insurance
            application = make(spec, declaration, employer_filer(spec, employer, users, created))
        _steps(application, spec.get("steps", []), users)
        created("补贴申请")
    for spec in DATA["payment_lists"]:
        by = users[spec["by"]]
        waiting = selectors.applications_awaiting_payment_list(by).filter(programme=spec["programme"], year=year)
        if waiting.exists() and not PaymentList.objects.filter(programme=spec["programme"], year=year).exists():
            services.payment_list_create(programme=spec["programme"], year=year, user=by)
            created("拨付名单")
