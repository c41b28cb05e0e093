"""Views of the CMS app outside Wagtail's page serving: site search, seekers' course enrolment, the
provider's course rosters (attendance, completion with confirmation, the district's corrections), and
/favicon.ico. All work without JavaScript."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_POST

from employment import access
from employment.access import role_required
from employment.formats import cn_date
from employment.forms import form_add_validation_error
from employment.models import JobSeeker, Role
from employment.query import ints_or_none, query_text

from . import selectors, services
from .forms import CompletionCorrectionForm
from .models import Enrolment, EnrolmentStatus, TrainingCoursePage

SEARCH_PAGE_SIZE = 20


def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for without reading the page: the static icon.
    Not permanent: the static file's address changes with its content (hashed names in production)."""
    return redirect(static("favicon.ico"))


def search(request):
    """站内搜索 — pages, published jobs and the site's sections matching a Chinese query (segmented with jieba),
    title matches first, paginated."""
    query = query_text(request, "q", max_length=100)
    results = selectors.site_search(query) if query else []
    page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"query": query, "page": page})


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@require_POST
@role_required(Role.SEEKER)
def course_enrol(request, pk: int):
    course = TrainingCoursePage.objects.live().public().filter(pk=pk).first()
    if course is None:
        messages.error(request, "未找到该课程。")
        return redirect("course-enrolments")
    seeker = access.get_visible(request.user, JobSeeker, user_id=request.user.pk)
    try:
        enrolment = services.enrolment_create(course=course, seeker=seeker)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if enrolment.status == EnrolmentStatus.WAITLISTED:
            messages.warning(request, f"名额已满，您已进入“{course.title}”的候补名单，有人取消时按顺序递补。")
        else:
            messages.success(request, f"报名成功：{course.title}。")
    return redirect(course.url)


@role_required(Role.SEEKER)
def my_enrolments(request):
    enrolments = (
        access.scoped(request.user, Enrolment)
        .select_related("course")
        .order_by("-created_at")
    )
    return render(request, "cms/my_enrolments.html", {"enrolments": enrolments})


@require_POST
@role_required(Role.SEEKER)
def enrolment_cancel(request, pk: int):
    enrolment = access.get_visible(request.user, Enrolment, pk=pk)
    try:
        services.enrolment_cancel(enrolment=enrolment)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"已取消报名：{enrolment.course.title}。")
    return redirect("course-enrolments")


TODO_LABELS = {"completion": "已结课、待记录结业的课程", "moderation": "待区残联审核发布的课程"}


@role_required(Role.PROVIDER, Role.DISTRICT)
def provider_courses(request):
    """本机构课程 — the provider's courses (drafts and under review too) with their report cards."""
    account = access.account_of(request.user)
    provider = account.provider if account and account.role == Role.PROVIDER else None
    if provider is not None:
        cards = selectors.provider_course_report_cards(provider=provider)
        total = selectors.provider_report_card(provider=provider)
        provider_page = getattr(provider, "page", None)
    else:
        cards = [
            (c, selectors.course_report_card(course=c))
            for c in TrainingCoursePage.objects.order_by("provider__name", "start_date")
        ]
        total, provider_page = None, None
    todo = request.GET.get("todo", "")  # a line of the work queue: only the courses it counted
    awaiting = {}
    if todo == "completion":
        for enrolment in selectors.enrolments_awaiting_completion(request.user):
            awaiting[enrolment.course_id] = awaiting.get(enrolment.course_id, 0) + 1
        cards = [(c, card) for c, card in cards if c.pk in awaiting]
    elif todo == "moderation":
        in_review = set(selectors.courses_awaiting_moderation(request.user).values_list("pk", flat=True))
        cards = [(c, card) for c, card in cards if c.pk in in_review]
    else:
        todo = ""
    for course, _card in cards:
        course.awaiting_completion = awaiting.get(course.pk, 0)
    return render(
        request,
        "cms/provider_courses.html",
        {"provider": provider, "cards": cards, "total": total, "provider_page": provider_page,
         "todo": todo, "todo_label": TODO_LABELS.get(todo, "")},
    )


