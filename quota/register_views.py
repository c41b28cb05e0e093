"""The employer register's pages (用人单位名录, issue 14): the list (a town reviewer sees its own town's
employers read-only, another town's is a 404; the district every town with a town filter), searched
by name or credit code, filtered by 在册 / 已停用, each with its town, kind, contact, platform accounts
and the working year's declaration state; the district registers an employer, edits it, takes it off
the register (停用, with a reason) or puts it back, imports the year's extract (updates only after a
confirmation page listing the changes), downloads the template and exports the register.

The pages are in quota because the declaration state uses quota's definition of "filed"; the writes
are the core's (``employment.employer_register``), every one logged there.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from employment import access
from employment import employer_register as register
from employment.access import role_required
from employment.employer_forms import DeactivateForm, EmployerForm, EmployerImportForm
from employment.filecheck import UploadRefused
from employment.formats import XLSX_MIME, export_filename, file_response, template_response
from employment.forms import form_add_validation_error
from employment.models import Employer, Role
from employment.query import clean_text, int_or_none
from employment.table_import import TableFileError

from . import register_selectors as selectors
from .years import working_year

PAGE_SIZE = 20
STAFF = (Role.TOWN, Role.DISTRICT)
SESSION_KEY = "employer_register_import"


def _filters(request) -> tuple[int | None, str, str]:
    """(town id, query, 在册 filter) of the list; a town the user does not serve is a 404."""
    town_id = int_or_none(request.GET.get("town"))
    if town_id is not None and not access.served_towns(request.user).filter(pk=town_id).exists():
        raise Http404("未找到")
    active = request.GET.get("active", "")
    return town_id, clean_text(request.GET.get("q"), max_length=60), active if active in selectors.ACTIVE_FILTERS else ""


@role_required(*STAFF)
def register_list(request):
    town_id, query, active = _filters(request)
    year = working_year()
    employers = selectors.register_listing(request.user, town_id=town_id, query=query, active=active)
    page = Paginator(employers, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.register_rows(page.object_list, year=year)
    towns = access.served_towns(request.user).order_by("sort_order", "name")
    return render(request, "register/list.html", {
        "page": page, "year": year, "town_id": town_id, "query": query, "active": active,
        "towns": towns if towns.count() > 1 else None, "filters": selectors.ACTIVE_FILTERS,
        "district": access.role_of(request.user) == Role.DISTRICT, "filtered": bool(query or town_id or active),
    })


@role_required(*STAFF)
def register_export(request):
    town_id, query, active = _filters(request)
    employers = selectors.register_listing(request.user, town_id=town_id, query=query, active=active)
    if town_id is not None:
        scope = access.served_towns(request.user).get(pk=town_id).name
    elif access.role_of(request.user) == Role.TOWN:
        scope = access.account_of(request.user).town.name
    else:
        scope = "全区"
    content = selectors.register_xlsx(request.user, employers, year=working_year(), scope=scope)
    return file_response(content, export_filename("用人单位名录", scope=scope), XLSX_MIME)


@role_required(Role.DISTRICT)
def register_create(request):
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employer = register.employer_create(by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, f"已登记{employer.name}。")
            return redirect("employer-register-detail", pk=employer.pk)
    return render(request, "register/form.html", {"form": form})


def _initial(employer: Employer) -> dict:
    return {name: getattr(employer, name) for name in register.FIELDS}


@role_required(*STAFF)
def register_detail(request, pk: int):
    """An employer's entry: read-only with its history for a town reviewer (its own town's only); for
    the district the edit form, 停用 / 恢复在册 and the history."""
    employer = access.get_visible(request.user, Employer.objects.select_related("town"), pk=pk)
    district = access.role_of(request.user) == Role.DISTRICT
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = EmployerForm(request.POST if action == "save" else None, initial=_initial(employer))
    deactivate = DeactivateForm(request.POST if action == "deactivate" else None)
    if action:
        employer = access.get_changeable(request.user, Employer.objects.select_related("town"), pk=pk)  # 403: town
        done = _act(request, employer, action, form, deactivate)
        if done:
            return redirect("employer-register-detail", pk=employer.pk)
    return render(request, "register/detail.html", {
        "employer": employer, "district": district, "form": form, "deactivate": deactivate,
        "history": selectors.employer_history(employer)[:50],
        "accounts": employer.accounts.filter(user__is_active=True).count(),
        "row": selectors.register_rows([employer], year=working_year())[0], "year": working_year(),
    })


def _act(request, employer: Employer, action: str, form, deactivate) -> bool:
    try:
        if action == "save" and form.is_valid():
            changes = register.employer_update(by=request.user, employer=employer, data=form.cleaned_data)
            messages.success(request, f"已保存{employer.name}的修改（{len(changes)} 项）。" if changes else "没有改动。")
            return True
        if action == "deactivate" and deactivate.is_valid():
            register.employer_deactivate(by=request.user, employer=employer, reason=deactivate.cleaned_data["reason"])
            messages.success(request, f"已停用{employer.name}：它不再列入年审催报名单，已有的申报、岗位和账号都保留。")
            return True
        if action == "reactivate":
            register.employer_reactivate(by=request.user, employer=employer)
            messages.success(request, f"{employer.name}已恢复在册。")
            return True
    except ValidationError as exc:
        form_add_validation_error(deactivate if action == "deactivate" else form, exc)
    return False


# ---- bulk import -------------------------------------------------------------------------------


@role_required(Role.DISTRICT)
def register_import(request):
    form = EmployerImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows, errors = register.import_read(upload.read(), upload.name)
        except (TableFileError, UploadRefused) as exc:
            form.add_error("file", str(exc))
        else:
            if not errors:
                plan = register.import_plan(rows)
                if plan.changed:  # updates wait for the confirmation page
                    request.session[SESSION_KEY] = {"rows": rows, "filename": upload.name[:100]}
                    return redirect("employer-register-import-confirm")
                return _apply(request, rows, plan, upload.name)
    return render(request, "register/import.html", {"form": form, "errors": errors,
                                                    "headers": register.IMPORT_HEADERS,
                                                    "required": register.REQUIRED_HEADERS})


def _apply(request, rows, plan, filename: str):
    if not plan.new and not plan.changed:
        messages.info(request, f"文件中的 {plan.unchanged} 家单位与名录一致，没有需要登记或更新的内容。")
        return redirect("employer-register-list")
    try:
        register.import_apply(by=request.user, rows=rows, digest=plan.digest, source=filename)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("employer-register-import")
    request.session.pop(SESSION_KEY, None)
    messages.success(request, f"导入完成：新登记 {len(plan.new)} 家单位，更新 {len(plan.changed)} 家，"
                              f"{plan.unchanged} 家没有变化。")
    return redirect(reverse("employer-register-list"))


@role_required(Role.DISTRICT)
def register_import_confirm(request):
    pending = request.session.get(SESSION_KEY)
    if not pending:
        messages.info(request, "没有待确认的导入，请上传文件。")
        return redirect("employer-register-import")
    if request.method == "POST" and request.POST.get("action") == "cancel":
        request.session.pop(SESSION_KEY, None)
        messages.info(request, "已取消这次导入，名录没有任何改动。")
        return redirect("employer-register-import")
    plan = register.import_plan(pending["rows"])
    if request.method == "POST":
        if request.POST.get("digest") != plan.digest:
            messages.error(request, "在您确认之前，名录或要导入的内容已有变化。请核对下面的最新变更后再确认。")
        else:
            return _apply(request, pending["rows"], plan, pending["filename"])
    return render(request, "register/import_confirm.html", {"plan": plan, "filename": pending["filename"]})


@role_required(Role.DISTRICT)
def register_import_template(request, fmt: str):
    return template_response(fmt, stem="用人单位名录模板", xlsx=register.import_template_xlsx,
                             csv=register.import_template_csv)
