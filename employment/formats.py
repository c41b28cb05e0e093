"""How the platform writes dates and hands out files, defined once.

Dates: every page shows a date one way — ``DATE`` (2026年3月5日), with the time where it matters
``DATETIME`` (2026年3月5日 14:05), and in logs where entries a minute apart must be told apart
``DATETIME_SECONDS`` (2026年3月5日 14:05:09); the template filters ``cn_date``, ``cn_datetime`` and
``cn_datetime_seconds`` (``employment.templatetags.formats``, a template builtin: no ``{% load %}``)
are the only ones pages use (tests/employment/test_formats.py). Machine formats stay out of pages:
``STAMP`` / ``STAMP_SECONDS`` (2026-03-05 14:05[:09]) and ``ISO_DATE`` (2026-03-05) are for exported
spreadsheets and file names, ``MESSAGE_DATETIME`` for messages to subsidy applicants. Everything
formats through Django's ``dateformat`` like the ``date`` filter, with aware datetimes in the local
time zone (Asia/Shanghai).

Figures: ``cn_number`` (filter of the same name) groups thousands with commas (862,000); money in
yuan is ``cn_money`` (filter of the same name): thousands grouped and always two decimals
(18,562.50; 2,000.00), the way the letters write amounts in figures. Spreadsheets keep money as numbers
(``employment.table_export.money_cell``), never as this text.

Files: ``attachment`` sets Content-Disposition through Django's ``content_disposition_header`` (an
ASCII name as ``filename="…"``, a Chinese one as RFC 5987 ``filename*=utf-8''…``), and
``file_response`` builds the whole download; ``XLSX_MIME``, ``CSV_MIME``, ``PDF_MIME`` and ``ZIP_MIME`` are
the content types; ``export_filename`` names every export in Chinese (what, year, town).
``private_file_response`` sends a stored private file (evidence) decrypted, uncached and unsniffed.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.http import FileResponse, Http404, HttpResponse
from django.utils import dateformat, timezone
from django.utils.http import content_disposition_header

from .storage import private_storage

logger = logging.getLogger(__name__)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv; charset=utf-8"
PDF_MIME = "application/pdf"
ZIP_MIME = "application/zip"

DATE = "Y年n月j日"
DATETIME = "Y年n月j日 H:i"
DATETIME_SECONDS = "Y年n月j日 H:i:s"
STAMP = "Y-m-d H:i"
STAMP_SECONDS = "Y-m-d H:i:s"
ISO_DATE = "Y-m-d"
# Messages to subsidy applicants (站内信/短信) write the moment zero-padded, as the messages already
# sent and kept in the notification log do (2026年03月05日 14:05).
MESSAGE_DATETIME = "Y年m月d日 H:i"


def format_value(value: date | datetime | None, fmt: str) -> str:
    """``value`` in ``fmt`` (a Django date format); an aware datetime in local time; empty for None
    or an empty string, as the ``date`` filter does."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return dateformat.format(value, fmt)


def cn_date(value: date | datetime | None) -> str:
    return format_value(value, DATE)


def cn_datetime(value: datetime | None) -> str:
    return format_value(value, DATETIME)


def cn_datetime_seconds(value: datetime | None) -> str:
    return format_value(value, DATETIME_SECONDS)


def stamp(value: datetime | None, *, seconds: bool = False) -> str:
    return format_value(value, STAMP_SECONDS if seconds else STAMP)


def iso_date(value: date | datetime | None) -> str:
    return format_value(value, ISO_DATE)


def message_datetime(value: datetime | None) -> str:
    return format_value(value, MESSAGE_DATETIME)


def cn_number(value: int | Decimal | float | str | None) -> str:
    """A figure for people, its thousands grouped with commas as Chinese statistics write them
    (1,234,567; 1,234.50 keeps its decimals, 862,000.00 drops them); empty for None or "";
    anything not a number as it came."""
    number = _finite_decimal(value)
    if number is None:
        return "" if value in (None, "") else str(value)
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,f}"


def cn_money(value: int | Decimal | float | str | None) -> str:
    """An amount of yuan as every page and letter writes it: thousands grouped, two decimals, rounded
    half-up to the fen (18,562.50; 2,000.00; 0.00); empty for None or ""; anything not a number as it
    came."""
    number = _finite_decimal(value)
    if number is None:
        return "" if value in (None, "") else str(value)
    return f"{number.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


def _finite_decimal(value) -> Decimal | None:
    """``value`` as a finite Decimal, or None (None, "", not a number, infinite)."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        return None
    return number if number.is_finite() else None


def message_with_link(text: str, url: str, label: str):
    """A message that ends with a link to where the change shows (``url`` may carry a fragment).

    After a change the view redirects to the page itself, never to a fragment: the browser's scroll to
    it would leave the message, which a11y.js focuses, out of sight and unread. The link is the next
    Tab after the message (docs/frontend.md)."""
    from django.utils.html import format_html

    return format_html('{} <a href="{}">{}</a>', text, url, label)


def attachment(response: HttpResponse, filename: str) -> HttpResponse:
    """Mark ``response`` as a download named ``filename`` (any characters; Chinese names keep)."""
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def file_response(content: bytes | str, filename: str, content_type: str = XLSX_MIME) -> HttpResponse:
    """A download of ``content`` named ``filename`` (an .xlsx unless ``content_type`` says otherwise)."""
    return attachment(HttpResponse(content, content_type=content_type), filename)


def export_filename(what: str, *, year: int | None = None, scope: str = "", suffix: str = "xlsx") -> str:
    """The Chinese name of an export a clerk files: what, the year, the town or 全区 —
    ``保障金征收名单-2025年度-全区.xlsx``. Characters a file system refuses become “_”."""
    parts = [what, f"{year}年度" if year else "", scope]
    stem = "-".join(p for p in parts if p)
    stem = "".join("_" if c in '\\/:*?"<>|' else c for c in stem)
    return f"{stem}.{suffix}"


def template_response(fmt: str, *, stem: str, xlsx, csv) -> HttpResponse:
    """An import template in the format the URL names (``template.xlsx`` / ``template.csv``), made by
    the ``xlsx`` or ``csv`` callable and named ``stem.fmt``; any other format is a 404."""
    if fmt == "xlsx":
        return file_response(xlsx(), f"{stem}.xlsx", XLSX_MIME)
    if fmt == "csv":
        return file_response(csv(), f"{stem}.csv", CSV_MIME)
    raise Http404("未找到")


def private_file_response(name: str, *, filename: str, content_type: str, missing: str = "文件已丢失") -> FileResponse:
    """A stored private file (``employment.storage``: evidence, report workbooks, zips of letters) as a
    download named ``filename``, decrypted as it is sent, never cached and never sniffed; 404 saying
    ``missing`` if the file is gone (logged: it should not be). Callers check access and log the
    download."""
    try:
        handle = private_storage.open(name, "rb")
    except FileNotFoundError as exc:
        logger.error("Private file %s is missing from private storage", name)
        raise Http404(missing) from exc
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response
