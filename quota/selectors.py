"""Reads of the quota declaration: what a user may list, revisions, conflicts, and the basis of the
hiring what-if on the employer's candidate pages (the 公示's reads are ``publicity_selectors``).

Duplicate-claim conflicts are shown on the principle of least knowledge (最少知情): a viewer learns
about the other side of a conflict — the other employer's name, credit code, town, months and the
district's decision text — only if they may see the other declaration anyway (``access``): the
district always, a town only when both employers are in its town. Everyone else (another town,
the employer itself) sees their own roster line, the months in conflict, the status and, once
resolved, the months that count for their own line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from employment import access
from employment.models import Account, Employer, Role
from employment.table_import import format_months
from review.selectors import final_approval_queue, sent_back_before

from . import bridge, years
from .engine import DeclarationInput
from .engine.params import AGE_FIELDS, ENGINE_FIELDS, RAISE_FIELD
from .engine.what_if import HiringForecast
from .models import (
    ConflictStatus,
    Declaration,
    DeclarationConflict,
    DeclarationReminder,
    DeclarationStatus,
    MonthsAdjustment,
    PolicyYear,
    RosterEntry,
    policy_parameter_choices,
)

CONFLICT_DECISION_HIDDEN = "区残联处理重复申报后核定"


def declarations_visible(user, *, year: int | None = None) -> QuerySet:
    qs = access.scoped(user, Declaration).select_related("employer", "employer__town")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "employer__name")


def approved_declaration(employer_id: int, year: int) -> Declaration | None:
    """The employer's approved declaration of ``year`` (at most one per employer and year), or None:
    what the next year's roster is carried from and what a social-insurance subsidy is checked against."""
    return Declaration.objects.filter(employer_id=employer_id, year=year, status=DeclarationStatus.APPROVED).first()


def declarations_filed(user, *, year: int) -> QuerySet:
    """The year's filed declarations the user may see (已申报: ``DeclarationQuerySet.filed``) — what
    every export and count of filed declarations starts from."""
    return declarations_visible(user, year=year).filed()


# ---- non-filers (年审催报) ------------------------------------------------------------------------


def non_filers_all(*, year: int) -> QuerySet:
    """Employers expected to file ``year``'s declaration that have not filed it: active on the employer
    register (``Employer.active``) and without a filed declaration of the year (``filed``: a draft
    never submitted does not count). For the deadline schedule; pages use ``non_filers``."""
    filed = Declaration.objects.filed().filter(year=year).values("employer_id")
    return Employer.objects.filter(active=True).exclude(pk__in=filed)


@dataclass
class NonFilerRow:
    employer: Employer
    draft: bool  # started a declaration but never submitted it
    users: list  # the employer's active user accounts: who a reminder goes to
    reminders: list  # DeclarationReminder, newest first

    @property
    def state_label(self) -> str:
        return "填报中，未提交" if self.draft else "未开始填报"


def non_filers(user, *, year: int, town_id: int | None = None, query: str = "") -> QuerySet:
    """The non-filers of ``year`` the user may see (a town reviewer: its own town; the district: every
    town, or ``town_id``), searched by name or credit code, by town then name."""
    qs = non_filers_all(year=year).filter(pk__in=access.scoped(user, Employer).values("pk"))
    if town_id is not None:
        qs = qs.filter(town_id=town_id)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(credit_code__icontains=query.upper()))
    return qs.select_related("town").order_by("town__sort_order", "name", "pk")


def non_filer_rows(employers, *, year: int) -> list[NonFilerRow]:
    """One page of non-filers with what staff need to chase them: draft or not, their user accounts
    (or, with none, the register contact shown by the page) and the year's reminders so far."""
    employers = list(employers)
    ids = [e.pk for e in employers]
    drafts = set(Declaration.objects.not_filed().filter(year=year, employer_id__in=ids)
                 .values_list("employer_id", flat=True))
    users: dict[int, list] = {pk: [] for pk in ids}
    for account in (Account.objects.filter(role=Role.EMPLOYER, employer_id__in=ids, user__is_active=True)
                    .select_related("user").order_by("user__pk")):
        users[account.employer_id].append(account)
    reminders: dict[int, list] = {pk: [] for pk in ids}
    for reminder in DeclarationReminder.objects.filter(year=year, employer_id__in=ids).order_by("-sent_at", "-id"):
        reminders[reminder.employer_id].append(reminder)
    return [NonFilerRow(e, e.pk in drafts, users[e.pk], reminders[e.pk]) for e in employers]

