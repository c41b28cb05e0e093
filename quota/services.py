"""Writes of the quota declaration: start (pre-filled), edit, roster import, compute, submit, review
actions. Duplicate-certificate conflicts and reviewers' month adjustments are
``quota.conflict_services``.

Every write is one transaction and leaves a new Wagtail revision, so what was filed and what the
reviewers changed are both kept. The computation itself is the framework-free engine in
``quota.engine`` (through ``quota.bridge``); this module only loads its inputs and stores its
outputs. The review itself — status, workflow, who may act — is ``review.services``.
"""

from __future__ import annotations

import logging
import time
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import log

from domain import identity
from employment import access, crypto
from employment.models import Employer, Placement, Role
from employment.table_import import RowError, TableFileError, row_errors
from review.services import review_act, review_submit, snapshot
from review.workflows import review_workflow_ensure

from . import bridge, evidence, notifications
from .engine.contracts import months_in_year
from .models import (
    Declaration,
    DeclarationOutcome,
    DeclarationStatus,
    PolicyYear,
    RosterEntry,
)
from .roster_import import RosterRow, read_roster
from .selectors import approved_declaration

logger = logging.getLogger(__name__)

class RosterImportError(Exception):
    """An upload with bad rows (or an unreadable file): nothing was saved."""

    def __init__(self, errors: list[RowError], message: str = ""):
        self.errors = row_errors(errors)  # the first 100 kept to show, all counted in ``total``
        self.message = message or f"名册中有 {self.errors.total} 处错误，整个文件没有导入，请改正后重新上传。"
        super().__init__(self.message)


# ---- helpers -----------------------------------------------------------------------------------


def _entry_fields_from_row(row: RosterRow) -> dict:
    return {
        "name": row.name,
        "cert_token": crypto.encrypt(row.cert_no),
        "cert_hash": crypto.lookup_hash(row.cert_no[:20]),
        "cert_masked": identity.mask_id(row.cert_no),
        "cert_kind": row.cert_kind,
        "category": row.category,
        "grade": row.grade,
        "employment_form": row.employment_form,
        "contract_start": row.contract_start,
        "contract_end": row.contract_end,
        "monthly_wage": row.monthly_wage,
        "months_employed": row.months_employed,
        "months_insured": row.months_insured,
        "dispatch_role": row.dispatch_role,
        "dispatch_party": row.dispatch_party,
        "counted_here": row.counted_here,
        "female_post": row.female_post,
    }


def entry_cert_no(entry: RosterEntry) -> str:
    """The full certificate number (decrypted); callers that show it must log the access."""
    return crypto.decrypt(entry.cert_token)


def _require_editable(declaration: Declaration) -> None:
    # Check the stored status, not the caller's copy: a stale form must not edit a submitted filing.
    current = Declaration.objects.select_for_update().filter(pk=declaration.pk).values_list("status", flat=True).first()
    if current is not None:
        declaration.status = current
    if not declaration.editable_by_employer:
        raise ValidationError("申报已提交审核，不能修改。如需修改，请等待审核退回。")


# ---- policy parameters -------------------------------------------------------------------------


def policy_year_get(year: int) -> PolicyYear:
    try:
        return PolicyYear.objects.get(year=year)
    except PolicyYear.DoesNotExist as exc:
        raise ValidationError(f"{year}年度的政策参数尚未设置，请联系区残联。") from exc


# ---- start and edit ----------------------------------------------------------------------------


