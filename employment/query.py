"""Reading request parameters (``?town=3``, ``?page=2``, a posted id) before they reach a query.

Every view that turns a request parameter into a filter uses these, so bad input is ignored instead
of reaching the database: ``str.isdigit()`` accepts ``²`` and full-width digits that ``int()``
refuses, and an integer beyond 64 bits overflows SQLite and makes PostgreSQL raise. A value that is
not a plain ASCII integer within range is ``None`` — the filter is left out, as if it had not been
given. Text parameters lose NUL bytes and are cut to a length (NUL bytes are also refused as a whole
by ``employment.security.InputGuardMiddleware``; PostgreSQL cannot store or compare them).
"""

from __future__ import annotations

import re

BIGINT_MAX = 2**63 - 1  # the largest id (BigAutoField) either database can hold
PAGE_MAX = 100_000  # no list here has that many pages; beyond it a page is a typo or a probe
_PLAIN_INT = re.compile(r"[0-9]{1,19}", re.ASCII)


def int_or_none(raw, *, min_value: int = 1, max_value: int = BIGINT_MAX) -> int | None:
    """``raw`` as an int if it is plain ASCII digits (surrounding spaces allowed) within
    [min_value, max_value]; otherwise None. No sign: no id, year or page is negative."""
    text = str(raw).strip() if raw is not None else ""
    if not _PLAIN_INT.fullmatch(text):
        return None
    value = int(text)
    return value if min_value <= value <= max_value else None


def query_int(request, name: str, *, min_value: int = 1, max_value: int = BIGINT_MAX) -> int | None:
    """The GET parameter ``name`` as an int (see ``int_or_none``), or None."""
    return int_or_none(request.GET.get(name), min_value=min_value, max_value=max_value)


def query_page(request, name: str = "page") -> int:
    """The page number asked for, 1 when it is missing or not a sensible page number."""
    return int_or_none(request.GET.get(name), max_value=PAGE_MAX) or 1


def ints_or_none(values, **bounds) -> list[int]:
    """The plain integers among ``values`` (e.g. ``request.POST.getlist("present")``); others dropped."""
    return [n for n in (int_or_none(v, **bounds) for v in values) if n is not None]


def clean_text(raw, *, max_length: int = 100) -> str:
    """A text parameter (a search, a username filter): stripped, without NUL bytes, at most ``max_length``."""
    return (raw or "").replace("\x00", "").strip()[:max_length]


def query_text(request, name: str, *, max_length: int = 100) -> str:
    return clean_text(request.GET.get(name), max_length=max_length)
