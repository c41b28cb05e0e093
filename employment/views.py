"""Portal entry and the foundation's read views. Every object is fetched through ``access``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render

from . import access
from .models import JobPost, JobSeeker, JobStatus, Role, Town

PAGE_SIZE = 20


def role_required(*roles: str):
    """Allow only users whose role is one of ``roles`` (403 otherwise; anonymous → login)."""

    def decorator(view):
        @login_required
        def wrapped(request, *args, **kwargs):
            if access.role_of(request.user) not in roles:
                raise PermissionDenied("您的账号不能使用此功能。")
            return view(request, *args, **kwargs)

        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return wrapped

    return decorator


@login_required
def portal_home(request):
    """Send each role to its own workspace."""
    role = access.role_of(request.user)
    target = {
        Role.SEEKER: "seeker-home",
        Role.EMPLOYER: "employer-home",
        Role.TOWN: "staff-seeker-list",
        Role.DISTRICT: "staff-seeker-list",
        Role.PROVIDER: "wagtailadmin_home",
    }.get(role)
    if target is None:
        raise PermissionDenied("您的账号还没有分配角色，请联系区残联。")
    return redirect(target)


@role_required(Role.SEEKER)
def seeker_home(request):
    seeker = access.get_visible(request.user, JobSeeker, user=request.user)
    return render(request, "employment/seeker_home.html", {"seeker": seeker, "assessment": seeker.current_assessment})


@role_required(Role.TOWN, Role.DISTRICT)
def staff_seeker_list(request):
    """Caseload: the seekers of the reviewer's town (district: all), searchable and paginated."""
    seekers = access.scoped(request.user, JobSeeker).select_related("town")
    query = request.GET.get("q", "").strip()
    if query:
        seekers = seekers.filter(Q(name__contains=query) | Q(cert_no_masked__contains=query))
    town_id = request.GET.get("town", "")
    if town_id.isdigit():
        seekers = seekers.filter(town_id=int(town_id))
    page = Paginator(seekers.order_by("town__sort_order", "name"), PAGE_SIZE).get_page(request.GET.get("page"))
    towns = access.scoped(request.user, Town)
    if access.role_of(request.user) == Role.TOWN:
        towns = towns.filter(pk=access.account_of(request.user).town_id)
    return render(
        request,
        "employment/staff_seeker_list.html",
        {"page": page, "query": query, "town_id": town_id, "towns": towns},
    )


@login_required
def seeker_detail(request, pk: int):
    seeker = access.get_visible(request.user, JobSeeker, pk=pk)
    return render(request, "employment/seeker_detail.html", {"seeker": seeker, "assessment": seeker.current_assessment})


@role_required(Role.EMPLOYER)
def employer_home(request):
    account = access.account_of(request.user)
    jobs = access.scoped(request.user, JobPost, change=True).select_related("town")
    page = Paginator(jobs.order_by("-created_at"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employment/employer_home.html", {"employer": account.employer, "page": page})


def job_list(request):
    """Public list of published jobs with search and filters."""
    jobs = JobPost.objects.filter(status=JobStatus.PUBLISHED).select_related("employer", "town")
    query = request.GET.get("q", "").strip()
    if query:
        jobs = jobs.filter(Q(title__contains=query) | Q(description__contains=query) | Q(employer__name__contains=query))
    town_id = request.GET.get("town", "")
    if town_id.isdigit():
        jobs = jobs.filter(town_id=int(town_id))
    if request.GET.get("remote") == "1":
        jobs = jobs.filter(remote=True)
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "employment/job_list.html",
        {"page": page, "query": query, "town_id": town_id, "towns": Town.objects.all(), "remote": request.GET.get("remote")},
    )


def job_detail(request, pk: int):
    job = access.get_visible(request.user, JobPost.objects.select_related("employer", "town"), pk=pk)
    return render(request, "employment/job_detail.html", {"job": job})
