"""Fixtures for the quota declaration: seeded policy years and roster files built in tests."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest

from domain import identity
from quota.roster_import import HEADERS

YEAR = 2025


def policy_seed() -> None:
    from quota.models import PolicyYear
    from quota.policy_seed import policy_years_seed

    policy_years_seed()
    # Declaration tests must not depend on today's date: with the seeded windows (1 March – 31 October
    # of the following year) a declaration of YEAR submitted after 31 October would be a late one
    # (补报). Tests of the window and the deadline reminders set the dates they need.
    PolicyYear.objects.update(review_window_start=None, review_window_end=None)


@pytest.fixture
def policy(_policy_module, db):
    """The seeded policy years (every year in data/policy_params.json), once per module where the
    module shares one world (``_policy_module``); returns YEAR's. What a test changes in them is rolled
    back with its savepoint."""
    from quota.models import PolicyYear

    if not _policy_module:
        policy_seed()
    return PolicyYear.objects.get(year=YEAR)


def cert(n: int, *, category: int = 4, grade: int = 3) -> str:
    rid = identity.make_resident_id(region="330203", birth=date(1985, 3, 1 + n % 28), seq=100 + n)
    return identity.make_disability_cert(rid, category, grade)


def roster_row(n: int, **overrides) -> dict:
    row = dict.fromkeys(HEADERS, "")
    row.update({
        "姓名": f"职工{n}",
        "证件类型": "残疾人证",
        "证件号码": cert(n),
        "用工形式": "劳动合同",
        "合同开始日期": "2024-01-01",
        "合同结束日期": "",
        "月工资（元）": "4000",
        "在岗月份": "1-12",
        "社保足额缴纳月份": "1-12",
    })
    row.update(overrides)
    return row


def roster_csv(rows: list[dict], encoding: str = "utf-8-sig") -> bytes:
    return pd.DataFrame(rows, columns=HEADERS).to_csv(index=False).encode(encoding)


def roster_xlsx(rows: list[dict]) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame(rows, columns=HEADERS).to_excel(buffer, index=False)
    return buffer.getvalue()


@pytest.fixture
def start_declaration(policy):
    """Start a declaration with 12 headcounts of 100 and a wage bill, for one of the world's employers."""
    from decimal import Decimal

    from quota import services

    def start(employer, user, *, headcount: int = 100, wage_bill: str = "10000000", rows: list[dict] | None = None):
        declaration = services.declaration_start(employer=employer, year=YEAR, user=user)
        services.declaration_update_basics(
            declaration=declaration, monthly_headcounts=[headcount] * 12, wage_bill=Decimal(wage_bill), user=user
        )
        if rows:
            services.declaration_roster_import(
                declaration=declaration, content=roster_csv(rows), filename="r.csv", user=user
            )
        return declaration

    return start


# ---- 公示 (tests of the batches, objections and their pages) -------------------------------------


CONTACT = {"contact_name": "王老师", "contact_phone": "0574-87000000", "contact_address": "海曙区残联"}


def approve(world, declaration):
    """Town then district approve a submitted declaration of employer A (town X) or B (town Y)."""
    from quota import services

    town = "town_x" if declaration.employer == world.employer_a else "town_y"
    services.declaration_review(declaration=declaration, user=world.users[town], action="approve")
    services.declaration_review(declaration=declaration, user=world.users["district"], action="approve")
    declaration.refresh_from_db()
    return declaration


def make_batch(world, declarations, *, start=None, end=None, publish=True, document_no=None):
    """A 公示 batch of approved declarations made by the district (published unless ``publish=False``)."""
    from datetime import timedelta

    from django.utils import timezone

    from quota import publicity_services

    today = timezone.localdate()
    batch = publicity_services.batch_create(
        user=world.users["district"], year=YEAR, declaration_ids=[d.pk for d in declarations],
        document_no=document_no or publicity_services.document_no_next(YEAR),
        start_date=start or today, end_date=end or today + timedelta(days=6), **CONTACT)
    if publish:
        publicity_services.batch_publish(batch=batch, user=world.users["district"])
    batch.refresh_from_db()
    return batch
