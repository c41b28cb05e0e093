"""Wagtail admin of rewards and subsidies: the application snippet (reviewers may also act on the
workflow here; payment details are read-only and never written by the admin form), the menu group
"按比例就业" (declarations, policy years and applications), the payment-details change in an
application's history, and why approval is not offered to a reviewer who changed the payment
details (separation of duties, issue 13)."""

from __future__ import annotations

from django.contrib import messages
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from quota.wagtail_hooks import DeclarationPermissionPolicy, DeclarationViewSet, PolicyYearViewSet
from review.admin_views import ReviewedSnippetViewSet, change_lines
from review.selectors import current_task

from . import notifications, selectors
from .forms import SubsidyApplicationAdminForm
from .models import PAYMENT_FIELDS, SubsidyApplication
from .services import FIELD_LABELS, PAYMENT_CHANGE_LOG_ACTION

# Applications share the declaration's rule: the district publishes the approved revision when the
# workflow finishes; nobody creates one in the admin.
register_permission_policy(SubsidyApplication, DeclarationPermissionPolicy(SubsidyApplication))


class StartupTierPanel(FieldPanel):
    """A start-up application's tier with what it requires (C档：正常经营满1年), read-only, as the
    application's page shows it; not shown for the other programmes."""

    class BoundPanel(FieldPanel.BoundPanel):
        @cached_property
        def value_from_instance(self):
            return selectors.startup_tier_text(self.instance)

        def is_shown(self):
            return bool(self.value_from_instance) and super().is_shown()


class SubsidyApplicationViewSet(ReviewedSnippetViewSet):
    """补贴奖励申请 in the admin: reviewers may also act on the workflow here; only the comment is ever
    written here (``review.admin_views``), and the applicant is told of every change."""

    model = SubsidyApplication
    icon = "tick-inverse"
    menu_label = "补贴奖励申请"
    list_display = ["__str__", "programme", "year", "status", "amount", "submitted_at"]
    list_filter = ["programme", "year", "status"]
    # Payment details are read-only here and the form never writes them (not even when reverting to
    # an older revision): only the services change them, recording who did (separation of duties).
    edit_handler = ObjectList([
        StartupTierPanel("tier", read_only=True),
        FieldPanel("amount", read_only=True),
        FieldPanel("bank_account_name", read_only=True),
        FieldPanel("bank_name", read_only=True),
        FieldPanel("bank_account_masked", read_only=True),
        FieldPanel("reviewer_comment"),
    ], base_form_class=SubsidyApplicationAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("employer", "seeker")

    def notify_staff_change(self, obj, *, user, actor, at, changes) -> None:
        notifications.staff_changed(obj, actor=actor, at=at,
                                    changes=change_lines(changes, private=(*PAYMENT_FIELDS, "tier_evidence")))


# One menu group for the quota year's work, registered here where all its members are known
# (subsidies build on quota, not the other way round).
class QuotaViewSetGroup(SnippetViewSetGroup):
    menu_label = "按比例就业"
    menu_icon = "group"
    items = (DeclarationViewSet, PolicyYearViewSet, SubsidyApplicationViewSet)


register_snippet(QuotaViewSetGroup)


# ---- separation of duties on payment details (issue 13) ------------------------------------------


@hooks.register("register_log_actions")
def register_payment_change_log_action(actions):
    """A payment-details change (``PaymentDetailsChange``) also appears in the application's history."""
    @actions.register_action(PAYMENT_CHANGE_LOG_ACTION)
    class PaymentDetailsChangeFormatter(LogFormatter):
        label = "修改收款信息"

        def format_message(self, log_entry):
            fields = [FIELD_LABELS[f] for f in (log_entry.data or {}).get("fields", []) if f in PAYMENT_FIELDS]
            return f"修改收款信息（{'、'.join(fields)}）" if fields else "修改收款信息"


@hooks.register("before_edit_snippet")
def explain_refused_approval(request, instance):
    """The workflow menu simply lacks "approve" for such a reviewer; say why, in the same words as
    the portal."""
    if request.method != "GET" or not isinstance(instance, SubsidyApplication):
        return None
    _, task = current_task(instance)
    if task is not None and task.user_may_review(instance, request.user):
        refusal = task.approval_refusal(instance, request.user)
        if refusal:
            messages.warning(request, refusal)
    return None
