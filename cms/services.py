"""Writes of the CMS app."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage

HOME_TITLE = "曙光 · 海曙区残疾人就业服务平台"


@transaction.atomic
def homepage_ensure() -> HomePage:
    """The site's HomePage as the default site root (created if a flush or a fresh DB lacks it)."""
    home = HomePage.objects.first()
    if home is None:
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        Page.objects.filter(depth=2, slug="home").exclude(content_type__model="homepage").delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(
                title=HOME_TITLE,
                slug="home",
                intro="帮助残疾朋友找到合适的工作，帮助用人单位按比例安排残疾人就业。",
            )
        )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "曙光"}
    )
    return home
