"""Reading the POST forms of a rendered page, as a browser would submit them (hidden fields included)."""

from __future__ import annotations

import html
import re

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
ACTION = re.compile(r'action="([^"]*)"')


def post_form_hidden(page: str, action: str) -> dict[str, str]:
    """The hidden fields (CSRF token, form token…) of the page's POST form that posts to ``action``
    (a form without ``action`` posts to the page itself: pass ``""``)."""
    for attributes, body in FORM.findall(page):
        if 'method="post"' not in attributes.lower():
            continue
        found = ACTION.search(attributes)
        target = html.unescape(found.group(1)).split("#")[0] if found else ""
        if target == action:
            return {name: html.unescape(value) for name, value in HIDDEN.findall(body)}
    raise AssertionError(f"no POST form to {action!r} on the page")


def form_token(client, page_url: str, action: str = "") -> str:
    """Render ``page_url`` and return the one-time token of its form posting to ``action``."""
    response = client.get(page_url)
    assert response.status_code == 200, response.status_code
    return post_form_hidden(response.content.decode(), action)["form_token"]
