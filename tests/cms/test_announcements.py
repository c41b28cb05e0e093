"""公示 (AnnouncementPage): publishing, scheduled go-live and expiry through Wagtail's scheduler."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Revision

from cms import services
from cms.models import AnnouncementIndexPage, AnnouncementPage
from employment.formats import cn_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    home = services.homepage_ensure()
    return services.child_page_ensure(home, AnnouncementIndexPage, slug="gongshi", title="公示公告")


def _draft(index, *, slug="a1", expire_at=None, go_live_at=None):
    page = AnnouncementPage(
        title="2026年度超比例奖励名单公示", slug=slug, category="超比例奖励", live=False,
        expire_at=expire_at or timezone.now() + timedelta(days=7), go_live_at=go_live_at,
        body=[("paragraph", "<p>拟奖励单位名单如下。</p>")],
    )
    return index.add_child(instance=page)


def test_announcement_requires_expiry(index):
    page = AnnouncementPage(title="无截止时间", slug="x", body=[])
    with pytest.raises(ValidationError) as exc:
        index.add_child(instance=page)
    assert "expire_at" in exc.value.message_dict


def test_published_announcement_is_listed_and_served(index):
    page = _draft(index)
    assert Client().get(page.url).status_code == 404
    services.page_publish(page)
    response = Client().get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    page.refresh_from_db()
    start, end = cn_date(page.first_published_at), cn_date(page.expire_at)
    assert f"<dt>公示期</dt><dd>{start} 至 {end}</dd>" in html  # dates, from the start
    assert page.title in Client().get(index.url).content.decode()


def test_scheduled_announcement_goes_live_at_its_time(index):
    page = _draft(index, go_live_at=timezone.now() + timedelta(hours=2))
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    revision = Revision.page_revisions.get(object_id=str(page.pk), approved_go_live_at__isnull=False)
    assert Client().get(page.url).status_code == 404

    call_command("publish_scheduled")  # not yet due
    page.refresh_from_db()
    assert not page.live

    # Let the clock pass the go-live time: the approved revision now carries a time in the past.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert Client().get(page.url).status_code == 200


def test_announcement_is_withdrawn_at_expiry(index):
    page = services.page_publish(_draft(index))
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live

    AnnouncementPage.objects.filter(pk=page.pk).update(expire_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live
    assert page.expired
    assert Client().get(page.url).status_code == 404
    assert page.title not in Client().get(index.url).content.decode()
