"""Helpers shared by the index-lifecycle and selector tests: an isolated index folder and some rows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from employment import services
from employment.models import JobStatus
from matching import index, selectors
from tests.factories import JobPostFactory


def shared_database_url() -> str:
    """The URL of the database this test runs in (``test_<name>``), for another process to use.

    Only PostgreSQL is shared with other processes (SQLite locks the whole file per writer): skips otherwise.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("another process must share the test database: needs DATABASE_URL pointing at PostgreSQL")
    s = connection.settings_dict
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def use_index_dir(settings, path) -> None:
    settings.MATCHING_INDEX_DIR = path
    index.forget_served()
    selectors.forget_cached()


@pytest.fixture
def index_dir(settings, tmp_path):
    """A fresh index folder for the test; loaded indexes and cached corpora are forgotten around it."""
    path = tmp_path / "index"
    use_index_dir(settings, path)
    yield path
    index.forget_served()
    selectors.forget_cached()


def office_job(employer, title="电商文字客服", **kwargs):
    """A published job a typing seeker can do (remote, screen reader offered, no hard demands)."""
    fields = {
        "description": "在网店后台用文字回复顾客咨询，处理订单和售后，需要会打字和电脑操作。",
        "demands": [],
        "accessibility": ["screen_reader", "flexible_hours"],
        "hours_per_day": Decimal("6"),
        "status": JobStatus.PUBLISHED,
    }
    fields.update(kwargs)
    return JobPostFactory(employer=employer, title=title, **fields)


def warehouse_job(employer, title="仓库搬运工", **kwargs):
    fields = {
        "description": "在仓库装卸搬运货物，上下货架，长时间站立和走动。",
        "demands": ["lift_heavy", "stand_long", "walk_much"],
        "accessibility": [],
        "remote": False,
        "hours_per_day": Decimal("8"),
        "status": JobStatus.PUBLISHED,
    }
    fields.update(kwargs)
    return JobPostFactory(employer=employer, title=title, **fields)


def typist_assessment(seeker, **kwargs):
    """A seeker who wants office/typing work and cannot lift or stand long (recorded, not inferred)."""
    fields = {
        "education": "senior",
        "skills": "打字；电脑操作；文字处理",
        "experience": "在社区做过两年文字录入。",
        "desired_jobs": "客服；文员",
        "max_hours_per_day": Decimal("6"),
        "needs": ["screen_reader"],
        "limitations": ["lift_heavy", "stand_long"],
    }
    fields.update(kwargs)
    return services.assessment_record(seeker=seeker, **fields)
