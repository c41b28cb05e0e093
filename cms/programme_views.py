"""Views for joining an incubation programme (项目报名): the application form of a programme or studio
page (a signed-in seeker, or a visitor with a name and phone number — visitors limited per address),
the seeker's own applications (我的项目报名), and the staff queue with its answer page (accept or
decline, confirmed before the applicant is told). Objects are fetched through ``employment.access``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from wagtail.models import Page

from employment import access, ratelimit
from employment.access import role_required
from employment.forms import form_add_validation_error
from employment.models import Role
from employment.query import int_or_none

from . import programme_selectors as selectors
from . import programme_services as services
from .models import ApplicationKind, ApplicationStatus, ProgrammeApplication
from .programme_forms import AnswerForm, SeekerApplicationForm, VisitorApplicationForm

PAGE_SIZE = 20
# Visitors (no account) may send this many applications per client address an hour: enough for a
# family applying to a few programmes, few enough that the queue cannot be flooded.
VISITOR_LIMIT = 5
VISITOR_WINDOW = 3600


def _apply_page(pk: int) -> Page:
    page = Page.objects.live().public().filter(pk=pk).first()
    if page is None:
        raise Http404("未找到")
    page = page.specific
    try:
        services.application_kind_of(page)
    except ValidationError as exc:
        raise Http404("未找到") from exc
    return page


def programme_apply(request, pk: int):
    """报名 — join a programme or become a studio's apprentice. The form is also on the page itself;
    this page shows it again with its errors."""
    page = _apply_page(pk)
    role = access.role_of(request.user)
    kind = services.application_kind_of(page)
    context = {"target": page, "kind": kind, "kind_label": ApplicationKind(kind).label}
    if role == Role.SEEKER:
        seeker = selectors.seeker_of(request.user)
        existing = selectors.application_of(request.user, page)
        form = SeekerApplicationForm(request.POST or None)
        if request.method == "POST" and seeker is None:
            form.add_error(None, "未找到您的求职者登记资料，请联系所在镇街残联。")
        elif request.method == "POST" and form.is_valid():
            try:
                services.programme_application_create(page=page, seeker=seeker, message=form.cleaned_data["message"])
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            else:
                messages.success(request, f"已报名“{page.title}”。工作人员处理后会通知您，也可以在这里查看进度。")
                return redirect("programme-my-applications")
        return render(request, "cms/programme_apply.html", {**context, "form": form, "existing": existing})
    if request.user.is_authenticated:
        return render(request, "cms/programme_apply.html", {**context, "form": None, "not_for_role": True})
    form = VisitorApplicationForm(request.POST or None)
    if request.method == "POST":
        address = ratelimit.client_address(request)
        if not ratelimit.take("programme-apply", address, limit=VISITOR_LIMIT, window=VISITOR_WINDOW):
            form.is_valid()
            form.add_error(None, "提交次数太多，请一小时后再试，或直接拨打页面上的联系电话报名。")
            return render(request, "cms/programme_apply.html", {**context, "form": form}, status=429)
        if form.is_valid():
            try:
                services.programme_application_create(page=page, **form.cleaned_data)
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            else:
                messages.success(request, f"已收到您对“{page.title}”的报名。工作人员会在 5 个工作日内打电话"
                                          f"告诉您结果。")
                return redirect(page.url)
    return render(request, "cms/programme_apply.html", {**context, "form": form})


@role_required(Role.SEEKER)
def my_programme_applications(request):
    """我的项目报名 — the seeker's own applications and their outcomes."""
    applications = selectors.applications_visible(request.user)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cms/programme_my_applications.html", {"page": page, "applications": page.object_list})


@role_required(Role.TOWN, Role.DISTRICT)
def programme_application_list(request):
    """项目报名 — the staff queue: pending first by default, filtered by status, kind and programme."""
    status = request.GET.get("status", ApplicationStatus.PENDING)
    status = status if status in ApplicationStatus.values else ""
    kind = request.GET.get("kind", "")
    page_id = int_or_none(request.GET.get("target"))
    applications = selectors.applications_visible(request.user, status=status, kind=kind, page_id=page_id)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cms/programme_application_list.html", {
        "page": page, "applications": page.object_list, "status": status, "kind": kind, "target": page_id,
        "statuses": ApplicationStatus.choices, "kinds": ApplicationKind.choices,
        "targets": selectors.application_pages(request.user),
        "is_district": access.role_of(request.user) == Role.DISTRICT,
    })


@role_required(Role.SEEKER, Role.TOWN, Role.DISTRICT)
def programme_application_detail(request, pk: int):
    """One application: the seeker sees its outcome; staff answer a pending one. The answer form's POST
    shows what the applicant will be told; only the confirmation's POST (``confirm``) answers."""
    application = access.get_visible(request.user, ProgrammeApplication.objects.select_related(
        "page", "seeker", "seeker__town", "handled_by"), pk=pk)
    can_answer = application.status == ApplicationStatus.PENDING and access.can_change(request.user, application)
    form = AnswerForm(request.POST or None, visitor=application.is_visitor) if can_answer else None
    if request.method == "POST":
        if form is None:
            messages.error(request, "这份报名已经处理过，或您不能处理它。")
            return redirect("programme-application-detail", pk=application.pk)
        if form.is_valid():
            accept = form.cleaned_data["decision"] == "accept"
            if not request.POST.get("confirm"):
                return render(request, "cms/programme_application_confirm.html", {
                    "application": application, "accept": accept, "answer": form.cleaned_data["answer"],
                    "decision": form.cleaned_data["decision"],
                })
            try:
                services.programme_application_answer(application=application, accept=accept,
                                                      answer=form.cleaned_data["answer"], user=request.user)
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            else:
                outcome = "接受" if accept else "不接受"
                told = "已通知报名人" if application.seeker_id else "请打电话告诉报名人结果"
                messages.success(request, f"已{outcome}{application.name}的报名，{told}。")
                return redirect("programme-application-list")
    return render(request, "cms/programme_application_detail.html", {
        "application": application, "form": form, "is_seeker": access.role_of(request.user) == Role.SEEKER,
    })
