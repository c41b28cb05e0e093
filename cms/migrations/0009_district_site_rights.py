"""The district group (区残联) edits the public site from the first migration on, with files of its own.

Wagtail's own migrations gave its English "Editors" and "Moderators" groups rights on the root page and
on the root collection's images and documents; 0004 deleted those groups (when empty) and handed the
moderation task to 区残联, but the district's page rights were only granted by code that runs when the
training index is first made (``cms.services.district_content_permissions_ensure``), and it never had
any image or document rights. On a new site the district's staff could therefore not add a news or
policy page until a training provider existed, and never attach a file to a policy page or link one
from a paragraph — only a superuser could.

This migration grants the district group the page rights of ``cms.services.DISTRICT_PAGE_PERMISSIONS``
on the site's home page, and makes a collection of its own, 区残联网站资料 (a child of the root
collection), on which it may add, change, delete and choose images and documents. Not the root
collection: rights there would reach every collection below it, a training provider's included.
Only rows that are missing are added; going back removes the collection's rights and the collection
if it is empty, and leaves the page rights (an existing site had them before).
"""

from django.db import migrations

DISTRICT_GROUP = "区残联"  # employment.roles.GROUP_NAMES[Role.DISTRICT]
# As cms.services names them (a migration keeps its own copy).
DISTRICT_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
DISTRICT_COLLECTION_NAME = "区残联网站资料"
FILE_PERMISSIONS = {
    ("wagtailimages", "image"): ("add_image", "change_image", "delete_image", "choose_image"),
    ("wagtaildocs", "document"): ("add_document", "change_document", "delete_document", "choose_document"),
}
STEPLEN, ALPHABET = 4, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's MP_Node defaults (Collection)


def _permissions(apps, app_label: str, model: str, codenames) -> list:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return [
        Permission.objects.get_or_create(content_type=content_type, codename=codename,
                                         defaults={"name": codename.replace("_", " ").capitalize()})[0]
        for codename in codenames
    ]


def _child_path(parent, children) -> str:
    """The treebeard path of a new last child of ``parent``."""
    last = max((int(path[-STEPLEN:], 36) for path in children.values_list("path", flat=True)), default=0)
    value, digits = last + 1, ""
    while value:
        value, digit = divmod(value, len(ALPHABET))
        digits = ALPHABET[digit] + digits
    return parent.path + digits.rjust(STEPLEN, "0")


def district_collection(apps, root):
    Collection = apps.get_model("wagtailcore", "Collection")
    children = Collection.objects.filter(path__startswith=root.path, depth=root.depth + 1)
    existing = children.filter(name=DISTRICT_COLLECTION_NAME).first()
    if existing is not None:
        return existing
    collection = Collection.objects.create(name=DISTRICT_COLLECTION_NAME, path=_child_path(root, children),
                                           depth=root.depth + 1, numchild=0)
    root.numchild = children.count()
    root.save(update_fields=["numchild"])
    return collection


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    district, _ = Group.objects.get_or_create(name=DISTRICT_GROUP)
    site = Site.objects.filter(is_default_site=True).first()
    home = Page.objects.filter(pk=site.root_page_id).first() if site else Page.objects.filter(depth=2).first()
    if home is not None:
        for permission in _permissions(apps, "wagtailcore", "page", DISTRICT_PAGE_PERMISSIONS):
            GroupPagePermission.objects.get_or_create(group=district, page=home, permission=permission)
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    collection = district_collection(apps, root)
    for (app_label, model), codenames in FILE_PERMISSIONS.items():
        for permission in _permissions(apps, app_label, model, codenames):
            GroupCollectionPermission.objects.get_or_create(group=district, collection=collection,
                                                            permission=permission)


def revoke(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Image = apps.get_model("wagtailimages", "Image")
    Document = apps.get_model("wagtaildocs", "Document")
    collection = Collection.objects.filter(depth=2, name=DISTRICT_COLLECTION_NAME).first()
    if collection is None:
        return
    GroupCollectionPermission.objects.filter(collection=collection, group__name=DISTRICT_GROUP).delete()
    if not (Image.objects.filter(collection=collection).exists() or Document.objects.filter(collection=collection).exists()
            or Collection.objects.filter(path__startswith=collection.path, depth=3).exists()):
        root = Collection.objects.get(depth=1)
        collection.delete()
        root.numchild = Collection.objects.filter(depth=2).count()
        root.save(update_fields=["numchild"])


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0008_root_titles_chinese"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
