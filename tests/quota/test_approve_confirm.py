"""The district's final approval of a declaration is confirmed first: the approve POST at the final
step shows what will happen (employer, year, the result, the letter number, the employer told) and
approves nothing; only the confirmation page's POST approves. The town step's approval and a return
are confirmed first too (``review/decision_confirm.html``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from employment.formats import cn_money
from quota import services
from quota.models import Declaration, DeclarationStatus
from tests.quota.conftest import roster_row

pytestmark = pytest.mark.django_db


def _at_district(world, start_declaration):
    employer = world.users["employer_a"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    services.declaration_submit(declaration=declaration, user=employer)
    return declaration


def test_the_town_step_is_confirmed_first_and_says_what_comes_next(world, start_declaration, client_for):
    """Walk A, item 5: the town cannot take its approval back, so it is said first (and the message
    after it says the declaration now waits for the district, not that it is approved)."""
    employer = world.users["employer_a"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    services.declaration_submit(declaration=declaration, user=employer)
    url = reverse("review-declaration-detail", args=[declaration.pk])
    client = client_for(world.users["town_x"])
    response = client.post(url, {"action": "approve", "comment": "同意"})
    html = response.content.decode()
    assert response.status_code == 200
    assert Declaration.objects.get(pk=declaration.pk).status == DeclarationStatus.TOWN_REVIEW
    assert "<h1>确认初审通过：" in html and "通过后将报区残联终审，您不能再修改" in html
    assert "同意</textarea>" in html and 'name="confirm"' in html and "返回，不审核通过" in html
    # The comment's hint is the field's own (named by aria-describedby), as on every form.
    assert 'id="id_comment_helptext"' in html and 'aria-describedby="id_comment_helptext"' in html
    response = client.post(url, {"action": "approve", "comment": "同意", "confirm": "1"}, follow=True)
    assert Declaration.objects.get(pk=declaration.pk).status == DeclarationStatus.DISTRICT_REVIEW
    assert "初审已通过，已报区残联终审。" in response.content.decode()


def test_a_return_is_confirmed_first(world, start_declaration, client_for):
    employer = world.users["employer_a"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1)])
    services.declaration_submit(declaration=declaration, user=employer)
    url = reverse("review-declaration-detail", args=[declaration.pk])
    client = client_for(world.users["town_x"])
    # Without a comment: the error, not the confirmation.
    html = client.post(url, {"action": "reject", "comment": ""}).content.decode()
    assert "退回时请填写审核意见" in html and "确认退回修改" not in html
    html = client.post(url, {"action": "reject", "comment": "请补充社保证明"}).content.decode()
    assert "<h1>确认退回修改：" in html and "请补充社保证明</textarea>" in html and "返回，不退回" in html
    assert Declaration.objects.get(pk=declaration.pk).status == DeclarationStatus.TOWN_REVIEW
    back = client.post(url, {"action": "reject", "comment": "请补充社保证明", "back": "1"}).content.decode()
    assert "确认退回修改：" not in back and "请补充社保证明</textarea>" in back
    assert Declaration.objects.get(pk=declaration.pk).status == DeclarationStatus.TOWN_REVIEW
    done = client.post(url, {"action": "reject", "comment": "请补充社保证明", "confirm": "1"}, follow=True)
    assert Declaration.objects.get(pk=declaration.pk).status == DeclarationStatus.REJECTED
    assert "已退回单位修改。" in done.content.decode()


def test_the_final_approval_without_confirmation_approves_nothing_and_asks(world, start_declaration, client_for):
    declaration = _at_district(world, start_declaration)
    services.declaration_review(declaration=declaration, user=world.users["town_x"], action="approve")
    url = reverse("review-declaration-detail", args=[declaration.pk])
    client = client_for(world.users["district"])

    response = client.post(url, {"action": "approve", "comment": "材料齐全，同意"})
    html = response.content.decode()
    fresh = Declaration.objects.get(pk=declaration.pk)
    assert response.status_code == 200
    assert fresh.status == DeclarationStatus.DISTRICT_REVIEW and fresh.letter_no == ""
    assert "<h1>确认审核通过：" in html and world.employer_a.name in html
    raw = fresh.result["summary"]
    for shown in ("应安排残疾人数", raw["required"], "实际安排残疾人数", raw["counted"], "编发审核认定书编号",
                  "确认审核通过", "返回，不审核通过"):
        assert shown in html
    assert "应缴保障金（元）" in html and f"<dd>{cn_money(raw['levy_payable'])}</dd>" in html  # 1 of 1.5: a levy
    assert "材料齐全，同意</textarea>" in html  # the comment is carried over
    assert 'name="confirm"' in html

    response = client.post(url, {"action": "approve", "comment": "材料齐全，同意", "confirm": "1"})
    assert response.status_code == 302
    fresh = Declaration.objects.get(pk=declaration.pk)
    assert fresh.status == DeclarationStatus.APPROVED and fresh.letter_no
    assert fresh.reviewer_comment == "材料齐全，同意"


def test_no_confirmation_for_who_may_not_approve(world, start_declaration, client_for):
    """Someone who may not give the final approval is refused as before, never shown the confirmation."""
    declaration = _at_district(world, start_declaration)
    services.declaration_review(declaration=declaration, user=world.users["town_x"], action="approve")
    url = reverse("review-declaration-detail", args=[declaration.pk])
    response = client_for(world.users["town_x"]).post(url, {"action": "approve"})
    assert "确认审核通过" not in response.content.decode()
    assert Declaration.objects.get(pk=declaration.pk).status == DeclarationStatus.DISTRICT_REVIEW


def test_going_back_from_the_confirmation_keeps_the_comment_and_decides_nothing(world, start_declaration,
                                                                                client_for):
    declaration = _at_district(world, start_declaration)
    services.declaration_review(declaration=declaration, user=world.users["town_x"], action="approve")
    url = reverse("review-declaration-detail", args=[declaration.pk])
    client = client_for(world.users["district"])
    confirm_page = client.post(url, {"action": "approve", "comment": "材料齐全，同意"}).content.decode()
    assert 'name="back"' in confirm_page and "返回，不审核通过" in confirm_page

    back = client.post(url, {"action": "approve", "comment": "材料齐全，同意（已改）", "back": "1"})
    html = back.content.decode()
    assert back.status_code == 200 and "<h1>确认审核通过：" not in html
    assert "材料齐全，同意（已改）</textarea>" in html  # the review form, with the comment as typed
    fresh = Declaration.objects.get(pk=declaration.pk)
    assert fresh.status == DeclarationStatus.DISTRICT_REVIEW and fresh.reviewer_comment == ""
