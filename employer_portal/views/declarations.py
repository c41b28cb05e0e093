"""Employer-facing views of the annual quota declaration (按比例就业年审): list and start, monthly
headcounts and wage bill with a no-JavaScript preview of the result and its working, the roster
(form, upload with row/column errors, template download, export), submit, status and reviewer
comments, revisions. Every object is fetched through ``employment.access``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from employment import access, privacy
from employment.access import role_required
from employment.formats import CSV_MIME, export_filename, file_response, message_with_link
from employment.forms import form_add_validation_error
from employment.models import Role
from employment.table_export import exporter_label
from employment.table_import import format_months
from quota import bridge, publicity_selectors, selectors, services
from quota import evidence as declaration_evidence
from quota.exports import roster_xlsx
from quota.models import Declaration, DeclarationStatus, PolicyYear, RosterEntry
from quota.roster_import import template_csv, template_xlsx
from review.selectors import revisions_of
from review.timeline import timeline_context

from ..forms import BasicsForm, RosterEntryForm, RosterUploadForm, StartForm, SubmitForm


def _years() -> list[int]:
    return list(PolicyYear.objects.order_by("-year").values_list("year", flat=True))


def _validation_messages(exc: ValidationError) -> list[str]:
    return list(exc.messages)


def _with_deletable(declarations) -> list[Declaration]:
    declarations = list(declarations.prefetch_related("workflow_states"))
    for declaration in declarations:
        declaration.deletable = services.declaration_deletable(declaration)
    return declarations


@role_required(Role.EMPLOYER)
def declaration_list(request):
    declarations = _with_deletable(selectors.declarations_visible(request.user))
    form = StartForm(years=_years())
    return render(request, "employer_portal/declaration_list.html", {"declarations": declarations, "form": form})


@role_required(Role.EMPLOYER)
def declaration_delete(request, pk: int):
    """删除申报草稿 — the employer's own never-submitted draft, after a confirmation page. A declaration
    that was ever submitted is never deleted: the page says so and offers no button."""
    declaration = access.get_changeable(request.user, Declaration.objects.select_related("employer"), pk=pk)
    deletable = services.declaration_deletable(declaration)
    if request.method == "POST" and deletable:
        try:
            services.declaration_draft_delete(declaration=declaration, user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("employer-declaration-detail", pk=pk)
        messages.success(request, f"已删除{declaration.year}年度申报草稿。")
        return redirect("employer-declaration-list")
    return render(request, "employer_portal/declaration_delete.html", {
        "declaration": declaration, "deletable": deletable, "roster_count": declaration.roster.count(),
        "not_deletable": services.NOT_DELETABLE,
    })


@role_required(Role.EMPLOYER)
@require_POST
def declaration_start(request):
    form = StartForm(request.POST, years=_years())
    if not form.is_valid():
        declarations = _with_deletable(selectors.declarations_visible(request.user))
        return render(request, "employer_portal/declaration_list.html", {"declarations": declarations, "form": form})
    employer = access.account_of(request.user).employer
    try:
        declaration = services.declaration_start(employer=employer, year=form.cleaned_data["year"], user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("employer-declaration-list")
    return redirect("employer-declaration-detail", pk=declaration.pk)


def _detail_context(request, declaration: Declaration, **extra) -> dict:
    entries = list(declaration.roster.all())
    for entry in entries:
        entry.months_text = format_months(entry.months_employed)
        entry.insured_text = format_months(entry.months_insured)
        entry.override_text = format_months(entry.months_override) if entry.months_override is not None else ""
    conflicts = selectors.conflicts_of(declaration).filter(status="open")
    my_ids = {e.pk for e in entries}
    conflict_rows = []
    for conflict in conflicts:
        mine = conflict.entry_a if conflict.entry_a_id in my_ids else conflict.entry_b
        # The employer learns that a conflict exists, never who the other employer is.
        conflict_rows.append({"name": mine.name, "cert": mine.cert_masked, "months": format_months(conflict.months)})
    context = {
        "declaration": declaration,
        "entries": entries,
        "whole_evidence": declaration_evidence.evidence_attach(declaration, entries),  # and entry.evidence
        "conflicts": conflict_rows,
        "editable": declaration.editable_by_employer,
        "deletable": services.declaration_deletable(declaration),
        "basics_form": extra.pop("basics_form", None)
        or BasicsForm(initial=BasicsForm.initial_for(declaration)),
        "entry_form": extra.pop("entry_form", None) or RosterEntryForm(),
        "upload_form": RosterUploadForm(),
        "stored": bridge.stored_view(declaration),
        # 参数待确认: the result is 「暂定」 while the year has placeholder parameters (issue 15); an
        # approved result is final (never recomputed, its letter issued), so it is not called 暂定.
        "provisional": ([] if declaration.status == DeclarationStatus.APPROVED
                        else selectors.provisional_parameters(declaration.year)),
        # Its timeline as addressed to the employer: who reviewed it, with what comment, returns and
        # resubmissions, month adjustments, why the district acted for the town (issue 14).
        **timeline_context(declaration, request.user),
        # On a published 公示: the entry, its state and the way to object (during the period).
        "publicity_entry": publicity_selectors.entry_of_declaration(request.user, declaration),
    }
    context.update(extra)
    return context


@role_required(Role.EMPLOYER)
def declaration_detail(request, pk: int):
    declaration = access.get_visible(request.user, Declaration.objects.select_related("employer"), pk=pk)
    if request.method != "POST":
        return render(request, "employer_portal/declaration_detail.html", _detail_context(request, declaration))
    declaration = access.get_changeable(request.user, Declaration, pk=pk)
    form = BasicsForm(request.POST)
    if not form.is_valid():
        return render(
            request, "employer_portal/declaration_detail.html", _detail_context(request, declaration, basics_form=form)
        )
    if "preview" in request.POST:
        preview, preview_errors = None, []
        try:
            preview = bridge.preview(
                declaration,
                services.policy_year_get(declaration.year),
                monthly_headcounts=form.headcounts(),
                wage_bill=form.cleaned_data["wage_bill"],
                levy_already_paid=form.cleaned_data["levy_already_paid"],
            )
        except ValidationError as exc:
            preview_errors = _validation_messages(exc)
        return render(
            request,
            "employer_portal/declaration_detail.html",
            _detail_context(request, declaration, basics_form=form, preview=preview, preview_errors=preview_errors),
        )
    try:
        services.declaration_update_basics(
            declaration=declaration,
            monthly_headcounts=form.headcounts(),
            wage_bill=form.cleaned_data["wage_bill"],
            levy_already_paid=form.cleaned_data["levy_already_paid"],
            user=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return render(
            request, "employer_portal/declaration_detail.html", _detail_context(request, declaration, basics_form=form)
        )
    messages.success(request, "已保存在职职工人数和工资总额。")
    return redirect("employer-declaration-detail", pk=declaration.pk)


def _to_roster(request, pk: int, text: str, *, refused: bool = False):
    """Back to the declaration after a roster change (upload, add, edit, delete), at the top of the page,
    not at #roster: the fragment's scroll would leave the message 4,000 px above, unseen, and take the
    focus a11y.js gives it, so a screen reader would not say it. The message ends with a link to the
    roster (the next Tab after the message)."""
    url = reverse("employer-declaration-detail", args=[pk])
    (messages.error if refused else messages.success)(request, message_with_link(text, f"{url}#roster", "查看名册"))
    return redirect(url)


@role_required(Role.EMPLOYER)
def entry_add(request, pk: int):
    declaration = access.get_changeable(request.user, Declaration, pk=pk)
    form = RosterEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.roster_entry_save(declaration=declaration, row=form.row, user=request.user)
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            return _to_roster(request, pk, f"已添加：{form.row.name}。")
    return render(request, "employer_portal/entry_form.html", {"declaration": declaration, "form": form, "entry": None})


@role_required(Role.EMPLOYER)
def entry_edit(request, pk: int, entry_id: int):
    declaration = access.get_changeable(request.user, Declaration, pk=pk)
    entry = access.get_changeable(request.user, RosterEntry.objects.filter(declaration=declaration), pk=entry_id)
    if request.method == "POST":
        form = RosterEntryForm(request.POST)
        if form.is_valid():
            try:
                services.roster_entry_save(declaration=declaration, row=form.row, entry=entry, user=request.user)
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            else:
                return _to_roster(request, pk, f"已修改：{form.row.name}。")
    else:
        # The edit form shows the full certificate number: record who saw it.
        privacy.roster_number_view_record(user=request.user, declaration_pk=declaration.pk, entry_pk=entry.pk)
        form = RosterEntryForm(initial=RosterEntryForm.initial_for(entry, services.entry_cert_no(entry)))
    return render(request, "employer_portal/entry_form.html", {"declaration": declaration, "form": form, "entry": entry})


@role_required(Role.EMPLOYER)
def entry_delete(request, pk: int, entry_id: int):
    declaration = access.get_changeable(request.user, Declaration, pk=pk)
    entry = access.get_changeable(request.user, RosterEntry.objects.filter(declaration=declaration), pk=entry_id)
    if request.method == "POST":
        try:
            services.roster_entry_delete(entry=entry, user=request.user)
        except ValidationError as exc:
            return _to_roster(request, pk, "；".join(exc.messages), refused=True)
        return _to_roster(request, pk, f"已从名册删除：{entry.name}。")
    return render(request, "employer_portal/entry_delete.html", {"declaration": declaration, "entry": entry})


@role_required(Role.EMPLOYER)
def roster_upload(request, pk: int):
    declaration = access.get_changeable(request.user, Declaration, pk=pk)
    form = RosterUploadForm(request.POST or None, request.FILES or None, existing=declaration.roster.count())
    row_errors, file_error = [], ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            entries = services.declaration_roster_import(
                declaration=declaration, content=upload.read(), filename=upload.name, user=request.user
            )
        except services.RosterImportError as exc:
            row_errors, file_error = exc.errors, exc.message
        except ValidationError as exc:
            file_error = "；".join(exc.messages)
        else:
            return _to_roster(request, pk, f"名册已导入，共 {len(entries)} 人。")
    return render(
        request,
        "employer_portal/roster_upload.html",
        {"declaration": declaration, "form": form, "row_errors": row_errors, "file_error": file_error},
    )


@role_required(Role.EMPLOYER)
def roster_template(request, fmt: str):
    if fmt == "csv":
        return file_response(template_csv(), "残疾职工名册模板.csv", CSV_MIME)
    return file_response(template_xlsx(), "残疾职工名册模板.xlsx")


@role_required(Role.EMPLOYER)
def roster_export(request, pk: int):
    declaration = access.get_visible(request.user, Declaration, pk=pk)
    content = roster_xlsx(declaration, exported_by=exporter_label(request.user))
    return file_response(content, export_filename("残疾职工名册", year=declaration.year, scope=declaration.employer.name))


@role_required(Role.EMPLOYER)
def declaration_submit(request, pk: int):
    declaration = access.get_changeable(request.user, Declaration.objects.select_related("employer"), pk=pk)
    form = SubmitForm(request.POST or None, initial={"response": declaration.employer_response})
    problems, preview = [], None
    if not declaration.editable_by_employer:
        problems.append("这份申报已经提交审核，不能重复提交。")
    else:
        try:
            services.declaration_check_complete(declaration)
            preview = services.declaration_compute(declaration)
        except ValidationError as exc:
            problems.extend(exc.messages)
    # Said before submitting: a first submission after the review window closed is a 补报.
    late = (declaration.status == DeclarationStatus.DRAFT
            and services.submitted_late(year=declaration.year, on=timezone.localdate()))
    if request.method == "POST" and form.is_valid() and not problems:
        try:
            services.declaration_submit(
                declaration=declaration, user=request.user, response=form.cleaned_data["response"]
            )
        except ValidationError as exc:
            problems.extend(exc.messages)
        else:
            messages.success(request, "申报已提交，等待镇街初审。")
            return redirect("employer-declaration-detail", pk=pk)
    return render(
        request,
        "employer_portal/declaration_submit.html",
        {"declaration": declaration, "form": form, "problems": problems, "late": late,
         "late_needs_acceptance": late and PolicyYear.objects.filter(
             year=declaration.year, late_needs_district_acceptance=True).exists(),
         "preview": bridge.view_of(preview, declaration, services.policy_year_get(declaration.year))
         if preview is not None else None},
    )


@role_required(Role.EMPLOYER)
def declaration_revisions(request, pk: int):
    declaration = access.get_visible(request.user, Declaration, pk=pk)
    return render(
        request,
        "employer_portal/declaration_revisions.html",
        {"declaration": declaration, "revisions": revisions_of(declaration)},
    )
