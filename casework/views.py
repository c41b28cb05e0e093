"""Staff casework views; every object comes through ``employment.access``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from employment import access
from employment.access import role_required
from employment.forms import form_add_validation_error
from employment.models import JobSeeker, Placement, Role

from . import selectors, services
from .forms import CoachNoteForm, FollowUpForm, PlacementEndForm, StaffHireForm
from .models import FollowUp
from .selectors import DUE_SOON_DAYS, follow_ups_due

STAFF = (Role.TOWN, Role.DISTRICT)


def _yuan(amount) -> str:
    """2999.50 → "2999.5", 3000.00 → "3000"."""
    return f"{amount:.2f}".rstrip("0").rstrip(".")


@role_required(*STAFF)
def follow_ups_due_list(request):
    page = Paginator(follow_ups_due(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/follow_ups_due.html",
        {"page": page, "today": timezone.localdate(), "within_days": DUE_SOON_DAYS},
    )


@role_required(*STAFF)
def follow_up_record_view(request, pk: int):
    follow_up = access.get_changeable(
        request.user, FollowUp.objects.select_related("placement__seeker", "placement__employer"), pk=pk
    )
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.follow_up_record(follow_up=follow_up, done_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "回访已记录。")
            return redirect("casework-follow-ups-due")
    return render(request, "casework/follow_up_record.html", {"follow_up": follow_up, "form": form})


@require_POST
@role_required(*STAFF)
def coach_note_add_view(request, pk: int):
    seeker = access.get_changeable(request.user, JobSeeker, pk=pk)
    form = CoachNoteForm(request.POST)
    if form.is_valid():
        services.coach_note_add(seeker=seeker, body=form.cleaned_data["body"], author=request.user)
        messages.success(request, "辅导记录已保存。")
    else:
        messages.error(request, "请填写记录内容。")
    return redirect("seeker-detail", pk=seeker.pk)


@role_required(*STAFF)
def placement_create_view(request, pk: int):
    """Record a hire staff arranged for a seeker of their town (district: any seeker)."""
    seeker = access.get_changeable(request.user, JobSeeker.objects.select_related("town"), pk=pk)
    form = StaffHireForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            placement = services.placement_record_by_staff(
                seeker=seeker, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            linked = f"，并关联了求职申请「{placement.job.title}」" if placement.application_id else ""
            messages.success(
                request,
                f"已记录{seeker.name}在{placement.employer.name}就业{linked}。已安排就业后第 1、3、6、12 个月的回访，"
                "这条记录会预填入该单位下一年度按比例就业申报的名单。",
            )
            min_wage = selectors.min_wage_of_year(request.user, placement.contract_start.year)
            if min_wage is not None and placement.monthly_wage < min_wage:
                messages.warning(
                    request,
                    f"月工资 {_yuan(placement.monthly_wage)} 元低于 {placement.contract_start.year} 年当地最低工资"
                    f" {_yuan(min_wage)} 元。记录已保存，但按比例就业年审时，工资低于最低工资的月份不计入安置人数。",
                )
            return redirect("seeker-detail", pk=seeker.pk)
    return render(
        request,
        "casework/placement_create.html",
        {"seeker": seeker, "form": form, "open_applications": selectors.open_applications(request.user, seeker)},
    )


@role_required(*STAFF)
def placement_end_view(request, pk: int):
    """Ask for the day a placement ended (GET), then record it (POST)."""
    placement = access.get_changeable(
        request.user, Placement.objects.select_related("seeker__town", "employer"), pk=pk
    )
    if placement.ended_on is not None:
        messages.error(request, f"{placement.seeker.name}在{placement.employer.name}的就业已经记录了离职。")
        return redirect("seeker-detail", pk=placement.seeker_id)
    form = PlacementEndForm(
        request.POST if request.method == "POST" else None, initial={"ended_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_end(placement=placement, recorded_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(
                request, f"已记录{placement.seeker.name}从{placement.employer.name}离职；这段就业不再列入待回访名单。"
            )
            return redirect("seeker-detail", pk=placement.seeker_id)
    return render(request, "casework/placement_end.html", {"placement": placement, "form": form})