# The review list's work-queue filters (``?queue=``): what each line of the staff work queue links to.
QUEUE_FILTERS = {
    "first": "待初审（首次提交）",
    "resubmitted": "退回后重新提交、待初审",
    "district": "待终审",
    "conflicts": "有待处理的重复申报",
    "takeover": "镇街没有审核人员、需区残联代为初审",
}


def declarations_in_queue(user, queue: str) -> QuerySet:
    """The declarations the user may see that wait in one work queue (``QUEUE_FILTERS``): the town's
    first review of a first submission or of a resubmission, the district's final review (not of a
    submission whose town step the user took: two people approve, another district reviewer does), a
    duplicate claim the district must settle, or a town step the district must take (the town has no
    active reviewer: 区残联代为镇街初审)."""
    qs = declarations_visible(user)
    if queue == "first":
        return qs.filter(status=DeclarationStatus.TOWN_REVIEW).exclude(
            pk__in=sent_back_before(Declaration.objects.filter(status=DeclarationStatus.TOWN_REVIEW)).values("pk")
        )
    if queue == "resubmitted":
        return sent_back_before(qs.filter(status=DeclarationStatus.TOWN_REVIEW))
    if queue == "district":  # not those whose town step this user took: a colleague approves them
        return final_approval_queue(qs, user)
    if queue == "conflicts":
        return qs.filter(pk__in=_declarations_with_open_conflicts()).exclude(status=DeclarationStatus.DRAFT)
    if queue == "takeover":  # waiting at the town step of a town with no active reviewer: only the district can act
        staffed = Account.objects.filter(role=Role.TOWN, user__is_active=True).values("town_id")
        return qs.filter(status=DeclarationStatus.TOWN_REVIEW).exclude(employer__town_id__in=staffed)
    raise ValueError(f"unknown queue {queue!r}")


def _declarations_with_open_conflicts() -> QuerySet:
    open_conflicts = DeclarationConflict.objects.filter(status=ConflictStatus.OPEN)
    return Declaration.objects.filter(
        Q(roster__conflicts_as_a__in=open_conflicts) | Q(roster__conflicts_as_b__in=open_conflicts)
    ).values("pk")


@dataclass(frozen=True)
class DeclarationTodo:
    """Where one of the employer's declarations stands and what, if anything, is asked of the employer."""

    year: int
    status_label: str
    asked: str  # what the employer should do now; "" when nothing is asked of it
    declaration_pk: int | None  # None: the year's declaration has not been started
    approved: bool = False


def employer_declaration_todos(user, *, today: date) -> list[DeclarationTodo]:
    """The employer user's declarations that are not settled yet (not started for the year being
    declared — the previous calendar year, when its policy parameters exist — being filled in, sent
    back, in review) and the latest approved one, newest year first."""
    declarations = list(declarations_visible(user))
    todos: list[DeclarationTodo] = []
    working_year = years.working_year(today)
    if working_year not in {d.year for d in declarations} and PolicyYear.objects.filter(year=working_year).exists():
        todos.append(DeclarationTodo(working_year, "尚未填报",
                                     f"请填报{working_year}年度按比例就业年审申报。", None))
    latest_approved = max((d.year for d in declarations if d.status == DeclarationStatus.APPROVED), default=None)
    for d in declarations:
        if d.status == DeclarationStatus.APPROVED and d.year != latest_approved:
            continue
        todos.append(DeclarationTodo(d.year, d.get_status_display(), _asked_of_employer(d), d.pk,
                                     approved=d.status == DeclarationStatus.APPROVED))
    return sorted(todos, key=lambda t: -t.year)


