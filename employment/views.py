"""Portal views for seekers, employers and federation staff. Every object is fetched through ``access``.

Seekers (sign-up and claims are in ``signup_views``): assessment, matched jobs with reasons, job detail, apply, my applications (withdraw,
answer an invitation), privacy settings. Employers: company profile, post/edit/publish/close jobs,
ranked consenting candidates with reasons, invite, interview outcome, hire (→ Placement). Staff: caseload, register a seeker, record an
assessment on a seeker's behalf (coach notes and follow-ups live in ``casework``).

Matching comes from ``matching.selectors`` (``jobs_for_seeker`` / ``candidates_for_job``), which apply
the hard rules and the filters before ranking; the job page's reasons come from the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from matching import selectors as match_selectors

from . import access, services
from .forms import (
    ApplyForm,
    AssessmentForm,
    EmployerProfileForm,
    HireForm,
    InterviewOutcomeForm,
    InviteForm,
    JobFilterForm,
    JobPostForm,
    SeekerSettingsForm,
    StaffSeekerCreateForm,
)
from .models import (
    Application,
    Employer,
    Household,
    JobPost,
    JobSeeker,
    JobStatus,
    Placement,
    Role,
    Town,
)
from .query import PAGE_MAX, int_or_none, query_int, query_text

PAGE_SIZE = 20
STAFF = (Role.TOWN, Role.DISTRICT)


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


def _own_seeker(user) -> JobSeeker:
    return access.get_visible(user, JobSeeker.objects.select_related("town"), user_id=user.pk)


# ---- matching adapter ----------------------------------------------------------------------------


@dataclass
class JobMatch:
    job: JobPost
    reasons: list[str] = field(default_factory=list)
    score: float | None = None


@dataclass
class CandidateMatch:
    seeker: JobSeeker
    reasons: list[str] = field(default_factory=list)
    score: float | None = None
    what_if: str = ""
    application: Application | None = None


def _rule_reasons(assessment, job: JobPost) -> list[str] | None:
    """Plain reasons from the hard rules; ``None`` when the pair is blocked (never shown)."""
    from matching.engine.rules import is_allowed
    from matching.engine.vocab import ACCESSIBILITY, ON_SITE_ONLY
    from matching.profiles import job_profile, seeker_profile

    seeker_p, job_p = seeker_profile(assessment), job_profile(job)
    if not is_allowed(seeker_p, job_p):
        return None
    reasons = []
    met = [n for n in assessment.needs if n in job.accessibility and not (job.remote and n in ON_SITE_ONLY)]
    if met:
        reasons.append("提供您需要的" + "、".join(ACCESSIBILITY[n] for n in met if n in ACCESSIBILITY))
    if assessment.limitations:
        reasons.append("不要求您记录的不能做的事")
    if assessment.max_hours_per_day is not None:
        reasons.append(
            f"每天 {job.hours_per_day:g} 小时，不超过您能工作的 {assessment.max_hours_per_day:g} 小时"
        )
    if job.remote:
        reasons.append("可以在家工作")
    elif job.town_id == assessment.seeker.town_id:
        reasons.append("就在您所在的镇街")
    return reasons


@dataclass
class MatchCount:
    """What the pagination template reads from a paginator, for a list the selector counted."""

    count: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))


@dataclass
class SimplePage:
    """A page known by its number and whether a next one exists, and by the count when the list has one."""

    object_list: list
    number: int
    has_next: bool
    paginator: MatchCount | None = None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(raw) -> int:
    return int_or_none(raw, max_value=PAGE_MAX) or 1


def _jobs_for_seeker(seeker: JobSeeker, *, filters: dict, page: str | None) -> tuple[object, bool, str]:
    """A page of JobMatch for the seeker, whether it is personalised, and the selector's notice.

    Every filter goes to the selector, which applies it before ranking: the page and the count cover
    all jobs that pass, however far down an unfiltered list they would rank.
    """
    search = match_selectors.JobSearch(
        towns=frozenset({filters["town"].name}) if filters.get("town") is not None else None,
        remote_only=bool(filters.get("remote")),
        max_hours=filters.get("max_hours"),
        min_pay=filters.get("min_pay"),
    )
    result = match_selectors.jobs_for_seeker(seeker, filters=search, page=_page_number(page))
    counted = MatchCount(result.total, result.page_size) if result.total is not None else None
    items = [_as_job_match(m) for m in result.items]
    return SimplePage(items, result.page, result.has_next, counted), result.personalised, result.notice


def _as_job_match(m) -> JobMatch:
    if isinstance(m, JobMatch):
        return m
    return JobMatch(job=m.job, reasons=list(getattr(m, "reasons", []) or []), score=getattr(m, "score", None))


def _candidates_for_job(job: JobPost, user, *, page: str | None = None):
    """A page of consenting seekers the job may be shown to, best first, with reasons."""
    result = match_selectors.candidates_for_job(job, user, page=_page_number(page))
    out = [CandidateMatch(seeker=m.seeker, reasons=list(m.reasons), score=m.score) for m in result.items]
    # The selector promises consenting seekers only; the access scope is checked again here.
    allowed = set(
        access.scoped(user, JobSeeker)
        .filter(visible_to_employers=True, pk__in=[c.seeker.pk for c in out])
        .values_list("pk", flat=True)
    )
    return SimplePage([c for c in out if c.seeker.pk in allowed], result.page, result.has_next)


def _pair_allowed(seeker: JobSeeker, job: JobPost) -> bool:
    assessment = seeker.current_assessment
    return assessment is None or _rule_reasons(assessment, job) is not None


# ---- portal entry --------------------------------------------------------------------------------


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


# ---- seekers -------------------------------------------------------------------------------------


@role_required(Role.SEEKER)
def seeker_home(request):
    seeker = _own_seeker(request.user)
    applications = access.scoped(request.user, Application).select_related("job__employer")[:5]
    return render(
        request,
        "employment/seeker_home.html",
        {"seeker": seeker, "assessment": seeker.current_assessment, "applications": applications},
    )


def _assessment_view(request, seeker: JobSeeker, *, template: str, done_url: str):
    initial = AssessmentForm.initial_from(seeker.current_assessment)
    form = AssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_record(seeker=seeker, assessed_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "职业评估已保存。")
            return redirect(done_url)
    return render(request, template, {"form": form, "seeker": seeker})


@role_required(Role.SEEKER)
def seeker_assessment(request):
    """The seeker records their own assessment (a new row each time; history is kept)."""
    seeker = _own_seeker(request.user)
    return _assessment_view(request, seeker, template="employment/assessment_form.html", done_url="seeker-jobs")


@role_required(Role.SEEKER)
def seeker_settings(request):
    """A seeker sees and corrects their own data and privacy choices."""
    seeker = access.get_changeable(request.user, JobSeeker, user_id=request.user.pk)
    form = SeekerSettingsForm(request.POST or None, instance=seeker)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "您的资料已保存。")
        return redirect("seeker-home")
    return render(request, "employment/seeker_settings.html", {"form": form, "seeker": seeker})


@role_required(Role.SEEKER)
def seeker_jobs(request):
    """为我推荐的岗位 — matched jobs with reasons, or a plain filtered list when matching is off."""
    seeker = _own_seeker(request.user)
    form = JobFilterForm(request.GET or None)
    page, personalised, notice = _jobs_for_seeker(seeker, filters=form.filters(), page=request.GET.get("page"))
    applied = set(access.scoped(request.user, Application).values_list("job_id", flat=True))
    return render(
        request,
        "employment/seeker_jobs.html",
        {
            "seeker": seeker,
            "form": form,
            "page": page,
            "personalised": personalised,
            "notice": notice,
            "has_assessment": seeker.current_assessment is not None,
            "applied": applied,
        },
    )


@role_required(Role.SEEKER)
def seeker_applications(request):
    """我的申请 — with 撤回申请 and the answer to an employer's invitation where they are still open."""
    applications = access.scoped(request.user, Application).select_related("job__employer", "job__town")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    for a in page.object_list:
        a.can_withdraw = services.application_can_withdraw(a)
        a.can_reply = services.application_can_reply(a)
    return render(request, "employment/seeker_applications.html", {"page": page})


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
            services.application_withdraw(application=application, by_user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"已撤回「{job.title}」的申请，{job.employer.name}会看到申请已撤回。")
        return redirect("seeker-applications")
    try:
        services.application_withdraw_check(application)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("seeker-applications")
    return render(request, "employment/seeker_application_withdraw.html", {"application": application})


