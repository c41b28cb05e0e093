"""District staff (区残联) run the public site from a freshly migrated database (cms 0009): they add and
publish pages under the home page, and keep images and documents in a collection of their own,
区残联网站资料, which they upload to, choose from the policy page's attachment chooser and link from
a paragraph. Not the root collection: a training provider's collection stays its own."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Site

from cms import services
from cms.models import NewsIndexPage

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cms.migrations.0009_district_site_rights")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _district_collection() -> Collection:
    return Collection.objects.get(name=services.DISTRICT_COLLECTION_NAME)


def test_after_migrate_the_district_may_edit_the_site_and_its_own_files():
    home = Site.objects.get(is_default_site=True).root_page
    granted = set(GroupPagePermission.objects.filter(group__name="区残联", page=home)
                  .values_list("permission__codename", flat=True))
    assert granted == set(services.DISTRICT_PAGE_PERMISSIONS)
    collection = _district_collection()
    assert collection.get_parent() == Collection.get_first_root_node()
    files = set(GroupCollectionPermission.objects.filter(group__name="区残联", collection=collection)
                .values_list("permission__codename", flat=True))
    assert files == set(services.DISTRICT_FILE_PERMISSIONS)
    # Nothing on the root collection, whose rights would reach every collection below it.
    assert not GroupCollectionPermission.objects.filter(collection=Collection.get_first_root_node()).exists()


def test_the_migration_adds_only_what_is_missing_and_goes_back(world):
    before = (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count(), Collection.objects.count())
    migration.grant(django_apps, None)
    assert (GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count(),
            Collection.objects.count()) == before
    migration.revoke(django_apps, None)
    assert not Collection.objects.filter(name=services.DISTRICT_COLLECTION_NAME).exists()
    assert Collection.get_first_root_node().numchild == 0
    migration.grant(django_apps, None)
    collection = _district_collection()
    assert collection.path == Collection.get_first_root_node().path + "0001" and collection.depth == 2
    assert GroupCollectionPermission.objects.filter(collection=collection).count() == len(
        services.DISTRICT_FILE_PERMISSIONS)
    # A collection made after the district's (a provider's, by a superuser) keeps the tree sound.
    provider_collection = Collection.get_first_root_node().add_child(name="培训机构资料")
    assert provider_collection.path.endswith("0002")


def test_district_staff_upload_a_document_and_choose_it(world, client_for):
    client = client_for(world.users["district"])
    collection = _district_collection()
    assert client.get(reverse("wagtaildocs:index")).status_code == 200
    assert client.get(reverse("wagtaildocs:add")).status_code == 200
    response = client.post(reverse("wagtaildocs:add"), {
        "title": "2026年按比例就业年审通知", "collection": collection.pk,
        "file": SimpleUploadedFile("notice.pdf", PDF, content_type="application/pdf"),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(title="2026年按比例就业年审通知")
    assert document.collection == collection
    chooser = client.get(reverse("wagtaildocs_chooser:choose"))
    assert chooser.status_code == 200 and "2026年按比例就业年审通知" in chooser.json()["html"]
    assert client.get(reverse("wagtaildocs_chooser:chosen", args=[document.pk])).status_code == 200
    assert client.get(reverse("wagtailimages:add_multiple")).status_code == 200


def test_district_staff_add_a_news_section_on_a_new_site(world, client_for):
    """No training index, no provider yet (nothing has called the services that grant rights): the
    rights the migration gave are enough to add a section under the home page."""
    home = Site.objects.get(is_default_site=True).root_page
    client = client_for(world.users["district"])
    from wagtail.test.utils.form_data import nested_form_data

    response = client.post(reverse("wagtailadmin_pages:add", args=["cms", "newsindexpage", home.pk]),
                           nested_form_data({"title": "新闻动态", "slug": "news", "intro": "", "action-publish": "1"}))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert NewsIndexPage.objects.child_of(home).get().live


def test_other_staff_get_no_file_rights(world, client_for):
    for role in ("town_x", "provider_a"):
        client = client_for(world.users[role])
        assert client.get(reverse("wagtaildocs:add")).status_code in (302, 403), role
