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

# The demo content is seeded once per module (content_world); its tests stay on one worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("cms_content")]


def test_seed_content_is_complete_and_idempotent(content_world):
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


def test_every_demo_page_renders(content_world):
    client = Client()
    for page in Page.objects.live().filter(depth__gte=2).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert "style=" not in html and "<script>" not in html, page.url


def test_demo_policies_are_real_documents_with_their_official_text(content_world):
    """Every demo policy names a published document by number and body, says its text prevails, and
    links to the official copy where the data gives one; no page of the invented local documents
    earlier demo data made survives a re-seed."""
    import datetime

    from cms.models import PolicyIndexPage
    from cms.services import child_page_ensure, homepage_ensure

    index = child_page_ensure(homepage_ensure(), PolicyIndexPage, slug="policies", title="政策文件")
    child_page_ensure(index, PolicyPage, slug="jiuye-baozhangjin", title="海曙区残疾人就业保障金征收使用管理实施细则",
                      document_number="海残联〔2024〕15号", issuing_body="海曙区残疾人联合会",
                      effective_date=datetime.date(2024, 1, 1))
    cms_content.seed_content()
    policies = list(PolicyPage.objects.live())
    numbers = {p.document_number for p in policies}
    assert {"国务院令第488号", "财税〔2015〕72号", "财政部公告2019年第98号", "财政部公告2023年第8号"} <= numbers
    assert not any("海残联" in p.document_number for p in policies)
    client = Client()
    for policy in policies:
        html = client.get(policy.url).content.decode()
        assert policy.document_number in html and policy.issuing_body in html
        assert "以文件原文为准" in html
        if policy.source_url:
            assert policy.source_url.startswith("https://www.gov.cn/")
            assert f'href="{policy.source_url}"' in html and f"在{policy.source_site}阅读《{policy.title}》原文" in html
        else:
            assert "需要原文请联系区残联" in html
    assert sum(1 for p in policies if p.source_url) >= 3
    # 98号 lowered the levy's cap to twice the average wage for good; only its reductions ran to 2022.
    notice = PolicyPage.objects.get(document_number="财政部公告2019年第98号")
    assert notice.expiry_date is None and notice.status_label == "有效"
    assert "2023年第8号延续" in notice.summary
