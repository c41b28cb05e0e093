"""The employer's jobs and candidates: the employer home (its jobs, each with its applications and
what is new since the last visit), the company profile, post, edit, publish and close a job (checked by
``employment.job_checks``), ranked consenting candidates — filtered, sorted and counted — with reasons
and the hiring what-if, invite (time, place, format and message in one step), the applications
received (all, new since the last visit, answers to invitations), one application with the interview
outcome, the hire (→ Placement) and the leaving. Every object is fetched through ``employment.access``;
matches come from ``matching.pages``, the what-if from ``quota.selectors.hiring_what_if`` (its data
loaded once per page)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from casework import services as casework_services
from casework.forms import PlacementEndForm
from employment import access, employer_register, job_checks, services, work_queue
from employment import applications as application_services
from employment import selectors as employment_selectors
from employment.access import role_required
from employment.forms import EmployerProfileForm, JobPostForm, form_add_validation_error
from employment.hiring_forms import (
    HireForm,
    InterviewOutcomeForm,
    InviteForm,
    seeker_needs,
    signing_seeker_warning,
)
from employment.models import Application, ApplicationStatus, JobPost, JobSeeker, JobStatus, Placement, Role
from employment.selectors import own_employer
from matching import pages as match_pages
from quota import selectors as quota_selectors
from quota.engine.wages import FULL_TIME_HOURS_PER_DAY, monthly_pay_floor, pay_below_floor
from quota.models import PolicyYear

from ..forms import CandidateFilterForm

PAGE_SIZE = 20


def _hire_below_min_wage(user, job: JobPost, hire: dict) -> str:
    """What is wrong with a hire paid below the contract year's minimum wage (pro-rated for the job's
    hours, as job posts are: quota.engine.wages), or "". The employer confirms such a wage before the
    hire is recorded (``HireForm.wage_confirmation_ask``); the hire is then kept, as staff's records are."""
    # The contract year's parameters, else the latest before it: a January start is often recorded in
    # December, before the district has entered the new year's parameters.
    policy = (access.scoped(user, PolicyYear).filter(year__lte=hire["contract_start"].year)
              .order_by("-year").first())
    hours = job.hours_per_day or FULL_TIME_HOURS_PER_DAY
    if policy is None or not pay_below_floor(hire["monthly_wage"], policy.min_wage, hours):
        return ""
    floor = monthly_pay_floor(policy.min_wage, hours)
    basis = f"（每天 {Decimal(hours).normalize():f} 小时折算）" if Decimal(hours) < FULL_TIME_HOURS_PER_DAY else ""
    return f"月工资 {hire['monthly_wage']:,.0f} 元低于 {policy.year} 年当地最低工资 {floor:,.0f} 元{basis}。"


LOW_WAGE_RECORDED = ("录用已记录，但按比例就业年审时，工资低于最低工资的月份不计入安置人数；"
                     "如果填错了，请联系所属镇街残联更正。")


