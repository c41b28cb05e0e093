"""Fixtures for the family register: a family in each of the world's towns, more seekers, upload files."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pytest

from domain import identity
from households.importer import HEADERS


@dataclass
class Families:
    x: object  # town X's family, seeker A a member
    y: object  # town Y's family, seeker B a member
    spare_x: object  # a seeker of town X in no family
    spare_y: object  # a seeker of town Y in no family


@pytest.fixture
def families(world):
    from households import services
    from tests.factories import make_seeker

    x = services.household_create(user=world.users["town_x"], code="HS-GL-0001", town=world.town_x)
    y = services.household_create(user=world.users["town_y"], code="HS-SQ-0001", town=world.town_y)
    services.household_member_add(user=world.users["town_x"], household=x, cert_no=world.seeker_a.cert_no)
    services.household_member_add(user=world.users["town_y"], household=y, cert_no=world.seeker_b.cert_no)
    spare_x = make_seeker(town=world.town_x, name="王丙")
    spare_y = make_seeker(town=world.town_y, name="赵丁")
    return Families(x=x, y=y, spare_x=spare_x, spare_y=spare_y)


def unregistered_cert(n: int = 1) -> str:
    """A valid certificate number nobody registered (birth years the world's factories never use)."""
    rid = identity.make_resident_id(region="330203", birth=date(1970, 5, n), seq=900 + n)
    return identity.make_disability_cert(rid, 2, 2)


def register_row(code: str, town: str, **overrides) -> dict:
    row = dict.fromkeys(HEADERS, "")
    row.update({"户编号": code, "所属镇街": town, "认定日期": "2025-03-01"})
    row.update(overrides)
    return row


def register_csv(rows: list[dict], encoding: str = "utf-8-sig") -> bytes:
    return pd.DataFrame(rows, columns=HEADERS).to_csv(index=False).encode(encoding)


def register_xlsx(rows: list[dict]) -> bytes:
    buffer = io.BytesIO()
    pd.DataFrame(rows, columns=HEADERS).to_excel(buffer, index=False)
    return buffer.getvalue()
