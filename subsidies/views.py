"""Pages of rewards and subsidies: applicants (employer, seeker, staff on a seeker's behalf) follow
their applications and apply for the start-up subsidy; town and district reviewers review; the
district's payment lists are in ``payment_views``. Every object is fetched through ``employment.access``. The employer's
own applications (the reward, the social-insurance subsidy) are started in ``employer_portal``; the
applicant's notifications are the core's (``employment.views.portal``).

The supporting documents of a start-up or a social-insurance application (the programmes of
``EVIDENCE_KINDS``) are uploaded and deleted on their own page while the application is with the
applicant, and downloaded by whoever may see the application (a download of a document about
someone else is logged as personal-data access); an evidence file is always looked up within an
application already fetched through ``access``.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from employment import access
from employment.access import role_required
from employment.formats import file_response, private_file_response
from employment.forms import form_add_validation_error
from employment.models import JobSeeker, Role
from employment.query import int_or_none, query_int, query_text
from quota.models import PolicyYear
from review.models import TownReviewTask
from review.selectors import (
    back_from_confirmation,
    current_task,
    decision_confirm_page,
    decision_done,
    decision_unconfirmed,
    revisions_of,
)
from review.timeline import timeline_context

from . import selectors, services, si_upload
from .forms import (
    BankForm,
    EvidenceUploadForm,
    ReviewForm,
    SILineForm,
    SIStartForm,
    SIUploadForm,
    StartupForm,
    bank_details,
)
from .models import (
    EVIDENCE_KINDS,
    MAX_FILES_PER_APPLICATION,
    STAFF_PAYMENT_EDIT_WARNING,
    Programme,
    SIClaimLine,
    SubsidyApplication,
    SubsidyStatus,
)

logger = logging.getLogger(__name__)
APPLICANTS = (Role.EMPLOYER, Role.SEEKER)
REVIEWERS = (Role.TOWN, Role.DISTRICT)


def _account_kept(request, application: SubsidyApplication) -> str:
    """The masked number when staff edit on the applicant's behalf (they never see the full one in the
    form); empty for the applicant, who edits their own number."""
    if access.role_of(request.user) in APPLICANTS or not application.bank_account:
        return ""
    return application.bank_account_masked


def _bank_initial(request, application: SubsidyApplication) -> dict:
    return {
        "bank_account_name": application.bank_account_name, "bank_name": application.bank_name,
        "bank_account": "" if _account_kept(request, application) else application.bank_account,
    }


@role_required(*APPLICANTS)
def subsidy_home(request):
    """我的补贴申请 — the applicant's applications and what they may apply for."""
    role = access.role_of(request.user)
    context = {"applications": selectors.applications_visible(request.user), "role": role}
    if role == Role.SEEKER:
        seeker = JobSeeker.objects.filter(user=request.user).first()
        context["startup_held"] = selectors.startup_held_application(seeker) if seeker else None
    if role == Role.EMPLOYER:
        years = selectors.si_years_open(request.user)
        context.update(reward_declarations=selectors.reward_declarations_open(request.user), si_years=years,
                       si_form=SIStartForm(years=years) if years else None)
    return render(request, "subsidies/home.html", context)


def _revisions_with_status(application) -> list:
    """The application's versions, newest first, each with the status it was saved in (in words)."""
    labels = dict(SubsidyStatus.choices)
    revisions = list(revisions_of(application))
    for revision in revisions:
        revision.status_label = labels.get((revision.content or {}).get("status"), "")
    return revisions


def _startup_form(request, *, data=None, initial=None, keep_account: str = "", editing: bool = False):
    years = list(PolicyYear.objects.order_by("-year").values_list("year", flat=True))
    # The tiers (amounts and criteria) of the application being edited (its year stays), else of the
    # year posted, else of the year chosen above a new application's form (?year=), else the latest.
    if editing:
        year = initial["year"]
    elif data:
        year = int_or_none(data.get("year"), max_value=9999) or 0
    else:
        year = query_int(request, "year") or 0
    policy = PolicyYear.objects.filter(year=year).first() or PolicyYear.objects.order_by("-year").first()
    tiers = policy.startup_subsidy_tiers if policy else {}
    criteria = policy.startup_subsidy_tier_criteria if policy else {}
    year_refused = False
    if data and not editing and policy and year != policy.year:
        # A year with no policy (a tampered form, or a year deleted while the form was open): the form
        # comes back with the latest year's tiers and says so, instead of an error on a hidden field.
        data = data.copy()
        data["year"] = str(policy.year)
        year_refused = True
    return StartupForm(data, initial=initial, years=years, tiers=tiers, criteria=criteria,
                       year_shown=policy.year if policy else None, year_refused=year_refused,
                       editing=editing, keep_account=keep_account)


