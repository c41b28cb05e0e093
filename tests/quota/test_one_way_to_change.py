"""One way to change a declaration (issue 15, item 10), walked through the real admin URLs: the
snippet editor neither edits an approved declaration nor restarts its workflow; policy years are not
deleted in bulk (nor while declarations use them); editing a year with approved declarations warns
and recomputes only the open ones; placeholder parameters are flagged 参数待确认 in the admin list and
shown to employers as 「暂定」."""

from __future__ import annotations

import importlib
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from quota import services
from quota.models import Declaration, DeclarationStatus, PolicyYear
from tests.quota.conftest import YEAR, roster_row

pytestmark = pytest.mark.django_db

EDIT = "wagtailsnippets_quota_declaration:edit"


def _approved(world, start_declaration):
    employer = world.users["employer_a"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    services.declaration_submit(declaration=declaration, user=employer)
    services.declaration_review(declaration=declaration, user=world.users["town_x"], action="approve")
    services.declaration_review(declaration=Declaration.objects.get(pk=declaration.pk),
                                user=world.users["district"], action="approve", comment="同意")
    declaration = Declaration.objects.get(pk=declaration.pk)
    assert declaration.status == DeclarationStatus.APPROVED
    return declaration


def _state(declaration):
    fresh = Declaration.objects.get(pk=declaration.pk)
    return (fresh.status, fresh.reviewer_comment, fresh.latest_revision_id, fresh.workflow_states.count(),
            str(fresh.levy_payable))


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "x-very-long-password-1")


