"""The review window is enforced: a declaration first submitted after the year's window closed is a
late one (补报); under the year's rule (``late_needs_district_acceptance``) the district accepts it,
with a note kept in its history, before the final approval."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from quota import services
from quota.models import LATE_NEEDS_ACCEPTANCE, Declaration, DeclarationStatus
from review.selectors import revisions_of

from .conftest import roster_row


def _close_window(policy, *, days_ago: int = 1, rule: bool = True):
    today = timezone.localdate()
    policy.review_window_start = today - timedelta(days=200)
    policy.review_window_end = today - timedelta(days=days_ago)
    policy.late_needs_district_acceptance = rule
    policy.save()


@pytest.fixture
def submitted(world, start_declaration):
    def submit():
        d = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
        return services.declaration_submit(declaration=d, user=world.users["employer_a"])
    return submit


def test_on_time_is_not_late(world, policy, submitted):
    _close_window(policy, days_ago=-1)  # closes tomorrow
    assert not submitted().late


def test_late_needs_the_districts_acceptance_before_final_approval(world, policy, submitted, client_for):
    _close_window(policy)
    d = submitted()
    assert d.late and d.late_acceptance_pending
    services.declaration_review(declaration=d, user=world.users["town_x"], action="approve")  # the town step is not held
    with pytest.raises(PermissionDenied, match=LATE_NEEDS_ACCEPTANCE):
        services.declaration_review(declaration=d, user=world.users["district"], action="approve")

    url = f"/review/declarations/{d.pk}/accept-late/"
    assert client_for(world.users["town_x"]).post(url, {"note": "同意"}).status_code == 403
    district = client_for(world.users["district"])
    page = district.get(f"/review/declarations/{d.pk}/").content.decode()
    assert "须经区残联同意受理后才能终审通过" in page and "同意受理补报" in page
    response = district.post(url, {"note": ""}, follow=True)
    refused = response.content.decode()
    # Back to the top of the page, where the message is (a link leads on to the form), not to #late.
    assert response.redirect_chain == [(f"/review/declarations/{d.pk}/", 302)]
    assert f'<a href="/review/declarations/{d.pk}/#late">去填写受理补报意见</a>' in refused
    assert Declaration.objects.get(pk=d.pk).late_accepted_at is None  # a note is required
    # The refusal names the field and says what to write, not Django's bare 必需字段.
    assert "未能受理补报：请填写受理补报意见：写明逾期原因和同意受理的依据。" in refused
    revisions = revisions_of(d).count()
    assert district.post(url, {"note": "单位因搬迁逾期，经核实同意受理。"}).status_code == 302
    d.refresh_from_db()
    assert d.late_accepted_by == world.users["district"] and "搬迁" in d.late_acceptance_note
    assert revisions_of(d).count() == revisions + 1  # kept in the declaration's history
    assert "单位因搬迁逾期" in district.get(f"/review/declarations/{d.pk}/").content.decode()

    services.declaration_review(declaration=d, user=world.users["district"], action="approve")
    assert Declaration.objects.get(pk=d.pk).status == DeclarationStatus.APPROVED


def test_without_the_rule_a_late_declaration_is_only_marked(world, policy, submitted):
    _close_window(policy, rule=False)
    d = submitted()
    assert d.late and not d.late_acceptance_pending
    services.declaration_review(declaration=d, user=world.users["town_x"], action="approve")
    services.declaration_review(declaration=d, user=world.users["district"], action="approve")
    assert Declaration.objects.get(pk=d.pk).status == DeclarationStatus.APPROVED


def test_a_resubmission_after_the_window_keeps_the_first_submissions_date(world, policy, submitted):
    _close_window(policy, days_ago=-1)
    d = submitted()
    services.declaration_review(declaration=d, user=world.users["town_x"], action="reject", comment="请补充名册")
    _close_window(policy)  # the window has closed since
    d = services.declaration_submit(declaration=Declaration.objects.get(pk=d.pk), user=world.users["employer_a"])
    assert not d.late


def test_the_list_marks_late_declarations(world, policy, submitted, client_for):
    _close_window(policy)
    submitted()
    page = client_for(world.users["town_x"]).get("/review/declarations/").content.decode()
    assert "补报" in page


def test_the_employer_is_told_before_submitting_late(world, policy, start_declaration, client_for):
    _close_window(policy)
    d = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    client = client_for(world.users["employer_a"])
    page = client.get(f"/employer/declarations/{d.pk}/submit/").content.decode()
    assert "将作为补报处理" in page and "须经区残联同意受理" in page
    client.post(f"/employer/declarations/{d.pk}/submit/", {"response": "搬迁耽误"})
    assert "等待区残联同意受理" in client.get(f"/employer/declarations/{d.pk}/").content.decode()