@role_required(Role.SEEKER, Role.TOWN, Role.DISTRICT)
def startup_apply(request):
    """A seeker applies for themselves; town/district staff apply on a seeker's behalf (?seeker=id)."""
    if access.role_of(request.user) == Role.SEEKER:
        seeker = access.get_changeable(request.user, JobSeeker.objects.select_related("town"), user_id=request.user.pk)
    else:
        seeker = access.get_changeable(
            request.user, JobSeeker.objects.select_related("town"), pk=query_int(request, "seeker") or 0
        )
    held = selectors.startup_held_application(seeker)
    if held is not None:  # once per person: say so before the form is filled in, not after
        messages.error(request, f"一次性创业补贴每人只能享受一次：已有一份{held.get_status_display()}的申请，"
                               "不能再申请。可以在这里查看进度。")
        return redirect("subsidy-detail", pk=held.pk)
    open_application = selectors.startup_open_application(seeker)
    if open_application is not None:
        messages.info(request, "已有一份尚未提交（或被退回修改）的一次性创业补贴申请，请在这里补充材料后提交，不必重新申请。")
        return redirect("subsidy-detail", pk=open_application.pk)
    form = _startup_form(request, data=request.POST or None, initial={"bank_account_name": seeker.name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.startup_application_create(
                seeker=seeker, year=data["year"], business_name=data["business_name"],
                credit_code=data["business_credit_code"], registered_on=data["business_registered_on"],
                tier=data["tier"], evidence=data["tier_evidence"], bank=bank_details(form), user=request.user,
            )
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, "申请内容已保存，还没有提交。请上传营业执照等证明材料，然后提交审核。")
            return redirect("subsidy-evidence", pk=application.pk)
    warning = STAFF_PAYMENT_EDIT_WARNING.format(town=seeker.town.name) if access.role_of(request.user) in REVIEWERS else ""
    return render(request, "subsidies/startup_form.html", {
        "form": form, "seeker": seeker, "application": None, "payment_edit_warning": warning,
        "years": [y for y, _ in form.fields["year"].choices],
        "for_seeker": seeker.pk if access.role_of(request.user) != Role.SEEKER else None,
    })


@login_required
def startup_edit(request, pk: int):
    application = access.get_changeable(request.user, SubsidyApplication, pk=pk, programme=Programme.STARTUP)
    if not application.editable_by_applicant:  # say so before the form is filled in, not after
        messages.error(request, "申请已提交审核，不能修改。如需修改，请等待审核退回。")
        return redirect("subsidy-detail", pk=pk)
    initial = {f: getattr(application, f) for f in (
        "year", "business_name", "business_credit_code", "business_registered_on", "tier", "tier_evidence")}
    initial.update(_bank_initial(request, application))
    form = _startup_form(request, data=request.POST or None, initial=initial,
                         keep_account=_account_kept(request, application), editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.startup_application_update(
                application=application, business_name=data["business_name"],
                credit_code=data["business_credit_code"], registered_on=data["business_registered_on"],
                tier=data["tier"], evidence=data["tier_evidence"], bank=bank_details(form, application), user=request.user,
            )
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, "已保存。修改完成后请重新提交审核。")
            return redirect("subsidy-detail", pk=pk)
    return render(
        request, "subsidies/startup_form.html", {"form": form, "seeker": application.seeker, "application": application,
                                                 "payment_edit_warning": _payment_edit_warning(request, application)}
    )


def _payment_edit_warning(request, application) -> str:
    """Staff editing on the applicant's behalf are told, before they save, that changing the payment
    details bars them from approving the application (separation of duties)."""
    if access.role_of(request.user) not in REVIEWERS:
        return ""
    return STAFF_PAYMENT_EDIT_WARNING.format(town=application.town.name)


def _detail_context(request, application, **extra):
    task_state, task = current_task(application)
    can_edit = access.can_change(request.user, application) and application.editable_by_applicant \
        and access.role_of(request.user) in APPLICANTS + (Role.TOWN, Role.DISTRICT)
    can_review = task is not None and task.user_may_review(application, request.user)
    context = {
        "application": application,
        "lines": list(application.si_lines.all()),
        "task": task,
        "can_review": can_review,
        # Separation of duties: a reviewer who changed the payment details may only send it back.
        "approval_refusal": task.approval_refusal(application, request.user) if can_review else None,
        # The district acts for the town (区残联代为镇街初审): the recorded reason, said before acting.
        "district_takeover": (getattr(TownReviewTask.delegated_to(application, request.user), "reason", None)
                              if can_review and isinstance(task, TownReviewTask) else None),
        "payment_edit_warning": _payment_edit_warning(request, application),
        "payment_changes": selectors.payment_changes_of(application),
        "can_edit": can_edit,
        **timeline_context(application, request.user),
        "timeline_kinds": "提交、每一步审核的结果和意见、退回和重新提交", "timeline_applicant": "申请人",
        "can_hand_over": access.role_of(request.user) == Role.DISTRICT and isinstance(task, TownReviewTask),
        "revisions": _revisions_with_status(application),
        "review_form": ReviewForm(),
        "line_form": SILineForm(entries=services.si_roster_entries(application)
                                if application.programme == Programme.SOCIAL_INSURANCE and can_edit else ()),
        "upload_form": SIUploadForm(),
        "bank_form": BankForm(initial=_bank_initial(request, application),
                              keep_account=_account_kept(request, application)),
        "is_reviewer": access.role_of(request.user) in REVIEWERS,
        "tier_text": selectors.startup_tier_text(application),
    }
    if application.takes_evidence:
        evidence = selectors.evidence_of(application)
        context.update(evidence=evidence, evidence_required=selectors.evidence_required_label(application),
                       evidence_lacking=selectors.evidence_lacking(application, evidence) if can_edit else "")
    context.update(extra)
    return context


@login_required
def application_detail(request, pk: int):
    application = access.get_visible(
        request.user, SubsidyApplication.objects.select_related("employer", "seeker", "town", "payment_list"), pk=pk
    )
    if request.method == "POST":
        if back_from_confirmation(request.POST):
            form = ReviewForm(initial={"comment": request.POST.get("comment", "")})
            return render(request, "subsidies/detail.html", _detail_context(request, application, review_form=form))
        form = ReviewForm(request.POST)
        action = request.POST.get("action", "")
        confirm = decision_unconfirmed(request.POST, application, request.user) if form.is_valid() else ""
        if confirm == "final":
            # The final approval makes the amount payable: said first, approved by this page's POST only.
            return render(request, "subsidies/review_approve_confirm.html",
                          {"application": application, "form": form})
        if confirm:  # the town's approval, a return: said first, decided by the confirmation's POST only
            return render(request, "review/decision_confirm.html",
                          decision_confirm_page(application, confirm, form, reverse("subsidy-detail", args=[pk])))
        if form.is_valid():
            try:
                services.subsidy_review(
                    application=application, user=request.user, action=action, comment=form.cleaned_data["comment"]
                )
            except ValidationError as exc:
                form_add_validation_error(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                return render(request, "subsidies/detail.html",
                              _detail_context(request, application, review_form=form), status=403)
            else:
                application.refresh_from_db()
                messages.success(request, decision_done(application, action))
                return redirect("subsidy-detail", pk=pk)
        return render(request, "subsidies/detail.html", _detail_context(request, application, review_form=form),
                      status=400)
    return render(request, "subsidies/detail.html", _detail_context(request, application))


def _editable(request, pk: int, programme: str | None = None) -> SubsidyApplication:
    qs = SubsidyApplication.objects.select_related("employer", "seeker", "town")
    if programme:
        qs = qs.filter(programme=programme)
    return access.get_changeable(request.user, qs, pk=pk)


@login_required
@require_POST
def si_line_add(request, pk: int):
    application = _editable(request, pk, Programme.SOCIAL_INSURANCE)
    form = SILineForm(request.POST, entries=services.si_roster_entries(application))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.si_line_save(application=application, roster_entry_id=data["roster_entry"], name=data["name"],
                                  months=data["months"], contribution=data["contribution"], user=request.user)
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, f"已添加 {data['name'].strip()} 的缴费明细。")
            return redirect("subsidy-detail", pk=pk)
    return render(request, "subsidies/detail.html", _detail_context(request, application, line_form=form), status=400)


@login_required
@require_POST
def si_line_delete(request, pk: int, line_id: int):
    application = _editable(request, pk, Programme.SOCIAL_INSURANCE)
    line = access.get_visible(request.user, SIClaimLine.objects.filter(application=application), pk=line_id)
    try:
        services.si_line_delete(line=line, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, f"已删除 {line.name} 的缴费明细。")
    return redirect("subsidy-detail", pk=pk)


@login_required
@require_POST
def si_upload_view(request, pk: int):
    application = _editable(request, pk, Programme.SOCIAL_INSURANCE)
    form = SIUploadForm(request.POST, request.FILES)
    upload_errors, upload_message = [], ""
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            lines = services.si_lines_import(
                application=application, content=upload.read(), filename=upload.name, user=request.user
            )
        except services.ContributionImportError as exc:
            upload_errors, upload_message = exc.errors, exc.message
        except ValidationError as exc:
            upload_message = exc.messages[0]
        else:
            messages.success(request, f"缴费明细已导入，共 {len(lines)} 人。")
            return redirect("subsidy-detail", pk=pk)
    return render(
        request, "subsidies/detail.html",
        _detail_context(request, application, upload_form=form, upload_errors=upload_errors,
                        upload_message=upload_message),
        status=400,
    )


@login_required
def si_template(request):
    return file_response(si_upload.template_xlsx(), "社保缴费明细模板.xlsx")


@login_required
@require_POST
def bank_update(request, pk: int):
    application = _editable(request, pk)
    form = BankForm(request.POST, keep_account=_account_kept(request, application))
    if form.is_valid():
        try:
            services.subsidy_bank_update(application=application, bank=bank_details(form, application), user=request.user)
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, "银行账户信息已保存。")
            return redirect("subsidy-detail", pk=pk)
    return render(request, "subsidies/detail.html", _detail_context(request, application, bank_form=form), status=400)