def _course_for(user, pk: int) -> TrainingCoursePage:
    """A course whose roster the user may see: its provider's users, or the district (404 otherwise)."""
    account = access.account_of(user)
    qs = TrainingCoursePage.objects.all()
    if access.role_of(user) == Role.PROVIDER:
        qs = qs.filter(provider=account.provider_id)
    course = qs.filter(pk=pk).first()
    if course is None:
        raise Http404("未找到")
    return course


@role_required(Role.PROVIDER, Role.DISTRICT)
def course_roster(request, pk: int):
    """学员名单 — each learner's accommodation needs and contact, attendance and completion; records a
    session's attendance. Completion is marked on its own confirmation page (``course_completion``)."""
    course = _course_for(request.user, pk)
    enrolments = selectors.roster_enrolments(request.user, course)
    if request.method == "POST":
        try:
            if request.POST.get("action") != "attendance":
                raise ValidationError("无法识别的操作。")
            session_date = _parse_date(request.POST.get("session_date"))
            services.attendance_record_session(
                course=course, enrolments=enrolments, session_date=session_date,
                present_ids=set(ints_or_none(request.POST.getlist("present"))), user=request.user,
            )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, f"已保存 {cn_date(session_date)} 的考勤。")
        return redirect("course-roster", pk=course.pk)
    return render(
        request,
        "cms/course_roster.html",
        {
            "course": course,
            "rows": selectors.roster_rows(course, enrolments),
            "corrections": selectors.completion_corrections(request.user, course),
            "report": selectors.course_report_card(course=course),
            "counts": selectors.course_seat_counts(course=course),
            "today": timezone.localdate().isoformat(),
            # The date field's bounds (machine format): within the course, not after today.
            "session_min": course.start_date.isoformat(),
            "session_max": min(course.end_date, timezone.localdate()).isoformat(),
            "can_correct": access.role_of(request.user) == Role.DISTRICT,
        },
    )


def _roster_enrolment(user, pk: int) -> Enrolment:
    """An enrolment on a course the user may see the roster of (another provider's: 404)."""
    return access.get_visible(user, Enrolment.objects.select_related("course", "seeker"), pk=pk)


@role_required(Role.PROVIDER, Role.DISTRICT)
def course_completion(request, pk: int):
    """记录结业 — a GET shows the learner's attendance against the course's rule and asks for
    confirmation (completion counts in the provider's public figures); the POST from it records it."""
    enrolment = _roster_enrolment(request.user, pk)
    if request.method == "POST":
        try:
            services.enrolment_complete(enrolment=enrolment)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
            return redirect("course-completion", pk=enrolment.pk)
        messages.success(request, f"已记录 {enrolment.seeker.name} 结业。")
        return redirect("course-roster", pk=enrolment.course_id)
    facts = services.completion_facts(enrolment=enrolment)
    return render(request, "cms/course_completion.html", {
        "enrolment": enrolment, "course": enrolment.course, "facts": facts,
        "can_correct": access.role_of(request.user) == Role.DISTRICT,
    })


@role_required(Role.DISTRICT)
def course_completion_correct(request, pk: int):
    """结业更正 (district only) — record a completion the rules did not allow, or take one back, with
    a required reason; the correction is kept and shown on the roster."""
    enrolment = _roster_enrolment(request.user, pk)
    initial = {"action": "revoke" if enrolment.status == EnrolmentStatus.COMPLETED else "complete",
               "completed_on": timezone.localdate()}
    form = CompletionCorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.completion_correct(
                enrolment=enrolment, action=form.cleaned_data["action"], reason=form.cleaned_data["reason"],
                completed_on=form.cleaned_data["completed_on"], by_user=request.user,
            )
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, f"已更正 {enrolment.seeker.name} 的结业：{correction.get_action_display()}。")
            return redirect("course-roster", pk=enrolment.course_id)
    facts = services.completion_facts(enrolment=enrolment)
    return render(request, "cms/course_completion_correct.html",
                  {"enrolment": enrolment, "course": enrolment.course, "facts": facts, "form": form})


def _parse_date(value: str | None) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError as exc:
        raise ValidationError("请填写上课日期，格式如 2026-03-15。") from exc
