"""Accounts created through services.user_create_with_role."""

import pytest

pytestmark = pytest.mark.django_db


def test_applicants_get_no_wagtail_moderation_emails(world):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(world.users["employer_a"])
    assert not profile.rejected_notifications and not profile.approved_notifications
    assert UserProfile.get_for_user(world.users["district"]).submitted_notifications
