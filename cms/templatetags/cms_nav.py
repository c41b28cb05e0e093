"""The site header's links to the sections of the public site (培训, 政策, 新闻): the live index pages,
wherever the page tree has them; a section without a live page has no link."""

from __future__ import annotations

import logging

from django import template
from django.db import DatabaseError
from wagtail.models import Page

from ..models import NewsIndexPage, PolicyIndexPage, TrainingIndexPage

register = template.Library()
logger = logging.getLogger(__name__)

SECTIONS = ((TrainingIndexPage, "培训"), (PolicyIndexPage, "政策"), (NewsIndexPage, "新闻"))


@register.inclusion_tag("cms/includes_site_sections.html", takes_context=True)
def site_section_links(context) -> dict:
    """The header's list items for the sections that have a live public page, in header order. An
    inclusion tag, so its variables never shadow the page's own (a page may have its own ``sections``)."""
    request = context.get("request")
    first: dict[type, Page] = {}
    try:
        for page in Page.objects.live().public().type(*(model for model, _ in SECTIONS)).order_by("path"):
            first.setdefault(page.specific_class, page)
    except DatabaseError:
        # The error pages share this header: one shown because the database failed still renders.
        logger.exception("site sections for the header could not be read")
        return {"sections": []}
    links = []
    path = getattr(request, "path", "")
    for model, label in SECTIONS:
        page = first.get(model)
        url = page.get_url(request) if page is not None else None
        if url:
            links.append({"label": label, "url": url, "current": path.startswith(url)})
    return {"sections": links}
