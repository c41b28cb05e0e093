"""Pages of the district's payment lists (拨付名单): make a list (previewed and confirmed), read it with
its total and signature lines (printable), take it through 草稿 → 已审核 → 已拨付 on confirmation pages
(a step back needs a reason), and download the list and the bank-transfer file — both carry full
account numbers, so each download is logged. District only; every list is fetched through
``employment.access``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from employment import access
from employment.access import role_required
from employment.formats import file_response
from employment.forms import form_add_validation_error
from employment.models import Role
from employment.table_export import exporter_label
from quota.years import working_year

from . import exports, selectors, services
from .forms import PaymentListForm, PaymentPaidForm, PaymentStepBackForm
from .models import PaymentList, PaymentListStatus


@role_required(Role.DISTRICT)
def payment_lists(request):
    """拨付名单. A list cannot be undone, so the form's POST shows what the list would hold (count and
    total per town) for confirmation; only the confirmation page's POST (``confirm`` with the
    preview's fingerprint) creates it, and only if it still holds what was shown."""
    form = PaymentListForm(request.POST or None, initial={"year": working_year()})
    if request.method == "POST" and form.is_valid():
        programme, year = form.cleaned_data["programme"], form.cleaned_data["year"]
        try:
            if request.POST.get("confirm") and request.POST.get("fingerprint"):
                created = services.payment_list_create(programme=programme, year=year, user=request.user,
                                                       confirmed=request.POST["fingerprint"])
            else:
                return _payment_list_confirm(request, form, programme, year)
        except ValidationError as exc:
            if getattr(exc, "error_list", None) and exc.error_list[0].code == "changed":
                messages.error(request, exc.messages[0])
                return _payment_list_confirm(request, form, programme, year)
            form_add_validation_error(form, exc)
        else:
            messages.success(request, f"已生成{created}（草稿），共 {created.items.count()} 笔，合计 {created.total} 元。"
                                      "请打开名单核对后审核。")
            return redirect("subsidy-payment-lists")
    return _lists_page(request, form)


def _lists_page(request, form):
    return render(request, "subsidies/payment_lists.html", {
        "form": form, "lists": selectors.payment_lists_visible(request.user),
        "pending": selectors.pending_payment_counts(request.user),
        "blocked": selectors.payment_blocked_for(request.user),
    })


def _payment_list_confirm(request, form, programme: str, year: int):
    """The confirmation page (what the new list would hold), or the form with the reason nothing can
    be listed."""
    try:
        preview = services.payment_list_preview(programme=programme, year=year, user=request.user)
    except ValidationError as exc:
        form_add_validation_error(form, exc)
        return _lists_page(request, form)
    return render(request, "subsidies/payment_list_confirm.html", {"preview": preview})


def _visible(request, pk: int) -> PaymentList:
    return access.get_visible(request.user, PaymentList.objects.select_related("approved_by", "paid_by", "created_by"),
                              pk=pk)


@role_required(Role.DISTRICT)
def payment_list_detail(request, pk: int):
    payment_list = _visible(request, pk)
    items = payment_list.items.select_related("employer", "seeker", "town").order_by("town__sort_order", "pk")
    return render(request, "subsidies/payment_list_detail.html", {
        "payment_list": payment_list, "items": items, "events": payment_list.events.all(),
        "approval_refusal": (services.payment_list_approval_refusal(payment_list, request.user)
                             if payment_list.status == PaymentListStatus.DRAFT else None),
        "can_step_back": payment_list.status != PaymentListStatus.DRAFT,
    })


def _action_page(request, payment_list, *, action: str, form=None, status: int = 200, error: str = ""):
    return render(request, "subsidies/payment_list_action.html", {
        "payment_list": payment_list, "action": action, "form": form, "error": error,
        "approval_refusal": (services.payment_list_approval_refusal(payment_list, request.user)
                             if action == "approve" else None),
    }, status=status)


@role_required(Role.DISTRICT)
def payment_list_approve(request, pk: int):
    """审核: a GET asks for confirmation; the POST from that page approves."""
    payment_list = _visible(request, pk)
    if request.method != "POST":
        return _action_page(request, payment_list, action="approve")
    try:
        services.payment_list_approve(payment_list=payment_list, user=request.user)
    except ValidationError as exc:
        return _action_page(request, payment_list, action="approve", error=exc.messages[0], status=400)
    messages.success(request, f"{payment_list}已审核，可以交财务拨付。")
    return redirect("subsidy-payment-list-detail", pk=pk)


@role_required(Role.DISTRICT)
def payment_list_paid(request, pk: int):
    """登记拨付: the paid date and voucher number, then confirmation in the same POST's page."""
    payment_list = _visible(request, pk)
    form = PaymentPaidForm(request.POST or None)
    if request.method == "POST" and not form.is_valid():
        # Every refusal at once: the date's rules too when the voucher number is missing (and the
        # other way round), not one round of errors after another.
        refusals = services.payment_paid_refusals(payment_list=payment_list, paid_on=form.cleaned_data.get("paid_on"),
                                                  voucher_no=form.cleaned_data.get("voucher_no"))
        for field, message in refusals.items():
            if field not in form.errors:
                form.add_error(field, message)
    elif request.method == "POST":
        try:
            services.payment_list_mark_paid(payment_list=payment_list, user=request.user,
                                            paid_on=form.cleaned_data["paid_on"],
                                            voucher_no=form.cleaned_data["voucher_no"])
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            messages.success(request, f"{payment_list}已登记拨付。")
            return redirect("subsidy-payment-list-detail", pk=pk)
    return _action_page(request, payment_list, action="paid", form=form,
                        status=400 if request.method == "POST" else 200)


@role_required(Role.DISTRICT)
def payment_list_step_back(request, pk: int):
    """退回上一步, with a reason that is kept."""
    payment_list = _visible(request, pk)
    form = PaymentStepBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.payment_list_step_back(payment_list=payment_list, user=request.user,
                                            reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_add_validation_error(form, exc)
        else:
            payment_list.refresh_from_db(fields=["status"])
            messages.success(request, f"{payment_list}已退回为“{payment_list.get_status_display()}”。")
            return redirect("subsidy-payment-list-detail", pk=pk)
    return _action_page(request, payment_list, action="step_back", form=form,
                        status=400 if request.method == "POST" else 200)


@role_required(Role.DISTRICT)
def payment_list_export(request, pk: int):
    payment_list = _visible(request, pk)
    content = exports.payment_list_xlsx(payment_list, exported_by=exporter_label(request.user))
    services.payment_list_export_record(payment_list=payment_list, user=request.user)  # full account numbers
    return file_response(content, exports.payment_list_filename(payment_list))


@role_required(Role.DISTRICT)
def payment_list_bank_file(request, pk: int):
    """银行转账文件 — only for a list the district has approved (or paid: the file may be needed again)."""
    payment_list = _visible(request, pk)
    if payment_list.status == PaymentListStatus.DRAFT:
        messages.error(request, "拨付名单审核后才能导出银行转账文件。")
        return redirect("subsidy-payment-list-detail", pk=pk)
    content = exports.bank_transfer_xlsx(payment_list, exported_by=exporter_label(request.user))
    services.payment_list_export_record(payment_list=payment_list, user=request.user, bank_file=True)
    return file_response(content, exports.payment_list_filename(payment_list, bank_file=True))
