"""The start-up subsidy's tiers said with what each requires: the form names every tier by its criterion
and amount in the choice itself (none chosen in advance), and the application's page shows the chosen
tier with its criterion, as it was worded when the application was saved (the policy year's now, for
one saved before the wording was kept), to the applicant and to the reviewers — the tier alone when
there is no criterion for it."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from domain import identity
from quota.models import PolicyYear
from subsidies.models import SubsidyApplication

from .conftest import BANK, CREDIT_STEM, YEAR, startup_filed

pytestmark = pytest.mark.django_db


def _options(html: str) -> list[str]:
    select = re.search(r'<select name="tier"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [unescape(text) for text in re.findall(r"<option[^>]*>(.*?)</option>", select)]


def test_the_form_names_each_tier_by_its_criterion_and_amount(world, policy, client_for):
    html = client_for(world.users["seeker_a"]).get(reverse("subsidy-startup-apply")).content.decode()
    assert _options(html) == [
        "请选择档次",
        "A档：带动就业3人以上 — 20,000 元",
        "B档：营业额达标 — 10,000 元",
        "C档：正常经营满1年 — 5,000 元",
        "D档：首次创业登记 — 2,000 元",
    ]
    assert '<option value="" selected>请选择档次</option>' in html  # still no tier chosen in advance


def test_a_tier_without_a_criterion_is_named_by_its_amount(world, policy, client_for):
    latest = PolicyYear.objects.order_by("-year").first()
    PolicyYear.objects.filter(pk=latest.pk).update(startup_subsidy_tier_criteria={"A": "带动就业3人以上"})
    html = client_for(world.users["seeker_a"]).get(reverse("subsidy-startup-apply")).content.decode()
    assert _options(html)[1:3] == ["A档：带动就业3人以上 — 20,000 元", "B档：10,000 元"]


def test_editing_shows_the_criteria_of_the_application_year(world, policy, client_for):
    application = startup_filed(world, evidence=False)
    assert application.year == YEAR and PolicyYear.objects.order_by("-year").first().year > YEAR
    PolicyYear.objects.filter(year__gt=YEAR).update(
        startup_subsidy_tier_criteria={"A": "新条件", "B": "新条件", "C": "新条件", "D": "新条件"})
    html = client_for(world.users["seeker_a"]).get(
        reverse("subsidy-startup-edit", args=[application.pk])).content.decode()
    assert "C档：正常经营满1年 — 5,000 元" in _options(html) and "新条件" not in html


@pytest.mark.parametrize("user", ["seeker_a", "town_x", "district"])
def test_the_application_page_shows_the_tier_with_its_criterion(world, policy, client_for, user):
    application = startup_filed(world)
    html = client_for(world.users[user]).get(reverse("subsidy-detail", args=[application.pk])).content.decode()
    assert "<dt>补贴档次</dt><dd>C档：正常经营满1年</dd>" in html


def test_the_application_keeps_the_criterion_it_was_filed_under(world, policy, client_for):
    """The district rewording a tier later does not change what a filed application claimed."""
    application = startup_filed(world)
    assert application.calculation["criterion"] == "正常经营满1年"
    PolicyYear.objects.filter(year=YEAR).update(startup_subsidy_tier_criteria={
        "A": "带动就业3人以上", "B": "营业额达标", "C": "新的说法", "D": "首次创业登记"})
    html = client_for(world.users["town_x"]).get(reverse("subsidy-detail", args=[application.pk])).content.decode()
    assert "<dt>补贴档次</dt><dd>C档：正常经营满1年</dd>" in html and "新的说法" not in html


def test_the_application_page_names_the_tier_alone_when_its_year_has_no_criterion(world, policy, client_for):
    application = startup_filed(world)
    # Saved before the criterion was kept with the application: the policy year's is read instead.
    SubsidyApplication.objects.filter(pk=application.pk).update(calculation={"tier": "C"})
    html = client_for(world.users["town_x"]).get(reverse("subsidy-detail", args=[application.pk])).content.decode()
    assert "<dt>补贴档次</dt><dd>C档：正常经营满1年</dd>" in html
    PolicyYear.objects.filter(year=YEAR).update(startup_subsidy_tier_criteria={})
    html = client_for(world.users["town_x"]).get(reverse("subsidy-detail", args=[application.pk])).content.decode()
    assert "<dt>补贴档次</dt><dd>C档</dd>" in html
    PolicyYear.objects.filter(year=YEAR).delete()  # no policy year at all: still the tier, no error
    html = client_for(world.users["seeker_a"]).get(reverse("subsidy-detail", args=[application.pk])).content.decode()
    assert "<dt>补贴档次</dt><dd>C档</dd>" in html


def test_an_empty_form_says_what_to_fill_in_field_by_field(world, policy, client_for):
    response = client_for(world.users["seeker_a"]).post(reverse("subsidy-startup-apply"), {"year": str(YEAR)})
    html = unescape(response.content.decode())
    assert response.status_code == 200
    for message in ("请选择补贴档次。", "请填写经营主体名称。", "请填写统一社会信用代码。", "请填写开户银行。"):
        assert message in html, message


def test_a_new_application_shows_the_tiers_of_the_year_chosen_above_the_form(world, policy, client_for):
    """The year is chosen first (a GET form above the application form), so the amounts read are the
    ones the application gets; the form carries that year, and a refused submission keeps it."""
    latest = PolicyYear.objects.order_by("-year").first()
    assert latest.year > YEAR
    PolicyYear.objects.filter(pk=latest.pk).update(
        startup_subsidy_tiers={"A": 15000}, startup_subsidy_tier_criteria={"A": "新条件"})
    client = client_for(world.users["seeker_a"])
    url = reverse("subsidy-startup-apply")

    html = unescape(client.get(url).content.decode())
    assert _options(html) == ["请选择档次", "A档：新条件 — 15,000 元"]
    assert f'<input type="hidden" name="year" value="{latest.year}"' in html
    assert f"申请年度：{latest.year}年度。下面的补贴档次和金额按{latest.year}年度的政策。" in html

    html = unescape(client.get(url, {"year": YEAR}).content.decode())
    assert _options(html)[1] == "A档：带动就业3人以上 — 20,000 元" and "新条件" not in html
    assert f'<input type="hidden" name="year" value="{YEAR}"' in html
    assert f'<option value="{YEAR}" selected>{YEAR}年度</option>' in html
    assert f"申请年度：{YEAR}年度。" in html

    html = unescape(client.post(url, {"year": str(YEAR)}).content.decode())
    assert _options(html)[1] == "A档：带动就业3人以上 — 20,000 元" and f'name="year" value="{YEAR}"' in html

    # A year without a policy is not offered: the latest year's tiers are shown.
    html = unescape(client.get(url, {"year": 1990}).content.decode())
    assert _options(html)[1] == "A档：新条件 — 15,000 元"


def test_an_application_keeps_its_year_when_edited(world, policy, client_for):
    application = startup_filed(world, evidence=False)
    client = client_for(world.users["seeker_a"])
    url = reverse("subsidy-startup-edit", args=[application.pk])
    html = unescape(client.get(url).content.decode())
    assert 'name="year"' not in html and f"申请年度：{YEAR}年度（保存后不能更改）。" in html


def _form_data(**extra) -> dict:
    return {"business_name": "小甲网店", "business_credit_code": identity.make_credit_code(CREDIT_STEM),
            "business_registered_on": "2025-03-01", "tier": "C", "tier_evidence": "带动就业2人",
            **BANK, "bank_account_name": "张甲", **extra}


def test_an_edit_is_checked_against_the_tiers_of_the_applications_year(world, policy, client_for):
    """The edit form has no year: the tier is checked against the application's year, not the latest."""
    application = startup_filed(world, evidence=False)
    latest = PolicyYear.objects.order_by("-year").first()
    PolicyYear.objects.filter(pk=latest.pk).update(startup_subsidy_tiers={"A": 15000},
                                                   startup_subsidy_tier_criteria={"A": "新条件"})
    url = reverse("subsidy-startup-edit", args=[application.pk])
    client = client_for(world.users["seeker_a"])
    html = unescape(client.get(url).content.decode())
    assert 'value="2025-03-01"' in html  # the saved date is in the form the date input reads
    response = client.post(url, _form_data(business_name="小甲网店（改名）"))
    assert response.status_code == 302, unescape(response.content.decode())[-2000:]
    application.refresh_from_db()
    assert (application.business_name, application.tier, application.year) == ("小甲网店（改名）", "C", YEAR)


