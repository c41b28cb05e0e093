"""Two people approve (walk A, item 2): a district reviewer who took the town step of a submission
may only send it back at the final step, so nothing asks them to approve it — their 待终审 counts and
lists (work queue, ``?queue=district``), the admin's 等待您审核 and the "please review" notices leave
it out, and the review lists say in words that a colleague gives the final approval. A district
colleague still sees and is told everything."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import TaskState

from employment.models import Notification, Role
from quota import selectors as quota_selectors
from quota import services as quota
from review import services as review
from review.selectors import FINAL_APPROVAL_BY_COLLEAGUE
from subsidies import selectors as subsidy_selectors
from subsidies import services as subsidies
from tests.factories import make_user
from tests.quota.conftest import roster_row
from tests.subsidies.conftest import startup_filed

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague():
    return make_user(Role.DISTRICT, username="district_colleague", display_name="李四")


@pytest.fixture
def taken(world, start_declaration, colleague):
    """A declaration whose town step ``district`` took and approved: at the final step now."""
    employer = world.users["employer_a"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    quota.declaration_submit(declaration=declaration, user=employer)
    review.town_step_take(obj=declaration, user=world.users["district"], reason="absent")
    quota.declaration_review(declaration=declaration, user=world.users["district"], action="approve")
    return declaration


def _queued(user, obj) -> list[Notification]:
    return list(Notification.objects.filter(user=user, event="review.queued", subject__contains=str(obj)))


def test_the_declaration_is_not_in_the_queue_of_who_took_its_town_step(world, taken, colleague, client_for):
    district = world.users["district"]
    assert list(quota_selectors.declarations_in_queue(district, "district")) == []
    assert list(quota_selectors.declarations_in_queue(colleague, "district")) == [taken]
    mine = client_for(district).get(reverse("work-queue")).content.decode()
    theirs = client_for(colleague).get(reverse("work-queue")).content.decode()
    assert "待终审的年审申报<span class=\"visually-hidden\">：暂无待办" in mine
    assert "待终审的年审申报<span class=\"visually-hidden\">：1 项" in theirs
    listed = client_for(district).get(reverse("review-declaration-list") + "?queue=district").content.decode()
    assert world.employer_a.name not in listed
    # The whole list still shows it, saying in words who approves it.
    listing = client_for(district).get(reverse("review-declaration-list")).content.decode()
    assert world.employer_a.name in listing and FINAL_APPROVAL_BY_COLLEAGUE in listing
    theirs = client_for(colleague).get(reverse("review-declaration-list")).content.decode()
    assert FINAL_APPROVAL_BY_COLLEAGUE not in theirs


def test_who_took_the_town_step_is_not_asked_to_review_it_finally(world, taken, colleague):
    assert _queued(world.users["district"], taken) == []
    assert len(_queued(colleague, taken)) == 1


def test_the_admin_awaiting_review_leaves_it_out(world, taken, colleague):
    assert not TaskState.objects.reviewable_by(world.users["district"]).exists()
    assert TaskState.objects.reviewable_by(colleague).count() == 1


def test_subsidy_applications_alike(world, policy, colleague, client_for):
    district = world.users["district"]
    application = startup_filed(world)
    review.town_step_take(obj=application, user=district, reason="deadline")
    subsidies.subsidy_review(application=application, user=district, action="approve")
    assert list(subsidy_selectors.applications_for_final_review(district)) == []
    assert list(subsidy_selectors.applications_for_final_review(colleague)) == [application]
    line = "待终审的补贴和奖励申请<span class=\"visually-hidden\">："
    assert line + "暂无待办" in client_for(district).get(reverse("work-queue")).content.decode()
    assert line + "1 项" in client_for(colleague).get(reverse("work-queue")).content.decode()
    assert _queued(district, application) == [] and len(_queued(colleague, application)) == 1
    url = reverse("subsidy-review-list")
    assert application.applicant_name not in client_for(district).get(url + "?queue=district").content.decode()
    assert application.applicant_name in client_for(colleague).get(url + "?queue=district").content.decode()
    assert FINAL_APPROVAL_BY_COLLEAGUE in client_for(district).get(url).content.decode()
    assert not TaskState.objects.reviewable_by(district).exists()
