"""The site header's links to the sections of the public site (培训, 政策, 新闻): the live index pages,
wherever the page tree has them; a section without a live page has no link.

The header is on every page, and finding the sections costs three queries and Wagtail's URL routing
(about 7 ms a page, a third of a typical portal page's time), so the links are kept in the cache. Any
change to a page, a page's view restriction or a site drops them (``sections_changed``, connected in
``cms.signals``); they are also re-read after ``SECTIONS_CACHE_SECONDS`` whatever happens."""

from __future__ import annotations

import logging
from uuid import uuid4

from django import template
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from wagtail.models import Page

from ..models import NewsIndexPage, PolicyIndexPage, TrainingIndexPage

register = template.Library()
logger = logging.getLogger(__name__)

SECTIONS = ((TrainingIndexPage, "培训"), (PolicyIndexPage, "政策"), (NewsIndexPage, "新闻"))
SECTIONS_CACHE_SECONDS = 300
# The links are stored under a key that names the current generation; a change starts a new one.
_GENERATION_KEY = "cms:site-sections:generation"


def sections_changed() -> None:
    """Forget the cached section links (the next page reads them again)."""
    cache.delete(_GENERATION_KEY)


def _section_urls(request) -> list[tuple[str, str]] | None:
    """(label, url) of each section with a live public page, in header order; None if the database
    could not be read. URLs are relative to the request's site, so they are cached per host."""
    generation = cache.get(_GENERATION_KEY)
    if generation is None:
        cache.add(_GENERATION_KEY, uuid4().hex, SECTIONS_CACHE_SECONDS)
        generation = cache.get(_GENERATION_KEY)
    try:
        host = request.get_host() if request is not None else ""
    except DisallowedHost:
        host = ""
    key = f"cms:site-sections:{generation}:{host}"
    urls = cache.get(key) if generation else None
    if urls is not None:
        return urls
    first: dict[type, Page] = {}
    try:
        for page in Page.objects.live().public().type(*(model for model, _ in SECTIONS)).order_by("path"):
            first.setdefault(page.specific_class, page)
        urls = []
        for model, label in SECTIONS:
            page = first.get(model)
            url = page.get_url(request) if page is not None else None
            if url:
                urls.append((label, url))
    except DatabaseError:
        # The error pages share this header: one shown because the database failed still renders.
        logger.exception("site sections for the header could not be read")
        return None
    if generation:
        cache.set(key, urls, SECTIONS_CACHE_SECONDS)
    return urls


@register.inclusion_tag("cms/includes_site_sections.html", takes_context=True)
def site_section_links(context) -> dict:
    """The header's list items for the sections that have a live public page, in header order. An
    inclusion tag, so its variables never shadow the page's own (a page may have its own ``sections``)."""
    request = context.get("request")
    urls = _section_urls(request)
    if urls is None:
        return {"sections": []}
    path = getattr(request, "path", "")
    return {"sections": [{"label": label, "url": url, "current": path.startswith(url)} for label, url in urls]}
