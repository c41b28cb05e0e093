"""Wagtail pages of the public site. Page-tree rules are declared on each model."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from .blocks import BaseStreamBlock


class HomePage(Page):
    """首页 — the site root: entry points for seekers, employers and providers, latest jobs."""

    intro = models.CharField("导语", max_length=200, blank=True)
    body = StreamField(BaseStreamBlock(), blank=True, verbose_name="正文")

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs):
        from employment.models import JobPost, JobStatus

        context = super().get_context(request, *args, **kwargs)
        context["latest_jobs"] = (
            JobPost.objects.filter(status=JobStatus.PUBLISHED).select_related("employer", "town")[:6]
        )
        return context
