"""Writes of the quota declaration: start (pre-filled), edit, roster import, compute, submit, review
actions, duplicate-certificate conflicts and reviewers' month adjustments.

Every write is one transaction and leaves a new Wagtail revision, so what was filed and what the
reviewers changed are both kept. The computation itself is the framework-free engine in
``employment.quota``; this module only loads its inputs and stores its outputs.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from employment import crypto, identity
from employment.models import (
    ConflictStatus,
    Declaration,
    DeclarationConflict,
    DeclarationOutcome,
    DeclarationStatus,
    DistrictReviewTask,
    Employer,
    MonthsAdjustment,
    Placement,
    PolicyYear,
    RosterEntry,
    TownReviewTask,
)

from . import quota_bridge
from .roster_import import RosterFileError, RosterRow, RowError, read_roster, row_errors

logger = logging.getLogger(__name__)

WORKFLOW_NAME = "按比例就业年审"
ALL_MONTHS = list(range(1, 13))


class RosterImportError(Exception):
    """An upload with bad rows (or an unreadable file): nothing was saved."""

    def __init__(self, errors: list[RowError], message: str = ""):
        self.errors = row_errors(errors)  # the first 100 kept to show, all counted in ``total``
        self.message = message or f"名册中有 {self.errors.total} 处错误，整个文件没有导入，请改正后重新上传。"
        super().__init__(self.message)


@dataclass
class ReviewOutcome:
    declaration: Declaration
    action: str


# ---- helpers -----------------------------------------------------------------------------------


def _snapshot(declaration: Declaration, user) -> None:
    """Keep a revision of the declaration with its roster as it is now."""
    declaration.save_revision(user=user, clean=False, log_action=True)


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


def _months_in_year(start: date | None, end: date | None, year: int) -> list[int]:
    if start is None:
        return []
    first = 1 if start.year < year else (start.month if start.year == year else 13)
    last = 12 if end is None or end.year > year else (end.month if end.year == year else 0)
    return list(range(first, last + 1))


def _prefill_rows(employer: Employer, year: int) -> list[dict]:
    """Last year's approved roster carried forward, then platform placements not already on it."""
    rows: list[dict] = []
    seen: set[str] = set()
    last = Declaration.objects.filter(employer=employer, year=year - 1, status=DeclarationStatus.APPROVED).first()
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
            months = _months_in_year(date(year, 1, 1), old.contract_end, year)
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
        employed = _months_in_year(placement.contract_start, end, year)
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
    last = Declaration.objects.filter(employer=employer, year=year - 1, status=DeclarationStatus.APPROVED).first()
    declaration = Declaration.objects.create(
        employer=employer,
        year=year,
        created_by=user,
        live=False,
        monthly_headcounts=list(last.monthly_headcounts) if last else [],
    )
    for fields in _prefill_rows(employer, year):
        RosterEntry.objects.create(declaration=declaration, **fields)
    _snapshot(declaration, user)
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
    _snapshot(declaration, user)
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
    _snapshot(declaration, user)
    return entry


@transaction.atomic
def roster_entry_delete(*, entry: RosterEntry, user) -> None:
    declaration = entry.declaration
    _require_editable(declaration)
    entry.delete()
    _snapshot(declaration, user)


@transaction.atomic
def declaration_roster_import(*, declaration: Declaration, content: bytes, filename: str, user) -> list[RosterEntry]:
    """Replace the roster with an uploaded xlsx/csv. Any bad row → RosterImportError, nothing saved."""
    _require_editable(declaration)
    try:
        rows, errors = read_roster(content, filename)
    except RosterFileError as exc:
        raise RosterImportError([], str(exc)) from exc
    if errors:
        raise RosterImportError(errors)
    declaration.roster.all().delete()
    entries = [
        RosterEntry.objects.create(declaration=declaration, source="上传", **_entry_fields_from_row(row))
        for row in rows
    ]
    _snapshot(declaration, user)
    return entries


# ---- computation -------------------------------------------------------------------------------


def declaration_compute(declaration: Declaration, *, save: bool = False):
    """Compute the result with the declaration's year's parameters; optionally store it.

    Raises ValidationError (Chinese, naming the field) when the declaration is incomplete.
    """
    policy = policy_year_get(declaration.year)
    result = quota_bridge.compute(declaration, policy)
    if save:
        _store_result(declaration, result, policy)
    return result


def _store_result(declaration: Declaration, result, policy: PolicyYear) -> None:
    summary = quota_bridge.summary(result, policy)
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


# ---- conflicts ---------------------------------------------------------------------------------


def _counted_months(entry: RosterEntry) -> set[int]:
    if not entry.counted_here:
        return set()
    return set(entry.effective_months)