def test_a_year_without_a_policy_comes_back_with_the_latest_years_tiers_and_says_so(world, policy, client_for):
    latest = PolicyYear.objects.order_by("-year").first()
    client = client_for(world.users["seeker_a"])
    url = reverse("subsidy-startup-apply")
    response = client.post(url, _form_data(year="1990"))
    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert f"所选的申请年度没有补贴政策，现在显示的是{latest.year}年度的补贴档次。" in html
    assert f'<input type="hidden" name="year" value="{latest.year}"' in html
    assert 'href="#id_year"' not in html  # the summary does not point at a hidden field
    response = client.post(url, _form_data(year=str(latest.year)))  # sent again as the page now stands
    assert response.status_code == 302


def test_choosing_a_year_puts_the_focus_on_what_changed(world, policy, client_for):
    client = client_for(world.users["seeker_a"])
    url = reverse("subsidy-startup-apply")
    assert "data-autofocus" not in client.get(url).content.decode()
    assert 'id="year-shown" tabindex="-1" data-autofocus' in client.get(url, {"year": YEAR}).content.decode()


def test_a_submitted_application_is_not_offered_for_editing(world, policy, client_for):
    application = startup_filed(world)
    response = client_for(world.users["seeker_a"]).get(reverse("subsidy-startup-edit", args=[application.pk]),
                                                       follow=True)
    assert response.redirect_chain[-1][0] == reverse("subsidy-detail", args=[application.pk])
    assert "<strong>未能完成：</strong>申请已提交审核，不能修改。如需修改，请等待审核退回。" in unescape(
        response.content.decode())
