"""Reuse the declaration fixtures (seeded policy years, a started declaration); the admin's URL names
of the reviewed snippets and a temporary private-media folder for the admin tests."""

import pytest

from tests.quota.conftest import policy, start_declaration  # noqa: F401

# The Wagtail admin's URL namespaces of the reviewed snippets.
ADMIN_VIEWS = {"declaration": "wagtailsnippets_quota_declaration",
               "subsidy": "wagtailsnippets_subsidies_subsidyapplication"}


@pytest.fixture
def private_media(settings, tmp_path):
    """Evidence and other private files under a temporary folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