def _asked_of_employer(declaration: Declaration) -> str:
    status = declaration.status
    if status == DeclarationStatus.DRAFT:
        return "还没有提交：请填写各月职工人数、工资总额和残疾职工名册，核对计算结果后提交。"
    if status == DeclarationStatus.REJECTED:
        comment = declaration.reviewer_comment.strip()
        # A comment that ends its own sentence takes no second full stop after the quote (“…证明。”).
        stop = "" if comment.endswith(("。", "！", "？", ".", "!", "?")) else "。"
        said = f"审核意见：“{comment}”{stop}" if comment else "审核人员没有填写意见，如有疑问请联系所属镇街残联。"
        return f"{said}请按意见修改后重新提交。"
    return ""


def conflicts_of(declaration: Declaration) -> QuerySet:
    """Every conflict of the declaration with both sides loaded — for code, not for display: pages
    show ``conflict_views`` instead."""
    return (
        DeclarationConflict.objects.filter(Q(entry_a__declaration=declaration) | Q(entry_b__declaration=declaration))
        .select_related("entry_a__declaration__employer__town", "entry_b__declaration__employer__town")
        .order_by("status", "-created_at")
    )


def open_conflict_count(declaration: Declaration) -> int:
    return conflicts_of(declaration).filter(status=ConflictStatus.OPEN).count()


# ---- conflicts as one viewer may see them (least knowledge) ---------------------------------------


@dataclass(frozen=True)
class ConflictOtherSide:
    """The other employer's claim: shown only to a viewer who may see that declaration."""

    declaration_pk: int
    employer_name: str
    credit_code: str
    town_name: str
    months_employed: str


@dataclass(frozen=True)
class ConflictView:
    """One conflict seen from one declaration, by one viewer."""

    pk: int
    is_open: bool
    status_label: str
    months: str  # the months claimed by both
    name: str  # the person as on this declaration's roster line
    cert_masked: str
    outcome: str  # resolved: what counts for this declaration's line
    other: ConflictOtherSide | None  # None: the viewer may not know who the other side is
    decision: str  # the district's decision text; "" unless the viewer sees both sides
    can_resolve: bool


def _own_outcome(conflict: DeclarationConflict, own: RosterEntry) -> str:
    if conflict.status == ConflictStatus.OPEN:
        return "待区残联核定"
    if own.months_override is not None:
        counted = format_months(own.months_override)
        return f"本单位计入月份：{counted}" if counted else "本单位不计入"
    return "月份已不重叠，按本单位申报的月份计算"


def conflict_views(declaration: Declaration, user) -> list[ConflictView]:
    """The conflicts of ``declaration`` as ``user`` may see them (the caller has already fetched the
    declaration through ``access``)."""
    conflicts = list(conflicts_of(declaration))
    other_declarations = {
        (c.entry_b if c.entry_a.declaration_id == declaration.pk else c.entry_a).declaration_id for c in conflicts
    }
    knowable = set(access.scoped(user, Declaration).filter(pk__in=other_declarations).values_list("pk", flat=True))
    resolvable = set(
        access.scoped(user, DeclarationConflict, change=True).filter(pk__in=[c.pk for c in conflicts])
        .values_list("pk", flat=True)
    )
    views = []
    for c in conflicts:
        own, other = (c.entry_a, c.entry_b) if c.entry_a.declaration_id == declaration.pk else (c.entry_b, c.entry_a)
        full = other.declaration_id in knowable
        other_side = None
        if full:
            employer = other.declaration.employer
            other_side = ConflictOtherSide(
                declaration_pk=other.declaration_id, employer_name=employer.name, credit_code=employer.credit_code,
                town_name=employer.town.name, months_employed=format_months(other.months_employed),
            )
        views.append(ConflictView(
            pk=c.pk, is_open=c.status == ConflictStatus.OPEN, status_label=c.get_status_display(),
            months=format_months(c.months), name=own.name, cert_masked=own.cert_masked,
            outcome=_own_outcome(c, own), other=other_side, decision=c.decision if full else "",
            can_resolve=c.pk in resolvable,
        ))
    return views


