"""HTML to PDF for the letters, on the server, offline: WeasyPrint (with Debian's Pango) draws the
page with the print stylesheet and ``@page`` rules of ``static/css/letters.css``, and embeds the
subset of the CJK font it used (WenQuanYi Micro Hei from Debian's ``fonts-wqy-microhei``, found
through fontconfig; nothing is downloaded). The PDF is tagged, with the page's language and title.

WeasyPrint fetches what a page links to. Here it may fetch only the site's own static files, read
from disk through Django's static files (``STATICFILES_DIRS`` / the app folders, or ``STATIC_ROOT``
as collected); any other address stops the rendering (``LocalStaticFetcher``), so a letter can never
make the server call out. WeasyPrint is imported on first use: the rest of the site runs without it.
"""

from __future__ import annotations

import mimetypes
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage

# The address the letters are rendered "at": relative links resolve under it; nothing is served there.
BASE_URL = "https://letters.invalid/"


class RefusedURL(ValueError):
    """A letter linked to something that is not one of the site's static files."""


def static_file_bytes(url: str) -> tuple[bytes, str]:
    """The content and type of the static file ``url`` names (under ``BASE_URL`` + ``STATIC_URL``)."""
    prefix = BASE_URL.rstrip("/") + settings.STATIC_URL
    if not url.startswith(prefix):
        raise RefusedURL(f"只能使用本站的静态文件：{url}")
    name = url[len(prefix):].split("?", 1)[0].split("#", 1)[0]
    if not name or name.startswith("/") or "\\" in name or ".." in name.split("/"):
        raise RefusedURL(f"静态文件路径无效：{url}")
    path = finders.find(name)
    if path:
        with open(path, "rb") as handle:
            content = handle.read()
    elif staticfiles_storage.exists(name):  # collected (hashed) names under STATIC_ROOT
        with staticfiles_storage.open(name, "rb") as handle:
            content = handle.read()
    else:
        raise RefusedURL(f"静态文件不存在：{url}")
    return content, mimetypes.guess_type(name)[0] or "application/octet-stream"


@cache
def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalStaticFetcher(URLFetcher):
        """Serves the site's static files from disk; refuses every other URL (data: URLs included)."""

        def fetch(self, url, headers=None):
            content, content_type = static_file_bytes(url)
            return URLFetcherResponse(url, body=content, headers={"Content-Type": content_type})

    return LocalStaticFetcher


def html_to_pdf(html: str) -> bytes:
    """The PDF of a letter's HTML (rendered with the PDF base template). Fails on any fetch refused."""
    from weasyprint import HTML

    fetcher = _fetcher_class()(fail_on_errors=True, allowed_protocols=("https",))
    # Tagged (headings, paragraphs, tables, the document's language and title): screen readers read
    # the PDF in order, as they read the page.
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher, media_type="print").write_pdf(pdf_tags=True)
