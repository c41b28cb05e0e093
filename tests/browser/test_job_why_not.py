"""A job the rules keep from a seeker says why in plain words (issue 16), and the page is axe-clean,
on a desktop and at 375 px."""

from __future__ import annotations

from decimal import Decimal

import pytest

from employment import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_excluded_job_page_says_why_and_is_accessible(page, live_server, login_page, check_a11y, world):
    services.assessment_record(
        seeker=world.seeker_a, needs=["job_coach"], limitations=["fine_motor"], max_hours_per_day=Decimal("4")
    )
    login_page("seeker_a", "Test-password-123")
    page.goto(f"{live_server.url}/jobs/{world.job_a.pk}/")
    heading = page.get_by_role("heading", name="根据您的职业评估，这个岗位可能不适合您")
    assert heading.is_visible()
    assert page.get_by_text("这个岗位没有提供您需要的就业辅导员").is_visible()
    check_a11y(page, "seeker-job-why-not")
    page.set_viewport_size({"width": 375, "height": 740})
    assert heading.is_visible()
    check_a11y(page, "seeker-job-why-not-375")