@dataclass(frozen=True)
class AdjustmentView:
    adjustment: MonthsAdjustment
    reason: str


def adjustments_visible(declaration: Declaration, user, conflicts: list[ConflictView]) -> list[AdjustmentView]:
    """The declaration's month adjustments; the reason of one made by resolving a conflict is the
    district's decision text, which only a viewer who sees both sides reads."""
    full = {c.pk for c in conflicts if c.other is not None}
    rows = []
    for a in declaration.adjustments.select_related("entry", "by"):
        hidden = a.conflict_id is not None and a.conflict_id not in full
        rows.append(AdjustmentView(adjustment=a, reason=CONFLICT_DECISION_HIDDEN if hidden else a.reason))
    return rows


# ---- the hiring what-if (录用测算) on the employer's candidate pages --------------------------------

NO_DECLARATION = "本单位还没有填好的年度申报，暂时无法测算录用后的保障金变化。"


@dataclass
class HiringWhatIf:
    """The what-if lines of one page: its data is loaded once (``hiring_what_if``); each candidate's
    line comes from the pure engine (``quota.engine.what_if``), computed once per grade."""

    forecast: HiringForecast | None
    message: str = ""  # shown instead of a forecast ("" when nothing can be said)

    def line(self, seeker) -> str:
        return self.forecast.sentence(seeker.disability_grade) if self.forecast is not None else self.message


def hiring_what_if(user, employer, job=None) -> HiringWhatIf:
    """The employer's latest declaration that has the figures the engine needs (among those ``user``
    may see), its year's parameters and roster — three queries — as the basis of every candidate's
    what-if. The hire is paid the job's minimum salary, or else the legal minimum wage."""
    rows = access.scoped(user, Declaration).filter(employer=employer).order_by("-year", "-id")
    declaration = next((d for d in rows if len(d.monthly_headcounts or []) == 12 and d.wage_bill is not None), None)
    if declaration is None:
        return HiringWhatIf(None, NO_DECLARATION)
    policy = PolicyYear.objects.filter(year=declaration.year).first()
    if policy is None:
        return HiringWhatIf(None)
    try:
        params = bridge.params_of(policy)
    except ValidationError:
        return HiringWhatIf(None)
    basis = DeclarationInput(
        year=declaration.year,
        employer_type=employer.kind,
        monthly_headcount=tuple(int(n) for n in declaration.monthly_headcounts),
        wage_bill=Decimal(declaration.wage_bill),
        roster=tuple(bridge.engine_entry(e) for e in declaration.roster.all()),
    )
    wage = job.salary_min if job is not None and job.salary_min is not None else params.min_wage
    return HiringWhatIf(HiringForecast(basis, params, wage))


# ---- a year's parameters (政策参数) -------------------------------------------------------------


def year_declaration_counts(year: int) -> tuple[int, int]:
    """(approved, open) declarations of ``year``: what editing its parameters keeps and recomputes
    (``services.declarations_recompute_year`` recomputes every declaration not approved)."""
    rows = Declaration.objects.filter(year=year)
    approved = rows.filter(status=DeclarationStatus.APPROVED).count()
    return approved, rows.count() - approved


# The parameters a declaration's result or filing depends on (the subsidies' own are not among them).
DECLARATION_PARAMETERS = frozenset({
    *ENGINE_FIELDS, *AGE_FIELDS, RAISE_FIELD, "review_window_start", "review_window_end",
    "late_needs_district_acceptance",
})


def provisional_parameters(year: int) -> list[str]:
    """The Chinese names of ``year``'s parameters a declaration depends on that are still to be
    confirmed (参数待确认); [] when none or no such year. Results computed with them are 「暂定」."""
    policy = PolicyYear.objects.filter(year=year).only("provisional_fields").first()
    if policy is None:
        return []
    marked = set(policy.provisional_fields or []) & DECLARATION_PARAMETERS
    return [label for name, label in policy_parameter_choices() if name in marked]
