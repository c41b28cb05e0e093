"""Public pages: the list of published jobs with search and filters, and a job's page (for a signed-in
seeker with the reasons it suits them, or the plain reasons the hard rules keep it from them)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from .. import access, matches, selectors
from ..models import JobPost, Role, Town
from ..query import query_int, query_text
from ..selectors import own_seeker
from .shared import PAGE_SIZE


def job_list(request):
    """Public list of published jobs with search and filters."""
    query = query_text(request, "q")
    town = query_int(request, "town")
    town_id = str(town) if town else ""
    town_only = request.GET.get("town_only") == "1"
    jobs = selectors.jobs_published(query=query, town_id=town, remote=request.GET.get("remote") == "1",
                                    town_remote_elsewhere=not town_only)
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))  # past the last page: the last page
    towns = Town.objects.all()
    return render(
        request,
        "employment/job_list.html",
        {"page": page, "query": query, "town_id": town_id, "towns": towns, "remote": request.GET.get("remote"),
         "town_only": town_only, "town_name": next((t.name for t in towns if t.pk == town), "")},
    )


def job_detail(request, pk: int):
    job = access.get_visible(request.user, JobPost.objects.select_related("employer", "town"), pk=pk)
    context: dict = {"job": job}
    role = access.role_of(request.user)
    if role == Role.SEEKER:
        seeker = own_seeker(request.user)
        context["application"] = selectors.application_for(request.user, job)
        assessment = seeker.current_assessment
        if seeker.personalised_matching and assessment is not None:
            pair = matches.pair_reasons(assessment, job)
            context["reasons"] = pair.reasons
            context["why_not"] = pair.why_not
            context["blocked"] = not pair.allowed
    elif role == Role.EMPLOYER:
        context["own_job"] = access.can_change(request.user, job)
    return render(request, "employment/job_detail.html", context)
