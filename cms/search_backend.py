"""The site's search backend: Wagtail's database backend (PostgreSQL, or SQLite's FTS5 in tests), with
Chinese queries to ``autocomplete`` segmented by jieba first.

The admin's page search and the page chooser's search call ``autocomplete``. The database backend
splits a query on spaces, so "竹编工坊" would be one word that no page has; segmented it is "竹编 工坊",
the words pages index in their autocomplete field (``segmented_text``, see ``cms.models.base``). The
site search (``cms.selectors.pages_search``) segments its own queries and calls ``search``, unchanged.
"""

from __future__ import annotations

import re

from wagtail.search.backends.database import SearchBackend as database_backend
from wagtail.search.query import PlainText

from .search import query_terms

_classes: dict[type, type] = {}
# Queries without Chinese (a user name, an e-mail address) go to the backend as typed.
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _segmented_text(text: str) -> str:
    return (" ".join(query_terms(text)) or text) if _HAN.search(text or "") else text


def segmented_query(query):
    """``query`` with its Chinese words separated (a string or a plain-text query; others unchanged)."""
    if isinstance(query, str):
        return _segmented_text(query)
    if isinstance(query, PlainText):
        return PlainText(_segmented_text(query.query_string), operator=query.operator, boost=query.boost)
    return query


class SegmentedAutocompleteMixin:
    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        return super().autocomplete(segmented_query(query), model_or_queryset, *args, **kwargs)


def SearchBackend(params):  # noqa: N802 — the name Wagtail looks for in a backend module
    """The database backend Wagtail would pick for this database, with segmented autocomplete."""
    backend = database_backend(params)
    base = type(backend)
    if base not in _classes:
        _classes[base] = type(f"Segmented{base.__name__}", (SegmentedAutocompleteMixin, base), {})
    return _classes[base](params)
