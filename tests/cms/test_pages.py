"""Page types, shared blocks (images need alt text) and Chinese search (over the demo content;
the demo content itself: tests/demo/test_cms_content.py)."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.blocks import StreamBlockValidationError

from cms import selectors
from cms.blocks import BaseStreamBlock
from cms.models import (
    HomePage,
    IncubationProgramPage,
    IncubationProjectPage,
    NewsPage,
    PolicyIndexPage,
    PolicyPage,
    TrainingCoursePage,
    TrainingProviderPage,
)
from cms.search import query_terms, segment

# The demo content is seeded once per module (content_world); its tests stay on one worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("cms_pages")]


def _image():
    from wagtail.images.models import Image

    buf = io.BytesIO()
    PILImage.new("RGB", (8, 8), "orange").save(buf, "PNG")
    return Image.objects.create(title="竹篮", file=ImageFile(buf, name="basket.png"))


def test_image_block_requires_alt_text_or_decorative():
    image = _image()
    block = BaseStreamBlock()
    missing = block.to_python([{"type": "image", "value": {"image": image.pk, "alt_text": "", "decorative": False}}])
    with pytest.raises((ValidationError, StreamBlockValidationError)):
        block.clean(missing)
    ok = block.to_python([{"type": "image", "value": {"image": image.pk, "alt_text": "竹编果篮", "decorative": False}}])
    cleaned = block.clean(ok)
    assert 'alt="竹编果篮"' in cleaned.render_as_block()


@pytest.mark.parametrize(
    ("child", "parent", "allowed"),
    [
        (PolicyPage, PolicyIndexPage, True),
        (PolicyPage, HomePage, False),
        (IncubationProjectPage, IncubationProgramPage, True),
        (IncubationProjectPage, HomePage, False),
        (TrainingCoursePage, TrainingProviderPage, True),
        (TrainingCoursePage, HomePage, False),
        (NewsPage, PolicyIndexPage, False),
    ],
)
def test_tree_rules(child, parent, allowed):
    assert (parent in child.allowed_parent_page_models()) is allowed


def test_segmentation_splits_chinese():
    assert "竹编" in segment("章水竹编工坊").split()
    assert query_terms("电商培训") == ["电商", "培训"]
    assert query_terms("按比例就业") == ["比例", "就业"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("竹编", "章水竹编工坊"),
        ("竹编", "竹编技艺培训班"),
        ("电商培训", "网店客服与电商运营培训（电商培训）"),
        ("按比例就业", "残疾人就业条例"),
    ],
)
def test_chinese_search_finds_relevant_pages(content_world, query, expected):
    titles = [p.title for p in selectors.pages_search(query)]
    assert expected in titles
    response = Client().get(reverse("site-search"), {"q": query})
    assert expected in response.content.decode()


def test_search_ranks_relevant_pages_and_excludes_unrelated(content_world):
    titles = [p.title for p in selectors.pages_search("竹编")]
    assert "手语咖啡馆" not in titles
    assert "明心盲人按摩店" not in titles


def test_unpublished_pages_are_not_found(content_world):
    project = IncubationProjectPage.objects.get(slug="zhubian-gongfang")
    project.unpublish()
    assert "章水竹编工坊" not in [p.title for p in selectors.pages_search("竹编")]


def test_policy_source_link_must_be_https_and_name_its_site():
    import datetime

    page = PolicyPage(title="残疾人就业条例", slug="tiaoli", document_number="国务院令第488号", issuing_body="国务院",
                      effective_date=datetime.date(2007, 5, 1), source_url="http://www.gov.cn/x.htm", source_site="中国政府网")
    with pytest.raises(ValidationError) as err:
        page.clean()
    assert "https://" in str(err.value.message_dict["source_url"])
    page.source_url, page.source_site = "https://www.gov.cn/x.htm", " "
    with pytest.raises(ValidationError) as err:
        page.clean()
    assert "中国政府网" in str(err.value.message_dict["source_site"])
    page.source_site = "中国政府网"
    page.clean()


def test_policy_status_says_whether_a_document_is_still_to_come_or_over():
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    page = PolicyPage(title="公告", slug="gonggao", issuing_body="财政部", effective_date=today)
    assert page.status_label == "有效"
    page.expiry_date = today - day
    page.effective_date = today - 10 * day
    assert page.status_label == "已失效"
    page.effective_date, page.expiry_date = today + day, None
    assert page.status_label == "尚未施行"


def test_the_policy_pages_show_the_status_in_words(content_world):
    expired = PolicyPage.objects.get(document_number="财政部公告2023年第8号")
    expired.expiry_date = expired.effective_date
    expired.save_revision().publish()
    client = Client()
    assert "<dd>已失效</dd>" in client.get(expired.url).content.decode()
    index = client.get(expired.get_parent().url).content.decode()
    assert 'data-label="状态">已失效</td>' in index and "未生效或已失效" not in index
