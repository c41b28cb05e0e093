"""The 公示 pages: the public page of a year's published batches, the district's batch pages (list,
new batch, batch, publish, withdraw or republish an entry), and the objection pages of town and
district staff (list, register for a caller, one objection with its handling). Town reviewers read
their own towns' objections and register objections for callers; handling them is the district's.

Every step that changes something is confirmed first: the form's POST shows what will happen, with
its data carried in hidden fields; a second POST with ``confirm=yes`` does it (``confirm=edit`` goes
back to the filled form). Objects are fetched through ``employment.access``."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from employment import access
from employment.access import role_required
from employment.formats import cn_date, cn_money
from employment.forms import form_add_validation_error
from employment.models import Role
from employment.query import clean_text, int_or_none

from . import letters
from . import publicity_selectors as selectors
from . import publicity_services as services
from .models import (
    BatchStatus,
    DeclarationStatus,
    EntryStatus,
    ObjectionStatus,
    PolicyYear,
    PublicityBatch,
    PublicityEntry,
    PublicityObjection,
)
from .publicity_forms import (
    BatchForm,
    HandleForm,
    ReopenForm,
    RepublishForm,
    StaffObjectionForm,
    WithdrawForm,
)
from .publicity_models import LISTED_ENTRY_LABELS
from .years import working_year, year_default

PAGE_SIZE = 20
STAFF = (Role.TOWN, Role.DISTRICT)


# ---- confirmation of a step -----------------------------------------------------------------------


def confirm_step(request, form, *, template: str, context: dict, title: str, facts: list, button: str,
                 perform, success: str, done_url: str):
    """One confirmed step: a valid POST shows the confirmation page; ``confirm=yes`` performs it
    (``perform(cleaned_data)``; its ValidationError or PermissionDenied go back on the form)."""
    if request.method == "POST" and form.is_valid():
        choice = request.POST.get("confirm", "")
        if choice == "yes":
            try:
                perform(form.cleaned_data)
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, success)
                return redirect(done_url)
        elif choice != "edit":
            shown = [(form[name].label, _shown(form, name)) for name in form.fields]
            hidden = [(name, value) for name in form.fields for value in request.POST.getlist(name)]
            return render(request, "publicity/confirm.html", {
                **context, "title": title, "facts": facts, "shown": shown, "hidden": hidden,
                "button": button, "action": request.path,
            })
    return render(request, template, {**context, "form": form, "title": title, "facts": facts})


def _shown(form, name: str) -> str:
    value = form.cleaned_data.get(name)
    field = form.fields[name]
    choices = dict(getattr(field, "choices", []) or [])
    if isinstance(value, list):
        return "、".join(str(choices.get(v, v)) for v in value)
    if choices and str(value) in choices:
        return str(choices[str(value)])
    if hasattr(value, "strftime"):
        return cn_date(value)
    return str(value)


# ---- the public page --------------------------------------------------------------------------------


def publicity(request, year: int | None = None):
    """公示 of a year: its published batches (from their start date), with each batch's document
    number, dates and objection contact; withdrawn and corrected entries say so. No personal data."""
    today = timezone.localdate()
    years = selectors.public_years(today=today)
    if year is None:
        year = years[0] if years else working_year(today)
    elif not selectors.year_known(year):
        raise Http404("没有这个年度")
    batches = selectors.public_batches(year=year, today=today)
    for batch in batches:
        batch.state_label = batch.status_label_on(today)
        # A listed entry of a batch whose period has ended has been publicised (已公示), not 公示中.
        batch.listed_label = LISTED_ENTRY_LABELS[batch.status_on(today)]
    return render(request, "declarations/publicity.html", {"year": year, "years": years, "batches": batches})


# ---- batches (district) ----------------------------------------------------------------------------


@role_required(Role.DISTRICT)
def batch_list(request):
    query = clean_text(request.GET.get("q"), max_length=60)
    year = int_or_none(request.GET.get("year"), min_value=2000, max_value=2100)
    batches = selectors.batches_visible(request.user, query=query, year=year)
    page = Paginator(batches, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for batch in page.object_list:
        batch.state_label = batch.status_label_on(today)
    years = list(PolicyYear.objects.order_by("-year").values_list("year", flat=True))
    return render(request, "publicity/batch_list.html", {
        "page": page, "query": query, "year": year, "years": years, "filtered": bool(query or year),
        "pending": selectors.objections_pending(request.user).count(),
        "to_republish": selectors.entries_to_republish(request.user).count(),
    })


@role_required(Role.DISTRICT)
def batch_create(request):
    years = list(PolicyYear.objects.order_by("-year").values_list("year", flat=True))
    year = int_or_none(request.POST.get("year") or request.GET.get("year"), min_value=2000, max_value=2100)
    if year not in years:
        year = year_default(years) or working_year()
    eligible = list(services.eligible_declarations(year))
    policy = PolicyYear.objects.filter(year=year).first()
    today = timezone.localdate()
    days = max(policy.publicity_days, 1) if policy else 7
    initial = {"declarations": [str(d.pk) for d in eligible], "document_no": services.document_no_next(year),
               "start_date": today, "end_date": today + timedelta(days=days - 1)}
    form = BatchForm(request.POST or None, initial=initial, declarations=eligible)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.batch_create(
                user=request.user, year=year, declaration_ids=[int(pk) for pk in data["declarations"]],
                document_no=data["document_no"], start_date=data["start_date"], end_date=data["end_date"],
                contact_name=data["contact_name"], contact_phone=data["contact_phone"],
                contact_address=data["contact_address"],
            )
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, f"已保存公示批次草稿（{batch.document_no}）。请核对后发布。")
            return redirect("publicity-batch-detail", pk=batch.pk)
    return render(request, "publicity/batch_form.html", {
        "form": form, "year": year, "years": years, "eligible": eligible, "publicity_days": days,
    })


@role_required(Role.DISTRICT)
def batch_detail(request, pk: int):
    batch = access.get_visible(request.user, PublicityBatch, pk=pk)
    today = timezone.localdate()
    entries = list(batch.entries.select_related("declaration__employer__town")
                   .order_by("declaration__employer__town__sort_order", "declaration__employer__name"))
    counts = {}
    for objection in PublicityObjection.objects.filter(entry__batch=batch).values("entry_id", "status"):
        mine = counts.setdefault(objection["entry_id"], {"all": 0, "pending": 0})
        mine["all"] += 1
        mine["pending"] += objection["status"] == ObjectionStatus.PENDING
    for entry in entries:
        entry.batch = batch  # loaded once: the status label reads the batch's state
        entry.status_label = entry.status_label_on(today)
        entry.objection_counts = counts.get(entry.pk, {"all": 0, "pending": 0})
        entry.ready_to_republish = (entry.status == EntryStatus.CORRECTING
                                    and entry.declaration.status == DeclarationStatus.APPROVED)
    return render(request, "publicity/batch_detail.html", {
        "batch": batch, "entries": entries, "state_label": batch.status_label_on(today),
        "is_draft": batch.status == BatchStatus.DRAFT, "log": batch.log.select_related("by__account")[:50],
    })


def _batch_step(request, pk: int, *, publish: bool):
    batch = access.get_changeable(request.user, PublicityBatch, pk=pk)
    back = reverse("publicity-batch-detail", args=[pk])
    if batch.status != BatchStatus.DRAFT:
        messages.error(request, "这个公示批次已经发布，不能再发布或删除。")
        return redirect(back)
    facts = [("公示文号", batch.document_no), ("公示期", f"{cn_date(batch.start_date)}至{cn_date(batch.end_date)}"),
             ("单位数", f"{batch.entries.count()} 家")]
    if publish:
        today = timezone.localdate()
        when = "发布后立即公开" if batch.start_date <= today else f"发布后将于{cn_date(batch.start_date)}公开"
        title, button, success = "发布公示批次", "确认发布", f"已发布{batch.document_no}。"
        facts.append(("公开时间", when))
        done = back
    else:
        title, button, success = "删除公示批次草稿", "确认删除草稿", f"已删除草稿{batch.document_no}，其中的申报可以重新编入公示。"
        done = reverse("publicity-batch-list")
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            if publish:
                services.batch_publish(batch=batch, user=request.user)
            else:
                services.batch_discard(batch=batch, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(back)
        messages.success(request, success)
        return redirect(done)
    return render(request, "publicity/confirm.html", {
        "title": title, "facts": facts, "shown": [], "hidden": [], "button": button, "action": request.path,
        "back": back,
    })


@role_required(Role.DISTRICT)
def batch_publish(request, pk: int):
    return _batch_step(request, pk, publish=True)


@role_required(Role.DISTRICT)
def batch_discard(request, pk: int):
    return _batch_step(request, pk, publish=False)


def _entry_facts(entry: PublicityEntry) -> list:
    return [("单位", entry.figures.get("employer", "")), ("公示文号", entry.batch.document_no),
            ("状态", entry.get_status_display()), ("公示数据", services.figures_text(entry.figures))]


@role_required(Role.DISTRICT)
def entry_withdraw(request, pk: int):
    entry = access.get_changeable(request.user, PublicityEntry.objects.select_related("batch"), pk=pk)
    back = reverse("publicity-batch-detail", args=[entry.batch_id])
    return confirm_step(
        request, WithdrawForm(request.POST or None), template="publicity/step.html", context={"back": back},
        title=f"撤回{entry.figures.get('employer', '')}的公示", facts=_entry_facts(entry), button="确认撤回",
        perform=lambda data: services.entry_withdraw(entry=entry, user=request.user, reason=data["reason"]),
        success="已撤回该单位的公示，公示页面显示“已撤回”和撤回原因。", done_url=back,
    )


@role_required(Role.DISTRICT)
def entry_republish(request, pk: int):
    entry = access.get_changeable(request.user, PublicityEntry.objects.select_related("batch", "declaration"), pk=pk)
    back = reverse("publicity-batch-detail", args=[entry.batch_id])
    facts = [*_entry_facts(entry), ("更正后数据", services.figures_text(services.figures_of(entry.declaration))),
             ("申报状态", entry.declaration.get_status_display())]
    return confirm_step(
        request, RepublishForm(request.POST or None), template="publicity/step.html", context={"back": back},
        title=f"更正后重新公示{entry.figures.get('employer', '')}", facts=facts, button="确认重新公示",
        perform=lambda data: services.entry_republish(entry=entry, user=request.user, note=data["note"]),
        success="已重新公示，公示页面显示更正后的数据和更正说明。", done_url=back,
    )


# ---- objections (town and district) ------------------------------------------------------------------


@role_required(*STAFF)
def objection_list(request):
    status = request.GET.get("status", "")
    status = status if status in ObjectionStatus.values else ""
    query = clean_text(request.GET.get("q"), max_length=60)
    objections = selectors.objections_visible(request.user, status=status, query=query)
    page = Paginator(objections, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "publicity/objection_list.html", {
        "page": page, "status": status, "statuses": ObjectionStatus.choices, "query": query,
        "filtered": bool(status or query), "is_district": access.role_of(request.user) == Role.DISTRICT,
    })


@role_required(*STAFF)
def objection_create(request):
    today = timezone.localdate()
    entries = list(selectors.entries_open_to_objection(request.user, today=today))
    form = StaffObjectionForm(request.POST or None, entries=entries)
    created = {}

    def perform(data):
        entry = access.get_visible(request.user, PublicityEntry, pk=int(data["entry"]))
        created["objection"] = services.objection_register(
            entry=entry, user=request.user, text=data["text"], caller_name=data["caller_name"],
            caller_phone=data["caller_phone"], today=today)

    response = confirm_step(
        request, form, template="publicity/objection_form.html",
        context={"back": reverse("publicity-objection-list"), "entries": entries},
        title="代为登记公示异议", facts=[], button="确认登记", perform=perform,
        success="已登记异议，区残联和所属镇街的工作人员已收到通知。", done_url=reverse("publicity-objection-list"),
    )
    if "objection" in created:
        return redirect("publicity-objection-detail", pk=created["objection"].pk)
    return response


@role_required(*STAFF)
def objection_detail(request, pk: int):
    objection = access.get_visible(
        request.user, PublicityObjection.objects.select_related("entry__batch", "entry__declaration__employer__town",
                                                                "registered_by__account", "resolved_by__account"),
        pk=pk)
    can_handle = access.can_change(request.user, objection)
    back = reverse("publicity-objection-detail", args=[pk])
    entry = objection.entry
    context = {"objection": objection, "entry": entry, "can_handle": can_handle, "back": back,
               "entry_status_label": entry.status_label_on(timezone.localdate()),
               "notes": objection.handling_notes.splitlines(), "figures": services.figures_text(entry.figures),
               "reopen_form": ReopenForm(),
               "can_reopen": can_handle and entry.status in (EntryStatus.LISTED, EntryStatus.CORRECTED)
               and entry.declaration.status == DeclarationStatus.APPROVED,
               "can_republish": can_handle and entry.status == EntryStatus.CORRECTING
               and entry.declaration.status == DeclarationStatus.APPROVED,
               "log": objection.log.select_related("by__account")}
    if request.method == "POST":
        if not can_handle:
            raise PermissionDenied("只有区残联可以处理公示异议。")
        if objection.status == ObjectionStatus.DONE:
            messages.error(request, "这条异议已经办结。")
            return redirect(back)
        form = HandleForm(request.POST)
        return confirm_step(
            request, form, template="publicity/objection_detail.html", context=context,
            title="记录异议处理情况", facts=[("异议", f"{entry.figures.get('employer', '')}（{entry.batch.document_no}）")],
            button="确认保存",
            perform=lambda data: services.objection_handle(objection=objection, user=request.user,
                                                         note=data["note"], status=data["status"]),
            success="已记录处理情况。", done_url=back,
        )
    return render(request, "publicity/objection_detail.html", {**context, "form": HandleForm(),
                                                                "title": "记录异议处理情况"})


def _reopen_letter_facts(declaration) -> list:
    """What reopening does to the letter (and payment notice) the approval issued, and what the
    employer is told about it (``quota.notifications.status_changed``)."""
    if declaration.status != DeclarationStatus.APPROVED or not declaration.letter_no:
        return []
    due = letters.amount_due(declaration)
    documents = f"审核认定书 {declaration.letter_no}" + (f" 和同号缴款通知书（本次应缴 {cn_money(due)} 元）" if due > 0 else "")
    told = ("单位收到的退回通知会写明缴款通知书已撤回、不要按它缴款，已经缴纳的请保留缴款凭证、由区残联与单位联系处理。"
            if due > 0 else "单位收到的退回通知会写明认定书已撤回。")
    return [("已出具的文书", f"{documents}将撤回、暂停执行：文书保留备查，标明“已撤回”，不再计入保障金征收名单。{told}"
                         "单位更正后经重新审核通过，区残联沿用原编号重新出具审核认定书和缴款通知书，替代撤回的文书。")]


@role_required(Role.DISTRICT)
def objection_reopen(request, pk: int):
    objection = access.get_changeable(
        request.user, PublicityObjection.objects.select_related("entry__batch", "entry__declaration"), pk=pk)
    back = reverse("publicity-objection-detail", args=[pk])
    entry = objection.entry
    return confirm_step(
        request, ReopenForm(request.POST or None), template="publicity/step.html", context={"back": back},
        title=f"重新打开{entry.figures.get('employer', '')}的申报", facts=[
            *_entry_facts(entry), ("会发生什么", "申报退回单位更正，公示页面显示“更正中”；单位更正后重新提交，"
                                             "经镇街初审和区残联终审通过后，由区残联重新公示。"),
            *_reopen_letter_facts(entry.declaration)],
        button="确认重新打开并退回单位",
        perform=lambda data: services.objection_reopen(objection=objection, user=request.user,
                                                      comment=data["comment"]),
        success="已重新打开申报并退回单位更正，公示页面显示“更正中”；已出具的审核认定书（及缴款通知书）已撤回。",
        done_url=back,
    )