def _prefill_rows(employer: Employer, year: int, last: Declaration | None) -> list[dict]:
    """Last year's approved roster (``last``) carried forward, then platform placements not already on it."""
    rows: list[dict] = []
    seen: set[str] = set()
    if last is not None:
        for old in last.roster.all():
            ended = old.contract_end is not None and old.contract_end < date(year, 1, 1)
            if ended or old.cert_hash in seen:
                continue
            seen.add(old.cert_hash)
            fields = {
                f.name: getattr(old, f.name)
                for f in RosterEntry._meta.fields
                if f.name not in ("id", "declaration", "months_override", "source")
            }
            months = months_in_year(date(year, 1, 1), old.contract_end, year)
            fields.update(months_employed=months, months_insured=months, source="上年名册")
            rows.append(fields)
    placements = Placement.objects.filter(employer=employer, contract_start__lte=date(year, 12, 31)).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=date(year, 1, 1))
    ).select_related("seeker")
    for placement in placements:
        seeker = placement.seeker
        cert_hash = seeker.cert_no_hash
        if cert_hash in seen:
            continue
        seen.add(cert_hash)
        end = min(d for d in (placement.contract_end, placement.ended_on, date(year, 12, 31)) if d is not None)
        employed = months_in_year(placement.contract_start, end, year)
        insured = [m for m in employed if placement.social_insurance_start is not None
                   and date(year, m, 1) >= placement.social_insurance_start.replace(day=1)]
        if placement.on_establishment:
            form = "establishment"
        else:
            form = "contract"
        rows.append({
            "name": seeker.name,
            "cert_token": crypto.encrypt(seeker.cert_no),
            "cert_hash": cert_hash,
            "cert_masked": seeker.cert_no_masked,
            "cert_kind": "disability",
            "category": str(seeker.disability_category),
            "grade": seeker.disability_grade,
            "employment_form": form,
            "contract_start": placement.contract_start,
            "contract_end": placement.contract_end,
            "monthly_wage": placement.monthly_wage,
            "months_employed": employed,
            "months_insured": insured,
            "source": "平台就业记录",
        })
    return rows


@transaction.atomic
def declaration_start(*, employer: Employer, year: int, user) -> Declaration:
    """Start (or reopen) the employer's declaration for an employment year, pre-filling the roster."""
    policy_year_get(year)
    existing = Declaration.objects.filter(employer=employer, year=year).first()
    if existing is not None:
        return existing
    last = approved_declaration(employer.pk, year - 1)
    declaration = Declaration.objects.create(
        employer=employer,
        year=year,
        created_by=user,
        live=False,
        monthly_headcounts=list(last.monthly_headcounts) if last else [],
    )
    for fields in _prefill_rows(employer, year, last):
        RosterEntry.objects.create(declaration=declaration, **fields)
    snapshot(declaration, user)
    return declaration


@transaction.atomic
def declaration_update_basics(
    *,
    declaration: Declaration,
    monthly_headcounts: list[int],
    wage_bill: Decimal,
    levy_already_paid: Decimal = Decimal("0"),
    user,
) -> Declaration:
    _require_editable(declaration)
    if len(monthly_headcounts) != 12 or any(n is None or n < 0 for n in monthly_headcounts):
        raise ValidationError("请填写1月到12月每个月的在职职工人数。")
    if wage_bill is None or wage_bill < 0:
        raise ValidationError("请填写在职职工工资总额。")
    declaration.monthly_headcounts = [int(n) for n in monthly_headcounts]
    declaration.wage_bill = wage_bill
    declaration.levy_already_paid = levy_already_paid or Decimal("0")
    declaration.save()
    snapshot(declaration, user)
    return declaration


@transaction.atomic
def roster_entry_save(*, declaration: Declaration, row: RosterRow, user, entry: RosterEntry | None = None) -> RosterEntry:
    """Add a person to the roster by form, or edit one; the same certificate may appear once."""
    _require_editable(declaration)
    fields = _entry_fields_from_row(row)
    clash = declaration.roster.filter(cert_hash=fields["cert_hash"])
    if entry is not None:
        clash = clash.exclude(pk=entry.pk)
    if clash.exists():
        raise ValidationError({"cert_no": "名册中已有这个证件号码。"})
    if entry is None:
        entry = RosterEntry(declaration=declaration, source="手工")
    for key, value in fields.items():
        setattr(entry, key, value)
    entry.save()
    snapshot(declaration, user)
    return entry


