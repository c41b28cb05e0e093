"""The demo content of the public site (demo/cms_content.py, data/demo/cms/): complete, idempotent,
and every page renders."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Page

from cms.models import (
    AnnouncementPage,
    IncubationProgramPage,
    IncubationProjectPage,
    NewsPage,
    PolicyPage,
    StudioPage,
    TrainingCoursePage,
    TrainingProviderPage,
)
from demo import cms_content

pytestmark = pytest.mark.django_db


def test_seed_content_is_complete_and_idempotent(world):
    cms_content.seed_content()
    count = Page.objects.count()
    cms_content.seed_content()
    assert Page.objects.count() == count
    assert IncubationProgramPage.objects.live().count() == 5
    for programme in IncubationProgramPage.objects.all():
        children = IncubationProjectPage.objects.child_of(programme).count() + StudioPage.objects.child_of(programme).count()
        assert children >= 2
        # Whom it is for, what it offers, how to join, whom to call, and a photo with its alt text.
        assert programme.audience and programme.offer_items and programme.join_steps
        assert programme.contact_name and programme.contact_phone
        assert [block.value["alt_text"] for block in programme.photos]
    assert StudioPage.objects.live().count() >= 2
    assert TrainingProviderPage.objects.count() == 2  # the world has two providers
    assert TrainingCoursePage.objects.live().count() >= 4
    assert PolicyPage.objects.live().count() >= 3
    assert NewsPage.objects.live().count() >= 3
    assert AnnouncementPage.objects.live().count() >= 1


def test_every_demo_page_renders(world):
    cms_content.seed_content()
    client = Client()
    for page in Page.objects.live().filter(depth__gte=2).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert "style=" not in html and "<script>" not in html, page.url