REPLY_DONE = {
    "accept": "已接受「{title}」的面试邀请，{employer}会看到您的答复。",
    "decline": "已婉拒「{title}」的面试邀请，这个申请已撤回。",
}


@role_required(Role.SEEKER)
def seeker_application_reply(request, pk: int):
    """Answer an invitation to interview: 接受面试邀请, or 婉拒 (which withdraws the application).

    The GET page shows the invitation and both answers and says that declining withdraws the
    application, so it is also the confirmation step for declining.
    """
    application = _own_application(request.user, pk)
    job = application.job
    answer = request.POST.get("answer", "")
    if request.method == "POST" and answer in REPLY_DONE:
        try:
            services.application_reply(application=application, accept=answer == "accept", by_user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, REPLY_DONE[answer].format(title=job.title, employer=job.employer.name))
        return redirect("seeker-applications")
    try:
        services.application_reply_check(application)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("seeker-applications")
    error = "请选择“接受面试邀请”或“婉拒邀请”。" if request.method == "POST" else ""
    return render(
        request, "employment/seeker_application_reply.html", {"application": application, "error": error}
    )


@role_required(Role.SEEKER)
def job_apply(request, pk: int):
    """Confirm and send an application; applying shares the profile with this employer."""
    job = access.get_visible(request.user, JobPost.objects.select_related("employer"), pk=pk)
    seeker = _own_seeker(request.user)
    existing = access.scoped(request.user, Application).filter(job=job).first()
    if existing is not None:
        messages.info(request, "您已经申请过这个岗位。")
        return redirect("seeker-applications")
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_submit(seeker=seeker, job=job, message=form.cleaned_data["message"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已向{job.employer.name}投递「{job.title}」的申请。")
            return redirect("seeker-applications")
    return render(request, "employment/job_apply.html", {"job": job, "form": form})


# ---- staff ---------------------------------------------------------------------------------------


def _staff_towns(user):
    towns = access.scoped(user, Town)
    if access.role_of(user) == Role.TOWN:
        towns = towns.filter(pk=access.account_of(user).town_id)
    return towns


VERIFIED_FILTER = {"no": "待核验（本人注册，未核对证件原件）", "yes": "已核验"}


@role_required(*STAFF)
def staff_seeker_list(request):
    """Caseload: the seekers of the reviewer's town (district: all), searchable and paginated."""
    seekers = access.scoped(request.user, JobSeeker).select_related("town")
    query = query_text(request, "q")
    if query:
        seekers = seekers.filter(Q(name__contains=query) | Q(cert_no_masked__contains=query))
    town = query_int(request, "town")
    town_id = str(town) if town else ""
    if town:
        seekers = seekers.filter(town_id=town)
    verified = request.GET.get("verified", "")
    if verified in VERIFIED_FILTER:
        seekers = seekers.filter(verified_at__isnull=verified == "no")
    page = Paginator(seekers.order_by("town__sort_order", "name"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "employment/staff_seeker_list.html",
        {
            "page": page,
            "query": query,
            "town_id": town_id,
            "towns": _staff_towns(request.user),
            "verified": verified,
            "verified_choices": VERIFIED_FILTER.items(),
        },
    )


@role_required(*STAFF)
def staff_seeker_create(request):
    """Staff register a seeker (optionally with a sign-in account) in a town they serve."""
    form = StaffSeekerCreateForm(request.POST or None)
    form.fields["town"].queryset = _staff_towns(request.user)
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
    return _assessment_view(
        request,
        seeker,
        template="employment/assessment_form.html",
        done_url=f"/seekers/{seeker.pk}/",
    )


@login_required
def seeker_detail(request, pk: int):
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
        from casework.forms import CoachNoteForm
        from casework.models import CoachNote, FollowUp

        context.update(
            household=access.scoped(request.user, Household).filter(members=seeker).first(),
            applications=access.scoped(request.user, Application).filter(seeker=seeker).select_related("job__employer"),
            placements=access.scoped(request.user, Placement).filter(seeker=seeker).select_related("employer"),
            follow_ups=access.scoped(request.user, FollowUp).filter(placement__seeker=seeker),
            notes=access.scoped(request.user, CoachNote).filter(seeker=seeker).select_related("author"),
            note_form=CoachNoteForm(),
        )
    elif role == Role.EMPLOYER:
        context["applications"] = (
            access.scoped(request.user, Application).filter(seeker=seeker).select_related("job")
        )
    return render(request, "employment/seeker_detail.html", context)


# ---- public jobs ---------------------------------------------------------------------------------


def job_list(request):
    """Public list of published jobs with search and filters."""
    jobs = JobPost.objects.filter(status=JobStatus.PUBLISHED).select_related("employer", "town")
    query = query_text(request, "q")
    if query:
        jobs = jobs.filter(Q(title__contains=query) | Q(description__contains=query) | Q(employer__name__contains=query))
    town = query_int(request, "town")
    town_id = str(town) if town else ""
    if town:
        jobs = jobs.filter(town_id=town)
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
    context: dict = {"job": job}
    role = access.role_of(request.user)
    if role == Role.SEEKER:
        seeker = _own_seeker(request.user)
        context["application"] = access.scoped(request.user, Application).filter(job=job).first()
        assessment = seeker.current_assessment
        if seeker.personalised_matching and assessment is not None:
            reasons = _rule_reasons(assessment, job)
            context["reasons"] = reasons
            context["blocked"] = reasons is None
    elif role == Role.EMPLOYER:
        context["own_job"] = access.can_change(request.user, job)
    return render(request, "employment/job_detail.html", context)


# ---- employers -----------------------------------------------------------------------------------


def _own_employer(user) -> Employer:
    return access.get_changeable(user, Employer, pk=access.account_of(user).employer_id)


@role_required(Role.EMPLOYER)
def employer_home(request):
    employer = _own_employer(request.user)
    jobs = access.scoped(request.user, JobPost, change=True).select_related("town")
    page = Paginator(jobs.order_by("-created_at"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employment/employer_home.html", {"employer": employer, "page": page})


@role_required(Role.EMPLOYER)
def employer_company(request):
    employer = _own_employer(request.user)
    form = EmployerProfileForm(request.POST or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "单位资料已保存。")
        return redirect("employer-home")
    return render(request, "employment/employer_company.html", {"form": form, "employer": employer})


def _job_form_view(request, job: JobPost, *, is_new: bool):
    form = JobPostForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        job = form.save(commit=False)
        try:
            services.job_post_save(job=job)
            if request.POST.get("action") == "publish":
                services.job_publish(job=job)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            published = job.status == JobStatus.PUBLISHED
            messages.success(request, "岗位已发布。" if published else "岗位已保存为草稿。")
            return redirect("employer-home")
    return render(request, "employment/job_form.html", {"form": form, "job": job, "is_new": is_new})


@role_required(Role.EMPLOYER)
def employer_job_create(request):
    employer = _own_employer(request.user)
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
        services.job_publish(job=job)
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
    page = _candidates_for_job(job, request.user, page=request.GET.get("page"))
    applications = (
        access.scoped(request.user, Application).filter(job=job).select_related("seeker__town").order_by("-created_at")
    )
    by_seeker = {a.seeker_id: a for a in applications}
    for c in page.object_list:
        c.application = by_seeker.get(c.seeker.pk)
        c.what_if = _what_if(request.user, job.employer, c.seeker, job)
    return render(
        request,
        "employment/job_candidates.html",
        {"job": job, "page": page, "applications": applications},
    )


@require_POST
@role_required(Role.EMPLOYER)
def employer_job_invite(request, pk: int, seeker_pk: int):
    """Invite a consenting candidate to apply / interview."""
    job = access.get_changeable(request.user, JobPost, pk=pk)
    seeker = access.get_visible(request.user, JobSeeker.objects.filter(visible_to_employers=True), pk=seeker_pk)
    if job.status != JobStatus.PUBLISHED or not _pair_allowed(seeker, job):
        raise Http404("未找到")
    form = InviteForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.application_invite(seeker=seeker, job=job, message=message)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已邀请 {seeker.name} 面试「{job.title}」。")
    return redirect("employer-job-candidates", pk=job.pk)


@role_required(Role.EMPLOYER)
def employer_application(request, pk: int):
    """One application: the candidate's profile, the interview outcome and the hire."""
    application = access.get_changeable(
        request.user, Application.objects.select_related("job__employer", "seeker__town"), pk=pk
    )
    if not access.can_view(request.user, application):
        raise Http404("未找到")
    outcome_form = InterviewOutcomeForm(
        request.POST if request.POST.get("form") == "outcome" else None,
        initial={
            "status": application.status,
            "interview_at": application.interview_at,
            "interview_outcome": application.interview_outcome,
        },
    )
    hire_form = HireForm(request.POST if request.POST.get("form") == "hire" else None, prefix="hire")
    placement = Placement.objects.filter(application=application).first()
    if request.method == "POST" and request.POST.get("form") == "outcome" and outcome_form.is_valid():
        try:
            services.application_outcome_record(application=application, **outcome_form.cleaned_data)
        except ValidationError as exc:
            outcome_form.add_error(None, exc)
        else:
            messages.success(request, "面试结果已保存。")
            return redirect("employer-application", pk=application.pk)
    if request.method == "POST" and request.POST.get("form") == "hire" and placement is None and hire_form.is_valid():
        try:
            services.placement_record(
                seeker=application.seeker,
                employer=application.job.employer,
                job=application.job,
                application=application,
                created_by=request.user,
                **hire_form.cleaned_data,
            )
        except ValidationError as exc:
            hire_form.add_error(None, exc)
        else:
            messages.success(request, f"已录用 {application.seeker.name}，就业安置记录将预填入下一年度的按比例就业申报名单。")
            return redirect("employer-application", pk=application.pk)
    return render(
        request,
        "employment/employer_application.html",
        {
            "application": application,
            "seeker": application.seeker,
            "assessment": application.seeker.current_assessment,
            "outcome_form": outcome_form,
            "hire_form": hire_form,
            "placement": placement,
            "what_if": _what_if(request.user, application.job.employer, application.seeker, application.job),
        },
    )


# ---- what-if (policy engine) ---------------------------------------------------------------------


def _latest_declaration(user, employer: Employer):
    """The employer's latest declaration that has the figures the engine needs, or None."""
    from employment.models import Declaration

    rows = access.scoped(user, Declaration).filter(employer=employer).order_by("-year", "-id")
    return next((d for d in rows if len(d.monthly_headcounts or []) == 12 and d.wage_bill is not None), None)


def _what_if(user, employer: Employer, seeker: JobSeeker, job: JobPost | None = None) -> str:
    """How many persons the hire would count for and the expected change in levy and reward, in one line.

    Computed with the policy engine (``employment.quota``) on the employer's latest declaration, with
    the candidate added for the whole year (insured, paid the job's minimum salary or else the legal
    minimum wage, open-ended contract) and the staff headcount and wage bill raised to match.
    """
    from dataclasses import replace

    from employment.declarations import quota_bridge
    from employment.models import PolicyYear
    from employment.quota import DeclarationInput, QuotaError, quota_compute
    from employment.quota import RosterEntry as EngineEntry
    from employment.quota.engine import count_str

    declaration = _latest_declaration(user, employer)
    if declaration is None:
        return "本单位还没有填好的年度申报，暂时无法测算录用后的保障金变化。"
    policy = PolicyYear.objects.filter(year=declaration.year).first()
    if policy is None:
        return ""
    try:
        params = quota_bridge.params_of(policy)
        roster = tuple(quota_bridge.engine_entry(e) for e in declaration.roster.all())
        bill = Decimal(declaration.wage_bill)
        before_input = DeclarationInput(
            year=declaration.year,
            employer_type=employer.kind,
            monthly_headcount=tuple(int(n) for n in declaration.monthly_headcounts),
            wage_bill=bill,
            roster=roster,
        )
        wage = job.salary_min if job is not None and job.salary_min is not None else params.min_wage
        months = frozenset(range(1, 13))
        hire = EngineEntry(
            cert_type="disability",
            cert_no=seeker.cert_no_masked,
            grade=seeker.disability_grade,
            months=months,
            insured_months=months,
            monthly_wage=dict.fromkeys(months, wage),
            contract_months=None,
        )
        after_input = replace(
            before_input,
            monthly_headcount=tuple(n + 1 for n in before_input.monthly_headcount),
            wage_bill=bill + wage * 12,
            roster=(*roster, hire),
        )
        before, after = quota_compute(before_input, params), quota_compute(after_input, params)
    except (QuotaError, ValidationError):
        return ""
    persons = count_str(after.persons[-1].counted)
    parts = [
        f"按本单位{declaration.year}年度申报测算（全年在岗、足额缴纳社保、月薪{wage:,.0f}元）：录用后计为 {persons} 人"
    ]
    levy_change = after.levy_payable - before.levy_payable
    if levy_change:
        word = "减少" if levy_change < 0 else "增加"
        parts.append(
            f"应缴保障金由 {before.levy_payable:,.2f} 元变为 {after.levy_payable:,.2f} 元（{word} {abs(levy_change):,.2f} 元）"
        )
    else:
        parts.append(f"应缴保障金不变（{after.levy_payable:,.2f} 元）")
    reward_change = after.reward - before.reward
    if reward_change:
        parts.append(f"超比例奖励增加 {reward_change:,.2f} 元")
    return "；".join(parts) + "。"


__all__ = ["CandidateMatch", "JobMatch", "role_required"]
