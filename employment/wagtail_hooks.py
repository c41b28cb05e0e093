"""Wagtail admin for the quota declaration: the declaration snippet (draft state, revisions,
workflow, locking), the subsidy applications and the per-year policy parameters, which only
district staff may change. Every snippet viewset is a ``ScopedSnippetViewSet`` (listing, chooser
and object views scoped by ``employment.access``), and Wagtail's bulk actions are replaced by
scoped ones (``employment.admin_scoping``). A reviewer who changed an application's payment details
is told here why approval is not offered."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.account import AvatarSettingsPanel
from wagtail.log_actions import LogFormatter
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from . import access
from .admin_access import admin_url_allowed
from .admin_scoping import ScopedSnippetViewSet, scoped_bulk_actions
from .models import Account, Declaration, PolicyYear, Role, SubsidyApplication
from .subsidies.forms import SubsidyApplicationAdminForm

EDIT_ACTIONS = {"add", "change", "delete", "publish", "lock", "unlock"}


class RolePermissionPolicy(ModelPermissionPolicy):
    """Model-level admin permissions by platform role rather than by Django permission rows."""

    edit_roles: tuple[str, ...] = (Role.DISTRICT,)
    view_roles: tuple[str, ...] = (Role.DISTRICT, Role.TOWN)

    def _roles_for(self, action: str) -> tuple[str, ...]:
        return self.edit_roles if action in EDIT_ACTIONS else self.view_roles

    def user_has_permission(self, user, action):
        if not (getattr(user, "is_authenticated", False) and user.is_active):
            return False
        return access.role_of(user) in self._roles_for(action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        roles = {role for action in actions for role in self._roles_for(action)}
        users = get_user_model().objects.filter(is_active=True)
        ids = Account.objects.filter(role__in=roles).values_list("user_id", flat=True)
        return users.filter(pk__in=ids) | users.filter(is_superuser=True)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        return access.can_change(user, instance) if action in EDIT_ACTIONS else access.can_view(user, instance)


class DeclarationPermissionPolicy(RolePermissionPolicy):
    # Reviewers act through workflow tasks; nobody creates declarations in the admin.
    edit_roles = (Role.DISTRICT,)
    view_roles = (Role.DISTRICT, Role.TOWN)

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


register_permission_policy(PolicyYear, RolePermissionPolicy(PolicyYear))
register_permission_policy(Declaration, DeclarationPermissionPolicy(Declaration))
# Subsidy applications (employment.subsidies) share the declaration's rule: the district publishes
# the approved revision when the workflow finishes.
register_permission_policy(SubsidyApplication, DeclarationPermissionPolicy(SubsidyApplication))


class PolicyYearViewSet(ScopedSnippetViewSet):
    model = PolicyYear
    icon = "cog"
    menu_label = "政策参数（年度）"
    list_display = ["year", "ratio", "cap_multiple", "local_avg_wage", "min_wage", "reward_per_person", "updated_at"]
    ordering = ["-year"]
    panels = [
        FieldPanel("year"),
        MultiFieldPanel(
            [FieldPanel("ratio"), FieldPanel("cap_multiple"), FieldPanel("local_avg_wage"), FieldPanel("min_wage")],
            heading="比例与工资",
        ),
        MultiFieldPanel(
            [FieldPanel("tiering_in_force"), FieldPanel("reduced_50_floor"), FieldPanel("reduced_50_rate"),
             FieldPanel("reduced_90_rate"), FieldPanel("exemption_in_force"), FieldPanel("exemption_max_staff")],
            heading="分档减缴与暂免",
        ),
        MultiFieldPanel([FieldPanel("reward_per_person"), FieldPanel("reward_weighted")], heading="超比例奖励"),
        MultiFieldPanel(
            [FieldPanel("si_subsidy_share"), FieldPanel("si_subsidy_monthly_cap"), FieldPanel("si_subsidy_max_months"),
             FieldPanel("startup_subsidy_tiers")],
            heading="社保补贴与一次性创业补贴",
        ),
        MultiFieldPanel(
            [FieldPanel("review_window_start"), FieldPanel("review_window_end"), FieldPanel("publicity_days")],
            heading="年审与公示",
        ),
        FieldPanel("source"),
        FieldPanel("remark"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-year")


class DeclarationViewSet(ScopedSnippetViewSet):
    model = Declaration
    icon = "doc-full"
    menu_label = "年审申报"
    list_display = ["employer", "year", "status", "outcome", "submitted_at"]
    list_filter = ["year", "status"]
    panels = [
        FieldPanel("monthly_headcounts", read_only=True),
        FieldPanel("wage_bill", read_only=True),
        FieldPanel("levy_already_paid", read_only=True),
        FieldPanel("employer_response", read_only=True),
        FieldPanel("reviewer_comment"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("employer")


class SubsidyApplicationViewSet(ScopedSnippetViewSet):
    """补贴奖励申请 in the admin: reviewers may also act on the workflow here (employment.subsidies)."""

    model = SubsidyApplication
    icon = "tick-inverse"
    menu_label = "补贴奖励申请"
    list_display = ["__str__", "programme", "year", "status", "amount", "submitted_at"]
    list_filter = ["programme", "year", "status"]
    # Payment details are read-only here and the form never writes them (not even when reverting to
    # an older revision): only the services change them, recording who did (separation of duties).
    edit_handler = ObjectList([
        FieldPanel("amount", read_only=True),
        FieldPanel("bank_account_name", read_only=True),
        FieldPanel("bank_name", read_only=True),
        FieldPanel("bank_account_masked", read_only=True),
        FieldPanel("reviewer_comment"),
    ], base_form_class=SubsidyApplicationAdminForm)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("employer", "seeker")


class QuotaViewSetGroup(SnippetViewSetGroup):
    menu_label = "按比例就业"
    menu_icon = "group"
    items = (DeclarationViewSet, PolicyYearViewSet, SubsidyApplicationViewSet)


register_snippet(QuotaViewSetGroup)


# Wagtail keeps a staff member's profile picture under MEDIA_ROOT/avatar_images/, which the web server
# serves to anyone with the URL and no setting moves; a photo of a staff member is personal data, so
# the account page offers no upload (admin avatars are Wagtail's default picture).
AvatarSettingsPanel.is_active = lambda self: False


# Registered after Wagtail's own bulk actions (order 1 > 0), so these replace them in the registry.
for _action in scoped_bulk_actions():
    hooks.register("register_bulk_action", _action, order=1)


@hooks.register("construct_main_menu")
@hooks.register("construct_reports_menu")
@hooks.register("construct_settings_menu")
def menu_items_the_gate_allows(request, menu_items):
    """Menus show only the admin pages ``employment.admin_access`` lets the user open (Wagtail would
    show, for example, its reports to anyone with a page permission)."""
    menu_items[:] = [item for item in menu_items if item.url == "#" or admin_url_allowed(request, item.url)]


# ---- separation of duties on payment details (issue 13) ------------------------------------------


@hooks.register("register_log_actions")
def register_payment_change_log_action(actions):
    """A payment-details change (``PaymentDetailsChange``) also appears in the application's history."""
    from .models.subsidies import PAYMENT_FIELDS
    from .subsidies.services import FIELD_LABELS, PAYMENT_CHANGE_LOG_ACTION

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
    from .declarations.services import current_task

    _, task = current_task(instance)
    if task is not None and task.user_may_review(instance, request.user):
        refusal = task.approval_refusal(instance, request.user)
        if refusal:
            messages.warning(request, refusal)
    return None


# 登录锁定 (login lockouts, district staff only): its hooks live with the rest of signing in.
from .signin import wagtail_hooks as _signin_hooks  # noqa: E402, F401
