"""Wagtail admin templates the project copies whole to change a word Wagtail hard-codes in English (the
screen-reader "Search" button of the dashboard and of every listing's header) stay Wagtail's own in
everything else: after a Wagtail upgrade changes the original, this fails until the copy is made again
from the new template."""

from __future__ import annotations

from pathlib import Path

import wagtail.admin

ROOT = Path(__file__).resolve().parents[1]
WAGTAIL_TEMPLATES = Path(wagtail.admin.__file__).parent / "templates"
SEARCH = ('<input type="submit" value="Search" class="button" />', '<input type="submit" value="搜索" class="button" />')
COPIES = {"wagtailadmin/home.html": [SEARCH], "wagtailadmin/shared/header.html": [SEARCH]}


def test_each_copy_is_wagtails_template_but_for_its_words():
    for name, swaps in COPIES.items():
        first, copy = (ROOT / "templates" / name).read_text(encoding="utf-8").split("\n", 1)
        assert first.startswith("{#") and first.endswith("#}"), name  # the line that says why it is copied
        expected = (WAGTAIL_TEMPLATES / name).read_text(encoding="utf-8")
        for old, new in swaps:
            assert old in expected, (name, old)
            expected = expected.replace(old, new)
        assert copy == expected, name
