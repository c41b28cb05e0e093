"""Staff pages of the family register (家庭台账), for town reviewers (their own town) and the district
(every town): list, create, edit, a family's page with its members, add and remove a member, import
from xlsx/csv. Every family and seeker is fetched through ``employment.access``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from employment import access
from employment.access import role_required
from employment.formats import template_response
from employment.forms import form_add_validation_error
from employment.models import JobSeeker, Role
from employment.query import query_int, query_text

from . import importer, selectors, services
from .forms import HouseholdForm, HouseholdImportForm, MemberAddForm
from .models import Household

PAGE_SIZE = 20
STAFF = (Role.TOWN, Role.DISTRICT)
STATUS_VALUES = {value for value, _ in selectors.STATUS_FILTERS}


@role_required(*STAFF)
def household_list(request):
    """The register: search by 户编号, filter by status and (for the district) by town, paginated."""
    query = query_text(request, "q", max_length=60)
    town = query_int(request, "town")
    town_id = str(town) if town else ""
    status = request.GET.get("status", "")
    if status not in STATUS_VALUES:
        status = ""
    households = selectors.households_visible(request.user, query=query, town_id=town)
    rows = selectors.family_rows(request.user, households, on=timezone.localdate(), status=status)
    towns = access.served_towns(request.user)
    return render(
        request,
        "households/list.html",
        {
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "query": query,
            "town_id": town_id,
            "status": status,
            "statuses": selectors.STATUS_FILTERS,
            "towns": towns if towns.count() > 1 else None,
            "filtered": bool(query or status or town_id),
            "today": timezone.localdate(),
        },
    )


def _form_view(request, household: Household | None):
    towns = access.served_towns(request.user)
    initial = {"town": towns.first().pk} if household is None and towns.count() == 1 else None
    form = HouseholdForm(
        request.POST if request.method == "POST" else None, instance=household, towns=towns, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            if household is None:
                household = services.household_create(user=request.user, **form.cleaned_data)
                messages.success(request, f"已登记家庭 {household.code}。可以接着添加家庭成员。")
            else:
                household = services.household_update(user=request.user, household=household, **form.cleaned_data)
                messages.success(request, f"家庭 {household.code} 的信息已保存。")
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            return redirect("staff-household-detail", pk=household.pk)
    return render(request, "households/form.html", {"form": form, "household": household})


@role_required(*STAFF)
def household_create(request):
    return _form_view(request, None)


@role_required(*STAFF)
def household_edit(request, pk: int):
    household = access.get_changeable(request.user, Household.objects.select_related("town"), pk=pk)
    return _form_view(request, household)


def _detail(request, household: Household, *, member_form: MemberAddForm | None = None, status: int = 200):
    today = timezone.localdate()
    summary = selectors.family_summary(request.user, household, on=today)
    members = selectors.family_members(request.user, household, on=today)
    return render(
        request,
        "households/detail.html",
        {
            "household": household,
            "summary": summary,
            "members": members,
            # members who moved to a town the user does not cover: counted, not shown
            "hidden_members": summary.member_count - len(members),
            "member_form": member_form or MemberAddForm(),
            "can_change": access.can_change(request.user, household),
            "today": today,
        },
        status=status,
    )


@role_required(*STAFF)
def household_detail(request, pk: int):
    household = access.get_visible(request.user, Household.objects.select_related("town"), pk=pk)
    return _detail(request, household)


@require_POST
@role_required(*STAFF)
def household_member_add(request, pk: int):
    household = access.get_changeable(request.user, Household.objects.select_related("town"), pk=pk)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            seeker = services.household_member_add(
                user=request.user, household=household, cert_no=form.cleaned_data["cert_no"]
            )
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, f"已将{seeker.name}（{seeker.cert_no_masked}）登记为本户成员。")
            return redirect("staff-household-detail", pk=household.pk)
    return _detail(request, household, member_form=form, status=400)


@role_required(*STAFF)
def household_member_remove(request, pk: int, seeker_pk: int):
    """Ask first (GET), then take the member out of the family (POST)."""
    household = access.get_changeable(request.user, Household.objects.select_related("town"), pk=pk)
    seeker = access.get_visible(request.user, JobSeeker.objects.filter(household=household), pk=seeker_pk)
    if request.method == "POST":
        try:
            services.household_member_remove(user=request.user, household=household, seeker=seeker)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已将{seeker.name}移出家庭 {household.code}。")
        return redirect("staff-household-detail", pk=household.pk)
    return render(request, "households/member_remove.html", {"household": household, "seeker": seeker})


@role_required(*STAFF)
def household_import(request):
    bound = request.method == "POST"
    form = HouseholdImportForm(request.POST if bound else None, request.FILES if bound else None)
    row_errors, file_error = [], ""
    if bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            summary = services.households_import(user=request.user, content=upload.read(), filename=upload.name)
        except services.HouseholdImportError as exc:
            row_errors, file_error = exc.errors, exc.message
        else:
            messages.success(
                request,
                f"家庭台账已导入：新增 {summary.created} 户，更新 {summary.updated} 户，添加家庭成员 {summary.members_added} 人。",
            )
            return redirect("staff-household-list")
    return render(
        request,
        "households/import.html",
        {"form": form, "row_errors": row_errors, "file_error": file_error, "columns": importer.COLUMNS},
        status=400 if bound else 200,
    )


@role_required(*STAFF)
def household_template(request, fmt: str):
    return template_response(fmt, stem="家庭台账模板", xlsx=importer.template_xlsx, csv=importer.template_csv)
