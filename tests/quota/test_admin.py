"""Wagtail admin: PolicyYear is changed by district staff only; the declaration snippet listing is
scoped; the workflow tasks act only for the right reviewers."""

from __future__ import annotations

from wagtail.permissions import policy_registry

from quota import services
from quota.models import Declaration, PolicyYear
from review.selectors import current_task

from .conftest import roster_row


def test_policy_year_editable_by_district_only(world, policy):
    policy_rules = policy_registry.get_by_type(PolicyYear)
    assert policy_rules.user_has_permission(world.users["district"], "change")
    assert not policy_rules.user_has_permission(world.users["town_x"], "change")
    assert policy_rules.user_has_permission(world.users["town_x"], "view")
    assert not policy_rules.user_has_permission(world.users["employer_a"], "view")


def test_admin_pages_load_and_are_scoped(world, policy, client_for, start_declaration):
    d = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    services.declaration_submit(declaration=d, user=world.users["employer_a"])
    district = client_for(world.users["district"])
    assert district.get("/admin/snippets/quota/policyyear/").status_code == 200
    assert district.get(f"/admin/snippets/quota/policyyear/edit/{policy.pk}/").status_code == 200
    listing = district.get("/admin/snippets/quota/declaration/")
    assert listing.status_code == 200 and "甲公司" in listing.content.decode()
    town_y = client_for(world.users["town_y"])
    listing = town_y.get("/admin/snippets/quota/declaration/")
    assert listing.status_code == 200 and "甲公司" not in listing.content.decode()
    listing = client_for(world.users["town_x"]).get("/admin/snippets/quota/declaration/")
    assert listing.status_code == 200 and "甲公司" in listing.content.decode()
    assert town_y.get(f"/admin/snippets/quota/policyyear/edit/{policy.pk}/").status_code in (302, 403)


def test_workflow_task_actions_only_for_the_right_reviewers(world, start_declaration):
    d = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    services.declaration_submit(declaration=d, user=world.users["employer_a"])
    d = Declaration.objects.get(pk=d.pk)
    _, task = current_task(d)
    assert task.get_actions(d, world.users["town_x"])
    assert task.get_actions(d, world.users["town_y"]) == []
    assert task.get_actions(d, world.users["district"]) == []
    assert task.locked_for_user(d, world.users["town_y"])
    assert list(task.get_task_states_user_can_moderate(world.users["town_y"])) == []
    assert len(task.get_task_states_user_can_moderate(world.users["town_x"])) == 1


def test_the_admin_names_the_wage_bill_as_the_employer_form_does(world, policy, client_for, start_declaration):
    """One name for one figure: the declaration year's 在职职工工资总额, not “上年” (the employment year is
    the declaration's own; “上年” is the tax form's wording, kept only in the levy export)."""
    from employer_portal.forms import BasicsForm

    label = BasicsForm.base_fields["wage_bill"].label
    assert Declaration._meta.get_field("wage_bill").verbose_name == label == "在职职工工资总额（元）"
    d = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    html = client_for(world.users["district"]).get(f"/admin/snippets/quota/declaration/edit/{d.pk}/").content.decode()
    assert label in html and "上年在职职工工资总额" not in html
