"""The employer's objection (异议) to its own 公示 entry, registered online during the 公示 period
(``quota.publicity_services.objection_register``); after the period the form is refused with a message.
The confirmation step is quota's (``quota.publicity_views.confirm_step``)."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from employment import access
from employment.access import role_required
from employment.models import Role
from quota import publicity_services
from quota.models import BatchStatus, EntryStatus, PublicityEntry, PublicityObjection
from quota.publicity_forms import ObjectionForm
from quota.publicity_views import confirm_step


@role_required(Role.EMPLOYER)
def publicity_objection(request, pk: int):
    entry = access.get_visible(request.user, PublicityEntry.objects.select_related("batch", "declaration"), pk=pk)
    batch = entry.batch
    if batch.status == BatchStatus.DRAFT:
        raise Http404("未找到")
    today = timezone.localdate()
    here = reverse("employer-publicity-objection", args=[pk])
    return confirm_step(
        request, ObjectionForm(request.POST or None), template="employer_portal/publicity_objection.html",
        context={
            "entry": entry, "batch": batch, "state_label": batch.status_label_on(today),
            "open": batch.in_period(today) and entry.status != EntryStatus.WITHDRAWN,
            "figures": publicity_services.figures_text(entry.figures),
            "mine": access.scoped(request.user, PublicityObjection).filter(entry=entry).order_by("-received_at"),
            "back": reverse("employer-declaration-detail", args=[entry.declaration_id]),
        },
        title=f"对{batch.document_no}公示结果提出异议", facts=[("公示数据", publicity_services.figures_text(entry.figures))],
        button="确认提出异议",
        perform=lambda data: publicity_services.objection_register(entry=entry, user=request.user, text=data["text"],
                                                                   today=today),
        success="已提出异议。区残联会核实处理，处理结果会通知您。", done_url=here,
    )