@login_required
@require_POST
def submit(request, pk: int):
    application = _editable(request, pk)
    try:
        services.subsidy_submit(application=application, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "申请已提交，等待镇街初审。")
    return redirect("subsidy-detail", pk=pk)


# ---- supporting documents (证明材料) of a start-up or social-insurance application ------------------


def _evidence_editable(request, pk: int) -> SubsidyApplication:
    """An application of a programme that takes documents, which ``request.user`` may change (the
    applicant; town or district staff for a seeker's start-up application): 404 for anyone who may
    not see it and for a reward application, 403 for staff who may only see it."""
    qs = SubsidyApplication.objects.select_related("employer", "seeker", "town").filter(
        programme__in=list(EVIDENCE_KINDS))
    return access.get_changeable(request.user, qs, pk=pk)


def _evidence_page(request, application, form, *, status: int = 200):
    evidence = selectors.evidence_of(application)
    return render(request, "subsidies/evidence.html", {
        "application": application, "evidence": evidence, "form": form,
        "max_files": MAX_FILES_PER_APPLICATION, "can_edit": True,
        "evidence_required": selectors.evidence_required_label(application),
        "evidence_lacking": selectors.evidence_lacking(application, evidence),
    }, status=status)


@login_required
def application_evidence(request, pk: int):
    """证明材料 — list, upload (one file per request) and submit, while the applicant may still edit."""
    application = _evidence_editable(request, pk)
    if not application.editable_by_applicant:
        messages.error(request, "申请已提交审核，证明材料不能再修改。如被退回修改，可以重新上传。")
        return redirect("subsidy-detail", pk=pk)
    if request.method != "POST":
        first_kind = EVIDENCE_KINDS[application.programme][0]
        return _evidence_page(request, application,
                              EvidenceUploadForm(programme=application.programme, initial={"kind": first_kind}))
    form = EvidenceUploadForm(request.POST, request.FILES, programme=application.programme)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            evidence = services.evidence_add(
                application=application, kind=form.cleaned_data["kind"], note=form.cleaned_data["note"],
                filename=upload.name, content=upload.read(), user=request.user,
            )
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, f"已上传“{evidence.original_name}”（{evidence.get_kind_display()}）。")
            return redirect("subsidy-evidence", pk=pk)
    return _evidence_page(request, application, form, status=400)


