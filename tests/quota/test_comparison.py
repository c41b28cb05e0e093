"""A resubmitted declaration compared with its previous submission (issue 15, item 1): headcounts,
wage bill, and roster rows added, removed and changed — matched by person through the certificate
number's keyed hash, shown by name and masked number only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from quota import services
from quota.comparison import compare_contents, declaration_comparison
from quota.models import Declaration
from tests.quota.conftest import YEAR, cert, roster_csv, roster_row  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def resubmitted(world, start_declaration):
    """Filed with 职工1–3 (100 staff a month), returned, then filed again with 职工1 unchanged, 职工2 paid
    more and employed fewer months, 职工3 removed, 职工4 added, 110 staff a month and a larger wage bill."""
    employer = world.users["employer_a"]
    declaration = start_declaration(world.employer_a, employer, rows=[roster_row(1), roster_row(2), roster_row(3)])
    services.declaration_submit(declaration=declaration, user=employer)
    services.declaration_review(declaration=declaration, user=world.users["town_x"], action="reject", comment="请核对")
    declaration = Declaration.objects.get(pk=declaration.pk)
    services.declaration_update_basics(declaration=declaration, monthly_headcounts=[100] * 6 + [110] * 6,
                                       wage_bill=Decimal("12000000"), user=employer)
    rows = [roster_row(1), roster_row(2, **{"月工资（元）": "4500", "在岗月份": "1-6"}), roster_row(4)]
    services.declaration_roster_import(declaration=declaration, content=roster_csv(rows), filename="r.csv",
                                       user=employer)
    services.declaration_submit(declaration=declaration, user=employer)
    return Declaration.objects.get(pk=declaration.pk)


def test_a_first_submission_has_nothing_to_compare(world, start_declaration):
    declaration = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    services.declaration_submit(declaration=declaration, user=world.users["employer_a"])
    assert declaration_comparison(Declaration.objects.get(pk=declaration.pk)) is None


def test_rows_added_removed_and_changed_are_matched_by_person(resubmitted):
    comparison = declaration_comparison(resubmitted)
    assert [r.name for r in comparison.added] == ["职工4"]
    assert [r.name for r in comparison.removed] == ["职工3"]
    assert [r.name for r in comparison.changed] == ["职工2"]  # 职工1 re-imported as a new row, same person
    changes = {label: (before, after) for label, before, after in comparison.changed[0].changes}
    assert set(changes) == {"月工资（元）", "在岗月份"}
    assert changes["月工资（元）"] == ("4000", "4500")
    assert changes["在岗月份"][0] != changes["在岗月份"][1]
    # Masked numbers only: never the number itself.
    masked = resubmitted.roster.get(name="职工4").cert_masked
    assert comparison.added[0].cert_masked == masked and cert(4) not in repr(comparison)


def test_headcount_and_wage_bill_deltas(resubmitted):
    figures = {f.label: f for f in declaration_comparison(resubmitted).figures}
    staff = figures["年平均在职职工人数"]
    assert (staff.before, staff.after, staff.delta) == ("100", "105", "+5")
    wages = figures["在职职工工资总额（元）"]
    assert (wages.before, wages.after, wages.delta) == ("10000000", "12000000", "+2000000")
    counted = figures["安排残疾人就业人数（计入人数）"]
    assert Decimal(counted.after) - Decimal(counted.before) == Decimal(counted.delta)
    assert Decimal(counted.delta) < 0  # 职工3's year and 职工2's second half are gone, 职工4 added: 3 → 2.5
    assert figures["名册人数"].delta == "0"
    assert declaration_comparison(resubmitted).months == [(m, "100", "110") for m in range(7, 13)]


def test_compare_contents_on_plain_data():
    before = {"staff_avg": "10", "counted": "1", "wage_bill": "100", "monthly_headcounts": [10] * 12,
              "roster": [{"cert_hash": "h1", "name": "甲", "cert_masked": "3302**1", "grade": 3, "counted_here": True}]}
    after = {**before, "staff_avg": "9.5",
             "roster": [{"cert_hash": "h1", "name": "甲", "cert_masked": "3302**1", "grade": 2, "counted_here": False}]}
    result = compare_contents(before, after)
    figure = result["figures"][0]
    assert (figure.before, figure.after, figure.delta) == ("10", "9.5", "-0.5")
    assert result["changed"][0].changes == (("残疾等级", "3", "2"), ("计入本单位", "是", "否"))
    assert result["added"] == result["removed"] == [] and result["months"] == []


def test_the_review_page_shows_the_comparison(world, client_for, resubmitted):
    html = client_for(world.users["district"]).get(
        reverse("review-declaration-detail", args=[resubmitted.pk])).content.decode()
    assert "与上次提交比较" in html and "新增 1 人，删除 1 人，修改 1 人" in html
    assert html.index('id="comparison"') < html.index('id="review-history"')
