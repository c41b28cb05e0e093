"""What every page of the public site shares: a jieba-segmented copy of its text in the search index,
and the browser's own date input for the editors' date fields."""

from __future__ import annotations

from django import forms
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from ..search import segment


class SegmentedSearchMixin(models.Model):
    """Adds ``segmented_text`` (jieba-segmented title + text) to the search index."""

    search_text_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def segmented_text(self) -> str:
        parts = [self.title, getattr(self, "search_description", "")]
        for name in self.search_text_fields:
            value = getattr(self, name, "")
            if hasattr(value, "stream_block"):
                parts.extend(str(p) for p in value.stream_block.get_searchable_content(value))
            elif value:
                parts.append(str(value))
        return segment(" ".join(parts))


class NativeDateInput(forms.DateInput):
    """The browser's own date input: keyboard- and screen-reader-usable, unlike the admin's JS picker."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(name: str) -> FieldPanel:
    return FieldPanel(name, widget=NativeDateInput)


def _search_fields():
    return [*Page.search_fields, index.SearchField("segmented_text")]
