"""Wagtail admin of quota compliance: the declaration snippet (draft state, revisions, workflow, locking;
reviewers act through the workflow tasks, nobody creates one here) and the per-year policy parameters,
which only district staff may change. Both viewsets are ``ScopedSnippetViewSet``s (the declaration's a
``review.admin_views.ReviewedSnippetViewSet``: nothing but the reviewer's comment is written there) (listing, chooser and
object views scoped by ``employment.access``). They appear in the admin menu in the group
"按比例就业" together with the subsidy applications (registered by ``subsidies.wagtail_hooks``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy

from employment.admin_scoping import RolePermissionPolicy, ScopedSnippetViewSet
from employment.models import Role
from review.admin_views import ReviewedSnippetViewSet, change_lines

from . import notifications, selectors
from .models import Declaration, PolicyYear, policy_parameter_choices


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


APPROVED_YEAR_WARNING = ("{year}年度已有 {approved} 份申报审核通过：修改参数后，只有尚未审核通过的 {open} 份申报"
                         "按新参数重新计算；已审核通过的申报保持审核通过时的结果（认定书、公示不变）。")
SAVED_RECOMPUTE = "已保存{year}年度政策参数。尚未审核通过的 {open} 份申报将按新参数重新计算{kept}。"
YEAR_IN_USE = "{year}年度已有 {count} 份申报使用这些参数，不能删除；参数有误请修改，不需要的参数请标为“参数待确认”。"


class PolicyYearAdminForm(WagtailAdminModelForm):
    """The year's parameters; 参数待确认 as one checkbox per parameter."""

    provisional_fields = forms.MultipleChoiceField(
        label="参数待确认", required=False, widget=forms.CheckboxSelectMultiple, choices=policy_parameter_choices,
        help_text=PolicyYear._meta.get_field("provisional_fields").help_text,
    )


class PolicyYearEditView(ScopedSnippetViewSet.edit_view_class):
    """Editing a year that has approved declarations says, before and after saving, that only the open
    declarations are recomputed (``quota.signals`` → ``services.declarations_recompute_year``)."""

    def get(self, request, *args, **kwargs):
        approved, open_count = selectors.year_declaration_counts(self.object.year)
        if approved:
            messages.warning(request, APPROVED_YEAR_WARNING.format(year=self.object.year, approved=approved,
                                                                   open=open_count))
        return super().get(request, *args, **kwargs)

    def get_success_message(self):
        approved, open_count = selectors.year_declaration_counts(self.object.year)
        kept = f"；已审核通过的 {approved} 份保持原结果" if approved else ""
        return SAVED_RECOMPUTE.format(year=self.object.year, open=open_count, kept=kept)


BULK_DELETE_REFUSED = "政策参数不能批量删除：请逐个年度打开，确认后再删除。"


class PolicyYearIndexView(ScopedSnippetViewSet.index_view_class):
    """The list of years, without the bulk-selection column: policy years are never deleted in bulk."""

    @cached_property
    def columns(self):
        return [column for column in super().columns if column.name != "bulk_actions"]


@hooks.register("before_delete_snippet")
def refuse_deleting_years_in_use(request, instances):
    """Policy years are never deleted in bulk (superusers included; the admin gate refuses everyone
    else first), and a year that declarations were filed under is never deleted."""
    years = [obj for obj in instances if isinstance(obj, PolicyYear)]
    match = getattr(request, "resolver_match", None)
    if years and match is not None and match.url_name == "wagtail_bulk_action":
        messages.error(request, BULK_DELETE_REFUSED)
        return redirect("wagtailsnippets_quota_policyyear:list")
    for year in years:
        count = Declaration.objects.filter(year=year.year).count()
        if count:
            messages.error(request, YEAR_IN_USE.format(year=year.year, count=count))
            return redirect("wagtailsnippets_quota_policyyear:list")
    return None


class PolicyYearViewSet(ScopedSnippetViewSet):
    model = PolicyYear
    icon = "cog"
    menu_label = "政策参数（年度）"
    list_display = ["year", "ratio", "cap_multiple", "local_avg_wage", "min_wage", "reward_per_person",
                    "provisional_summary", "updated_at"]
    ordering = ["-year"]
    edit_view_class = PolicyYearEditView
    index_view_class = PolicyYearIndexView
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
             FieldPanel("startup_subsidy_tiers"), FieldPanel("startup_subsidy_tier_criteria")],
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
        FieldPanel("provisional_fields"),
        FieldPanel("remark"),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=PolicyYearAdminForm).bind_to_model(self.model)

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-year")


class MonthlyHeadcountsPanel(FieldPanel):
    """The twelve monthly headcounts in words (1月 60 人；2月 …): Wagtail would print the stored list."""

    def format_value_for_display(self, value):
        return "；".join(f"{month}月 {count} 人" for month, count in enumerate(value or (), start=1)) or "未填写"


class DeclarationViewSet(ReviewedSnippetViewSet):
    """年审申报 in the admin: reviewers act on the workflow; only the comment is ever written here
    (``review.admin_views``)."""

    model = Declaration
    icon = "doc-full"
    menu_label = "年审申报"
    # 补报 said in words: Wagtail would print the field's Python value (True/False).
    list_display = ["employer", "year", "status", "outcome", "submitted_at",
                    Column("late", label="补报", accessor=lambda declaration: "是" if declaration.late else "否")]
    list_filter = ["year", "status"]
    panels = [
        MonthlyHeadcountsPanel("monthly_headcounts", read_only=True),
        FieldPanel("wage_bill", read_only=True),
        FieldPanel("levy_already_paid", read_only=True),
        FieldPanel("employer_response", read_only=True),
        FieldPanel("reviewer_comment"),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("employer")

    def notify_staff_change(self, obj, *, user, actor, at, changes) -> None:
        notifications.staff_changed(obj, actor=actor, at=at, changes=change_lines(changes))
