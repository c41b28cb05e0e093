"""Least knowledge in duplicate-claim conflicts (issue 13, item 10): a town sees that its employer's
roster line conflicts with a claim elsewhere, the months, the status and the outcome for its own
line — never the other employer's name, credit code or town, nor the district's decision text —
unless it may see the other declaration anyway (both employers in its town). The district sees
everything. Checked on every page and export where conflicts appear, for town X, town Y, the
district and the employer."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from django.urls import reverse

from quota import conflict_services, services
from quota.models import DeclarationConflict
from tests.factories import EmployerFactory, make_user

from .conftest import YEAR, roster_row

DECISION = "经核实乙公司自7月起为其缴纳社保，7-12月计入乙公司"
HIDDEN_REASON = "区残联处理重复申报后核定"


@pytest.fixture
def clash(world, start_declaration):
    """employer_a (town X) and employer_b (town Y) both claim 职工1 for the whole year; both filed."""
    a = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    b = start_declaration(world.employer_b, world.users["employer_b"], rows=[roster_row(1, **{"姓名": "职工一"})])
    services.declaration_submit(declaration=a, user=world.users["employer_a"])
    services.declaration_submit(declaration=b, user=world.users["employer_b"])
    return a, b, DeclarationConflict.objects.get()


def _resolve(world, conflict, a):
    a_first = conflict.entry_a.declaration_id == a.pk
    conflict_services.conflict_resolve(
        conflict=conflict, months_a=list(range(1, 7)) if a_first else list(range(7, 13)),
        months_b=list(range(7, 13)) if a_first else list(range(1, 7)), decision=DECISION,
        user=world.users["district"],
    )


def _secrets_of(employer) -> list[str]:
    return [employer.name, employer.credit_code, employer.town.name]


def _page(client_for, user, name, pk) -> str:
    response = client_for(user).get(reverse(name, args=[pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_town_sees_its_own_line_months_and_status_but_not_the_other_side(world, client_for, clash):
    a, b, conflict = clash
    html = _page(client_for, world.users["town_x"], "review-declaration-detail", a.pk)
    for secret in _secrets_of(world.employer_b):
        assert secret not in html, secret
    assert "职工一" not in html  # not even how the other employer spelled the name
    assert "职工1" in html and a.roster.get().cert_masked in html
    assert "1-12" in html and "待处理" in html and "待区残联核定" in html
    assert reverse("review-conflict-resolve", args=[conflict.pk]) not in html

    # Town Y, on its own employer's declaration: the mirror image.
    html = _page(client_for, world.users["town_y"], "review-declaration-detail", b.pk)
    assert "职工一" in html and "待处理" in html
    for secret in _secrets_of(world.employer_a):
        assert secret not in html, secret
    # …and town Y cannot open town X's declaration at all.
    assert client_for(world.users["town_y"]).get(
        reverse("review-declaration-detail", args=[a.pk])).status_code == 404


def test_after_resolution_each_town_sees_its_own_outcome_but_not_the_decision(world, client_for, clash):
    a, b, conflict = clash
    _resolve(world, conflict, a)
    html = _page(client_for, world.users["town_x"], "review-declaration-detail", a.pk)
    assert DECISION not in html  # neither in the conflict table nor in the month-adjustment log
    for secret in _secrets_of(world.employer_b):
        assert secret not in html, secret
    assert "已处理" in html and "本单位计入月份：1-6" in html and HIDDEN_REASON in html
    html = _page(client_for, world.users["town_y"], "review-declaration-detail", b.pk)
    assert DECISION not in html
    for secret in _secrets_of(world.employer_a):
        assert secret not in html, secret
    assert "已处理" in html and "本单位计入月份：7-12" in html and HIDDEN_REASON in html


def test_district_sees_both_sides_and_the_decision(world, client_for, clash):
    a, b, conflict = clash
    html = _page(client_for, world.users["district"], "review-declaration-detail", a.pk)
    for secret in _secrets_of(world.employer_b):
        assert secret in html, secret
    assert reverse("review-conflict-resolve", args=[conflict.pk]) in html
    _resolve(world, conflict, a)
    html = _page(client_for, world.users["district"], "review-declaration-detail", b.pk)
    assert DECISION in html and world.employer_a.name in html and world.employer_a.credit_code in html
    assert HIDDEN_REASON not in html
    resolve = _page(client_for, world.users["district"], "review-conflict-resolve", conflict.pk)
    assert world.employer_a.name in resolve and world.employer_b.name in resolve
    # The resolve page is the district's only.
    for town in ("town_x", "town_y"):
        assert client_for(world.users[town]).get(
            reverse("review-conflict-resolve", args=[conflict.pk])).status_code == 403


def test_a_town_sees_both_sides_when_both_employers_are_its_own(world, client_for, start_declaration):
    """Least knowledge follows access: town X may open both declarations, so nothing is hidden."""
    neighbour = EmployerFactory(name="丙公司", town=world.town_x)
    neighbour_user = make_user("employer", username="employer_c", employer=neighbour)
    a = start_declaration(world.employer_a, world.users["employer_a"], rows=[roster_row(1)])
    c = start_declaration(neighbour, neighbour_user, rows=[roster_row(1)])
    services.declaration_submit(declaration=a, user=world.users["employer_a"])
    services.declaration_submit(declaration=c, user=neighbour_user)
    conflict = DeclarationConflict.objects.get()
    _resolve(world, conflict, a)
    html = _page(client_for, world.users["town_x"], "review-declaration-detail", a.pk)
    assert "丙公司" in html and neighbour.credit_code in html and DECISION in html


def test_employer_sees_only_its_own_line(world, client_for, clash):
    a, b, conflict = clash
    html = _page(client_for, world.users["employer_a"], "employer-declaration-detail", a.pk)
    assert "重复申报" in html and "职工1" in html
    for secret in _secrets_of(world.employer_b):
        assert secret not in html, secret
    _resolve(world, conflict, a)
    for name in ("employer-declaration-detail", "employer-declaration-revisions"):
        html = _page(client_for, world.users["employer_a"], name, a.pk)
        assert DECISION not in html and world.employer_b.name not in html, name
    export = client_for(world.users["employer_a"]).get(reverse("employer-roster-export", args=[a.pk]))
    text = pd.read_excel(io.BytesIO(export.content), sheet_name=None).__repr__()
    assert world.employer_b.name not in text and DECISION not in text


def test_review_exports_and_the_admin_carry_nothing_of_the_other_side(world, client_for, clash):
    a, b, conflict = clash
    town_x = client_for(world.users["town_x"])
    # Wagtail admin, while town X reviews: the declaration's edit page (its history is not open to
    # towns; if it ever is, it must not say more).
    edit = reverse("wagtailsnippets_quota_declaration:edit", args=[a.pk])
    history = reverse("wagtailsnippets_quota_declaration:history", args=[a.pk])
    assert town_x.get(edit).status_code == 200
    _resolve(world, conflict, a)
    for url in (edit, history):
        response = town_x.get(url)
        if response.status_code != 200:
            assert response.status_code in (302, 403), url
            continue
        html = response.content.decode()
        assert DECISION not in html, url
        for secret in _secrets_of(world.employer_b):
            assert secret not in html, (url, secret)
    # Review exports of the year (levy, reward, per-town summary).
    services.declaration_review(declaration=a, user=world.users["town_x"], action="approve")
    services.declaration_review(declaration=a, user=world.users["district"], action="approve")
    for kind in ("levy", "reward", "towns"):
        response = town_x.get(reverse("review-export", args=[YEAR, kind]))
        assert response.status_code == 200
        text = repr(pd.read_excel(io.BytesIO(response.content), sheet_name=None))
        for secret in _secrets_of(world.employer_b):
            assert secret not in text, (kind, secret)
        assert DECISION not in text
