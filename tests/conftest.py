"""Shared fixtures: a small world with two of everything, so every access test can try the other one."""

from __future__ import annotations

from dataclasses import dataclass

import pytest


@dataclass
class World:
    town_x: object
    town_y: object
    employer_a: object
    employer_b: object
    provider_a: object
    provider_b: object
    seeker_a: object
    seeker_b: object
    users: dict
    job_a: object
    job_b: object


@pytest.fixture
def world(db):
    from employment.models import Role
    from tests.factories import (
        EmployerFactory,
        JobPostFactory,
        ProviderFactory,
        TownFactory,
        make_seeker,
        make_user,
    )

    town_x = TownFactory(code="330203005", name="鼓楼街道")
    town_y = TownFactory(code="330203009", name="石碶街道")
    employer_a = EmployerFactory(name="甲公司", town=town_x)
    employer_b = EmployerFactory(name="乙公司", town=town_y)
    provider_a = ProviderFactory(name="甲培训学校", town=town_x)
    provider_b = ProviderFactory(name="乙培训学校", town=town_y)
    users = {
        "seeker_a": make_user(Role.SEEKER, username="seeker_a"),
        "seeker_b": make_user(Role.SEEKER, username="seeker_b"),
        "employer_a": make_user(Role.EMPLOYER, username="employer_a", employer=employer_a),
        "employer_b": make_user(Role.EMPLOYER, username="employer_b", employer=employer_b),
        "provider_a": make_user(Role.PROVIDER, username="provider_a", provider=provider_a),
        "provider_b": make_user(Role.PROVIDER, username="provider_b", provider=provider_b),
        "town_x": make_user(Role.TOWN, username="town_x", town=town_x),
        "town_y": make_user(Role.TOWN, username="town_y", town=town_y),
        "district": make_user(Role.DISTRICT, username="district"),
    }
    seeker_a = make_seeker(town=town_x, name="张甲", user=users["seeker_a"], visible_to_employers=False)
    seeker_b = make_seeker(town=town_y, name="李乙", user=users["seeker_b"], visible_to_employers=False)
    job_a = JobPostFactory(employer=employer_a, title="网店文字客服")
    job_b = JobPostFactory(employer=employer_b, title="数据标注员")
    return World(town_x, town_y, employer_a, employer_b, provider_a, provider_b, seeker_a, seeker_b, users, job_a, job_b)


@pytest.fixture
def client_for(client):
    """Log the test client in as one of the world's users: ``client_for(world.users['town_x'])``."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _encoder_for_the_test(request):
    """Tests marked ``real_encoder`` get the project's real encoder (USE-multilingual v3 from its PyPI
    package); every other test runs with the test settings' fast hashing encoder. Processes a test
    starts inherit the choice through MATCHING_EMBEDDING_MODEL."""
    if request.node.get_closest_marker("real_encoder") is None:
        yield
        return
    settings = request.getfixturevalue("settings")
    monkeypatch = request.getfixturevalue("monkeypatch")
    settings.MATCHING_EMBEDDING_MODEL = ""
    monkeypatch.setenv("MATCHING_EMBEDDING_MODEL", "")
    yield
