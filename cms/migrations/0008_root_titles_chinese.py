"""The page tree's root and the root collection get Chinese names: Wagtail's own migrations create them
as "Root", which superusers see in the page explorer and every image or document upload offers as a
collection. Data only; the slug stays "root"."""

from django.db import migrations

# As cms.services names them for databases made after this migration (a migration keeps its own copy).
ROOT_PAGE_TITLE = "全部站点"
ROOT_COLLECTION_NAME = "全部集合"


def chinese(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title="Root").update(title=ROOT_PAGE_TITLE, draft_title=ROOT_PAGE_TITLE)
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION_NAME)


def english(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    Page.objects.filter(depth=1, title=ROOT_PAGE_TITLE).update(title="Root", draft_title="Root")
    Collection.objects.filter(depth=1, name=ROOT_COLLECTION_NAME).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_policy_official_source"),
    ]

    operations = [migrations.RunPython(chinese, english)]
