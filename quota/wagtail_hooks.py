"""Wagtail admin of quota compliance: the declaration snippet (draft state, revisions, workflow, locking;
reviewers act through the workflow tasks, nobody creates one here) and the per-year policy parameters,
which only district staff may change. Both viewsets are ``ScopedSnippetViewSet``s (the declaration's a
``review.admin_views.ReviewedSnippetViewSet``: nothing but the reviewer's comment is written there) (listing, chooser and
object views scoped by ``employment.access``). They appear in the admin menu in the group
"按比例就业" together with the subsidy applications (registered by ``subsidies.wagtail_hooks``)."""

from __future__ import annotations

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.permissions import register_permission_policy

from employment.admin_scoping import RolePermissionPolicy, ScopedSnippetViewSet
from employment.models import Role
from review.admin_views import ReviewedSnippetViewSet, change_lines

from . import notifications
from .models import Declaration, PolicyYear


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
            [FieldPanel("working_age_min"), FieldPanel("retire_age_male"), FieldPanel("retire_age_female_cadre"),
             FieldPanel("retire_age_female_worker"), FieldPanel("retirement_raise_in_force")],
            heading="劳动年龄",
        ),
        MultiFieldPanel(
            [FieldPanel("si_subsidy_share"), FieldPanel("si_subsidy_monthly_cap"), FieldPanel("si_subsidy_max_months"),
             FieldPanel("startup_subsidy_tiers")],
            heading="社保补贴与一次性创业补贴",
        ),
        MultiFieldPanel(
            [FieldPanel("review_window_start"), FieldPanel("review_window_end"), FieldPanel("publicity_days"),
             FieldPanel("late_needs_district_acceptance"), FieldPanel("evidence_required_for_new_people"),
             FieldPanel("reminder_days")],
            heading="年审与公示",
        ),
        MultiFieldPanel(
            [FieldPanel("letter_no_prefix"), FieldPanel("payment_deadline"), FieldPanel("payment_days_min"),
             FieldPanel("payment_channel"), FieldPanel("late_fee_rate"), FieldPanel("reconsideration_body"),
             FieldPanel("reconsideration_days"), FieldPanel("lawsuit_months")],
            heading="认定书与缴款通知书",
        ),
        FieldPanel("source"),
        FieldPanel("remark"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-year")


class DeclarationViewSet(ReviewedSnippetViewSet):
    """年审申报 in the admin: reviewers act on the workflow; only the comment is ever written here
    (``review.admin_views``)."""

    model = Declaration
    icon = "doc-full"
    menu_label = "年审申报"
    list_display = ["employer", "year", "status", "outcome", "submitted_at", "late"]
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

    def notify_staff_change(self, obj, *, user, actor, at, changes) -> None:
        notifications.staff_changed(obj, actor=actor, at=at, changes=change_lines(changes))
