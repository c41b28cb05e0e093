"""The final approval (区残联终审) in the Wagtail admin needs the reviewer's confirmation, as on the
portal's review pages: the district step offers one approve action, with a form whose confirmation
box is required; the workflow-action URL re-shows that form without it, and the edit view refuses a
hand-made POST that leaves it out. The town step keeps its plain approve. Driven through the real
admin URLs, for declarations and subsidy applications alike."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from quota import services as quota
from review.action_forms import FINAL_APPROVAL_UNCONFIRMED, FinalApprovalForm
from review.models import ReviewStatus
from review.selectors import current_task
from subsidies import services as subsidies
from tests.quota.conftest import roster_row
from tests.review.conftest import ADMIN_VIEWS

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_district(world, filed):
    """``filed``, both approved by town X: in the district's (final) step."""
    quota.declaration_review(declaration=filed["declaration"], user=world.users["town_x"], action="approve")
    subsidies.subsidy_review(application=filed["subsidy"], user=world.users["town_x"], action="approve")
    found = {kind: type(obj).objects.get(pk=obj.pk) for kind, obj in filed.items()}
    assert all(obj.status == ReviewStatus.DISTRICT_REVIEW for obj in found.values())
    return found


def _status(obj):
    return type(obj).objects.get(pk=obj.pk).status


def _action_url(kind, obj):
    task_state, _ = current_task(type(obj).objects.get(pk=obj.pk))
    return reverse(f"{ADMIN_VIEWS[kind]}:workflow_action", args=[obj.pk, "approve", task_state.pk])


@pytest.mark.parametrize("kind", ["declaration", "subsidy"])
def test_the_final_step_offers_one_approve_with_the_confirmation_form(world, at_district, kind):
    obj = at_district[kind]
    _, task = current_task(obj)
    district = world.users["district"]
    assert [(name, modal) for name, _label, modal in task.get_actions(obj, district)] == [
        ("reject", True), ("approve", True)]
    assert task.get_form_for_action("approve") is FinalApprovalForm
    assert not FinalApprovalForm({"comment": "同意"}).is_valid()
    assert FinalApprovalForm({"comment": "同意", "confirm": "on"}).is_valid()


def test_the_town_step_keeps_its_plain_approve(world, start_declaration):
    employer = world.users["employer_a"]
    declaration = quota.declaration_submit(
        declaration=start_declaration(world.employer_a, employer, rows=[roster_row(1)]), user=employer)
    _, task = current_task(declaration)
    assert ("approve", "审核通过", False) in task.get_actions(declaration, world.users["town_x"])
    assert task.get_form_for_action("approve") is not FinalApprovalForm


@pytest.mark.parametrize("kind", ["declaration", "subsidy"])
def test_the_edit_view_labels_the_final_approve_without_publish(world, at_district, client, kind):
    """Wagtail appends 并发布 to the last step's approve; a filing is approved, not published."""
    client.force_login(world.users["district"])
    body = client.get(reverse(f"{ADMIN_VIEWS[kind]}:edit", args=[at_district[kind].pk])).content.decode()
    assert 'data-workflow-action-name="approve"' in body
    assert "终审通过" in body and "并发布" not in body


@pytest.mark.parametrize("kind", ["declaration", "subsidy"])
def test_the_action_url_asks_again_without_the_confirmation(world, at_district, client, kind):
    obj = at_district[kind]
    client.force_login(world.users["district"])
    url = _action_url(kind, obj)
    xhr = {"headers": {"x-requested-with": "XMLHttpRequest"}}  # as the admin's modal sends it
    modal = client.get(url, **xhr).json()
    assert modal["step"] == "action" and "我已核对，确认终审通过" in modal["html"]
    again = client.post(url, {"comment": "同意"}, **xhr).json()
    assert again["step"] == "action" and FINAL_APPROVAL_UNCONFIRMED in again["html"]
    assert _status(obj) == ReviewStatus.DISTRICT_REVIEW
    plain = client.post(url, {"comment": "同意"})  # not from the modal: sent back, nothing done
    assert plain.status_code == 302 and _status(obj) == ReviewStatus.DISTRICT_REVIEW
    done = client.post(url, {"comment": "同意", "confirm": "on"}, **xhr).json()
    assert done["step"] == "success" and _status(obj) == ReviewStatus.APPROVED


@pytest.mark.parametrize("kind", ["declaration", "subsidy"])
def test_the_edit_view_refuses_a_final_approval_without_the_confirmation(world, at_district, client, kind):
    obj = at_district[kind]
    client.force_login(world.users["district"])
    edit = reverse(f"{ADMIN_VIEWS[kind]}:edit", args=[obj.pk])
    for extra in ('{"comment": "同意"}', '{"comment": "同意", "confirm": false}', "not json", "[]"):
        refused = client.post(edit, {"action-workflow-action": "1", "workflow-action-name": "approve",
                                     "workflow-action-extra-data": extra}, follow=True)
        assert FINAL_APPROVAL_UNCONFIRMED in refused.content.decode(), extra
        assert _status(obj) == ReviewStatus.DISTRICT_REVIEW
    client.post(edit, {"action-workflow-action": "1", "workflow-action-name": "approve",
                       "workflow-action-extra-data": json.dumps({"comment": "同意", "confirm": True})})
    approved = type(obj).objects.get(pk=obj.pk)
    assert approved.status == ReviewStatus.APPROVED and approved.reviewer_comment == "同意"
