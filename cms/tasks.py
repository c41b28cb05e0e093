"""Celery tasks of the content site: the periodic run that puts scheduled pages live and takes
expired ones down (公示 announcements with a go-live or expiry time). Celery beat runs it every
``PUBLISH_SCHEDULED_INTERVAL`` seconds (``CELERY_BEAT_SCHEDULE`` in the settings)."""

from __future__ import annotations

from io import StringIO

from celery import shared_task
from django.core.management import call_command


@shared_task(name="cms.publish_scheduled")
def publish_scheduled() -> str:
    """Wagtail's ``publish_scheduled`` command: publish revisions whose time has come, unpublish
    expired pages. Safe to run at any time and more than once."""
    out = StringIO()
    call_command("publish_scheduled", stdout=out)
    return out.getvalue()
