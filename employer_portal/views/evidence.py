"""Employer-facing pages of a declaration's supporting documents (申报证明材料): the list with the
upload form (one file at a time, for the whole declaration or for one roster row), and deleting a
file after a confirmation page. Files are added and deleted while the declaration is a draft or
returned; downloads go through ``quota.evidence_views`` (shared with the reviewers, every download
logged). Every object is fetched through ``employment.access``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from employment import access
from employment.access import role_required
from employment.formats import message_with_link
from employment.forms import form_add_validation_error
from employment.models import Role
from employment.query import query_int
from quota import evidence as declaration_evidence
from quota.models import Declaration, DeclarationEvidence, DeclarationEvidenceKind, RosterEntry

from ..forms import DeclarationEvidenceForm


def _page(request, declaration: Declaration, entries: list[RosterEntry], form, *, status: int = 200):
    whole = declaration_evidence.evidence_attach(declaration, entries)
    return render(request, "employer_portal/declaration_evidence.html", {
        "declaration": declaration, "entries": entries, "whole": whole, "form": form,
        "editable": declaration.editable_by_employer,
        "missing": declaration_evidence.rows_missing_certificate(declaration) if declaration.editable_by_employer
        else [],
    }, status=status)


@role_required(Role.EMPLOYER)
def declaration_evidence_list(request, pk: int):
    """证明材料 — the files of the declaration and of each roster row; the upload form while editable
    (``?entry=<id>`` chooses the row beforehand, as the roster's per-row links do)."""
    declaration = access.get_visible(request.user, Declaration.objects.select_related("employer"), pk=pk)
    if request.method != "POST":
        entries = list(declaration.roster.all())
        chosen = query_int(request, "entry")
        initial = {"kind": DeclarationEvidenceKind.DISABILITY_CERT if chosen else DeclarationEvidenceKind.OTHER}
        if chosen and any(entry.pk == chosen for entry in entries):
            initial["entry"] = chosen
        return _page(request, declaration, entries, DeclarationEvidenceForm(entries=entries, initial=initial))
    declaration = access.get_changeable(request.user, Declaration.objects.select_related("employer"), pk=pk)
    entries = list(declaration.roster.all())
    form = DeclarationEvidenceForm(request.POST, request.FILES, entries=entries)
    if form.is_valid():
        entry_id = form.cleaned_data["entry"]
        entry = (access.get_visible(request.user, RosterEntry.objects.filter(declaration=declaration), pk=entry_id)
                 if entry_id else None)
        upload = form.cleaned_data["file"]
        try:
            item = declaration_evidence.evidence_add(
                declaration=declaration, entry=entry, kind=form.cleaned_data["kind"], note=form.cleaned_data["note"],
                filename=upload.name, content=upload.read(), user=request.user,
            )
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            whose = f"{entry.name}的" if entry else ""
            url = reverse("employer-declaration-evidence", args=[pk])
            messages.success(request, message_with_link(
                f"已上传{whose}“{item.original_name}”（{item.get_kind_display()}）。", f"{url}#uploaded", "查看已上传的材料"))
            return redirect(url)
    return _page(request, declaration, entries, form, status=400)


@role_required(Role.EMPLOYER)
def declaration_evidence_delete(request, pk: int, evidence_id: int):
    """A GET asks for confirmation; the POST from that page deletes."""
    declaration = access.get_changeable(request.user, Declaration.objects.select_related("employer"), pk=pk)
    item = access.get_visible(
        request.user, DeclarationEvidence.objects.filter(declaration=declaration).select_related("entry"),
        pk=evidence_id,
    )
    back = reverse("employer-declaration-evidence", args=[pk]) + "#uploaded"
    if not declaration.editable_by_employer:
        messages.error(request, "申报已提交审核，证明材料不能再删除。如被退回修改，可以重新整理。")
        return redirect(back)
    if request.method == "POST":
        try:
            declaration_evidence.evidence_delete(evidence=item, user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已删除证明材料“{item.original_name}”。")
        return redirect(back)
    return render(request, "employer_portal/declaration_evidence_delete.html",
                  {"declaration": declaration, "item": item})