@transaction.atomic
def roster_entry_delete(*, entry: RosterEntry, user) -> None:
    declaration = entry.declaration
    _require_editable(declaration)
    entry.delete()
    snapshot(declaration, user)


@transaction.atomic
def declaration_roster_import(*, declaration: Declaration, content: bytes, filename: str, user) -> list[RosterEntry]:
    """Replace the roster with an uploaded xlsx/csv. Any bad row → RosterImportError, nothing saved."""
    _require_editable(declaration)
    # The roster export carries masked numbers: a row of it names someone already on this roster.
    known = {(e.name, e.cert_masked): entry_cert_no(e) for e in declaration.roster.all()}
    try:
        rows, errors = read_roster(content, filename, known)
    except TableFileError as exc:
        raise RosterImportError([], str(exc)) from exc
    if errors:
        raise RosterImportError(errors)
    kept = evidence.evidence_detach(declaration)  # each person's files follow them to the new rows
    declaration.roster.all().delete()
    entries = [
        RosterEntry.objects.create(declaration=declaration, source="上传", **_entry_fields_from_row(row))
        for row in rows
    ]
    evidence.evidence_relink(declaration, kept)
    snapshot(declaration, user)
    return entries


# ---- computation -------------------------------------------------------------------------------


def declaration_compute(declaration: Declaration, *, save: bool = False):
    """Compute the result with the declaration's year's parameters; optionally store it.

    Raises ValidationError (Chinese, naming the field) when the declaration is incomplete.
    """
    policy = policy_year_get(declaration.year)
    result = bridge.compute(declaration, policy)
    if save:
        _store_result(declaration, result, policy)
    return result


def _store_result(declaration: Declaration, result, policy: PolicyYear) -> None:
    summary = bridge.summary(result, policy)
    Declaration.objects.filter(pk=declaration.pk).update(result=summary["raw"], **summary["fields"])
    for key, value in summary["fields"].items():
        setattr(declaration, key, value)
    declaration.result = summary["raw"]


def declarations_recompute_year(*, year: int) -> dict[str, int]:
    """Recompute the stored results of a year's open declarations (after its parameters changed).

    Approved declarations keep the result they were approved with. Each declaration is recomputed
    and stored in its own transaction, so a worker that dies midway leaves every declaration either
    as it was or fully recomputed; running it again is harmless.
    """
    pause = settings.DECLARATION_RECOMPUTE_PAUSE  # fault-injection tests only
    report = {"recomputed": 0, "incomplete": 0}
    open_ids = (
        Declaration.objects.filter(year=year).exclude(status=DeclarationStatus.APPROVED).order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in list(open_ids):
        with transaction.atomic():
            declaration = Declaration.objects.select_for_update().get(pk=pk)
            if declaration.status == DeclarationStatus.APPROVED:
                continue
            try:
                declaration_compute(declaration, save=True)
            except ValidationError:
                report["incomplete"] += 1
                continue
        report["recomputed"] += 1
        if pause:
            time.sleep(pause)
    return report


# ---- submit and review -------------------------------------------------------------------------


def declaration_check_complete(declaration: Declaration) -> None:
    if len(declaration.monthly_headcounts) != 12:
        raise ValidationError("请先填写1月到12月每个月的在职职工人数。")
    if declaration.wage_bill is None:
        raise ValidationError("请先填写在职职工工资总额。")
    evidence.evidence_required_check(declaration)  # the year's rule: new people's 残疾证


@transaction.atomic
def declaration_submit(*, declaration: Declaration, user, response: str = "") -> Declaration:
    """Submit for review: compute, keep the employer's response, start (or restart) the review
    (``review.services.review_submit``: status, a revision, the workflow) and flag duplicates."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    _require_editable(declaration)
    declaration_check_complete(declaration)
    declaration_compute(declaration, save=True)
    if response.strip():
        declaration.employer_response = response.strip()
    if declaration.status == DeclarationStatus.DRAFT:  # first submission: on time or 补报, once for all
        declaration.late = submitted_late(year=declaration.year, on=timezone.localdate())
    review_submit(obj=declaration, user=user)
    notifications.status_changed(declaration)  # 已受理
    from .conflict_services import conflicts_detect  # here: conflict_services uses declaration_compute

    conflicts_detect(declaration=declaration)
    return declaration


def submitted_late(*, year: int, on: date) -> bool:
    """补报: submitted after the year's review window closed (a year without a closing date: never)."""
    end = PolicyYear.objects.filter(year=year).values_list("review_window_end", flat=True).first()
    return end is not None and on > end


@transaction.atomic
def declaration_late_accept(*, declaration: Declaration, user, note: str) -> Declaration:
    """The district accepts a 补报 (受理补报) with its note, recorded on the declaration and in its
    history (a revision); the final approval then no longer waits for it."""
    if access.role_of(user) != Role.DISTRICT:
        raise PermissionDenied("只有区残联可以受理补报。")
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "请填写受理补报的意见，例如逾期原因和受理依据。"})
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if not declaration.late:
        raise ValidationError("这份申报不是补报，无需受理。")
    if declaration.late_accepted_at is not None:
        raise ValidationError("这份补报已经受理。")
    if declaration.status == DeclarationStatus.APPROVED:
        raise ValidationError("申报已审核通过。")
    declaration.late_accepted_at = timezone.now()
    declaration.late_accepted_by = user
    declaration.late_acceptance_note = note
    declaration.save(update_fields=["late_accepted_at", "late_accepted_by", "late_acceptance_note", "updated_at"])
    snapshot(declaration, user)
    return declaration