@transaction.atomic
def conflicts_detect(*, declaration: Declaration) -> list[DeclarationConflict]:
    """Flag every certificate this declaration counts that another employer's filed declaration of
    the same year also counts in an overlapping month. Dispatched workers marked as counted by the
    other party (counted_here=False) are not counted here, so they never conflict."""
    found: list[DeclarationConflict] = []
    mine = list(declaration.roster.all())
    others = RosterEntry.objects.filter(
        declaration__year=declaration.year, cert_hash__in=[e.cert_hash for e in mine]
    ).exclude(declaration__employer=declaration.employer).exclude(declaration__status=DeclarationStatus.DRAFT)
    by_hash: dict[str, list[RosterEntry]] = {}
    for other in others:
        by_hash.setdefault(other.cert_hash, []).append(other)
    for entry in mine:
        for other in by_hash.get(entry.cert_hash, []):
            overlap = sorted(_counted_months(entry) & _counted_months(other))
            a, b = sorted([entry, other], key=lambda e: e.pk)
            existing = DeclarationConflict.objects.filter(entry_a=a, entry_b=b).first()
            if not overlap:
                if existing is not None and existing.status == ConflictStatus.OPEN:
                    existing.status = ConflictStatus.RESOLVED
                    existing.decision = "月份已不重叠（系统自动关闭）"
                    existing.resolved_at = timezone.now()
                    existing.save()
                continue
            if existing is None:
                existing = DeclarationConflict.objects.create(
                    year=declaration.year, cert_hash=entry.cert_hash, entry_a=a, entry_b=b, months=overlap
                )
            elif existing.months != overlap or existing.status != ConflictStatus.OPEN:
                existing.months = overlap
                existing.status = ConflictStatus.OPEN
                existing.save()
            found.append(existing)
    return found


def open_conflicts(declaration: Declaration):
    return DeclarationConflict.objects.filter(
        Q(entry_a__declaration=declaration) | Q(entry_b__declaration=declaration), status=ConflictStatus.OPEN
    )