@role_required(Role.EMPLOYER)
def employer_home(request):
    employer = own_employer(request.user)
    page = Paginator(employment_selectors.employer_jobs(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    since = work_queue.visit_since(request)  # the work queue's "new since the last visit"
    counts = employment_selectors.application_counts_by_job(request.user, since=since)
    empty = employment_selectors.JobApplicationCounts()
    for job in page.object_list:
        job.counts = counts.get(job.pk, empty)
    return render(request, "employer_portal/employer_home.html", {"employer": employer, "page": page, "since": since})


@role_required(Role.EMPLOYER)
def employer_company(request):
    employer = own_employer(request.user)
    form = EmployerProfileForm(request.POST or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        # Through the register's service: changes to the register's fields are logged (变更记录).
        employer_register.employer_profile_save(by=request.user, employer=employer, data=form.cleaned_data)
        messages.success(request, "单位资料已保存。")
        return redirect("employer-home")
    return render(request, "employer_portal/employer_company.html", {"form": form, "employer": employer})


def _job_form_view(request, job: JobPost, *, is_new: bool):
    form = JobPostForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        job = form.save(commit=False)
        try:
            services.job_post_save(job=job)
            if request.POST.get("action") == "publish":
                services.job_publish(job=job)
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            published = job.status == JobStatus.PUBLISHED
            messages.success(request, "岗位已发布。" if published else "岗位已保存为草稿。")
            for warning in job_checks.job_warnings(job):
                messages.warning(request, warning)
            return redirect("employer-home")
    return render(request, "employer_portal/job_form.html", {"form": form, "job": job, "is_new": is_new})


@role_required(Role.EMPLOYER)
def employer_job_create(request):
    employer = own_employer(request.user)
    job = JobPost(employer=employer, town=employer.town)
    return _job_form_view(request, job, is_new=True)


@role_required(Role.EMPLOYER)
def employer_job_edit(request, pk: int):
    job = access.get_changeable(request.user, JobPost, pk=pk)
    return _job_form_view(request, job, is_new=False)


@require_POST
@role_required(Role.EMPLOYER)
def employer_job_status(request, pk: int):
    """Publish or close a job (a plain POST button, works without JavaScript)."""
    job = access.get_changeable(request.user, JobPost, pk=pk)
    action = request.POST.get("action")
    if action == "publish":
        try:
            services.job_publish(job=job)
        except ValidationError as exc:
            messages.error(request, f"「{job.title}」不能发布：" + "；".join(exc.messages) + "请先修改岗位。")
            return redirect("employer-job-edit", pk=job.pk)
        messages.success(request, f"「{job.title}」已发布。")
    elif action == "close":
        services.job_close(job=job)
        messages.success(request, f"「{job.title}」已停止招聘。")
    else:
        raise Http404("未找到")
    return redirect("employer-home")


@role_required(Role.EMPLOYER)
def employer_job_candidates(request, pk: int):
    """Ranked consenting candidates with reasons, and the people who applied to this job."""
    job = access.get_changeable(request.user, JobPost.objects.select_related("employer", "town"), pk=pk)
    filter_form = CandidateFilterForm(request.GET or None)
    page = match_pages.candidates_for_job(
        job, request.user, page=request.GET.get("page"), search=filter_form.search()
    )
    applications = employment_selectors.applications_to_job(request.user, job)
    by_seeker = {a.seeker_id: a for a in applications}
    what_if = quota_selectors.hiring_what_if(request.user, job.employer, job)  # loaded once per page
    for c in page.object_list:
        c.application = by_seeker.get(c.seeker.pk)
        c.what_if = what_if.line(c.seeker)
    return render(
        request,
        "employer_portal/job_candidates.html",
        {"job": job, "page": page, "applications": applications, "filter_form": filter_form},
    )


@role_required(Role.EMPLOYER)
def employer_job_invite(request, pk: int, seeker_pk: int):
    """邀请面试 — one form: time, place, format (on-site, video, sign-language interpreter) and a message."""
    job = access.get_changeable(request.user, JobPost, pk=pk)
    seeker = access.get_visible(request.user, JobSeeker.objects.filter(visible_to_employers=True), pk=seeker_pk)
    if job.status != JobStatus.PUBLISHED or not match_pages.pair_allowed(seeker, job):
        raise Http404("未找到")
    needs = seeker_needs(seeker)
    form = InviteForm(request.POST or None, needs=needs)
    if request.method == "POST" and form.is_valid():
        try:
            application_services.application_invite(seeker=seeker, job=job, **form.cleaned_data)
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, f"已邀请 {seeker.name} 面试「{job.title}」，面试时间、地点和方式已通知求职者。")
            warning = signing_seeker_warning(needs, form.cleaned_data["interview_format"], seeker.name)
            if warning:
                messages.warning(request, warning)
            return redirect("employer-job-candidates", pk=job.pk)
    return render(request, "employer_portal/job_invite.html", {"job": job, "seeker": seeker, "form": form})


APPLICATION_LISTS = {
    "new": "新收到的求职申请",
    "replies": "面试邀请的新答复",
    "all": "全部求职申请和邀请",
}


@role_required(Role.EMPLOYER)
def employer_applications(request):
    """The applications to the employer's jobs: new since the last visit (``?show=new``), answers to its
    invitations since then (``?show=replies``) — the work queue's links — or all of them."""
    show = request.GET.get("show", "all")
    if show not in APPLICATION_LISTS:
        show = "all"
    since = work_queue.visit_since(request) if show != "all" else None
    if show == "new":
        applications = employment_selectors.applications_received(request.user, since=since)
    elif show == "replies":
        applications = employment_selectors.invitation_replies(request.user, since=since)
    else:
        applications = employment_selectors.applications_to_own_jobs(request.user)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employer_portal/employer_applications.html", {
        "page": page, "show": show, "title": APPLICATION_LISTS[show], "since": since, "lists": APPLICATION_LISTS,
    })


