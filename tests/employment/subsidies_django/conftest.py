"""Fixtures for the Django side of rewards and subsidies: seeded policy years, approved declarations
(reusing the declaration tests' builders) and small helpers to drive an application through review."""

from __future__ import annotations

import pytest

from tests.employment.declarations.conftest import (  # noqa: F401 - fixtures re-exported
    YEAR,
    cert,
    policy,
    roster_row,
    start_declaration,
)


def town_user(world, employer):
    return world.users["town_x" if employer == world.employer_a else "town_y"]


@pytest.fixture
def approved_declaration(world, start_declaration):  # noqa: F811
    """Submit and approve a declaration (town, then district) for an employer with the given roster."""
    from employment.declarations import services

    def make(employer, user, rows, *, year: int = YEAR, headcount: int = 100):
        if year != YEAR:
            declaration = services.declaration_start(employer=employer, year=year, user=user)
            from decimal import Decimal

            from tests.employment.declarations.conftest import roster_csv

            services.declaration_update_basics(
                declaration=declaration, monthly_headcounts=[headcount] * 12, wage_bill=Decimal("10000000"), user=user
            )
            services.declaration_roster_import(declaration=declaration, content=roster_csv(rows), filename="r.csv",
                                               user=user)
        else:
            declaration = start_declaration(employer, user, headcount=headcount, rows=rows)
        services.declaration_submit(declaration=declaration, user=user)
        services.declaration_review(declaration=declaration, user=town_user(world, employer), action="approve")
        services.declaration_review(declaration=declaration, user=world.users["district"], action="approve")
        declaration.refresh_from_db()
        return declaration

    return make


@pytest.fixture
def approve(world):
    """Town then district approve an application."""
    from employment.subsidies import services

    def run(application):
        town = world.users["town_x" if application.town == world.town_x else "town_y"]
        services.subsidy_review(application=application, user=town, action="approve")
        services.subsidy_review(application=application, user=world.users["district"], action="approve")
        application.refresh_from_db()
        return application

    return run


BANK = {"bank_account_name": "甲公司", "bank_name": "中国工商银行宁波海曙支行", "bank_account": "6222020000000001"}
