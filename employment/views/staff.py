"""The federation staff's pages about seekers (town reviewers: their own town; the district: all):
the caseload, registering a seeker, an assessment on a seeker's behalf, and a seeker's page — which
employers see too, without identity numbers. Later apps add their part of the staff page
(``employment.seeker_page``: the family, casework). Activation codes and verification are in
``employment.signup_views``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render

from .. import access, selectors, services
from ..access import role_required
from ..models import JobSeeker, Role
from ..query import query_int, query_text
from ..seeker_page import parts_context
from ..signup_forms import StaffSeekerCreateForm
from .shared import PAGE_SIZE, assessment_view

STAFF = (Role.TOWN, Role.DISTRICT)


@role_required(*STAFF)
def staff_seeker_list(request):
    """Caseload: the seekers of the reviewer's town (district: all), searchable and paginated."""
    query = query_text(request, "q")
    town = query_int(request, "town")
    town_id = str(town) if town else ""
    verified = request.GET.get("verified", "")
    seekers = selectors.caseload(request.user, query=query, town_id=town, verified=verified)
    page = Paginator(seekers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "employment/staff_seeker_list.html",
        {
            "page": page,
            "query": query,
            "town_id": town_id,
            "towns": access.served_towns(request.user),
            "verified": verified,
            "verified_choices": selectors.VERIFIED_FILTER.items(),
        },
    )


@role_required(*STAFF)
def staff_seeker_create(request):
    """Staff register a seeker (optionally with a sign-in account) in a town they serve."""
    form = StaffSeekerCreateForm(request.POST or None)
    form.fields["town"].queryset = access.served_towns(request.user)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = None
                if data["username"]:
                    user = services.user_create_with_role(
                        username=data["username"], password=data["password"], role=Role.SEEKER, display_name=data["name"]
                    )
                seeker = services.seeker_register(
                    name=data["name"],
                    resident_id=data["resident_id"],
                    cert_no=data["cert_no"],
                    town=data["town"],
                    phone=data["phone"],
                    user=user,
                    created_by=request.user,
                )
        except services.SeekerAlreadyRegistered as exc:
            duplicate = _duplicate_notice(request.user, exc.seeker)
            form.add_error(None, duplicate["message"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已登记求职者 {seeker.name}。")
            return redirect("staff-seeker-assessment", pk=seeker.pk)
    return render(request, "employment/staff_seeker_create.html", {"form": form, "duplicate": duplicate})


def _duplicate_notice(user, existing: JobSeeker) -> dict:
    """One message for any duplicate, never naming the number that matched. Staff whose scope holds the
    record get a link to it; others learn only that another town registered the person (no town, no
    category, no grade), and the look-up is logged as personal-data access."""
    if access.can_view(user, existing):
        return {"message": "此人已经登记过，不能重复登记。请打开已有的记录继续办理。", "seeker": existing}
    services.seeker_duplicate_lookup_record(user=user, seeker=existing)
    return {"message": "此人已在其他镇街登记，不能重复登记。如需转入本镇街或核对信息，请联系区残联。", "seeker": None}


@role_required(*STAFF)
def staff_seeker_assessment(request, pk: int):
    """A counsellor records an assessment on a seeker's behalf."""
    seeker = access.get_changeable(request.user, JobSeeker.objects.select_related("town"), pk=pk)
    return assessment_view(
        request,
        seeker,
        template="employment/assessment_form.html",
        done_url=f"/seekers/{seeker.pk}/",
    )


@login_required
def seeker_detail(request, pk: int):
    """A seeker's page: for staff with the applications and the later apps' parts; for an employer the
    profile it needs for hiring."""
    seeker = access.get_visible(request.user, JobSeeker.objects.select_related("town"), pk=pk)
    role = access.role_of(request.user)
    context = {
        "seeker": seeker,
        "assessment": seeker.current_assessment,
        "is_staff_role": role in STAFF,
        # Employers see the profile they need for hiring, not certificate numbers or contact details.
        "show_identity": role != Role.EMPLOYER,
    }
    if role in STAFF:
        context["applications"] = selectors.applications_of_seeker(request.user, seeker)
        context.update(parts_context(request, seeker))  # the family, casework (employment.seeker_page)
    elif role == Role.EMPLOYER:
        context["applications"] = selectors.applications_of_seeker(request.user, seeker)
    return render(request, "employment/seeker_detail.html", context)