@pytest.mark.parametrize("who", ["district", "superuser"])
def test_the_admin_neither_edits_an_approved_declaration_nor_restarts_its_workflow(world, start_declaration,
                                                                                   client, superuser, who):
    declaration = _approved(world, start_declaration)
    before = _state(declaration)
    client.force_login(superuser if who == "superuser" else world.users["district"])
    url = reverse(EDIT, args=[declaration.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "已审核通过，后台不能修改" in html
    for offered in ('name="action-submit"', 'name="action-restart-workflow"', 'name="action-publish"'):
        assert offered not in html, offered
    for action in ({}, {"action-restart-workflow": "1"}, {"action-submit": "1"}, {"action-publish": "1"}):
        response = client.post(url, {"reviewer_comment": "改一下结果", **action}, follow=True)
        assert "已审核通过，后台不能修改" in response.content.decode()
        assert _state(declaration) == before, action
    autosave = client.post(url, {"reviewer_comment": "改"}, HTTP_ACCEPT="application/json")
    assert autosave.status_code == 400 and autosave.json()["error_code"] == "approved"
    first = declaration.revisions.order_by("id").first()
    revert = client.post(reverse("wagtailsnippets_quota_declaration:revisions_revert", args=[declaration.pk, first.pk]),
                         {"reviewer_comment": "恢复"})
    assert revert.status_code in (302, 403)
    assert _state(declaration) == before


def test_a_returned_declaration_is_not_resubmitted_or_restarted_from_the_admin(world, start_declaration, client):
    employer = world.users["employer_a"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    services.declaration_submit(declaration=declaration, user=employer)
    services.declaration_review(declaration=declaration, user=world.users["town_x"], action="reject", comment="请改")
    client.force_login(world.users["district"])
    url = reverse(EDIT, args=[declaration.pk])
    html = client.get(url).content.decode()
    assert 'name="action-restart-workflow"' not in html and 'name="action-submit"' not in html
    states = declaration.workflow_states.count()
    for action in ("action-restart-workflow", "action-submit"):
        client.post(url, {"reviewer_comment": "请改", action: "1"})
        fresh = Declaration.objects.get(pk=declaration.pk)
        assert fresh.status == DeclarationStatus.REJECTED and fresh.workflow_states.count() == states, action
        assert not fresh.workflow_in_progress, action


@pytest.mark.parametrize("who", ["district", "superuser"])
def test_policy_years_are_not_deleted_in_bulk(world, policy, client, superuser, who):
    client.force_login(superuser if who == "superuser" else world.users["district"])
    listing = client.get("/admin/snippets/quota/policyyear/").content.decode()
    assert "bulk-action-checkbox" not in listing
    url = f"/admin/bulk/quota/policyyear/delete/?id={policy.pk}"
    response = client.post(url, follow=True)
    assert response.status_code in (200, 403, 404)
    if response.status_code == 200:
        assert "政策参数不能批量删除" in response.content.decode()
    assert PolicyYear.objects.filter(pk=policy.pk).exists()


def test_a_year_declarations_use_is_not_deleted(world, start_declaration, client):
    declaration = start_declaration(world.employer_a, world.users["employer_a"])
    client.force_login(world.users["district"])
    response = client.post(reverse("wagtailsnippets_quota_policyyear:delete",
                                   args=[PolicyYear.objects.get(year=declaration.year).pk]), follow=True)
    assert "已有 1 份申报使用这些参数，不能删除" in response.content.decode()
    assert PolicyYear.objects.filter(year=declaration.year).exists()


def _form_data(policy: PolicyYear, **changes) -> dict:
    data = {}
    for field in PolicyYear._meta.concrete_fields:
        if not field.editable or field.name in ("id", "updated_by"):
            continue
        value = getattr(policy, field.name)
        if isinstance(value, bool):
            if value:
                data[field.name] = "on"
        elif isinstance(value, (list, dict)) and field.name != "provisional_fields":
            data[field.name] = json.dumps(value)
        elif field.name == "provisional_fields":
            data[field.name] = list(value)
        elif value is None:
            data[field.name] = ""
        else:
            data[field.name] = str(value)
    data.update(changes)
    return data


def test_editing_a_year_with_approved_declarations_warns_and_recomputes_only_open_ones(
        world, start_declaration, client, django_capture_on_commit_callbacks):
    approved = _approved(world, start_declaration)
    open_one = start_declaration(world.employer_b, world.users["employer_b"], headcount=300, rows=[roster_row(5)])
    services.declaration_submit(declaration=open_one, user=world.users["employer_b"])
    kept, before_open = str(approved.levy_payable), str(Declaration.objects.get(pk=open_one.pk).levy_payable)
    policy = PolicyYear.objects.get(year=YEAR)
    client.force_login(world.users["district"])
    url = reverse("wagtailsnippets_quota_policyyear:edit", args=[policy.pk])
    page = client.get(url).content.decode()
    assert f"{YEAR}年度已有 1 份申报审核通过" in page and "只有尚未审核通过的 1 份申报" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form_data(policy, ratio="0.0200", provisional_fields=[]), follow=True)
    assert "尚未审核通过的 1 份申报将按新参数重新计算；已审核通过的 1 份保持原结果" in response.content.decode()
    policy.refresh_from_db()
    assert policy.ratio == Decimal("0.02") and policy.provisional_fields == []
    assert str(Declaration.objects.get(pk=approved.pk).levy_payable) == kept
    assert str(Declaration.objects.get(pk=open_one.pk).levy_payable) != before_open


def test_placeholders_are_flagged_in_the_admin_and_provisional_for_employers(world, start_declaration, client_for):
    declaration = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    services.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    policy = PolicyYear.objects.get(year=YEAR)
    assert "local_avg_wage" in policy.provisional_fields  # seeded from the file's "provisional" marks
    listing = client_for(world.users["district"]).get("/admin/snippets/quota/policyyear/").content.decode()
    assert "参数待确认" in listing and "待确认" in listing and "当地社会平均工资（元/年）" in listing
    url = reverse("employer-declaration-detail", args=[declaration.pk])
    page = client_for(world.users["employer_a"]).get(url).content.decode()
    assert "「暂定」" in page and "计算结果（暂定）" in page and "当地社会平均工资（元/年）" in page
    # Only what a declaration depends on: the subsidies' own parameters are not named to it.
    assert "社保补贴比例" not in page
    PolicyYear.objects.filter(pk=policy.pk).update(provisional_fields=["si_subsidy_share"])
    page = client_for(world.users["employer_a"]).get(url).content.decode()
    assert "暂定" not in page
    PolicyYear.objects.filter(pk=policy.pk).update(provisional_fields=[])
    listing = client_for(world.users["district"]).get("/admin/snippets/quota/policyyear/").content.decode()
    assert "已确认" in listing


def test_the_migration_flags_only_placeholders_nobody_replaced(policy):
    migration = importlib.import_module("quota.migrations.0008_policy_provisional")
    PolicyYear.objects.update(provisional_fields=[])
    policy.local_avg_wage = Decimal("140000")  # the district entered the published figure
    policy.save()
    migration.mark_placeholders(apps, None)
    marked = PolicyYear.objects.get(pk=policy.pk).provisional_fields
    assert "local_avg_wage" not in marked and "reward_per_person" in marked
    assert "min_wage" not in marked  # published: never provisional


def test_an_approved_result_is_not_called_provisional(world, start_declaration, client_for):
    """Walked in Chromium: an approved declaration — final, never recomputed, its letter issued — was
    still headed 「暂定」…参数待确认 and 计算结果（暂定） on the employer's and the reviewers' pages."""
    approved = _approved(world, start_declaration)
    assert PolicyYear.objects.get(year=YEAR).provisional_fields  # the year still has placeholders
    page = client_for(world.users["employer_a"]).get(
        reverse("employer-declaration-detail", args=[approved.pk])).content.decode()
    assert "暂定" not in page
    page = client_for(world.users["district"]).get(
        reverse("review-declaration-detail", args=[approved.pk])).content.decode()
    assert "暂定" not in page
