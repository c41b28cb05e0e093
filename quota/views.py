"""Reviewer views (town first review, district final review), revisions and exports (the result letter
and the payment notice: ``quota.letter_views``; the 公示 pages: ``quota.publicity_views``). Every object
is fetched through ``employment.access``. Employers file their declarations in ``employer_portal``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from employment import access
from employment.access import role_required
from employment.formats import export_filename, file_response
from employment.forms import form_add_validation_error
from employment.models import Role
from employment.query import query_int, query_text
from employment.table_export import exporter_label
from employment.table_import import format_months
from review.models import TownReviewTask
from review.selectors import (
    back_from_confirmation,
    current_task,
    decision_confirm_page,
    decision_done,
    decision_unconfirmed,
    revisions_of,
    town_step_hints_attach,
    user_can_review,
)
from review.timeline import timeline_context

from . import bridge, conflict_services, evidence, exports, selectors, services
from .comparison import declaration_comparison
from .forms import AdjustForm, ConflictForm, LateAcceptForm, ReviewForm
from .models import ConflictStatus, Declaration, DeclarationConflict, DeclarationStatus, RosterEntry
from .years import working_year

REVIEW_PAGE_SIZE = 50


@role_required(Role.TOWN, Role.DISTRICT)
def review_list(request):
    """Submitted declarations, newest year first, 50 a page (the hints are read for the page's rows
    only), by status, year, town (the district: a town it serves; another is a 404) and employer (name
    or credit code); ``?queue=`` is a line of the work queue. Drafts are never listed (年审催报 lists
    them), so 填报中 is not a status to filter by."""
    queue = request.GET.get("queue", "")
    if queue in selectors.QUEUE_FILTERS:  # a line of the work queue: exactly the items it counted
        declarations = selectors.declarations_in_queue(request.user, queue)
    else:
        queue = ""
        declarations = selectors.declarations_visible(request.user)
    declarations = declarations.exclude(status=DeclarationStatus.DRAFT)
    statuses = [(value, label) for value, label in DeclarationStatus.choices if value != DeclarationStatus.DRAFT]
    status = request.GET.get("status", "")
    if status in dict(statuses):
        declarations = declarations.filter(status=status)
    else:
        status = ""
    towns = access.served_towns(request.user).order_by("sort_order", "name")
    town_id = query_int(request, "town")
    if town_id is not None:
        if not towns.filter(pk=town_id).exists():
            raise Http404("未找到")
        declarations = declarations.filter(employer__town_id=town_id)
    years = sorted(set(selectors.declarations_visible(request.user).values_list("year", flat=True)), reverse=True)
    year = query_int(request, "year")
    if year in years:
        declarations = declarations.filter(year=year)
    query = query_text(request, "q")
    if query:
        declarations = declarations.filter(Q(employer__name__icontains=query) | Q(employer__credit_code__icontains=query))
    current = working_year()
    if current in years:  # the year being worked on now comes first in the export list
        years.remove(current)
        years.insert(0, current)
    page = Paginator(declarations, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    declarations = page.object_list = list(page.object_list)
    town_step_hints_attach(declarations, request.user)  # said in words: the district must take the town step, or has
    return render(
        request,
        "declarations/review_list.html",
        {"declarations": declarations, "page": page, "status": status, "statuses": statuses,
         "towns": towns if towns.count() > 1 else None, "town_id": town_id,
         "years": years, "year": year if year in years else None, "query": query,
         "queue": queue, "queue_label": selectors.QUEUE_FILTERS.get(queue, ""), "working_year": current},
    )


def _review_context(request, declaration, **extra):
    entries = list(declaration.roster.all())
    for entry in entries:
        entry.months_text = format_months(entry.months_employed)
        entry.override_text = format_months(entry.months_override) if entry.months_override is not None else ""
    task_state, task = current_task(declaration)
    can_review = task is not None and task.user_may_review(declaration, request.user)
    # Least knowledge: the other side of a conflict only for viewers who may see it (selectors).
    conflicts = selectors.conflict_views(declaration, request.user)
    context = {
        "declaration": declaration,
        "entries": entries,
        # Each row's supporting documents beside it (entry.evidence), the declaration's own below.
        "whole_evidence": evidence.evidence_attach(declaration, entries),
        "stored": bridge.stored_view(declaration),
        # 暂定 only while open: an approved result is final (never recomputed, its letter issued).
        "provisional": ([] if declaration.status == DeclarationStatus.APPROVED
                        else selectors.provisional_parameters(declaration.year)),
        "conflicts": conflicts,
        "adjustments": selectors.adjustments_visible(declaration, request.user, conflicts),
        "task": task,
        "can_review": can_review,
        # Two people approve: whoever took this submission's town step is not offered the final approval.
        "approval_refusal": task.approval_refusal(declaration, request.user) if can_review else None,
        "can_adjust": can_review and declaration.status != DeclarationStatus.APPROVED,
        "open_conflicts": sum(1 for c in conflicts if c.is_open),
        "full_conflicts": any(c.other is not None for c in conflicts),
        "review_form": extra.pop("review_form", None) or ReviewForm(),
        "late_form": LateAcceptForm(),
        "is_district": access.role_of(request.user) == Role.DISTRICT,
        # 区残联代为镇街初审 / 改派: offered to the district while the town step is open.
        "can_hand_over": access.role_of(request.user) == Role.DISTRICT and isinstance(task, TownReviewTask),
        "takeover": TownReviewTask.district_takeover(declaration) if isinstance(task, TownReviewTask) else None,
        # The timeline (审核记录) and, for a resubmission, what changed since the previous submission:
        # shown before the decision form.
        **timeline_context(declaration, request.user),
        "comparison": declaration_comparison(declaration),
    }
    context.update(extra)
    return context


@role_required(Role.TOWN, Role.DISTRICT)
def review_detail(request, pk: int):
    declaration = access.get_visible(request.user, Declaration.objects.select_related("employer__town"), pk=pk)
    if request.method == "POST":
        if back_from_confirmation(request.POST):
            form = ReviewForm(initial={"comment": request.POST.get("comment", "")})
            return render(request, "declarations/review_detail.html",
                          _review_context(request, declaration, review_form=form))
        form = ReviewForm(request.POST)
        action = request.POST.get("action", "")
        confirm = decision_unconfirmed(request.POST, declaration, request.user) if form.is_valid() else ""
        if confirm == "final":
            return _approve_confirm(request, declaration, form)
        if confirm:  # the town's approval, a return: said first, decided by the confirmation's POST only
            return render(request, "review/decision_confirm.html",
                          decision_confirm_page(declaration, confirm, form, reverse("review-declaration-detail", args=[pk])))
        if form.is_valid():
            try:
                services.declaration_review(
                    declaration=declaration, user=request.user, action=action, comment=form.cleaned_data["comment"]
                )
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                declaration.refresh_from_db()
                messages.success(request, decision_done(declaration, action))
                return redirect("review-declaration-detail", pk=pk)
        return render(request, "declarations/review_detail.html", _review_context(request, declaration, review_form=form))
    return render(request, "declarations/review_detail.html", _review_context(request, declaration))


def _approve_confirm(request, declaration, form):
    """The final approval issues the letter number and fixes the result: it is said first, and only
    the POST from this page (``confirm``) approves."""
    return render(request, "declarations/review_approve_confirm.html", {
        "declaration": declaration, "form": form, "stored": bridge.stored_view(declaration),
        "provisional": selectors.provisional_parameters(declaration.year),
    })


@role_required(Role.TOWN, Role.DISTRICT)
def entry_adjust(request, pk: int, entry_id: int):
    declaration = access.get_changeable(request.user, Declaration.objects.select_related("employer"), pk=pk)
    entry = access.get_visible(request.user, RosterEntry.objects.filter(declaration=declaration), pk=entry_id)
    if not user_can_review(declaration, request.user):
        raise PermissionDenied("只有当前审核环节的审核人员可以调整计算月份。")
    form = AdjustForm(request.POST or None, initial={"months": format_months(entry.effective_months)})
    if request.method == "POST" and form.is_valid():
        try:
            conflict_services.entry_months_adjust(
                entry=entry, months=form.cleaned_data["months"], reason=form.cleaned_data["reason"], user=request.user
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"已调整 {entry.name} 的计算月份。")
            return redirect("review-declaration-detail", pk=pk)
    return render(request, "declarations/entry_adjust.html", {"declaration": declaration, "entry": entry, "form": form})


@role_required(Role.DISTRICT)
def conflict_resolve(request, pk: int):
    conflict = access.get_changeable(
        request.user,
        DeclarationConflict.objects.select_related("entry_a__declaration__employer", "entry_b__declaration__employer"),
        pk=pk,
    )
    a, b = conflict.entry_a, conflict.entry_b
    initial = {
        "months_a": format_months(a.effective_months),
        "months_b": format_months([m for m in b.effective_months if m not in conflict.months]),
    }
    form = ConflictForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            conflict_services.conflict_resolve(
                conflict=conflict, months_a=form.cleaned_data["months_a"], months_b=form.cleaned_data["months_b"],
                decision=form.cleaned_data["decision"], user=request.user,
            )
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, "重复申报已处理，两家单位的计算结果已更新。")
            return redirect("review-declaration-detail", pk=a.declaration_id)
    return render(
        request, "declarations/conflict_resolve.html",
        {"conflict": conflict, "form": form, "months": format_months(conflict.months),
         "is_open": conflict.status == ConflictStatus.OPEN},
    )


@login_required
def declaration_revision(request, pk: int, revision_id: int):
    """One kept revision of a declaration (as filed, or as a reviewer left it)."""
    declaration = access.get_visible(request.user, Declaration, pk=pk)
    revision = revisions_of(declaration).filter(pk=revision_id).first()
    if revision is None:
        raise Http404("未找到")
    snapshot = revision.as_object()
    entries = list(snapshot.roster.all())
    for entry in entries:
        entry.months_text = format_months(entry.months_employed)
    return render(
        request, "declarations/revision.html",
        {"declaration": declaration, "revision": revision, "snapshot": snapshot, "entries": entries},
    )


@role_required(Role.TOWN, Role.DISTRICT)
def review_revisions(request, pk: int):
    declaration = access.get_visible(request.user, Declaration, pk=pk)
    return render(
        request, "declarations/review_revisions.html",
        {"declaration": declaration, "revisions": revisions_of(declaration)},
    )


@role_required(Role.TOWN, Role.DISTRICT)
def export(request, year: int, kind: str):
    declarations = list(selectors.declarations_filed(request.user, year=year))
    builders = {"levy": exports.levy_xlsx, "reward": exports.reward_xlsx, "towns": exports.town_summary_xlsx}
    if kind not in builders:
        raise Http404("未找到")
    scope = access.account_of(request.user).town.name if access.role_of(request.user) == Role.TOWN else "全区"
    content = builders[kind](declarations, exported_by=exporter_label(request.user), year=year, scope=scope)
    return file_response(content, export_filename(exports.export_name(kind), year=year, scope=scope))
