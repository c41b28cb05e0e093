"""What nothing used is gone and stays gone: Django apps no page, template or model needs, the
counsellor override with no page to use it, and names kept only for old callers."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection

REMOVED_APPS = {
    "wagtail.contrib.forms",  # no form pages
    "wagtail.contrib.settings",  # no site settings registered, no template reads them
    "wagtail.embeds",  # the rich-text features offer no embeds, no block embeds
    "django.contrib.admin",  # no URL serves Django's admin; Wagtail's admin is the admin
    "django.contrib.humanize",  # no template loads it
}


def test_unused_apps_are_not_installed():
    assert not REMOVED_APPS & set(settings.INSTALLED_APPS)
    assert not any("wagtail.contrib.settings" in p for t in settings.TEMPLATES for p in t["OPTIONS"]["context_processors"])


@pytest.mark.django_db
def test_matching_keeps_no_table():
    assert list(apps.get_app_config("matching").get_models()) == []
    assert "matching_matchoverride" not in connection.introspection.table_names()


def test_names_kept_for_old_callers_are_gone():
    import matching.engine
    from employment.models import VocationalAssessment
    from quota.engine.compute import RosterEntry

    assert not hasattr(matching.engine, "match_jobs_for_seeker")
    assert not hasattr(RosterEntry, "dispatched_counted_here")
    assert not VocationalAssessment._meta.get_latest_by  # nothing calls .latest()
