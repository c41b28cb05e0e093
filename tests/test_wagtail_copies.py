"""Wagtail admin templates the project copies whole to change a word Wagtail hard-codes in English (the
screen-reader "Search" button of the dashboard and of every listing's header, the "None" it prints for
a change no signed-in user made, the app identifiers of the page-types report) or to name a control
it leaves unlabelled (the file input of the multiple image and document upload) stay Wagtail's own in
everything else: after a Wagtail upgrade changes the original, this fails until the copy is made again
from the new template."""

from __future__ import annotations

from pathlib import Path

import wagtail.admin

ROOT = Path(__file__).resolve().parents[1]
WAGTAIL = Path(wagtail.admin.__file__).parents[1]
SEARCH = ('<input type="submit" value="Search" class="button" />', '<input type="submit" value="搜索" class="button" />')
UNLABELLED = '                    id="fileupload"\n                    multiple\n'


def _labelled(what: str) -> tuple[str, str]:
    return UNLABELLED, UNLABELLED.replace("multiple", f'aria-label="选择要上传的{what}（可多选）"\n                    multiple')


# Each copy by its template name: the Wagtail app folder its original is in, and the swaps.
COPIES = {
    "wagtailadmin/home.html": ("admin", [SEARCH]),
    "wagtailadmin/shared/header.html": ("admin", [SEARCH]),
    "wagtailimages/multiple/add.html": ("images", [_labelled("图片")]),
    "wagtaildocs/multiple/add.html": ("documents", [_labelled("文档")]),
    "wagtailadmin/shared/user_avatar.html": ("admin", [(
        "{% if not username %}{{ user }}{% else %}{{ username }}{% endif %}",
        "{% if username %}{{ username }}{% elif user %}{{ user }}{% else %}系统{% endif %}",
    )]),
    "wagtailadmin/reports/listing/_list_page_types_usage.html": ("admin", [
        ("{% load i18n wagtailadmin_tags wagtailcore_tags %}",
         "{% load i18n wagtailadmin_tags wagtailcore_tags cms_admin %}"),
        ("{{ page_type.app_label }}.{{ page_type.model }}", "{{ page_type.app_label|app_name }}"),
    ]),
}


def test_each_copy_is_wagtails_template_but_for_its_words():
    for name, (app, swaps) in COPIES.items():
        first, copy = (ROOT / "templates" / name).read_text(encoding="utf-8").split("\n", 1)
        assert first.startswith("{#") and first.endswith("#}"), name  # the line that says why it is copied
        expected = (WAGTAIL / app / "templates" / name).read_text(encoding="utf-8")
        for old, new in swaps:
            assert old in expected, (name, old)
            expected = expected.replace(old, new)
        assert copy == expected, name
