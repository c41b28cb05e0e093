"""The seeker's pages (sign-up and claims are in ``employment.signup_views``): home, own assessment,
privacy settings, matched jobs with reasons, applying, my applications (withdraw, answer an
invitation). Every object is fetched through ``access``; matches come through ``employment.matches``
(the port the matching app fills)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from .. import access, matches, selectors, services, work_queue
from .. import applications as application_services
from ..access import role_required
from ..forms import ApplyForm, JobFilterForm, SeekerSettingsForm, form_add_validation_error
from ..hiring_forms import InvitationReplyForm
from ..models import Application, ApplicationStatus, JobPost, JobSeeker, JobStatus, Role
from ..selectors import own_seeker
from .shared import PAGE_SIZE, assessment_view


@role_required(Role.SEEKER)
def seeker_home(request):
    seeker = own_seeker(request.user)
    applications = selectors.applications_visible(request.user)[:5]
    return render(
        request,
        "employment/seeker_home.html",
        {"seeker": seeker, "assessment": seeker.current_assessment, "applications": applications},
    )


@role_required(Role.SEEKER)
def seeker_assessment(request):
    """The seeker records their own assessment (a new row each time; history is kept)."""
    seeker = own_seeker(request.user)
    return assessment_view(request, seeker, template="employment/assessment_form.html", done_url="seeker-jobs")


@role_required(Role.SEEKER)
def seeker_settings(request):
    """A seeker sees and corrects their own data and privacy choices."""
    seeker = access.get_changeable(request.user, JobSeeker, user_id=request.user.pk)
    form = SeekerSettingsForm(request.POST or None, instance=seeker)
    if request.method == "POST" and form.is_valid():
        services.seeker_settings_save(form=form, user=request.user)
        messages.success(request, "您的资料已保存。")
        return redirect("seeker-home")
    return render(request, "employment/seeker_settings.html", {"form": form, "seeker": seeker})


@role_required(Role.SEEKER)
def seeker_jobs(request):
    """为我推荐的岗位 — matched jobs with reasons; 岗位列表 — with personalised matching off, the jobs
    newest first, filtered only by what the seeker picks (their recorded accessibility needs among them,
    as a box they tick)."""
    seeker = own_seeker(request.user)
    has_assessment = seeker.current_assessment is not None
    form = JobFilterForm(request.GET or None, fit_filter=not seeker.personalised_matching and has_assessment)
    filters = form.filters()
    new_only = request.GET.get("new") == "1"  # the work queue's 新匹配: published since the last visit
    if new_only:
        filters["published_after"] = work_queue.visit_since(request)
    page, personalised, notice = matches.jobs_for_seeker(seeker, filters=filters, page=request.GET.get("page"))
    applied = selectors.application_status_by_job(request.user)  # job id → status (已撤回 is not 已申请)
    for m in page.object_list:
        m.application_status = applied.get(m.job.pk, "")
    return render(
        request,
        "employment/seeker_jobs.html",
        {
            "seeker": seeker,
            "form": form,
            "page": page,
            "personalised": personalised,
            "notice": notice,
            "has_assessment": has_assessment,
            "applied": applied,
            "new_only": new_only,
        },
    )


@role_required(Role.SEEKER)
def seeker_applications(request):
    """我的申请 — with 撤回申请 and the answer to an employer's invitation where they are still open."""
    invitations_only = request.GET.get("show") == "invitations"  # from the work queue
    applications = (selectors.invitations_awaiting_answer(request.user) if invitations_only
                    else selectors.applications_visible(request.user))
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    placements = selectors.placements_by_application(request.user, [a.pk for a in page.object_list])
    for a in page.object_list:
        a.can_withdraw = application_services.application_can_withdraw(a)
        a.can_reply = application_services.application_can_reply(a)
        a.can_reapply = a.status == ApplicationStatus.WITHDRAWN and a.job.status == JobStatus.PUBLISHED
        a.hire = placements.get(a.pk)  # the start date and wage of a hire
    return render(request, "employment/seeker_applications.html",
                  {"page": page, "invitations_only": invitations_only})


def _own_application(user, pk: int) -> Application:
    """The seeker's own application (another seeker's answers 404, as if it did not exist)."""
    return access.get_changeable(user, Application.objects.select_related("job__employer", "seeker"), pk=pk)


@role_required(Role.SEEKER)
def seeker_application_withdraw(request, pk: int):
    """撤回申请: a GET asks for confirmation, the POST from that page withdraws."""
    application = _own_application(request.user, pk)
    job = application.job
    if request.method == "POST":
        try:
            application_services.application_withdraw(application=application, by_user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已撤回「{job.title}」的申请，{job.employer.name}会看到申请已撤回。")
        return redirect("seeker-applications")
    try:
        application_services.application_withdraw_check(application)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("seeker-applications")
    return render(request, "employment/seeker_application_withdraw.html", {"application": application})


REPLY_DONE = {
    "accept": "已接受「{title}」的面试邀请，{employer}会看到您的答复。",
    "reschedule": "已请求更改「{title}」的面试时间或方式，{employer}安排好后您会收到通知，再答复一次。",
    "decline": "已婉拒「{title}」的面试邀请，这个申请已撤回。",
}


@role_required(Role.SEEKER)
def seeker_application_reply(request, pk: int):
    """Answer an invitation to interview: 接受面试邀请, 请求更改面试时间或方式, or 婉拒 (which withdraws
    the application) — with a message to the employer.

    The GET page shows the invitation and the answers and says that declining withdraws the
    application, so it is also the confirmation step for declining.
    """
    application = _own_application(request.user, pk)
    job = application.job
    try:
        application_services.application_reply_check(application)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("seeker-applications")
    form = InvitationReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["answer"]
        try:
            application_services.application_reply(
                application=application, answer=InvitationReplyForm.REPLY_OF[answer], by_user=request.user,
                message=form.cleaned_data["message"], requested_format=form.cleaned_data["requested_format"],
            )
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, REPLY_DONE[answer].format(title=job.title, employer=job.employer.name))
            return redirect("seeker-applications")
    return render(request, "employment/seeker_application_reply.html", {"application": application, "form": form})


@role_required(Role.SEEKER)
def job_apply(request, pk: int):
    """Confirm and send an application; applying shares the profile with this employer."""
    job = access.get_visible(request.user, JobPost.objects.select_related("employer"), pk=pk)
    seeker = own_seeker(request.user)
    existing = selectors.application_for(request.user, job)
    if not application_services.application_can_reapply(existing):
        messages.error(request, "您已经申请过这个岗位。可以在“我的申请”里查看进度。")
        return redirect("seeker-applications")
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_services.application_submit(seeker=seeker, job=job, message=form.cleaned_data["message"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已向{job.employer.name}投递「{job.title}」的申请。")
            return redirect("seeker-applications")
    return render(request, "employment/job_apply.html", {"job": job, "form": form, "reapply": existing is not None})