@role_required(Role.EMPLOYER)
def employer_application(request, pk: int):
    """One application: the candidate's profile, the interview outcome and the hire."""
    application = access.get_changeable(
        request.user, Application.objects.select_related("job__employer", "seeker__town"), pk=pk
    )
    if not access.can_view(request.user, application):
        raise Http404("未找到")
    # A seeker who withdrew their own application took their profile back (employment.access): the
    # application stays on record, the assessment is no longer shown (unless they are visible anyway).
    profile_taken_back = (application.status == ApplicationStatus.WITHDRAWN
                          and not access.can_view(request.user, application.seeker))
    assessment = None if profile_taken_back else application.seeker.current_assessment
    outcome_form = InterviewOutcomeForm(
        request.POST if request.POST.get("form") == "outcome" else None,
        needs=assessment.needs if assessment else [],
        initial={
            "status": application.status,
            "interview_at": application.interview_at,
            "interview_place": application.interview_place,
            "interview_format": application.interview_format,
            "interview_outcome": application.interview_outcome,
        },
    )
    hire_form = HireForm(request.POST if request.POST.get("form") == "hire" else None, prefix="hire")
    placement = employment_selectors.placement_of(application)
    end_form = PlacementEndForm(request.POST if request.POST.get("form") == "end" else None, prefix="end")
    if (request.method == "POST" and request.POST.get("form") == "end" and placement is not None
            and placement.ended_on is None and end_form.is_valid()):
        placement = access.get_changeable(request.user, Placement, pk=placement.pk)
        try:
            casework_services.placement_end(placement=placement, recorded_by=request.user, **end_form.cleaned_data)
        except ValidationError as exc:
            form_add_validation_error(end_form, exc)
        else:
            messages.success(request, f"已记录 {application.seeker.name} 离职，所属镇街残联会回访。")
            return redirect("employer-application", pk=application.pk)
    if request.method == "POST" and request.POST.get("form") == "outcome" and outcome_form.is_valid():
        try:
            application_services.application_outcome_record(application=application, **outcome_form.cleaned_data)
        except ValidationError as exc:
            outcome_form.add_error(None, exc)
        else:
            messages.success(request, "面试结果已保存。")
            if outcome_form.cleaned_data["status"] == ApplicationStatus.INVITED:
                warning = signing_seeker_warning(outcome_form.needs, outcome_form.cleaned_data["interview_format"],
                                                 application.seeker.name)
                if warning:
                    messages.warning(request, warning)
            return redirect("employer-application", pk=application.pk)
    if request.method == "POST" and request.POST.get("form") == "hire" and placement is None and hire_form.is_valid():
        low_pay = _hire_below_min_wage(request.user, application.job, hire_form.cleaned_data)
        if low_pay and not hire_form.wage_confirmed():
            hire_form.wage_confirmation_ask(low_pay)
        else:
            try:
                services.placement_record(
                    seeker=application.seeker,
                    employer=application.job.employer,
                    job=application.job,
                    application=application,
                    created_by=request.user,
                    **hire_form.placement_fields(),
                )
            except ValidationError as exc:
                hire_form.add_error(None, exc)
            else:
                messages.success(request, f"已录用 {application.seeker.name}，就业安置记录将预填入下一年度的按比例就业申报名单。")
                if low_pay:
                    messages.warning(request, low_pay + LOW_WAGE_RECORDED)
                return redirect("employer-application", pk=application.pk)
    return render(
        request,
        "employer_portal/employer_application.html",
        {
            "application": application,
            "seeker": application.seeker,
            "assessment": assessment,
            "profile_taken_back": profile_taken_back,
            "outcome_form": outcome_form,
            "hire_form": hire_form,
            "end_form": end_form,
            "placement": placement,
            "what_if": quota_selectors.hiring_what_if(
                request.user, application.job.employer, application.job
            ).line(application.seeker),
        },
    )