@transaction.atomic
def entry_months_adjust(
    *, entry: RosterEntry, months: list[int], reason: str, user, conflict: DeclarationConflict | None = None
) -> MonthsAdjustment:
    """A reviewer sets the months a person counts at this employer, with a recorded reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写调整原因。"})
    if any(m not in ALL_MONTHS for m in months):
        raise ValidationError({"months": "月份应在1到12之间。"})
    declaration = entry.declaration
    if declaration.status == DeclarationStatus.APPROVED:
        raise ValidationError("申报已审核通过，不能再调整。")
    before = sorted(_counted_months(entry))
    entry.months_override = sorted(set(months))
    entry.save(update_fields=["months_override"])
    adjustment = MonthsAdjustment.objects.create(
        entry=entry, declaration=declaration, months_before=before, months_after=entry.months_override,
        reason=reason, conflict=conflict, by=user,
    )
    if declaration.wage_bill is not None and len(declaration.monthly_headcounts) == 12:
        declaration_compute(declaration, save=True)
    _snapshot(declaration, user)
    return adjustment


@transaction.atomic
def conflict_resolve(
    *, conflict: DeclarationConflict, months_a: list[int], months_b: list[int], decision: str, user
) -> DeclarationConflict:
    """Decide which months count at which employer; both sides must no longer overlap."""
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError({"decision": "请填写处理意见。"})
    if set(months_a) & set(months_b):
        raise ValidationError({"months_b": "同一个月只能计入一个单位，两边的月份不能重叠。"})
    entry_months_adjust(entry=conflict.entry_a, months=months_a, reason=decision, user=user, conflict=conflict)
    entry_months_adjust(entry=conflict.entry_b, months=months_b, reason=decision, user=user, conflict=conflict)
    conflict.status = ConflictStatus.RESOLVED
    conflict.decision = decision
    conflict.resolved_by = user
    conflict.resolved_at = timezone.now()
    conflict.save()
    return conflict


# ---- submit and review -------------------------------------------------------------------------


def review_workflow_ensure(*, name: str, model):
    """A town → district review workflow named ``name`` bound to a snippet ``model`` (idempotent).

    Declarations and subsidy applications share the two task instances (镇街初审, 区残联终审)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

    workflow, _ = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    town, _ = TownReviewTask.objects.get_or_create(name="镇街初审", defaults={"active": True})
    district, _ = DistrictReviewTask.objects.get_or_create(name="区残联终审", defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        WorkflowTask.objects.create(workflow=workflow, task=town, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=district, sort_order=1)
    ct = ContentType.objects.get_for_model(model)
    WorkflowContentType.objects.get_or_create(content_type=ct, defaults={"workflow": workflow})
    return workflow


def declaration_workflow_ensure():
    """The two-step review workflow, bound to the Declaration snippet (idempotent)."""
    return review_workflow_ensure(name=WORKFLOW_NAME, model=Declaration)


def declaration_check_complete(declaration: Declaration) -> None:
    if len(declaration.monthly_headcounts) != 12:
        raise ValidationError("请先填写1月到12月每个月的在职职工人数。")
    if declaration.wage_bill is None:
        raise ValidationError("请先填写在职职工工资总额。")


@transaction.atomic
def declaration_submit(*, declaration: Declaration, user, response: str = "") -> Declaration:
    """Submit for review: compute, flag duplicates, keep a revision and start (or restart) the workflow."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    _require_editable(declaration)
    declaration_check_complete(declaration)
    declaration_compute(declaration, save=True)
    if response.strip():
        declaration.employer_response = response.strip()
    declaration.status = DeclarationStatus.TOWN_REVIEW
    declaration.submitted_at = timezone.now()
    declaration.save()
    conflicts_detect(declaration=declaration)
    _snapshot(declaration, user)
    state = declaration.current_workflow_state
    if state is not None:
        state.cancel(user=user)
    workflow = declaration_workflow_ensure()
    workflow.start(declaration, user)
    return declaration


def current_task(obj):
    """(task_state, specific task) for the in-progress review step of a reviewed object (a
    declaration or a subsidy application), or (None, None)."""
    state = obj.current_workflow_state
    if state is None or state.status != state.STATUS_IN_PROGRESS or state.current_task_state is None:
        return None, None
    task_state = state.current_task_state
    return task_state, task_state.task.specific


def user_can_review(obj, user) -> bool:
    _, task = current_task(obj)
    return task is not None and task.user_may_review(obj, user)


@transaction.atomic
def declaration_review(*, declaration: Declaration, user, action: str, comment: str = "") -> Declaration:
    """Approve or reject the current review step (the same path the Wagtail admin takes)."""
    task_state, task = current_task(declaration)
    if task is None or not task.user_may_review(declaration, user):
        raise PermissionDenied("您不能审核这份申报。")
    if action == "reject" and not comment.strip():
        raise ValidationError({"comment": "退回时请填写审核意见，告诉单位需要修改什么。"})
    if action not in ("approve", "reject"):
        raise ValidationError("未知的审核操作。")
    task.on_action(task_state, user, action, comment=comment.strip())
    declaration.refresh_from_db()
    return declaration


def guard_approval(declaration: Declaration) -> None:
    """Approval is blocked while a duplicate-certificate conflict is open."""
    if open_conflicts(declaration).exists():
        raise ValidationError("这份申报存在未处理的重复申报冲突，处理后才能审核通过。")


# Signal handlers (connected in models.declarations): keep ``status`` in step with the workflow even
# when reviewers act in the Wagtail admin.


def on_task_approved(task_state, user) -> None:
    declaration = task_state.workflow_state.content_object
    if isinstance(task_state.task.specific, TownReviewTask):
        Declaration.objects.filter(pk=declaration.pk).update(status=DeclarationStatus.DISTRICT_REVIEW)


def on_task_rejected(task_state, user) -> None:
    declaration = task_state.workflow_state.content_object
    Declaration.objects.filter(pk=declaration.pk).update(
        status=DeclarationStatus.REJECTED, reviewer_comment=task_state.comment or ""
    )


def on_workflow_approved(workflow_state, user) -> None:
    declaration = Declaration.objects.get(pk=workflow_state.object_id)
    policy = policy_year_get(declaration.year)
    now = timezone.now()
    start = timezone.localdate(now)
    comment = ""
    last_task = workflow_state.task_states.order_by("-finished_at").first()
    if last_task is not None:
        comment = last_task.comment or ""
    Declaration.objects.filter(pk=declaration.pk).update(
        status=DeclarationStatus.APPROVED,
        approved_at=now,
        letter_no=f"海残联年审〔{declaration.year}〕{declaration.pk:05d}号",
        publicity_start=start,
        publicity_end=start + timedelta(days=max(policy.publicity_days, 1) - 1),
        reviewer_comment=comment,
    )


__all__ = [
    "DeclarationOutcome",
    "RosterImportError",
    "conflict_resolve",
    "conflicts_detect",
    "declaration_check_complete",
    "declaration_compute",
    "declaration_review",
    "declaration_roster_import",
    "declaration_start",
    "declaration_submit",
    "declaration_update_basics",
    "declaration_workflow_ensure",
    "entry_months_adjust",
    "guard_approval",
    "roster_entry_delete",
    "roster_entry_save",
]
