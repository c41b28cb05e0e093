"""Separation of duties without a dead end (security review after issue 13): staff are warned before
they save payment details, the refusal names who can act instead, a district reviewer takes the
town step when nobody in the town may approve (the reason recorded in the history), and staff lists
say in words which applications a user may not approve or the district must take over."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from employment.models import Role
from subsidies import services
from subsidies.models import SubsidyApplication, SubsidyStatus
from tests.factories import make_user

from .conftest import BANK, startup_filed

pytestmark = pytest.mark.django_db

WARNING = "按规定您将不能审核通过这份申请"
TOWN_WHO = "请由鼓楼街道残联的其他审核人员审核；如果鼓楼街道残联没有其他审核人员可以审核，区残联可以代为初审。"
TAKEOVER = "【区残联代为镇街初审：本镇街审核人员按规定不能审核通过：两位都改过收款信息】"


@pytest.fixture
def draft(world, policy):
    return startup_filed(world, submit=False)


def _staff_bank(client, application, account="6217000099998888"):
    bank = {**BANK, "bank_account_name": "张甲", "bank_account": account}
    assert client.post(reverse("subsidy-bank-update", args=[application.pk]), bank).status_code == 302


def _status(application):
    return SubsidyApplication.objects.get(pk=application.pk).status


def test_staff_are_warned_before_saving_payment_details(world, client_for, draft):
    for url in (reverse("subsidy-detail", args=[draft.pk]), reverse("subsidy-startup-edit", args=[draft.pk]),
                reverse("subsidy-startup-apply") + f"?seeker={world.seeker_a.pk}"):
        html = client_for(world.users["town_x"]).get(url, follow=True).content.decode()
        assert WARNING in html and "鼓楼街道残联的其他审核人员或区残联" in html, url
    own = client_for(world.users["seeker_a"]).get(reverse("subsidy-detail", args=[draft.pk])).content.decode()
    assert WARNING not in own


def test_the_refusal_names_who_can_act(world, client_for, draft):
    client = client_for(world.users["town_x"])
    _staff_bank(client, draft)
    services.subsidy_submit(application=draft, user=world.users["seeker_a"])
    html = client.get(reverse("subsidy-detail", args=[draft.pk])).content.decode()
    assert TOWN_WHO in html
    with pytest.raises(PermissionDenied, match="鼓楼街道残联的其他审核人员"):
        services.subsidy_review(application=draft, user=world.users["town_x"], action="approve")
    # At the district step: another district reviewer.
    district = world.users["district"]
    services.subsidy_review(application=draft, user=world.users["town_x"], action="reject", comment="请核对")
    _staff_bank(client_for(district), draft, account="6217000011112222")
    services.subsidy_submit(application=draft, user=world.users["seeker_a"])
    town_x2 = make_user(Role.TOWN, username="town_x2", town=world.town_x)
    services.subsidy_review(application=draft, user=town_x2, action="approve")
    refusal = SubsidyApplication.objects.get(pk=draft.pk).approval_refusal(district)
    assert refusal.endswith("请由区残联的其他审核人员审核。")


def test_the_district_takes_the_town_step_when_every_town_reviewer_is_barred(world, client_for, draft):
    town_x, district = world.users["town_x"], world.users["district"]
    _staff_bank(client_for(town_x), draft)
    services.subsidy_submit(application=draft, user=world.users["seeker_a"])
    detail = reverse("subsidy-detail", args=[draft.pk])
    # The staff list says it, in words, to the barred reviewer and to the district.
    listing = client_for(town_x).get(reverse("subsidy-review-list")).content.decode()
    assert "您修改过收款信息，不能审核通过" in listing
    listing = client_for(district).get(reverse("subsidy-review-list")).content.decode()
    assert "需区残联代为初审" in listing
    page = client_for(district).get(detail).content.decode()
    assert 'value="approve"' not in page and "代为镇街初审或改派" in page
    # The district takes the town step with a recorded reason (review.services.town_step_take).
    take = reverse("review-town-step", args=["subsidy", draft.pk])
    client_for(district).post(take, {"reason": "barred", "detail": "两位都改过收款信息", "assignee": ""})
    page = client_for(district).get(detail).content.decode()
    assert 'value="approve"' in page and "您代为办理镇街初审" in page
    response = client_for(district).post(detail, {"action": "approve", "comment": "已电话核实账户", "confirm": "1"})
    assert response.status_code == 302
    assert _status(draft) == SubsidyStatus.DISTRICT_REVIEW
    history = client_for(world.users["seeker_a"]).get(detail).content.decode()
    assert TAKEOVER + "已电话核实账户" in history
    # Two people approve: the district reviewer who took the town step does not also approve finally.
    with pytest.raises(PermissionDenied, match="其他审核人员"):
        services.subsidy_review(application=draft, user=district, action="approve")
    district2 = make_user(Role.DISTRICT, username="district2")
    services.subsidy_review(application=draft, user=district2, action="approve")
    assert _status(draft) == SubsidyStatus.APPROVED


def test_no_takeover_while_another_town_reviewer_may_approve(world, client_for, draft):
    make_user(Role.TOWN, username="town_x2", town=world.town_x)
    _staff_bank(client_for(world.users["town_x"]), draft)
    services.subsidy_submit(application=draft, user=world.users["seeker_a"])
    with pytest.raises(PermissionDenied):
        services.subsidy_review(application=draft, user=world.users["district"], action="approve")
    assert _status(draft) == SubsidyStatus.TOWN_REVIEW
    listing = client_for(world.users["district"]).get(reverse("subsidy-review-list")).content.decode()
    assert "需区残联代为初审" not in listing
