"""The employer social-insurance subsidy (残疾人就业岗位社保补贴): start an application for a year with an
approved declaration, add, replace or delete one employee's contribution line by form, or replace all
lines with an uploaded list (only people on the approved roster; any bad row and nothing is saved).

A line is always a person of the year's approved roster (issue 15, item 9): the form chooses a
roster row (the employer sees masked numbers only, so it never retypes a number) and the name typed
must be that row's; an upload is matched by certificate hash and name. The line's encrypted number
is copied from the roster row on the server, never taken from what was posted."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from employment import crypto
from employment.models import Employer
from employment.table_import import RowError, TableFileError, row_errors
from quota.models import RosterEntry
from quota.selectors import approved_declaration
from quota.services import RosterImportError, policy_year_get
from review.services import snapshot

from ..models import PAYMENT_FIELDS, Programme, SIClaimLine, SubsidyApplication
from ..selectors import employer_last_approved_bank
from ..si_upload import ContributionRow, read_contributions
from .amounts import si_recompute
from .common import require_editable
from .payment_details import changes_record


class ContributionImportError(RosterImportError):
    """An upload with bad rows (or people not on the approved roster): nothing was saved."""

    def __init__(self, errors: list[RowError], message: str = ""):
        total = row_errors(errors).total
        super().__init__(errors, message or f"缴费明细中有 {total} 处错误，整个文件没有导入，请改正后重新上传。")


def approved_roster(employer: Employer, year: int) -> dict[str, RosterEntry]:
    """The approved declaration's roster of the year, by certificate hash."""
    declaration = approved_declaration(employer.pk, year)
    if declaration is None:
        return {}
    return {e.cert_hash: e for e in declaration.roster.all()}


def si_roster_entries(application: SubsidyApplication) -> list[RosterEntry]:
    """The people a line may be for: the employer's approved roster of the application's year, by name."""
    declaration = approved_declaration(application.employer_id, application.year)
    if declaration is None:
        return []
    return list(declaration.roster.order_by("name", "pk"))


def _same_name(a: str, b: str) -> bool:
    """Names compared as written, ignoring spaces (全角 too) a clerk may type between characters."""
    return "".join((a or "").split()) == "".join((b or "").split())


@transaction.atomic
def si_application_start(*, employer: Employer, year: int, user) -> SubsidyApplication:
    """Start the year's application (or return the one already started). Its bank details are those
    of the employer's most recently approved reward or social-insurance application, if any
    (``bank_copied_from`` on the new object says which); otherwise the payee name is the employer's."""
    policy_year_get(year)
    existing = SubsidyApplication.objects.filter(
        programme=Programme.SOCIAL_INSURANCE, employer=employer, year=year
    ).first()
    if existing is not None:
        return existing
    if approved_declaration(employer.pk, year) is None:
        raise ValidationError(f"本单位{year}年度的按比例就业年审尚未审核通过，暂不能申请社保补贴。")
    source = employer_last_approved_bank(employer)
    bank = ({f: getattr(source, f) for f in PAYMENT_FIELDS} if source is not None
            else {"bank_account_name": employer.name})
    application = SubsidyApplication.objects.create(
        programme=Programme.SOCIAL_INSURANCE, year=year, employer=employer, town=employer.town,
        created_by=user, live=False, **bank,
    )
    # Filled in by the applicant's own start (a PaymentDetailsChange as any first filling-in).
    changes_record(application=application, before=dict.fromkeys(PAYMENT_FIELDS, ""), user=user)
    snapshot(application, user)
    application.bank_copied_from = source
    return application


def _line_from_entry(application: SubsidyApplication, entry: RosterEntry, contributions: dict) -> SIClaimLine:
    # The encrypted number is the roster row's own (copied server-side): never what was posted.
    return SIClaimLine(
        application=application, name=entry.name, cert_token=entry.cert_token, cert_hash=entry.cert_hash,
        cert_masked=entry.cert_masked,
        contributions={str(m): str(v) for m, v in sorted(contributions.items())},
    )


def _line_from_row(application: SubsidyApplication, row: ContributionRow, roster: dict[str, RosterEntry]):
    entry = roster.get(crypto.lookup_hash(row.cert_no[:20]))
    if entry is None:
        return None, RowError(row.row, "证件号码", f"此人不在本单位{application.year}年度审核通过的残疾职工名册中，不能申请补贴")
    if not _same_name(row.name, entry.name):
        return None, RowError(row.row, "姓名", f"姓名与名册中该证件号码（{entry.cert_masked}）的姓名不一致，请核对")
    return _line_from_entry(application, entry, row.contributions), None


@transaction.atomic
def si_line_save(
    *, application: SubsidyApplication, roster_entry_id: int | None, name: str, months: list[int],
    contribution: Decimal, user,
) -> SIClaimLine:
    """Add (or replace) one employee's line by form: a row of the approved roster (``roster_entry_id``),
    the name typed to confirm it, and the same contribution in each of ``months``."""
    require_editable(application)
    declaration = approved_declaration(application.employer_id, application.year)
    entry = declaration.roster.filter(pk=roster_entry_id or 0).first() if declaration is not None else None
    if entry is None:
        raise ValidationError({"roster_entry": f"所选职工不在本单位{application.year}年度审核通过的残疾职工名册中，"
                                               "请从名单中选择。"})
    if not _same_name(name, entry.name):
        raise ValidationError({"name": f"姓名与所选职工（证号{entry.cert_masked}）在名册中的姓名不一致，请核对后重新填写。"})
    if not months:
        raise ValidationError({"months": "请填写缴费月份。"})
    if contribution is None or contribution <= 0:
        raise ValidationError({"contribution": "每月单位缴费额应大于0。"})
    line = _line_from_entry(application, entry, dict.fromkeys(months, contribution))
    replaced = application.si_lines.filter(cert_hash=line.cert_hash).delete()[0]
    line.save()
    si_recompute(application)
    snapshot(application, user)
    changes_record(application=application, before={}, user=user,
                    done=(f"{'更新' if replaced else '添加'}了{line.name}（{line.cert_masked}）的社保缴费明细",))
    return line


@transaction.atomic
def si_line_delete(*, line: SIClaimLine, user) -> None:
    application = line.application
    require_editable(application)
    line.delete()
    si_recompute(application)
    snapshot(application, user)
    changes_record(application=application, before={}, user=user,
                    done=(f"删除了{line.name}（{line.cert_masked}）的社保缴费明细",))


@transaction.atomic
def si_lines_import(*, application: SubsidyApplication, content: bytes, filename: str, user) -> list[SIClaimLine]:
    """Replace the lines with an uploaded xlsx/csv. Any bad row → ContributionImportError, nothing saved."""
    require_editable(application)
    try:
        rows, errors = read_contributions(content, filename)
    except TableFileError as exc:
        raise ContributionImportError([], str(exc)) from exc
    roster = approved_roster(application.employer, application.year)
    lines = []
    for row in rows:
        line, error = _line_from_row(application, row, roster)
        if error is not None:
            errors.append(error)
        else:
            lines.append(line)
    if errors:
        raise ContributionImportError(errors)  # kept in row order, the first 100 of them
    application.si_lines.all().delete()
    for line in lines:
        line.save()
    si_recompute(application)
    snapshot(application, user)
    changes_record(application=application, before={}, user=user,
                    done=(f"上传文件替换了社保缴费明细（共 {len(lines)} 人）",))
    return lines
