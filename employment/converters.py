"""Path converters for the project's URLs (registered in ``EmploymentConfig.ready``).

``<id:pk>`` is every object id in a URL: 1 … 2**63 − 1 (a ``BigAutoField``), written without leading
zeros. A larger number is not a match, so the URL is a 404 — Django's ``<int:…>`` hands any number
to the view, and one beyond the database's 64 bits is an ``OverflowError``/``DataError`` (a 500) on
PostgreSQL. ``<year:year>`` is a four-digit year for the same reason.
"""

from __future__ import annotations

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[1-9][0-9]{0,18}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id beyond a 64-bit key")  # Django: no match, so a 404
        return number

    def to_url(self, value) -> str:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError("not an object id")  # reverse(): NoReverseMatch
        return str(number)


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return f"{int(value):04d}"


def register() -> None:
    from django.urls import register_converter

    register_converter(IdConverter, "id")
    register_converter(YearConverter, "year")
