"""The working-age rule through the roster: the upload's and the form's 女职工岗位类别 column, the stored
field, and the working shown for a declaration (不在劳动年龄内)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from domain import identity
from employer_portal.forms import RosterEntryForm
from quota import bridge, services
from quota.models import PolicyYear
from quota.roster_import import HEADERS, read_roster

from .conftest import YEAR, roster_csv, roster_row


def _cert(birth: date, seq: int) -> str:
    return identity.make_disability_cert(identity.make_resident_id(region="330203", birth=birth, seq=seq), 4, 3)


OLD_MAN = _cert(date(1950, 3, 1), 101)  # 75 in 2025
WOMAN_1975 = _cert(date(1975, 3, 5), 102)  # 50 in March 2025; as a worker she retires in May 2025


def test_upload_reads_the_post_and_rejects_other_words():
    rows, errors = read_roster(
        roster_csv([roster_row(1, 证件号码=WOMAN_1975, 女职工岗位类别="工人"), roster_row(2)]), "r.csv"
    )
    assert errors == []
    assert [r.female_post for r in rows] == ["worker", ""]
    _, errors = read_roster(roster_csv([roster_row(1, 女职工岗位类别="经理")]), "r.csv")
    assert [(e.row, e.column) for e in errors] == [(2, "女职工岗位类别")]
    assert "干部" in errors[0].reason and "工人" in errors[0].reason


def test_a_file_from_the_older_template_without_the_column_still_imports():
    older = [h for h in HEADERS if h != "女职工岗位类别"]
    content = pd.DataFrame([roster_row(1)], columns=older).to_csv(index=False).encode("utf-8-sig")
    rows, errors = read_roster(content, "r.csv")
    assert errors == [] and rows[0].female_post == ""


def test_template_explains_the_column():
    assert "女职工岗位类别" in HEADERS


def test_form_takes_the_post_like_the_upload():
    form = RosterEntryForm({
        "name": "李四", "cert_kind": "残疾人证", "cert_no": WOMAN_1975, "employment_form": "劳动合同",
        "contract_start": "2024-01-01", "monthly_wage": "4000", "months_employed": "1-12",
        "months_insured": "1-12", "counted_here": "是", "female_post": "工人",
    })
    assert form.is_valid(), form.errors
    assert form.row.female_post == "worker"
    form = RosterEntryForm({
        "name": "李四", "cert_kind": "残疾人证", "cert_no": WOMAN_1975, "employment_form": "劳动合同",
        "contract_start": "2024-01-01", "monthly_wage": "4000", "months_employed": "1-12",
        "months_insured": "1-12", "counted_here": "是", "female_post": "经理",
    })
    assert not form.is_valid() and "female_post" in form.errors


def test_declaration_working_says_not_of_working_age(world, start_declaration):
    user = world.users["employer_a"]
    d = start_declaration(world.employer_a, user, rows=[
        roster_row(1, 证件号码=OLD_MAN, 姓名="老张"),
        roster_row(2, 证件号码=WOMAN_1975, 姓名="李四", 女职工岗位类别="工人"),
        roster_row(3, 证件号码=_cert(date(1975, 3, 5), 104), 姓名="王五"),  # the same birth, post not given
    ])
    entries = {e.name: e for e in d.roster.all()}
    assert entries["李四"].female_post == "worker" and entries["王五"].female_post == ""
    assert PolicyYear.objects.get(year=YEAR).retirement_raise_in_force
    result = services.declaration_compute(d, save=True)
    counted = {p.cert_no: p.counted_months for p in result.persons}
    assert counted[entries["老张"].cert_masked] == ()
    assert counted[entries["李四"].cert_masked] == (1, 2, 3, 4, 5)  # 50 years 2 months: to May 2025
    assert counted[entries["王五"].cert_masked] == tuple(range(1, 13))  # read as a cadre: 55 → 2030
    d.refresh_from_db()
    view = bridge.stored_view(d)
    notes = {p["name"]: p["notes"] for p in view["persons"]}
    assert notes["老张"] == "；".join(f"{m}月不在劳动年龄内" for m in range(1, 13))
    assert notes["李四"].startswith("6月不在劳动年龄内") and notes["王五"] == ""
    # The stored working names no full certificate number.
    assert OLD_MAN not in str(d.result) and WOMAN_1975 not in str(d.result)


def test_employer_and_reviewer_pages_show_the_month_not_of_working_age(world, start_declaration, client_for):
    from django.urls import reverse

    user = world.users["employer_a"]
    d = start_declaration(world.employer_a, user, rows=[roster_row(1, 证件号码=OLD_MAN, 姓名="老张")])
    services.declaration_submit(declaration=d, user=user)
    employer_page = client_for(user).get(reverse("employer-declaration-detail", args=[d.pk])).content.decode()
    review_page = client_for(world.users["town_x"]).get(reverse("review-declaration-detail", args=[d.pk])).content.decode()
    for html in (employer_page, review_page):
        assert "12月不在劳动年龄内" in html and OLD_MAN not in html