NOT_DELETABLE = "这份申报已经提交过审核，不能删除。提交过的申报保存着审核记录；如果年度填错了，请联系所属镇街残联。"


def declaration_deletable(declaration: Declaration) -> bool:
    """Only a draft that was never submitted (the same rule as the admin's, ``review.wagtail_hooks``):
    a returned declaration is a draft again but carries the reviewers' decisions."""
    return (declaration.status == DeclarationStatus.DRAFT and declaration.submitted_at is None
            and not declaration.workflow_states.exists())


@transaction.atomic
def declaration_draft_delete(*, declaration: Declaration, user) -> None:
    """An employer deletes its own never-submitted draft (e.g. one started for the wrong year): the
    declaration, its roster and its revisions go; the deletion is logged. Callers fetch the
    declaration through ``access.get_changeable``; the stored row is checked again under a lock."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if not declaration_deletable(declaration):
        raise ValidationError(NOT_DELETABLE)
    log(instance=declaration, action="wagtail.delete", user=user)
    logger.info("Draft declaration %s (%s, %s) deleted by user %s", declaration.pk, declaration.employer_id,
                declaration.year, getattr(user, "pk", None))
    declaration.delete()


def declaration_workflow_ensure():
    """The review workflow of declarations (made by migration ``quota`` 0003; again if a database lost it)."""
    return review_workflow_ensure(apps, "quota.Declaration", name=Declaration.review_workflow_name)


def declaration_review(*, declaration: Declaration, user, action: str, comment: str = "") -> Declaration:
    """Approve or reject the current review step (the same path the Wagtail admin takes); approval
    waits while a duplicate-certificate conflict is open (``Declaration.approval_blockers``)."""
    return review_act(obj=declaration, user=user, action=action, comment=comment)


__all__ = [
    "DeclarationOutcome",
    "RosterImportError",
    "declaration_check_complete",
    "declaration_compute",
    "declaration_late_accept",
    "declaration_review",
    "declaration_roster_import",
    "declaration_start",
    "declaration_submit",
    "declaration_update_basics",
    "declaration_workflow_ensure",
    "roster_entry_delete",
    "roster_entry_save",
    "submitted_late",
]