@login_required
def application_evidence_delete(request, pk: int, evidence_id: int):
    """A GET asks for confirmation; the POST from that page deletes."""
    application = _evidence_editable(request, pk)
    evidence = application.evidence_files.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404("未找到")
    if request.method == "POST":
        try:
            services.evidence_delete(evidence=evidence, user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect("subsidy-detail", pk=pk)
        messages.success(request, f"已删除证明材料“{evidence.original_name}”。")
        return redirect("subsidy-evidence", pk=pk)
    if not application.editable_by_applicant:
        messages.error(request, "申请已提交审核，证明材料不能再删除。")
        return redirect("subsidy-detail", pk=pk)
    return render(request, "subsidies/evidence_delete.html", {"application": application, "item": evidence})


@login_required
def application_evidence_download(request, pk: int, evidence_id: int):
    """The file as an attachment, to whoever may see the application. Every download of a document
    about someone else is logged: the staff's, and an employer's of its employees' proofs and contracts
    (as a declaration's evidence is); a start-up applicant's download of their own document is not."""
    application = access.get_visible(request.user, SubsidyApplication.objects.select_related("seeker"), pk=pk)
    evidence = application.evidence_files.filter(pk=evidence_id).first()
    if evidence is None:
        raise Http404("未找到")
    response = private_file_response(evidence.file.name, filename=evidence.original_name,
                                     content_type=evidence.content_type)
    if application.seeker is None or application.seeker.user_id != request.user.pk:
        services.evidence_download_record(evidence=evidence, user=request.user)
    return response


REVIEW_PAGE_SIZE = 50
QUEUE_LABELS = {"takeover": "镇街没有可审核人员、需区残联代为初审", "district": "待终审"}


@role_required(*REVIEWERS)
def review_list(request):
    """Submitted applications, newest year first, 50 a page (the flags are read for the page's rows
    only), by programme, status and applicant (employer, person or business name); ``?queue=takeover``
    and ``?queue=district`` are the district's 代为初审 and 待终审 lines of the work queue."""
    programme = request.GET.get("programme", "")
    status = request.GET.get("status", "")
    queue = request.GET.get("queue", "")
    if queue in QUEUE_LABELS:
        applications = (selectors.applications_for_district_takeover(request.user) if queue == "takeover"
                        else selectors.applications_for_final_review(request.user))
        applications = applications.filter(programme=programme) if programme in Programme.values else applications
    else:
        queue = ""
        applications = selectors.applications_visible(request.user, programme=programme, status=status)
    query = query_text(request, "q")
    if query:
        applications = applications.filter(Q(employer__name__icontains=query) | Q(seeker__name__icontains=query)
                                           | Q(business_name__icontains=query))
    page = Paginator(applications.exclude(status=SubsidyStatus.DRAFT), REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)  # the flags are set on these instances
    selectors.review_flags_attach(page.object_list, request.user)
    return render(request, "subsidies/review_list.html", {
        "page": page, "applications": page.object_list, "programme": programme, "status": status,
        "programmes": Programme.choices,
        # Drafts are never listed here: 填报中 would match nothing.
        "statuses": [(v, label) for v, label in SubsidyStatus.choices if v != SubsidyStatus.DRAFT],
        "queue": queue, "queue_label": QUEUE_LABELS.get(queue, ""), "query": query,
    })
