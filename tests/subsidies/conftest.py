"""Fixtures for the Django side of rewards and subsidies: seeded policy years, approved declarations
(reusing the declaration tests' builders), private storage in a temporary directory, and small
helpers to drive an application through review."""

from __future__ import annotations

from datetime import date

import pytest

from tests.quota.conftest import (  # noqa: F401 - fixtures re-exported
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
    from quota import services

    def make(employer, user, rows, *, year: int = YEAR, headcount: int = 100):
        if year != YEAR:
            declaration = services.declaration_start(employer=employer, year=year, user=user)
            from decimal import Decimal

            from tests.quota.conftest import roster_csv

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
    from subsidies import services

    def run(application):
        town = world.users["town_x" if application.town == world.town_x else "town_y"]
        services.subsidy_review(application=application, user=town, action="approve")
        services.subsidy_review(application=application, user=world.users["district"], action="approve")
        application.refresh_from_db()
        return application

    return run


BANK = {"bank_account_name": "甲公司", "bank_name": "中国工商银行宁波海曙支行", "bank_account": "6222020000000001"}

CREDIT_STEM = "91330203MA2AB1C2D"
# The smallest files that really are what their names say (magic bytes first).
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Evidence files go to a temporary private directory (outside MEDIA_ROOT) in every test here."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def startup_filed(world, *, seeker=None, user=None, tier: str = "C", code: str | None = None,
                  evidence: bool = True, submit: bool = True):
    """A start-up application as the applicant leaves it: saved, one business licence uploaded,
    submitted for review (``evidence=False``: saved as a draft with no file, not submitted;
    ``submit=False``: the licence uploaded, still a draft)."""
    from domain import identity
    from subsidies import services

    seeker = seeker or world.seeker_a
    user = user or world.users["seeker_a"]
    application = services.startup_application_create(
        seeker=seeker, year=YEAR, business_name="小甲网店", credit_code=code or identity.make_credit_code(CREDIT_STEM),
        registered_on=date(2025, 3, 1), tier=tier, evidence="带动就业2人",
        bank={**BANK, "bank_account_name": seeker.name}, user=user,
    )
    if not evidence:
        return application
    services.evidence_add(application=application, kind="licence", filename="营业执照.pdf", content=PDF_BYTES,
                          user=user)
    return services.subsidy_submit(application=application, user=user) if submit else application


def si_proof_add(application, user, *, filename: str = "社保缴费证明.pdf"):
    """The 社保缴费证明 a social-insurance application needs before it is submitted."""
    from subsidies import services

    return services.evidence_add(application=application, kind="si_payment", filename=filename, content=PDF_BYTES,
                                 user=user)


def roster_entry_id(application, name: str) -> int:
    """The id of the person called ``name`` on the approved roster a social-insurance line chooses from."""
    from subsidies import services

    return next(e.pk for e in services.si_roster_entries(application) if e.name == name)
